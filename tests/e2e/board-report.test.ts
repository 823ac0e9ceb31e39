/**
 * The steering board's trends page and monthly report in Chromium (issue 12): a board member
 * opens both, the server renders the report as a PDF with its sections, a table downloads as CSV
 * with its Vietnamese intact (and as XLSX), and a request for incident rows is refused.
 */
import { mkdir, rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, submitLogin } from './browser';
import { startApp, type RunningApp } from './server';

const ARTIFACTS = 'test-results';

/** A count as the board may see it: "< 3", or at least 3 (1.234 in Vietnamese); 0 and — too. */
function expectPublished(text: string): void {
	const t = text.trim();
	if (t === '< 3' || t === '—' || t === '0') return;
	expect(t).toMatch(/^\d{1,3}(\.\d{3})*$/);
	expect(Number(t.replace(/\./g, ''))).toBeGreaterThanOrEqual(3);
}

async function pdfText(bytes: Uint8Array): Promise<string> {
	const doc = await getDocument({ data: bytes, useSystemFonts: false }).promise;
	let text = '';
	for (let i = 1; i <= doc.numPages; i++) {
		const content = await (await doc.getPage(i)).getTextContent();
		text += content.items.map((it) => ('str' in it ? it.str : '')).join(' ') + '\n';
	}
	return text.normalize('NFC');
}

describe('a board member reads the trends and the monthly report', () => {
	let app: RunningApp;
	let browser: Browser;
	let page: Page;

	beforeAll(async () => {
		await mkdir(ARTIFACTS, { recursive: true });
		app = await startApp();
		browser = await launchChromium();
		page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(`${app.url}/login?next=/board`);
		await submitLogin(page, 'board');
		await page.waitForURL(`${app.url}/board`, { timeout: 60_000 });
	});

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		if (app) await rm(app.dataDir, { recursive: true, force: true });
	});

	it('shows the trends: KPIs with z-bands under the disclosure rule, charts, QL10 windows in Km+m and the hot-spot map', async () => {
		await page.getByRole('heading', { name: 'Xu hướng', level: 1 }).waitFor();
		await page.locator('[data-testid="series-chart"][data-ready="true"] svg').first().waitFor();
		await page.locator('[data-testid="hour-of-week"][data-ready="true"] svg').waitFor();
		await page.locator('[data-testid="hotspot-map"] svg').first().waitFor();
		expect(await page.getByTestId('units-mode').innerText()).toBe(
			'Theo đơn vị tại thời điểm xảy ra'
		);
		const overview = page.locator('[data-table="overview"]').first();
		await expect(overview.locator('tbody tr').count()).resolves.toBeGreaterThan(1);
		for (const cell of await overview.locator('tbody td:nth-child(2)').allInnerTexts()) {
			expectPublished(cell);
		}
		// Every change names its z and band.
		for (const cell of await overview.locator('tbody td:nth-child(4)').allInnerTexts()) {
			expect(cell).toMatch(/z -?[\d,]+, (mạnh|đáng chú ý|ngẫu nhiên)\)/);
			if (cell.includes('ngẫu nhiên')) expect(cell).not.toMatch(/[↑↓]/);
		}
		const windows = await page.locator('[data-table="blackspots"] tbody tr').allInnerTexts();
		expect(windows.length).toBeGreaterThan(0);
		expect(windows[0]).toMatch(/Km\d+\+\d{3}\s+Km\d+\+\d{3}/);
		expect(await page.getByTestId('unit-multiples').locator('svg').count()).toBeGreaterThan(1);
		await page.screenshot({ path: `${ARTIFACTS}/board-trends.png`, fullPage: true });

		// Today's wards: the choice is stated on the charts.
		await page.getByLabel('Quy về phường, xã hiện nay').check();
		await page.getByRole('button', { name: 'Xem' }).click();
		await page.waitForURL(/units=today/);
		await expect(page.getByTestId('units-mode').innerText()).resolves.toBe(
			'Quy về phường, xã hiện nay'
		);
	});

	it('opens the monthly report with its formal header and sections', async () => {
		await page.goto(`${app.url}/board/report`);
		await page.locator('[data-report-ready="true"]').waitFor({ timeout: 60_000 });
		const text = await page.getByTestId('board-report').innerText();
		expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
		expect(text).toMatch(/Hải Phòng, ngày \d{2} tháng \d{2} năm \d{4}/);
		expect(text).toMatch(/BÁO CÁO TÌNH HÌNH AN NINH, TRẬT TỰ THÁNG \d{2}\/\d{4}/);
		for (const s of ['1. Tổng quan', '3. An toàn giao thông QL10', '5. Phòng cháy', '7. Tin báo']) {
			expect(text).toContain(s);
		}
		await page.emulateMedia({ media: 'print' });
		await page.screenshot({ path: `${ARTIFACTS}/board-report-print.png`, fullPage: true });
		expect(await page.getByTestId('pdf-link').isVisible()).toBe(false);
		await page.emulateMedia({ media: 'screen' });
	});

	it('has the server render the report as an A4 PDF with the expected sections', async () => {
		const res = await page.request.get(`${app.url}/board/report/pdf`, { timeout: 120_000 });
		expect(res.status(), await res.text().catch(() => '')).toBe(200);
		expect(res.headers()['content-type']).toBe('application/pdf');
		const bytes = new Uint8Array(await res.body());
		expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
		const doc = await getDocument({ data: bytes.slice() }).promise;
		const [, , w, h] = (await doc.getPage(1)).view;
		// A4 in points: 595 × 842.
		expect([Math.round(w!), Math.round(h!)]).toEqual([595, 842]);
		const text = await pdfText(bytes);
		for (const s of [
			'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
			'1. Tổng quan',
			'2. Tội phạm theo loại',
			'3. An toàn giao thông QL10',
			'4. Bản đồ điểm nóng',
			'5. Phòng cháy, chữa cháy',
			'6. Hoạt động của các tổ tự quản',
			'7. Tin báo đã tiếp nhận và xử lý'
		]) {
			expect(text.replace(/\s+/g, ' ')).toContain(s);
		}
		// No interface chrome in print.
		expect(text).not.toContain('Tải PDF');
	}, 180_000);

	it('downloads a table as CSV with a byte-order mark and its Vietnamese intact, and as XLSX', async () => {
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.locator('[data-table="units"] a[data-format="csv"]').click()
		]);
		const path = await download.path();
		const { readFile } = await import('node:fs/promises');
		const raw = await readFile(path!);
		expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const csv = raw.toString('utf8').slice(1);
		expect(csv.split('\r\n')[0]).toBe(
			'Đơn vị,Kỳ này,Kỳ trước,So với kỳ trước,Cùng kỳ năm trước,So với cùng kỳ'
		);
		expect(csv).toMatch(/Phường|Xã/);
		const xlsx = await page.request.get(`${app.url}/board/report/blackspots?format=xlsx`);
		expect(xlsx.status()).toBe(200);
		expect(
			Buffer.from(await xlsx.body())
				.subarray(0, 2)
				.toString()
		).toBe('PK');
	});

	it('refuses the board a request for incident rows', async () => {
		const res = await page.request.get(`${app.url}/api/incidents?from=2026-01-01`);
		expect(res.status()).toBe(403);
		expect((await res.json()).error).toMatch(/tổng hợp|aggregates/);
		const cols = await page.request.get(`${app.url}/api/incidents/columns?from=2026-01-01`);
		expect(cols.status()).toBe(403);
	});
});
