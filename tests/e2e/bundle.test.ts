import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiTextDictionaries } from '../../src/lib/domain/api-text';
import { messageDictionaries } from '../../src/lib/i18n/messages';

/** Every script the browser may load, from the build `npm run build` made. */
function clientScripts(dir = join(process.cwd(), 'build', 'client')): string {
	return readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((e) => e.isFile() && e.name.endsWith('.js'))
		.map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
		.join('\n');
}

describe('the browser bundle', () => {
	it('carries the interface’s words and none of the API’s own refusals', () => {
		const scripts = clientScripts();
		const ui = messageDictionaries();
		const api = apiTextDictionaries();
		// The server answers refusals in the caller's language; the browser never needs their text.
		const interfaceTexts = new Set(Object.values(ui.vi));
		const apiOnly = Object.values(api.vi).filter((t) => t.length > 25 && !interfaceTexts.has(t));
		expect(apiOnly.length).toBeGreaterThan(50);
		expect(apiOnly.filter((t) => scripts.includes(t))).toEqual([]);
		expect(scripts).toContain(ui.vi['app.title']);
		expect(scripts).toContain(ui.en['app.title']);
	});
});
