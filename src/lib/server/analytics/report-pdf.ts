/**
 * The monthly report as a PDF, rendered on the server by Chromium through playwright-core: an
 * optional runtime part (README "Board analytics"). `CHROMIUM_PATH` names the browser (default
 * /usr/bin/chromium); when it or playwright-core is missing the caller gets a clear 503 and can
 * print from the browser instead. One PDF at a time: Chromium takes ~150 MB while it renders.
 */
import { existsSync } from 'node:fs';

export class PdfUnavailable extends Error {
	constructor(readonly path: string) {
		super(`Chromium or playwright-core unavailable (${path})`);
	}
}
export class PdfBusy extends Error {}

let busy = false;

export const chromiumPath = () => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Where Chromium reaches this server: `PDF_RENDER_ORIGIN`, else the address it listens on
 * (adapter-node's HOST and PORT; the public origin may be https behind a proxy Chromium cannot
 * use), else the request's own origin (the development server).
 */
export function renderOrigin(requestUrl: URL): string {
	if (process.env.PDF_RENDER_ORIGIN) return process.env.PDF_RENDER_ORIGIN;
	if (process.env.PORT) {
		const host =
			process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : '127.0.0.1';
		return `http://${host.includes(':') ? `[${host}]` : host}:${process.env.PORT}`;
	}
	return requestUrl.origin;
}

/**
 * Opens `url` in headless Chromium with the caller's own credentials (`headers`: the cookie or
 * Authorization header of the request, so the page loads exactly what the caller may see), waits
 * until the report has drawn, and prints it on A4 with its print stylesheet.
 */
export async function renderPdf(url: string, headers: Record<string, string>): Promise<Uint8Array> {
	const path = chromiumPath();
	if (!existsSync(path)) throw new PdfUnavailable(path);
	let chromium: typeof import('playwright-core').chromium;
	try {
		({ chromium } = await import('playwright-core'));
	} catch {
		throw new PdfUnavailable(path);
	}
	if (busy) throw new PdfBusy();
	busy = true;
	try {
		const browser = await chromium.launch({
			executablePath: path,
			headless: true,
			args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking']
		});
		try {
			const context = await browser.newContext({ extraHTTPHeaders: headers });
			const page = await context.newPage();
			const res = await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
			if (!res || !res.ok()) throw new Error(`report page answered ${res?.status() ?? 'nothing'}`);
			await page.locator('[data-report-ready="true"]').waitFor({ timeout: 60_000 });
			await page.emulateMedia({ media: 'print' });
			return new Uint8Array(
				await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
			);
		} finally {
			await browser.close();
		}
	} finally {
		busy = false;
	}
}
