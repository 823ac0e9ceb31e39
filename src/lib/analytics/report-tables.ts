/**
 * The monthly report's tables (issue 12), built once from what the report loads: the page shows
 * them and the CSV and XLSX downloads write them, so the three cannot differ. Counts follow the
 * disclosure rule: a suppressed count (null) is written "< 3". Pure; words from the words module.
 */
import type {
	Hotspots,
	Kpis,
	Ql10BlackSpots,
	Ql10Criteria,
	ReportTableKey
} from '$lib/domain/analytics';
import { CATEGORIES, CATEGORY_GROUPS } from '$lib/domain/categories';
import { TIP_STATUSES } from '$lib/domain/tip-status';
import type { Change } from '$lib/domain/stats/change';
import { formatCount, formatNumber } from '$lib/i18n/format';
import { translate, type MessageKey } from '$lib/i18n/messages';
import type { Lang } from '$lib/i18n/words';

export interface Operations {
	window: { from: string; to: string };
	disclosure: 'exact' | 'protected';
	fireSafety: {
		sites: number;
		inspectedInPeriod: number;
		overdue: number;
		withOpenViolations: number;
		openViolations: number;
	};
	teams: {
		reports: number | null;
		activeTeams: number | null;
		teams: number;
		byKind: Record<(typeof TEAM_REPORT_KINDS)[number], number | null>;
	};
}

export const TEAM_REPORT_KINDS = ['patrol', 'incident', 'suspicious', 'other'] as const;

export interface MonthlyReport {
	/** `YYYY-MM`. */
	month: string;
	window: { from: Date; to: Date };
	kpis: Kpis;
	criteria: Ql10Criteria;
	blackSpots: Ql10BlackSpots;
	hotspots: Hotspots;
	operations: Operations;
	tips: { total: number | null; byStatus: Record<string, number | null> };
}

export type Cell = string | number;

export interface ReportTable {
	/** Stable, used in download URLs and file names. */
	key: ReportTableKey;
	title: string;
	columns: string[];
	rows: Cell[][];
}

export { REPORT_TABLES, type ReportTableKey } from '$lib/domain/analytics';

/** A change as the board reads it: "+12,5 % (z 2,31, đáng chú ý) ↑"; no arrow where noise. */
export function changeText(c: Change | null, lang: Lang): string {
	if (!c) return '—';
	const pct =
		c.percent === null
			? `${c.difference >= 0 ? '+' : ''}${formatNumber(c.difference, lang)}`
			: `${c.percent >= 0 ? '+' : ''}${formatNumber(c.percent, lang, { maximumFractionDigits: 1 })} %`;
	const arrow = c.direction === 'up' ? ' ↑' : c.direction === 'down' ? ' ↓' : '';
	return `${pct} (z ${formatNumber(c.z, lang, { maximumFractionDigits: 2 })}, ${translate(lang, `board.band.${c.band}`)})${arrow}`;
}

/** A published count as a cell: a number, or "< 3" where suppressed (— where not applicable). */
function count(n: number | null, lang: Lang, applicable = true): Cell {
	if (!applicable) return '—';
	return n === null ? formatCount(null, lang) : n;
}

/** The name of a KPI row's key in `lang`. */
export function kpiName(kpis: Kpis, dimension: string, key: string, lang: Lang): string {
	if (dimension === 'total') return translate(lang, 'board.total');
	if (dimension === 'group') {
		return (CATEGORY_GROUPS as readonly string[]).includes(key)
			? translate(lang, `group.${key as (typeof CATEGORY_GROUPS)[number]}`)
			: key;
	}
	if (dimension === 'category') {
		const c = CATEGORIES.find((x) => x.code === key);
		return c ? c[lang] : key;
	}
	if (key === 'unknown') return translate(lang, 'board.unknownUnit');
	const u = kpis.units.find((x) => x.key === key);
	return u?.name ?? key;
}

export function kpiTable(
	kpis: Kpis,
	dims: readonly string[],
	key: ReportTableKey,
	title: MessageKey,
	lang: Lang
): ReportTable {
	const t = (k: MessageKey) => translate(lang, k);
	return {
		key,
		title: t(title),
		columns: [
			t(
				key === 'units'
					? 'board.col.unit'
					: key === 'categories'
						? 'board.col.category'
						: 'board.col.indicator'
			),
			t('board.col.current'),
			t('board.col.previous'),
			t('board.col.vsPrevious'),
			t('board.col.lastYear'),
			t('board.col.vsLastYear')
		],
		rows: kpis.rows
			.filter((r) => dims.includes(r.dimension))
			.map((r) => [
				kpiName(kpis, r.dimension, r.key, lang),
				count(r.current, lang),
				count(r.previous, lang, r.inForce?.previous ?? true),
				changeText(r.vsPrevious, lang),
				count(r.lastYear, lang, r.inForce?.lastYear ?? true),
				changeText(r.vsLastYear, lang)
			])
	};
}

/** QL10's three criteria by month against the same month a year earlier. */
export function criteriaTable(criteria: Ql10Criteria, lang: Lang): ReportTable {
	const t = (k: MessageKey) => translate(lang, k);
	const crit = (c: { accidents: number; deaths: number; injuries: number }) => [
		c.accidents,
		c.deaths,
		c.injuries
	];
	return {
		key: 'ql10',
		title: t('board.ql10Criteria'),
		columns: [
			t('board.col.month'),
			t('board.col.accidents'),
			t('board.col.deaths'),
			t('board.col.injuries'),
			`${t('board.col.accidents')} (${t('board.col.lastYearShort')})`,
			`${t('board.col.deaths')} (${t('board.col.lastYearShort')})`,
			`${t('board.col.injuries')} (${t('board.col.lastYearShort')})`,
			`${t('board.col.accidents')}: ${t('board.col.vsLastYear')}`
		],
		rows: criteria.months.map((m) => [
			m.month,
			...crit(m.current),
			...crit(m.lastYear),
			changeText(m.change.accidents, lang)
		])
	};
}

/** The black-spot screening windows, best ranked first, with Km+m labels. */
export function blackSpotTable(blackSpots: Ql10BlackSpots, lang: Lang, limit = 20): ReportTable {
	const t = (k: MessageKey) => translate(lang, k);
	return {
		key: 'blackspots',
		title: translate(lang, 'board.blackSpots', {
			window: blackSpots.windowM,
			step: blackSpots.stepM
		}),
		columns: [
			t('board.col.rank'),
			t('board.col.road'),
			t('board.col.from'),
			t('board.col.to'),
			t('board.col.accidents'),
			t('board.col.deaths'),
			t('board.col.injuries'),
			t('board.col.score'),
			t('board.col.blackSpot')
		],
		rows: blackSpots.features
			.slice(0, limit)
			.map(({ properties: p }) => [
				p.rank,
				p.road,
				p.fromLabel,
				p.toLabel,
				p.accidents,
				p.deaths,
				p.injuries,
				p.score,
				t(p.blackSpot ? 'board.yes' : 'board.no')
			])
	};
}

/** Every table of the report, in the report's order. */
export function reportTables(r: MonthlyReport, lang: Lang): ReportTable[] {
	const t = (k: MessageKey) => translate(lang, k);
	const ops = r.operations;
	return [
		kpiTable(r.kpis, ['total', 'group'], 'overview', 'report.s1', lang),
		kpiTable(r.kpis, ['category'], 'categories', 'board.col.category', lang),
		kpiTable(r.kpis, ['unit'], 'units', 'board.col.unit', lang),
		criteriaTable(r.criteria, lang),
		blackSpotTable(r.blackSpots, lang, 10),
		{
			key: 'fire',
			title: t('report.s5'),
			columns: [t('board.col.item'), t('board.col.value')],
			rows: [
				[t('report.fire.sites'), ops.fireSafety.sites],
				[t('report.fire.inspected'), ops.fireSafety.inspectedInPeriod],
				[t('report.fire.overdue'), ops.fireSafety.overdue],
				[t('report.fire.withViolations'), ops.fireSafety.withOpenViolations],
				[t('report.fire.violations'), ops.fireSafety.openViolations]
			]
		},
		{
			key: 'teams',
			title: t('report.s6'),
			columns: [t('board.col.item'), t('board.col.value')],
			rows: [
				[t('report.teams.teams'), ops.teams.teams],
				[t('report.teams.active'), count(ops.teams.activeTeams, lang)],
				[t('report.teams.reports'), count(ops.teams.reports, lang)],
				...TEAM_REPORT_KINDS.map((k) => [
					t(`report.teams.kind.${k}`),
					count(ops.teams.byKind[k] ?? null, lang)
				])
			]
		},
		{
			key: 'tips',
			title: t('report.s7'),
			columns: [t('board.col.item'), t('board.col.value')],
			rows: [
				[t('report.tips.total'), count(r.tips.total, lang)],
				...TIP_STATUSES.map((s) => [
					translate(lang, 'report.tips.status', { status: t(`triage.status.${s}`) }),
					count(r.tips.byStatus[s] ?? null, lang)
				])
			]
		}
	];
}

/** CSV (RFC 4180, CRLF) with a UTF-8 byte-order mark, so Excel reads the Vietnamese as UTF-8. */
export function toCsv(table: ReportTable): string {
	const cell = (v: Cell) => {
		const s = String(v);
		return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
	};
	const lines = [table.columns, ...table.rows].map((row) => row.map(cell).join(','));
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
