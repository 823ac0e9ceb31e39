import { reportPageQuery, parsePageQuery } from '$lib/server/analytics/board-page';
import { PdfBusy, PdfUnavailable, renderPdf, renderOrigin } from '$lib/server/analytics/report-pdf';
import { refusal } from '$lib/server/http';
import { langOf } from '$lib/server/read';
import type { RequestHandler } from './$types';

/**
 * The monthly report as a PDF rendered by the server's Chromium: the report page opened with the
 * caller's own credentials, printed on A4. 503 when Chromium is not installed.
 */
export const GET: RequestHandler = async ({ url, request, locals }) => {
	const p = parsePageQuery(reportPageQuery, url, locals);
	const lang = langOf(locals);
	const target = new URL('/board/report', renderOrigin(url));
	if (p.month) target.searchParams.set('month', p.month);
	if (p.zone) target.searchParams.set('zone', p.zone);
	target.searchParams.set('lang', lang);
	const headers: Record<string, string> = {};
	for (const h of ['cookie', 'authorization']) {
		const v = request.headers.get(h);
		if (v) headers[h] = v;
	}
	try {
		const pdf = await renderPdf(target.href, headers);
		return new Response(new Uint8Array(pdf), {
			headers: {
				'content-type': 'application/pdf',
				'cache-control': 'no-store',
				'content-disposition': `attachment; filename="bao-cao-${p.month ?? 'thang-truoc'}.pdf"`
			}
		});
	} catch (err) {
		if (err instanceof PdfUnavailable) {
			return refusal(lang, 503, 'pdfUnavailable', { params: { path: err.path } });
		}
		if (err instanceof PdfBusy) {
			return refusal(lang, 429, 'pdfBusy', { headers: { 'retry-after': '5' } });
		}
		throw err;
	}
};
