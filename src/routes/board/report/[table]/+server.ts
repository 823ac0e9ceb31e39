import writeXlsxFile from 'write-excel-file/node';
import { reportTables, toCsv } from '$lib/analytics/report-tables';
import { boardReportTable } from '$lib/domain/contracts/analytics';
import { loadMonthlyReport } from '$lib/server/analytics/board';
import { asBoardCaller, lastMonthDay } from '$lib/server/analytics/board-page';
import { endpoint } from '$lib/server/endpoint';

/**
 * One table of the monthly report as CSV (UTF-8 with a byte-order mark, so Excel shows the
 * Vietnamese) or XLSX (write-excel-file): the same rows as the page, built by report-tables.ts,
 * under the same disclosure rule.
 */
export const GET = endpoint(boardReportTable, async ({ params, query: p, locals, lang }) => {
	const key = params.table;
	const month = p.month ?? lastMonthDay().slice(0, 7);
	const report = await asBoardCaller(locals, p.zone, (q, zone) =>
		loadMonthlyReport(q, zone.id, month)
	);
	const table = reportTables(report, lang).find((t) => t.key === key)!;
	const name = `bao-cao-${month}-${key}`;
	const headers = { 'cache-control': 'no-store' };
	if (p.format === 'xlsx') {
		const header = table.columns.map((c) => ({ value: c, fontWeight: 'bold' as const }));
		const rows = table.rows.map((r) => r.map((value) => ({ value })));
		const buffer = await writeXlsxFile([header, ...rows], { sheet: key }).toBuffer();
		return new Response(new Uint8Array(buffer), {
			headers: {
				...headers,
				'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				'content-disposition': `attachment; filename="${name}.xlsx"`
			}
		});
	}
	return new Response(toCsv(table), {
		headers: {
			...headers,
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}.csv"`
		}
	});
});
