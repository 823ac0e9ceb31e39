#!/usr/bin/env node
// `npm start`: builds the app only when its sources changed since the last build, then serves it.
// `--stamp` (after `vite build` in `npm run build`) records the sources the build was made from.
// The bundler's own output (chunk tables, "run npm run preview") is kept out of the way: shown
// only when the build fails. FORCE_BUILD=1 rebuilds anyway.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampFile = join(root, 'build', '.sources');
/** What the build reads: the app's sources, its static files, and the configuration. */
const INPUTS = ['src', 'static', 'supabase/migrations'];
const CONFIG = ['package-lock.json', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json'];

function* files(dir) {
	if (!existsSync(dir)) return;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) yield* files(path);
		else if (entry.isFile()) yield path;
	}
}

/** A fingerprint of every input's path, size and modification time (the contents for config). */
function fingerprint() {
	const hash = createHash('sha256');
	for (const dir of INPUTS) {
		for (const path of [...files(join(root, dir))].sort()) {
			const s = statSync(path);
			hash.update(`${relative(root, path)}\0${s.size}\0${s.mtimeMs}\n`);
		}
	}
	for (const name of CONFIG) {
		const path = join(root, name);
		if (existsSync(path)) hash.update(readFileSync(path));
	}
	return hash.digest('hex');
}

function run(command, args, { quiet }) {
	return new Promise((resolve) => {
		const child = spawn(command, args, {
			cwd: root,
			stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
			env: process.env
		});
		const output = [];
		if (quiet) {
			child.stdout.on('data', (d) => output.push(d));
			child.stderr.on('data', (d) => output.push(d));
		}
		child.on('exit', (code, signal) => resolve({ code: code ?? 1, signal, output }));
	});
}

const current = fingerprint();
if (process.argv.includes('--stamp')) {
	// `npm run build` ends here: the build it just made is current for these sources.
	writeFileSync(stampFile, current);
	process.exit(0);
}
const built = existsSync(join(root, 'build', 'index.js')) && existsSync(stampFile);
if (process.env.FORCE_BUILD !== '1' && built && readFileSync(stampFile, 'utf8') === current) {
	console.log('[anninh] the build is current; starting');
} else {
	const started = Date.now();
	console.log('[anninh] building the app (about 40 s on a 2-core machine; later starts skip it)');
	const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const { code, output } = await run(process.execPath, [vite, 'build'], { quiet: true });
	if (code !== 0) {
		process.stderr.write(Buffer.concat(output));
		console.error('\n[anninh] Cannot start: the build failed (its output is above)');
		process.exit(code);
	}
	writeFileSync(stampFile, current);
	console.log(`[anninh] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const server = spawn(process.execPath, [join(root, 'build', 'index.js')], {
	cwd: root,
	stdio: 'inherit',
	env: process.env
});
// Ctrl-C reaches the server from the terminal itself (same process group); a SIGTERM sent to
// this process alone (a service manager) is passed on. Either way the server drains its requests
// and closes the database before exiting.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => server.kill('SIGTERM'));
server.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
