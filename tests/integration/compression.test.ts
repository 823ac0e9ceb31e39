import { promisify } from 'node:util';
import { brotliDecompress, gunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDatabase } from '../../src/lib/server/db/instance';
import type { Db } from '../../src/lib/server/db/port';
import { chooseEncoding } from '../../src/lib/server/compress';
import { ENGINES, openTestDb } from '../fixtures/db';
import { request, sessionOf } from '../fixtures/api';

const unbrotli = promisify(brotliDecompress);
const ungzip = promisify(gunzip);

describe('the encoding chosen from Accept-Encoding', () => {
	it('prefers brotli, honours q-values and refusals, and falls back to none', () => {
		expect(chooseEncoding('gzip, deflate, br')).toBe('br');
		expect(chooseEncoding('gzip, br;q=0.5')).toBe('gzip');
		expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
		expect(chooseEncoding('*')).toBe('br');
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding('gzip;q=0')).toBeNull();
		expect(chooseEncoding(null)).toBeNull();
	});
});

for (const engine of ENGINES) {
	describe(`API answers over the wire, on ${engine}`, () => {
		let db: Db;
		let session: string;
		beforeAll(async () => {
			db = await openTestDb(engine);
			setDatabase({ db, postgisVersion: 'test' });
			session = await sessionOf('commander', db);
		});
		afterAll(async () => {
			setDatabase(undefined);
			await db.close();
		});

		const wards = (acceptEncoding?: string) =>
			request('/api/admin-units', {
				session,
				headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}
			});

		it('are compressed with brotli or gzip when the browser accepts it, to the same content', async () => {
			const plain = await wards();
			expect(plain.status).toBe(200);
			expect(plain.headers.get('content-encoding')).toBeNull();
			expect(plain.headers.get('vary')).toMatch(/accept-encoding/i);
			const text = await plain.text();
			expect(text.length).toBeGreaterThan(1024);

			const br = await wards('gzip, deflate, br');
			expect(br.headers.get('content-encoding')).toBe('br');
			expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
			const brBytes = Buffer.from(await br.arrayBuffer());
			expect(brBytes.length).toBeLessThan(text.length / 2);
			expect((await unbrotli(brBytes)).toString('utf8')).toBe(text);

			const gz = await wards('gzip');
			expect(gz.headers.get('content-encoding')).toBe('gzip');
			const gzBytes = Buffer.from(await gz.arrayBuffer());
			expect(gzBytes.length).toBeLessThan(text.length / 2);
			expect((await ungzip(gzBytes)).toString('utf8')).toBe(text);
		});

		it('are left uncompressed when small, and refusals keep their shape', async () => {
			const small = await request('/api/health', {
				headers: { 'accept-encoding': 'br' }
			});
			expect(small.headers.get('content-encoding')).toBeNull();
			const refused = await request('/api/admin-units?zone=nowhere', {
				session,
				headers: { 'accept-encoding': 'br' }
			});
			expect(refused.status).toBeGreaterThanOrEqual(400);
			expect(refused.headers.get('content-encoding')).toBeNull();
			expect(await refused.json()).toHaveProperty('error');
		});
	});
}
