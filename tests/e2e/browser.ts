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
