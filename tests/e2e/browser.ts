import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, WebGL through SwiftShader; never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: [
			'--no-sandbox',
			'--use-angle=swiftshader',
			'--enable-unsafe-swiftshader',
			'--ignore-gpu-blocklist',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-quic',
			'--no-first-run'
		]
	});
}

/** Fills and sends the login form the page is on (the demo accounts' password by default). */
export async function submitLogin(page: Page, username: string, password = 'demo'): Promise<void> {
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** Signs in from the login page and waits until the map has drawn its first data. */
export async function signInToMap(page: Page, url: string, username: string): Promise<void> {
	await page.goto(`${url}/login`);
	await submitLogin(page, username);
	await page.waitForURL(`${url}/`);
	await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 90_000 });
}

export type Rgb = [number, number, number];

/** Reads pixels of a PNG screenshot by decoding it in the browser's own 2D canvas. */
export async function pixelsOf(
	page: Page,
	png: Buffer,
	points: { x: number; y: number }[]
): Promise<Rgb[]> {
	return page.evaluate(
		async ({ b64, pts }) => {
			const img = new Image();
			img.src = `data:image/png;base64,${b64}`;
			await img.decode();
			const c = document.createElement('canvas');
			c.width = img.width;
			c.height = img.height;
			const ctx = c.getContext('2d')!;
			ctx.drawImage(img, 0, 0);
			return pts.map(({ x, y }) => {
				const d = ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data;
				return [d[0], d[1], d[2]] as [number, number, number];
			});
		},
		{ b64: png.toString('base64'), pts: points }
	);
}
