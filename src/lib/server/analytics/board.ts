/**
 * What the board's pages load (issue 12): the trends page (/board) and the monthly report
 * (/board/report), each as the caller through the same services as the analytics endpoints, so
 * role, zone and the disclosure rule are decided by the database as for the API.
 */
import type {
	EmergingHotspots,
	Hotspots,
	HourOfWeek,
	Kpis,
	Ql10BlackSpots,
	Ql10Criteria,
	Series,
	UnitMode
} from '$lib/domain/analytics';
import { periodWindow } from '$lib/domain/stats/period';
import { vietnamMidnight } from '$lib/domain/time';
import type { Queryable } from '../db/port';
import type { MonthlyReport, Operations } from '$lib/analytics/report-tables';
import { tipCounts } from '../aggregates/tip-counts.query';
import { incidentEmergingHotspots, incidentHotspots } from './hotspots.service';
import { jsonAnswer } from './json-answer';
import { ql10BlackSpots, ql10Criteria } from './ql10.service';
import { incidentHourOfWeek, incidentKpis, incidentSeries } from './trends.service';

export type TrendKind = 'month' | 'quarter' | 'year';

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-01` of the month `offset` months from the Vietnam month of `day` (YYYY-MM-DD). */
export function monthDay(day: string, offset = 0): string {
	const [y, m] = day.split('-').map(Number) as [number, number];
	const i = y * 12 + (m - 1) + offset;
	return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}-01`;
}

export interface Trends {
	kind: TrendKind;
	units: UnitMode;
	window: { from: Date; to: Date };
	kpis: Kpis;
	byGroup: Series;
	byUnit: Series;
	hourOfWeek: HourOfWeek;
	criteria: Ql10Criteria;
	blackSpots: Ql10BlackSpots;
	hotspots: Hotspots;
	emerging: EmergingHotspots;
}

/** The trends page: the period of `kind` containing `day`, series over the 24 (units: 12) months to its end. */
export async function loadTrends(
	q: Queryable,
	zoneId: string,
	o: { kind: TrendKind; day: string; units: UnitMode }
): Promise<Trends> {
	const window = periodWindow(o.kind, o.day);
	const endMonth = monthDay(new Date(window.to.getTime() - 1).toISOString().slice(0, 10));
	const monthsBack = (n: number) => vietnamMidnight(monthDay(endMonth, 1 - n));
	const to = window.to;
	const kpis = await incidentKpis(q, { zoneId, kind: o.kind, ...window, units: o.units });
	const byGroup = await incidentSeries(q, {
		zoneId,
		from: monthsBack(24),
		to,
		bucket: 'month',
		by: 'group',
		units: o.units
	});
	const byUnit = await incidentSeries(q, {
		zoneId,
		from: monthsBack(12),
		to,
		bucket: 'month',
		by: 'unit',
		units: o.units
	});
	const hourOfWeek = await incidentHourOfWeek(q, { zoneId, ...window });
	const criteria = await ql10Criteria(q, { zoneId, from: monthsBack(12), to });
	const blackSpots = await ql10BlackSpots(q, { zoneId, to });
	const hotspots = await incidentHotspots(q, { zoneId, ...window });
	const emerging = await incidentEmergingHotspots(q, { zoneId, until: to });
	return {
		kind: o.kind,
		units: o.units,
		window,
		kpis,
		byGroup,
		byUnit,
		hourOfWeek,
		criteria,
		blackSpots,
		hotspots,
		emerging
	};
}

/** The monthly report of `month` (YYYY-MM): the criteria from January of its year to its end. */
export async function loadMonthlyReport(
	q: Queryable,
	zoneId: string,
	month: string
): Promise<MonthlyReport> {
	const window = periodWindow('month', `${month}-01`);
	const yearStart = vietnamMidnight(`${month.slice(0, 4)}-01-01`);
	return {
		month,
		window,
		kpis: await incidentKpis(q, { zoneId, kind: 'month', ...window }),
		criteria: await ql10Criteria(q, { zoneId, from: yearStart, to: window.to }),
		blackSpots: await ql10BlackSpots(q, { zoneId, to: window.to }),
		hotspots: await incidentHotspots(q, { zoneId, ...window }),
		operations: await jsonAnswer<Operations>(q, 'app.report_operations($1, $2, $3)', [
			zoneId,
			window.from,
			window.to
		]),
		tips: await tipCounts(q, zoneId, window.from, window.to)
	};
}
