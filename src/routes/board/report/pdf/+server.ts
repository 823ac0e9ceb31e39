import { msg } from '$lib/domain/api-text';
import { boardReportPdf } from '$lib/domain/contracts/analytics';
import { mayReadAggregates } from '$lib/server/analytics/board-page';
import { PdfBusy, PdfUnavailable, renderPdf, renderOrigin } from '$lib/server/analytics/report-pdf';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';

/**
 * The monthly report as a PDF rendered by the server's Chromium: the report page opened with the
 * caller's own credentials, printed on A4. 503 when Chromium is not installed.
 */
export const GET = endpoint(boardReportPdf, async ({ query: p, locals, lang, event }) => {
	mayReadAggregates(locals);
	const { url, request } = event;
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
			refuse(503, undefined, msg('pdfUnavailable', { path: err.path }));
		}
		if (err instanceof PdfBusy) {
			refuse(429, undefined, msg('pdfBusy'), { retryAfter: 5 });
		}
		throw err;
	}
});
