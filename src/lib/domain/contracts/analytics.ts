/**
 * The board's analytics (issue 12): all GET, signed in, computed by SQL functions run as the
 * caller (its role and zones decide; aggregate-only roles get the disclosure rule). Their query
 * and answer schemas are in src/lib/domain/analytics.ts.
 */
import * as z from 'zod/mini';
import {
	emergingHotspotsQuery,
	emergingHotspotsSchema,
	hotspotsQuery,
	hotspotsSchema,
	hourOfWeekQuery,
	hourOfWeekSchema,
	kpisQuery,
	kpisSchema,
	ql10BlackSpotsQuery,
	ql10BlackSpotsSchema,
	ql10CriteriaQuery,
	ql10CriteriaSchema,
	REPORT_TABLES,
	reportPageQuery,
	seriesQuery,
	seriesSchema
} from '../analytics';
import { contract, type Schema } from '../contract';
import { DISCLOSURE_NOTE, ZONE_NOT_FOUND } from './shared';

const AGGREGATES_FORBIDDEN = 'Your role may not read incident aggregates in this zone.';
const ACCIDENTS_FORBIDDEN = 'Your role may not read accidents in this zone.';

/** One analytics endpoint: GET, its query, its JSON answer (GeoJSON for the maps). */
const analytics = <P extends `/api/analytics/${string}`, Q extends Schema, S extends Schema>(
	path: P,
	summary: string,
	query: Q,
	schema: S,
	opts: { geo?: true; accidents?: true } = {}
) =>
	contract({
		method: 'GET',
		path,
		tag: 'analytics',
		summary,
		...(opts.accidents ? {} : { description: DISCLOSURE_NOTE }),
		query,
		answer: {
			description: opts.geo
				? 'A GeoJSON FeatureCollection and what it was computed with.'
				: 'The statistics.',
			schema,
			...(opts.geo ? { media: 'application/geo+json' } : {})
		},
		refusals: {
			403: opts.accidents ? ACCIDENTS_FORBIDDEN : AGGREGATES_FORBIDDEN,
			404: ZONE_NOT_FOUND
		}
	});

export const analyticsKpis = analytics(
	'/api/analytics/kpis',
	'Period KPIs (total, group, category, unit) against the previous period and the same period last year, with the Poisson z-band of each change.',
	kpisQuery,
	kpisSchema
);

export const analyticsSeries = analytics(
	'/api/analytics/series',
	'Weekly or monthly counts by total, category group, category or unit.',
	seriesQuery,
	seriesSchema
);

export const analyticsHourOfWeek = analytics(
	'/api/analytics/hour-of-week',
	'Counts by Vietnam weekday × hour (7 × 24).',
	hourOfWeekQuery,
	hourOfWeekSchema
);

export const analyticsHotspots = analytics(
	'/api/analytics/hotspots',
	'Getis-Ord Gi* hot and cold spots on the zone hexagon grid (default: last 30 days, 250 m cells, band 2 × cell); states the cell and band used.',
	hotspotsQuery,
	hotspotsSchema,
	{ geo: true }
);

export const analyticsEmergingHotspots = analytics(
	'/api/analytics/emerging-hotspots',
	'Emerging hot spots: Gi* per month over 12–60 whole months before `until` (default: now) and a Mann-Kendall trend per cell.',
	emergingHotspotsQuery,
	emergingHotspotsSchema,
	{ geo: true }
);

export const analyticsQl10Criteria = analytics(
	'/api/analytics/ql10-criteria',
	'QL10: accidents, deaths and injuries by month and year against a year earlier.',
	ql10CriteriaQuery,
	ql10CriteriaSchema,
	{ accidents: true }
);

export const analyticsQl10BlackSpots = analytics(
	'/api/analytics/ql10-blackspots',
	'QL10 black-spot screening: sliding windows (windowM, default 500 m, every stepM, default 100 m; default: the 12 months before `to`) ranked by severity-weighted score.',
	ql10BlackSpotsQuery,
	ql10BlackSpotsSchema,
	{ geo: true, accidents: true }
);

// The monthly report's downloads (/board/report: a page, these are its files) ------------------

const REPORT_FORBIDDEN =
	'Your role may not read aggregates (`aggregates.read`), or not in this zone.';

export const boardReportTable = contract({
	method: 'GET',
	path: '/board/report/{table}',
	tag: 'analytics',
	summary:
		'One table of the monthly report as CSV (UTF-8 with a byte-order mark) or XLSX (`format=xlsx`), the same rows as the page, under the disclosure rule.',
	params: z.object({ table: z.enum(REPORT_TABLES).check(z.describe('The table.')) }),
	query: reportPageQuery,
	answer: {
		description: 'The table as a file (`content-disposition: attachment`).',
		media: 'text/csv',
		alternatives: {
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'With `format=xlsx`.'
		}
	},
	refusals: { 403: REPORT_FORBIDDEN, 404: ZONE_NOT_FOUND }
});

export const boardReportPdf = contract({
	method: 'GET',
	path: '/board/report/pdf',
	tag: 'analytics',
	summary:
		"The monthly report as a PDF (A4), printed by the server's Chromium from the report page opened with the caller's own credentials.",
	query: reportPageQuery,
	answer: {
		description: 'The report (`content-disposition: attachment`).',
		media: 'application/pdf'
	},
	refusals: {
		403: REPORT_FORBIDDEN,
		404: ZONE_NOT_FOUND,
		429: { description: 'Another PDF is being printed.', retryAfter: true },
		503: 'Chromium is not installed on the server.'
	}
});
