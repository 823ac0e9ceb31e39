/**
 * Patrol plans as files for field devices: GeoJSON, GPX and KML, read and written with maintained
 * libraries (@tmcw/togeojson over @xmldom/xmldom's DOM parser, @placemarkio/tokml,
 * @dwayneparton/geojson-to-gpx), never hand-written XML. Pure: runs in the browser and on the
 * server alike.
 *
 * An import is all or nothing: the first problem found — bad XML or JSON, a geometry type that is
 * not a line, polygon or point, coordinates out of range or in latitude-longitude order, a
 * polygon that crosses itself, an attribute out of range — is returned with where it is (line,
 * and feature number), and no item.
 */
import { kml, gpx } from '@tmcw/togeojson';
import { toKML } from '@placemarkio/tokml';
import GeoJsonToGpx from '@dwayneparton/geojson-to-gpx';
import { DOMImplementation, DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { kinks, polygon as turfPolygon } from '@turf/turf';
import type {
	Feature,
	FeatureCollection,
	Geometry,
	LineString,
	MultiLineString,
	MultiPolygon,
	Point,
	Polygon,
	Position
} from 'geojson';
import { apiText, type ApiTextKey, type Lang } from '$lib/domain/api-text';
import { PATROL_LIMITS, type PatrolItemKind } from '$lib/domain/patrol-plans';

export type PatrolFileFormat = 'geojson' | 'gpx' | 'kml';

/** The largest file read, in bytes of text. */
export const MAX_PATROL_FILE_BYTES = 5_000_000;

export interface ImportedItem {
	kind: PatrolItemKind;
	name: string | null;
	geometry: LineString | MultiLineString | Polygon | MultiPolygon | Point;
	bufferM?: number;
	dwellMin?: number;
}

/** Where a problem is: a line (and column) of the file, a feature (1-based), or both. */
export interface FileWhere {
	line?: number;
	column?: number;
	feature?: number;
}

export interface FileProblem {
	key: Extract<ApiTextKey, `file.${string}`>;
	params?: Record<string, string | number>;
	where?: FileWhere;
}

export type ImportResult =
	{ ok: true; items: ImportedItem[] } | { ok: false; problem: FileProblem };

/** [minLon, minLat, maxLon, maxLat] of the zone, to tell swapped coordinates from far ones. */
export type Near = readonly [number, number, number, number];

class Problem extends Error {
	constructor(readonly problem: FileProblem) {
		super(problem.key);
	}
}

const fail = (
	key: FileProblem['key'],
	where?: FileWhere,
	params?: FileProblem['params']
): never => {
	throw new Problem({ key, where, params });
};

/** The format a file's name or content says; null: answer 'file.format'. */
export function detectFormat(name: string, text: string): PatrolFileFormat | null {
	const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
	if (ext === 'geojson' || ext === 'json') return 'geojson';
	if (ext === 'gpx') return 'gpx';
	if (ext === 'kml') return 'kml';
	const head = text.trimStart().slice(0, 400);
	if (head.startsWith('{')) return 'geojson';
	if (/<gpx[\s>]/.test(head)) return 'gpx';
	if (/<kml[\s>]/.test(head)) return 'kml';
	return null;
}

/** A problem as a sentence in the caller's language, naming where it is. */
export function fileProblemText(lang: Lang, p: FileProblem): string {
	const w = p.where ?? {};
	const where =
		w.feature !== undefined && w.line !== undefined
			? apiText(lang, 'file.at.featureLine', { feature: w.feature, line: w.line })
			: w.feature !== undefined
				? apiText(lang, 'file.at.feature', { feature: w.feature })
				: w.line !== undefined
					? apiText(lang, 'file.at.line', { line: w.line })
					: '?';
	return apiText(lang, p.key, { ...p.params, where });
}

// Coordinates ------------------------------------------------------------------------------------

const inRange = (lon: number, lat: number) => Math.abs(lon) <= 180 && Math.abs(lat) <= 90;

function isNear(lon: number, lat: number, near: Near | undefined): boolean {
	if (!near) return true;
	const pad = 0.5;
	return (
		lon >= near[0] - pad && lon <= near[2] + pad && lat >= near[1] - pad && lat <= near[3] + pad
	);
}

const fmt = (n: number) => (Number.isFinite(n) ? String(Math.round(n * 1e6) / 1e6) : String(n));

/**
 * One position, checked: numbers, in range, longitude first. Latitude-longitude order shows as a
 * latitude beyond ±90 whose swap is in range, or (with the zone known) a point far from the zone
 * whose swap is near it.
 */
function checkPosition(p: unknown, where: FileWhere, near: Near | undefined): void {
	if (
		!Array.isArray(p) ||
		p.length < 2 ||
		p.length > 4 ||
		!p.every((v) => typeof v === 'number' && Number.isFinite(v))
	) {
		fail('file.coordinates', where, { detail: JSON.stringify(p)?.slice(0, 60) ?? String(p) });
	}
	const [lon, lat] = p as [number, number];
	const at = `${fmt(lon)}, ${fmt(lat)}`;
	if (!inRange(lon, lat)) {
		fail(inRange(lat, lon) && isNear(lat, lon, near) ? 'file.swapped' : 'file.range', where, {
			at
		});
	}
	if (near && !isNear(lon, lat, near) && isNear(lat, lon, near))
		fail('file.swapped', where, { at });
}

function positionsOf(g: Geometry): Position[] {
	switch (g.type) {
		case 'Point':
			return [g.coordinates];
		case 'MultiPoint':
		case 'LineString':
			return g.coordinates;
		case 'MultiLineString':
		case 'Polygon':
			return g.coordinates.flat();
		case 'MultiPolygon':
			return g.coordinates.flat(2);
		default:
			return [];
	}
}

// Geometries -------------------------------------------------------------------------------------

const KIND_OF: Record<string, PatrolItemKind> = {
	LineString: 'route',
	MultiLineString: 'route',
	Polygon: 'area',
	MultiPolygon: 'area',
	Point: 'stop'
};

function checkShape(g: Geometry, where: FileWhere): void {
	const bad = (detail: string) => fail('file.coordinates', where, { detail });
	if (g.type === 'LineString' && g.coordinates.length < 2) bad('a line needs two positions');
	if (g.type === 'MultiLineString' && g.coordinates.some((l) => l.length < 2)) {
		bad('a line needs two positions');
	}
	const polygons =
		g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
	for (const rings of polygons) {
		for (const ring of rings) {
			const a = ring[0];
			const b = ring.at(-1);
			if (ring.length < 4 || !a || !b || a[0] !== b[0] || a[1] !== b[1]) {
				bad('a polygon ring needs four positions and must end where it starts');
			}
		}
		const crossing = kinks(turfPolygon(rings)).features[0];
		if (crossing) {
			const [lon, lat] = crossing.geometry.coordinates as [number, number];
			fail('file.selfIntersection', where, { at: `${fmt(lon)}, ${fmt(lat)}` });
		}
	}
	if (positionsOf(g).length > PATROL_LIMITS.maxVertices) bad('more than 10,000 vertices');
}

function attribute(
	props: Record<string, unknown>,
	names: string[],
	min: number,
	max: number,
	integer: boolean,
	where: FileWhere
): number | undefined {
	const name = names.find((n) => props[n] !== undefined && props[n] !== null && props[n] !== '');
	if (!name) return undefined;
	const v = typeof props[name] === 'string' ? Number(props[name]) : props[name];
	if (
		typeof v !== 'number' ||
		!Number.isFinite(v) ||
		v < min ||
		v > max ||
		(integer && !Number.isInteger(v))
	) {
		fail('file.attribute', where, { name, detail: `${min}…${max}` });
	}
	return v as number;
}

/** The items of one feature (a MultiPoint gives one stop per point). */
function itemsOf(f: Feature, where: FileWhere, near: Near | undefined): ImportedItem[] {
	const g = f.geometry;
	if (!g) fail('file.geometryType', where, { type: 'null' });
	if (!(g.type in KIND_OF) && g.type !== 'MultiPoint') {
		fail('file.geometryType', where, { type: g.type });
	}
	for (const p of positionsOf(g)) checkPosition(p, where, near);
	checkShape(g, where);
	const props = (f.properties ?? {}) as Record<string, unknown>;
	const rawName = props.name ?? props.title;
	const name = typeof rawName === 'string' && rawName.trim() ? rawName.trim().slice(0, 120) : null;
	const bufferM = attribute(
		props,
		['bufferM', 'buffer_m'],
		PATROL_LIMITS.bufferMinM,
		PATROL_LIMITS.bufferMaxM,
		false,
		where
	);
	const dwellMin = attribute(props, ['dwellMin', 'dwell_min'], 1, 240, true, where);
	const extra = { ...(bufferM !== undefined ? { bufferM } : {}) };
	if (g.type === 'MultiPoint') {
		return g.coordinates.map((c) => ({
			kind: 'stop',
			name,
			geometry: { type: 'Point', coordinates: c.slice(0, 2) },
			...extra,
			...(dwellMin !== undefined ? { dwellMin } : {})
		}));
	}
	const kind = KIND_OF[g.type]!;
	return [
		{
			kind,
			name,
			geometry: stripZ(g as ImportedItem['geometry']),
			...extra,
			...(kind === 'stop' && dwellMin !== undefined ? { dwellMin } : {})
		}
	];
}

/** Heights are dropped: coverage is on the ground. */
function stripZ<G extends ImportedItem['geometry']>(g: G): G {
	const p2 = (p: Position) => [p[0]!, p[1]!];
	switch (g.type) {
		case 'Point':
			return { type: 'Point', coordinates: p2(g.coordinates) } as G;
		case 'LineString':
			return { type: 'LineString', coordinates: g.coordinates.map(p2) } as G;
		case 'MultiLineString':
			return { type: 'MultiLineString', coordinates: g.coordinates.map((l) => l.map(p2)) } as G;
		case 'Polygon':
			return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(p2)) } as G;
		default:
			return {
				type: 'MultiPolygon',
				coordinates: (g as MultiPolygon).coordinates.map((pl) => pl.map((r) => r.map(p2)))
			} as G;
	}
}

function collect(features: Feature[], lines: (number | undefined)[], near: Near | undefined) {
	if (features.length > PATROL_LIMITS.maxItems) {
		fail('file.tooMany', undefined, { max: PATROL_LIMITS.maxItems });
	}
	const items = features.flatMap((f, i) =>
		itemsOf(f, { feature: i + 1, ...(lines[i] !== undefined ? { line: lines[i] } : {}) }, near)
	);
	if (items.length === 0) fail('file.empty');
	if (items.length > PATROL_LIMITS.maxItems) {
		fail('file.tooMany', undefined, { max: PATROL_LIMITS.maxItems });
	}
	return items;
}

// GeoJSON ----------------------------------------------------------------------------------------

function lineAt(text: string, offset: number): { line: number; column: number } {
	const before = text.slice(0, offset);
	const line = before.split('\n').length;
	return { line, column: offset - before.lastIndexOf('\n') };
}

function importGeoJSON(text: string, near: Near | undefined): ImportedItem[] {
	let doc: unknown;
	try {
		doc = JSON.parse(text);
	} catch (err) {
		const message = err instanceof Error ? err.message : String(err);
		const pos = /position (\d+)/.exec(message);
		const at = pos ? lineAt(text, Number(pos[1])) : undefined;
		return fail('file.json', at ?? { line: 1 }, {
			detail: message.replace(/\s*in JSON.*$/, '').slice(0, 80)
		});
	}
	const o = doc as { type?: unknown; features?: unknown; geometry?: unknown };
	let features: Feature[];
	if (o?.type === 'FeatureCollection') {
		if (!Array.isArray(o.features))
			fail('file.notGeoJson', { line: 1 }, { detail: 'features is not an array' });
		features = o.features as Feature[];
	} else if (o?.type === 'Feature') {
		features = [o as Feature];
	} else if (typeof o?.type === 'string' && 'coordinates' in (o as object)) {
		features = [{ type: 'Feature', properties: {}, geometry: o as Geometry }];
	} else {
		return fail(
			'file.notGeoJson',
			{ line: 1 },
			{ detail: `type ${JSON.stringify(o?.type ?? null)}` }
		);
	}
	// The line each feature starts on: its `"type": "Feature"`, in order.
	const starts = [...text.matchAll(/"type"\s*:\s*"Feature"/g)].map(
		(m) => lineAt(text, m.index).line
	);
	const lines = starts.length === features.length ? starts : [];
	features.forEach((f, i) => {
		if (typeof f !== 'object' || f === null || f.type !== 'Feature') {
			fail('file.notGeoJson', { feature: i + 1 }, { detail: 'not a Feature' });
		}
	});
	return collect(features, lines, near);
}

// XML: GPX and KML ---------------------------------------------------------------------------------

interface Located {
	lineNumber?: number;
	columnNumber?: number;
}

function parseXml(text: string, root: 'gpx' | 'kml'): Document {
	let firstError: { message: string; line?: number } | undefined;
	let doc: Document;
	try {
		doc = new DOMParser({
			onError: (level, message) => {
				if (level !== 'warning' && !firstError) firstError = { message };
			}
		}).parseFromString(text, 'text/xml') as unknown as Document;
	} catch (err) {
		const e = err as Error & { locator?: Located };
		return fail(
			'file.xml',
			{ line: Math.max(1, e.locator?.lineNumber ?? 1) },
			{ detail: e.message.slice(0, 100) }
		);
	}
	if (firstError) fail('file.xml', { line: 1 }, { detail: firstError.message.slice(0, 100) });
	const el = doc.documentElement;
	const name = el?.localName ?? el?.nodeName;
	if (name !== root) {
		fail(
			'file.xml',
			{ line: (el as Located | null)?.lineNumber ?? 1 },
			{
				detail: `the root element is <${name}>, not <${root}>`
			}
		);
	}
	return doc;
}

const lineOf = (el: Element): number | undefined => (el as unknown as Located).lineNumber;

function elements(doc: Document, tag: string): Element[] {
	return Array.from(doc.getElementsByTagName(tag) as unknown as ArrayLike<Element>);
}

function importGPX(text: string, near: Near | undefined): ImportedItem[] {
	const doc = parseXml(text, 'gpx');
	// Coordinates first, where the file has them (attributes lat and lon of every point).
	for (const tag of ['wpt', 'rtept', 'trkpt']) {
		for (const el of elements(doc, tag)) {
			const lat = Number(el.getAttribute('lat'));
			const lon = Number(el.getAttribute('lon'));
			checkPosition(
				[el.getAttribute('lon') === null ? NaN : lon, el.getAttribute('lat') === null ? NaN : lat],
				{ line: lineOf(el) },
				near
			);
		}
	}
	const fc = gpx(doc) as FeatureCollection;
	const sources = [...elements(doc, 'trk'), ...elements(doc, 'rte'), ...elements(doc, 'wpt')];
	const lines = sources.length === fc.features.length ? sources.map(lineOf) : [];
	return collect(fc.features, lines, near);
}

const KML_GEOMETRIES = ['Point', 'LineString', 'LinearRing', 'Polygon', 'MultiGeometry', 'Track'];

function importKML(text: string, near: Near | undefined): ImportedItem[] {
	const doc = parseXml(text, 'kml');
	for (const el of elements(doc, 'coordinates')) {
		const tuples = (el.textContent ?? '').trim().split(/\s+/).filter(Boolean);
		for (const t of tuples) {
			checkPosition(
				t.split(',').map((v) => (v.trim() === '' ? NaN : Number(v))),
				{ line: lineOf(el) },
				near
			);
		}
	}
	const fc = kml(doc) as FeatureCollection;
	const placemarks = elements(doc, 'Placemark').filter((p) =>
		Array.from(p.childNodes as unknown as ArrayLike<Node>).some((c) =>
			KML_GEOMETRIES.includes((c as Element).localName ?? '')
		)
	);
	const lines = placemarks.length === fc.features.length ? placemarks.map(lineOf) : [];
	return collect(fc.features, lines, near);
}

/**
 * Reads a patrol file: every feature becomes an item (lines → routes, polygons → areas, points →
 * stops; `name`, `bufferM`, `dwellMin` read from the feature's properties or extended data), or
 * nothing and the first problem found.
 */
export function importPatrolFile(
	text: string,
	format: PatrolFileFormat,
	opts: { near?: Near } = {}
): ImportResult {
	try {
		if (text.length > MAX_PATROL_FILE_BYTES) {
			fail('file.tooLarge', undefined, { max: MAX_PATROL_FILE_BYTES });
		}
		const items =
			format === 'geojson'
				? importGeoJSON(text, opts.near)
				: format === 'gpx'
					? importGPX(text, opts.near)
					: importKML(text, opts.near);
		return { ok: true, items };
	} catch (err) {
		if (err instanceof Problem) return { ok: false, problem: err.problem };
		throw err;
	}
}

// Export -----------------------------------------------------------------------------------------

export interface ExportPlan {
	name: string;
	items: {
		kind: PatrolItemKind;
		name: string | null;
		geometry: ImportedItem['geometry'];
		bufferM: number;
		dwellMin?: number | null;
		visits?: number | null;
	}[];
	shifts?: { days: number[]; start: string; end: string }[];
}

function planFeatures(plan: ExportPlan): FeatureCollection<ImportedItem['geometry']> {
	const schedule = (plan.shifts ?? [])
		.map((s) => `${s.days.join(',')} ${s.start}–${s.end}`)
		.join('; ');
	return {
		type: 'FeatureCollection',
		features: plan.items.map((it) => ({
			type: 'Feature',
			geometry: it.geometry,
			properties: {
				name: it.name ?? plan.name,
				kind: it.kind,
				bufferM: it.bufferM,
				...(it.kind === 'stop'
					? { dwellMin: it.dwellMin ?? PATROL_LIMITS.defaultDwellMin, visits: it.visits ?? 1 }
					: {}),
				plan: plan.name,
				...(schedule ? { schedule } : {})
			}
		}))
	};
}

/** The plan as a GeoJSON FeatureCollection (properties: name, kind, bufferM, dwellMin, …). */
export function exportGeoJSON(plan: ExportPlan): string {
	return JSON.stringify(planFeatures(plan));
}

/** The plan as KML: one Placemark per item, its properties as ExtendedData. */
export function exportKML(plan: ExportPlan): string {
	return toKML(planFeatures(plan));
}

/**
 * The plan as GPX 1.1: routes as tracks, stops as waypoints; GPX has no polygons, so an area's
 * boundary rings become closed tracks.
 */
export function exportGPX(plan: ExportPlan): string {
	const fc = planFeatures(plan);
	const asLines: Feature[] = fc.features.map((f) => {
		const g = f.geometry;
		if (g.type === 'Polygon')
			return { ...f, geometry: { type: 'MultiLineString', coordinates: g.coordinates } };
		if (g.type === 'MultiPolygon') {
			return { ...f, geometry: { type: 'MultiLineString', coordinates: g.coordinates.flat() } };
		}
		return f;
	});
	const doc = GeoJsonToGpx(
		{ type: 'FeatureCollection', features: asLines },
		{ creator: 'anninh-map', metadata: { name: plan.name } },
		new DOMImplementation() as unknown as globalThis.DOMImplementation
	);
	const serializer = new XMLSerializer();
	return serializer.serializeToString(
		doc as unknown as Parameters<typeof serializer.serializeToString>[0]
	);
}
