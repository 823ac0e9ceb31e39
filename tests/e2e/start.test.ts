import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookie, startApp, type RunningApp } from './server';

/** A GET over plain HTTP that keeps the bytes as they crossed the wire (fetch would decode). */
function rawGet(
	url: string,
	headers: Record<string, string>
): Promise<{
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}> {
	return new Promise((ok, fail) => {
		const req = request(url, { headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () =>
				ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
			);
			res.on('error', fail);
		});
		req.on('error', fail);
		req.end();
	});
}

describe('npm start after a build, and what crosses the wire', () => {
	let app: RunningApp;
	let cookie: string;

	beforeAll(async () => {
		// `npm run test:e2e` has just built the app (and stamped its sources): start must not rebuild.
		app = await startApp({ entry: 'scripts/start.mjs', env: { DEMO_INCIDENTS: '20000' } });
		cookie = await sessionCookie(app, 'commander');
	}, 240_000);
	afterAll(async () => {
		await app?.stop();
	});

	it('skips a current build, hides the bundler, and ends with the address and the demo accounts', () => {
		const out = app.output();
		expect(out).toContain('the build is current');
		expect(out).not.toMatch(/npm run preview|building the app/);
		expect(out).toMatch(/open http:\/\/127\.0\.0\.1:\d+ in a browser/);
		expect(out).toMatch(/sign in with a demo account \(admin, commander[^)]*\), password "demo"/);
	});

	it('compresses the map’s answers per Accept-Encoding, to the same content', async () => {
		const path = '/api/incidents?limit=5000';
		const plain = await rawGet(app.url + path, { cookie });
		expect(plain.status).toBe(200);
		expect(plain.headers['content-encoding']).toBeUndefined();
		const br = await rawGet(app.url + path, { cookie, 'accept-encoding': 'gzip, deflate, br' });
		expect(br.headers['content-encoding']).toBe('br');
		expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
		expect(br.body.length).toBeLessThan(plain.body.length * 0.3);

		const frame = '/api/incidents/columns?limit=20000';
		const accept = 'application/vnd.anninh.incident-columns';
		const rawFrame = await rawGet(app.url + frame, { cookie, accept });
		expect(rawFrame.status).toBe(200);
		const gz = await rawGet(app.url + frame, { cookie, accept, 'accept-encoding': 'gzip' });
		expect(gz.headers['content-encoding']).toBe('gzip');
		expect(gunzipSync(gz.body).equals(rawFrame.body)).toBe(true);
		expect(gz.body.length).toBeLessThan(rawFrame.body.length * 0.9);
		console.log(
			`[e2e] wire: GeoJSON ${plain.body.length} → ${br.body.length} B (br), ` +
				`frame ${rawFrame.body.length} → ${gz.body.length} B (gzip)`
		);
	});
});
