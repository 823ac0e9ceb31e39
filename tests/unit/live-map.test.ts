import { describe, expect, it } from 'vitest';
import { fromVietnamLocalMinute, vietnamLocalMinute } from '../../src/lib/domain/time';
import { kmPosts } from '../../src/lib/geo/km-markers';
import {
	BASEMAP_COLORS,
	basemapLayers,
	emptyBasemapStyle
} from '../../src/lib/map/basemap/offline-basemap';
import {
	PMTILES_SOURCE,
	PMTILES_TILE_TYPE,
	pmtilesStyle
} from '../../src/lib/map/basemap/pmtiles-style';
import { GROUP_COLORS } from '../../src/lib/map/category-colors';
import {
	nearestPoint,
	pointAttributes
} from '../../src/lib/map/layers/incidents/incident-points.layer';
import { hexBreaks } from '../../src/lib/map/layers/incidents/incidents.style';
import {
	emptyColumns,
	timeHistogram,
	visibleRows,
	withIncident,
	withoutIncident,
	type IncidentRow
} from '../../src/lib/state/incident-columns';
import {
	defaultViewParams,
	parseViewParams,
	periodWindow,
	viewSearchParams,
	withViewParams
} from '../../src/lib/state/map-url';

const row = (id: number, over: Partial<IncidentRow> = {}): IncidentRow => ({
	id,
	lon: 106.56,
	lat: 20.86,
	category: 'theft',
	severity: 1,
	status: 'new',
	occurredAt: 1_800_000_000,
	...over
});

describe('the live map view in the URL', () => {
	it('prints nothing for the default view, so a plain link stays plain', () => {
		expect(viewSearchParams(defaultViewParams()).toString()).toBe('');
	});

	it('reads back every part of a view it printed', () => {
		const view = {
			...defaultViewParams(),
			center: [106.5712, 20.8701] as [number, number],
			zoom: 14.25,
			layers: ['incidents', 'heatmap', 'fire'] as const,
			opacity: { ...defaultViewParams().opacity, heatmap: 0.4 },
			period: { kind: 'custom', from: '2025-01-01', to: '2025-06-30' } as const,
			categories: ['theft', 'robbery'] as const,
			unit: '11593',
			statuses: ['new', 'handling'] as const,
			mode: 'hex' as const,
			heatWeighted: true
		};
		expect(parseViewParams(viewSearchParams(view))).toEqual(view);
	});

	it('falls back to the defaults for malformed or unknown values', () => {
		const p = parseViewParams(
			new URLSearchParams(
				'c=abc,1&z=99&t=2w&cat=theft,nonsense&st=bogus&mode=x&from=2025-02-30&to=2025-03-01'
			)
		);
		expect(p.center).toBeNull();
		expect(p.zoom).toBeNull();
		expect(p.period).toEqual(defaultViewParams().period);
		expect(p.categories).toEqual(['theft']);
		expect(p.statuses).toEqual([]);
		expect(p.mode).toBe('auto');
	});

	it('keeps query parameters that belong to others', () => {
		const search = withViewParams('?incident=42&t=7d', { ...defaultViewParams(), unit: '11605' });
		expect(new URLSearchParams(search).get('incident')).toBe('42');
		expect(new URLSearchParams(search).get('unit')).toBe('11605');
		expect(new URLSearchParams(search).has('t')).toBe(false);
	});

	it('turns a custom range into whole Vietnam days, the end day included', () => {
		const w = periodWindow({ kind: 'custom', from: '2025-07-01', to: '2025-07-31' }, Date.now());
		expect(w.from.toISOString()).toBe('2025-06-30T17:00:00.000Z');
		expect(w.to.toISOString()).toBe('2025-07-31T17:00:00.000Z');
		expect(w.unitsAt).toBe('2025-07-31');
		expect(w.sliding).toBe(false);
	});

	it('ends a preset window now, with the units of today in Vietnam', () => {
		const now = Date.parse('2026-11-27T20:00:00Z');
		const w = periodWindow({ kind: 'preset', preset: '24h' }, now);
		expect(w.to.getTime() - w.from.getTime()).toBe(86_400_000);
		expect(w.unitsAt).toBe('2026-11-28');
		expect(w.sliding).toBe(true);
	});
});

describe('kilometre posts along QL10', () => {
	const coords = [
		[106.612, 20.918],
		[106.603, 20.888],
		[106.57, 20.866],
		[106.56, 20.85]
	];
	const measures = [20.4, 24.154, 28.733, 30.968];

	it('puts one post at every whole kilometre between the ends', () => {
		expect(kmPosts(coords, measures).map((p) => p.km)).toEqual([
			21, 22, 23, 24, 25, 26, 27, 28, 29, 30
		]);
	});

	it('interpolates the chainage linearly between the measured vertices', () => {
		const km25 = kmPosts(coords, measures).find((p) => p.km === 25)!;
		const t = (25 - 24.154) / (28.733 - 24.154);
		expect(km25.position[0]).toBeCloseTo(106.603 + (106.57 - 106.603) * t, 9);
		expect(km25.position[1]).toBeCloseTo(20.888 + (20.866 - 20.888) * t, 9);
	});
});

describe('live changes merged into the columnar incidents', () => {
	it('puts a new incident first and replaces an older version of it', () => {
		let cols = withIncident(emptyColumns(), row(1));
		cols = withIncident(cols, row(2));
		cols = withIncident(cols, row(1, { severity: 3 }));
		expect(cols.id).toEqual([1, 2]);
		expect(cols.severity).toEqual([3, 1]);
		expect(cols.count).toBe(2);
	});

	it('removes a deleted incident from every column', () => {
		const cols = withoutIncident(withIncident(withIncident(emptyColumns(), row(1)), row(2)), 1);
		expect(cols.id).toEqual([2]);
		expect(cols.lon.length).toBe(1);
		expect(cols.count).toBe(1);
	});

	it('filters rows by status and by the chosen unit', () => {
		let cols = emptyColumns();
		cols = withIncident(cols, row(1, { status: 'resolved' }));
		cols = withIncident(cols, row(2, { lon: 106.7 }));
		cols = withIncident(cols, row(3));
		const square = [
			[
				[
					[106.5, 20.8],
					[106.6, 20.8],
					[106.6, 20.9],
					[106.5, 20.9],
					[106.5, 20.8]
				] as [number, number][]
			]
		];
		const rows = visibleRows(cols, { statuses: ['new'], area: square });
		expect(rows.map((i) => cols.id[i])).toEqual([3]);
	});
});

describe('hexagon colour classes', () => {
	it('rise strictly and start at one incident', () => {
		for (const max of [0, 3, 55, 4000]) {
			const b = hexBreaks(max);
			expect(b[0]).toBe(1);
			for (let i = 1; i < b.length; i++) expect(b[i]!).toBeGreaterThan(b[i - 1]!);
		}
	});

	it('start at 3 for counts protected by the disclosure rule, which are never 1 or 2', () => {
		for (const max of [0, 3, 55, 4000]) {
			const b = hexBreaks(max, 3);
			expect(b[0]).toBe(3);
			for (let i = 1; i < b.length; i++) expect(b[i]!).toBeGreaterThan(b[i - 1]!);
		}
	});
});

describe('the time slider histogram', () => {
	it('counts the given rows into equal slices of the period', () => {
		const t = [0, 10, 19, 20, 99, 50];
		expect(timeHistogram(t, [0, 1, 2, 3, 4], 0, 100, 5)).toEqual([3, 1, 0, 0, 1]);
	});

	it('puts incidents a moment outside the period into the end bins', () => {
		expect(timeHistogram([-5, 100, 130], [0, 1, 2], 0, 100, 4)).toEqual([1, 0, 0, 2]);
	});

	it('is all zeros for an empty or inverted period', () => {
		expect(timeHistogram([5], [0], 10, 10, 3)).toEqual([0, 0, 0]);
	});
});

describe('Vietnam wall-clock time in the new-incident form', () => {
	it('defaults to the current minute in Vietnam, whatever the browser zone', () => {
		expect(vietnamLocalMinute(new Date('2026-11-27T20:05:59Z'))).toBe('2026-11-28T03:05');
	});

	it('reads a datetime-local value as +07:00 and refuses impossible dates', () => {
		expect(fromVietnamLocalMinute('2026-11-28T03:05')).toBe('2026-11-28T03:05:00+07:00');
		expect(Date.parse(fromVietnamLocalMinute('2026-11-28T03:05')!)).toBe(
			Date.parse('2026-11-27T20:05:00Z')
		);
		expect(fromVietnamLocalMinute('2026-02-30T10:00')).toBeNull();
		expect(fromVietnamLocalMinute('2026-11-28T24:00')).toBeNull();
		expect(fromVietnamLocalMinute('')).toBeNull();
	});
});

describe('the basemap', () => {
	it('stays offline by default: a background only, no tiles, glyphs or sprite', () => {
		const style = emptyBasemapStyle();
		expect(style.sources).toEqual({});
		expect(style.glyphs).toBeUndefined();
		expect(style.sprite).toBeUndefined();
		expect(style.layers.map((l) => l.id)).toEqual(['background']);
		const zoneFill = basemapLayers().find((l) => l.id === 'basemap-zone-fill')!;
		expect((zoneFill as { paint: Record<string, unknown> }).paint['fill-color']).toBe(
			BASEMAP_COLORS.zoneFill
		);
	});

	it('makes our fills translucent over a configured basemap', () => {
		const zoneFill = basemapLayers({ overBasemap: true }).find(
			(l) => l.id === 'basemap-zone-fill'
		)!;
		expect((zoneFill as { paint: Record<string, unknown> }).paint['fill-color']).toMatch(/^rgba\(/);
	});

	it('draws a raster PMTiles archive as a raster source through the pmtiles:// protocol', () => {
		const style = pmtilesStyle('pmtiles://http://127.0.0.1/basemap/tiles.pmtiles', {
			tileType: PMTILES_TILE_TYPE.png,
			minZoom: 0,
			maxZoom: 14,
			vectorLayers: []
		});
		expect(style.sources[PMTILES_SOURCE]).toMatchObject({
			type: 'raster',
			url: 'pmtiles://http://127.0.0.1/basemap/tiles.pmtiles',
			maxzoom: 14
		});
		expect(style.layers.map((l) => l.type)).toEqual(['background', 'raster']);
	});

	it('draws every layer of a vector PMTiles archive plainly, without labels', () => {
		const style = pmtilesStyle('pmtiles://https://cdn.example.net/vn.pmtiles', {
			tileType: PMTILES_TILE_TYPE.mvt,
			minZoom: 0,
			maxZoom: 15,
			vectorLayers: ['roads', 'water']
		});
		expect(style.sources[PMTILES_SOURCE]).toMatchObject({ type: 'vector' });
		expect(style.layers.flatMap((l) => ('source-layer' in l ? [l['source-layer']] : []))).toEqual([
			'roads',
			'roads',
			'roads',
			'water',
			'water',
			'water'
		]);
		expect(style.layers.some((l) => l.type === 'symbol')).toBe(false);
	});
});

describe('clicking among many points (found on the CPU)', () => {
	const cols = () => {
		const c = emptyColumns();
		for (const [i, lon, lat] of [
			[1, 106.56, 20.86],
			[2, 106.5601, 20.86],
			[3, 106.58, 20.87]
		] as const) {
			const next = withIncident(c, row(i, { lon, lat }));
			Object.assign(c, next);
		}
		return c;
	};

	it('finds the nearest point within the tolerance, and nothing beyond it', () => {
		const c = cols();
		const points = pointAttributes(c, [0, 1, 2], GROUP_COLORS);
		const j = nearestPoint(points, 106.56009, 20.86, 0.0005);
		expect(c.id[points.rows[j]!]).toBe(2);
		expect(nearestPoint(points, 106.57, 20.865, 0.0005)).toBe(-1);
	});

	it('builds one typed-array entry per drawn row', () => {
		const c = cols();
		const points = pointAttributes(c, [2], GROUP_COLORS);
		expect(points.length).toBe(1);
		expect(Array.from(points.positions)).toEqual([c.lon[2], c.lat[2]]);
		expect(points.colors[3]).toBe(235);
	});
});
