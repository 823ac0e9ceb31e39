import { describe, expect, it } from 'vitest';
import {
	detectFormat,
	exportGeoJSON,
	exportGPX,
	exportKML,
	fileProblemText,
	importPatrolFile,
	type ExportPlan,
	type Near
} from '../../src/lib/geo/patrol-files';

/** Roughly the demo zone (DOMAIN.md's old An Dương outline). */
const NEAR: Near = [106.527, 20.817, 106.665, 20.951];

const PLAN: ExportPlan = {
	name: 'Kế hoạch tuần tra đêm',
	items: [
		{
			kind: 'route',
			name: 'Tuyến QL10',
			geometry: {
				type: 'LineString',
				coordinates: [
					[106.5958, 20.8838],
					[106.582, 20.8745],
					[106.5645, 20.8575]
				]
			},
			bufferM: 150
		},
		{
			kind: 'area',
			name: 'Khu nhà trọ',
			geometry: {
				type: 'Polygon',
				coordinates: [
					[
						[106.5595, 20.8785],
						[106.5675, 20.8785],
						[106.5675, 20.8835],
						[106.5595, 20.8835],
						[106.5595, 20.8785]
					]
				]
			},
			bufferM: 50
		},
		{
			kind: 'stop',
			name: 'Cổng chính KCN',
			geometry: { type: 'Point', coordinates: [106.5686, 20.8655] },
			bufferM: 100,
			dwellMin: 15,
			visits: 2
		}
	],
	shifts: [{ days: [6], start: '22:00', end: '06:00' }]
};

function problemOf(text: string, format: 'geojson' | 'gpx' | 'kml') {
	const r = importPatrolFile(text, format, { near: NEAR });
	if (r.ok) throw new Error(`imported ${r.items.length} items`);
	return {
		...r.problem,
		en: fileProblemText('en', r.problem),
		vi: fileProblemText('vi', r.problem)
	};
}

const kmlDoc = (placemarks: string) =>
	`<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n${placemarks}\n</Document>\n</kml>`;

describe('patrol files: export and import again', () => {
	it('a plan exported as GeoJSON reads back as the same items', () => {
		const r = importPatrolFile(exportGeoJSON(PLAN), 'geojson', { near: NEAR });
		expect(r.ok && r.items).toEqual([
			{ kind: 'route', name: 'Tuyến QL10', geometry: PLAN.items[0]!.geometry, bufferM: 150 },
			{ kind: 'area', name: 'Khu nhà trọ', geometry: PLAN.items[1]!.geometry, bufferM: 50 },
			{
				kind: 'stop',
				name: 'Cổng chính KCN',
				geometry: PLAN.items[2]!.geometry,
				bufferM: 100,
				dwellMin: 15
			}
		]);
	});

	it('a plan exported as KML reads back with its geometries, names and attributes', () => {
		const text = exportKML(PLAN);
		expect(text).toContain('<kml');
		expect(detectFormat('plan.kml', text)).toBe('kml');
		const r = importPatrolFile(text, 'kml', { near: NEAR });
		expect(r.ok && r.items.map((i) => [i.kind, i.name, i.geometry, i.bufferM])).toEqual(
			PLAN.items.map((i) => [i.kind, i.name, i.geometry, i.bufferM])
		);
	});

	it('a plan exported as GPX reads back with routes as tracks and stops as waypoints; an area as its closed boundary', () => {
		const text = exportGPX(PLAN);
		expect(text).toContain('<gpx');
		expect(detectFormat('export', text)).toBe('gpx');
		const r = importPatrolFile(text, 'gpx', { near: NEAR });
		if (!r.ok) throw new Error(fileProblemText('en', r.problem));
		const byName = Object.fromEntries(r.items.map((i) => [i.name, i]));
		expect(byName['Tuyến QL10']!.geometry).toEqual(PLAN.items[0]!.geometry);
		expect(byName['Cổng chính KCN']!).toMatchObject({
			kind: 'stop',
			geometry: PLAN.items[2]!.geometry
		});
		const ring = (PLAN.items[1]!.geometry as { coordinates: number[][][] }).coordinates[0];
		expect(byName['Khu nhà trọ']!.geometry).toEqual({ type: 'LineString', coordinates: ring });
	});
});

describe('patrol files: a broken file imports nothing and says what and where', () => {
	it('bad XML names the line', () => {
		const p = problemOf(
			kmlDoc(
				'<Placemark>\n<name>a</name>\n<LineString><coordinates>106.56,20.86 106.57,20.87</coordinates>\n</Placemark>'
			),
			'kml'
		);
		// xmldom locates it at the element left open.
		expect(p.key).toBe('file.xml');
		expect(p.where?.line).toBe(6);
		expect(p.en).toMatch(/not a valid XML file: .*mismatch.*\(line 6\)/);
		expect(p.vi).toMatch(/dòng 6/);
		expect(problemOf('<gpx><wpt lat="20.8" lon="106.5"></gpx>', 'gpx').key).toBe('file.xml');
		expect(problemOf('plain text', 'kml').key).toBe('file.xml');
	});

	it('a file of another kind is refused by its root element', () => {
		const p = problemOf('<?xml version="1.0"?>\n<svg></svg>', 'gpx');
		expect(p.en).toMatch(/root element is <svg>, not <gpx>/);
	});

	it('bad JSON names the line', () => {
		const p = problemOf(
			'{\n  "type": "FeatureCollection",\n  "features": [\n    {"type": "Feature",,}\n  ]\n}',
			'geojson'
		);
		expect(p.key).toBe('file.json');
		expect(p.where?.line).toBe(4);
	});

	it('a wrong geometry type names the feature and its line', () => {
		const text = JSON.stringify(
			{
				type: 'FeatureCollection',
				features: [
					{
						type: 'Feature',
						properties: {},
						geometry: { type: 'Point', coordinates: [106.56, 20.86] }
					},
					{
						type: 'Feature',
						properties: {},
						geometry: { type: 'GeometryCollection', geometries: [] }
					}
				]
			},
			null,
			2
		);
		const p = problemOf(text, 'geojson');
		expect(p.key).toBe('file.geometryType');
		expect(p.where).toEqual({ feature: 2, line: 16 });
		expect(p.en).toBe(
			'a GeometryCollection cannot be used: only lines, polygons or points (feature 2, line 16)'
		);
	});

	it('a self-intersecting polygon is refused with where it crosses itself', () => {
		const bowtie =
			kmlDoc(`<Placemark><name>Nơ</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
106.56,20.86 106.57,20.87 106.57,20.86 106.56,20.87 106.56,20.86
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`);
		const p = problemOf(bowtie, 'kml');
		expect(p.key).toBe('file.selfIntersection');
		expect(p.where?.feature).toBe(1);
		expect(p.params?.at).toBe('106.565, 20.865');
	});

	it('coordinates out of range are refused with the line of the point', () => {
		const p = problemOf(
			'<?xml version="1.0"?>\n<gpx version="1.1" creator="t">\n<wpt lat="20.86" lon="106.56"/>\n<wpt lat="20.86" lon="206.56"/>\n</gpx>',
			'gpx'
		);
		expect(p.key).toBe('file.range');
		expect(p.where?.line).toBe(4);
	});

	it('latitude written before longitude is recognised as swapped', () => {
		const geojson = JSON.stringify({
			type: 'Feature',
			properties: {},
			geometry: {
				type: 'LineString',
				coordinates: [
					[20.86, 106.56],
					[20.87, 106.57]
				]
			}
		});
		expect(problemOf(geojson, 'geojson')).toMatchObject({
			key: 'file.swapped',
			where: { feature: 1 }
		});
		// In range both ways: swapped only when the swap lies near the zone (far points are the
		// database's to refuse, naming the item).
		const far = kmlDoc(
			'<Placemark><Point><coordinates>20.86,86.56</coordinates></Point></Placemark>'
		);
		expect(importPatrolFile(far, 'kml', { near: NEAR }).ok).toBe(true);
		const q = problemOf(
			kmlDoc('<Placemark><Point><coordinates>20.86,106.56</coordinates></Point></Placemark>'),
			'kml'
		);
		expect(q.key).toBe('file.swapped');
		expect(q.en).toMatch(/look swapped: longitude comes first/);
	});

	it('an attribute out of range names itself', () => {
		const geojson = JSON.stringify({
			type: 'Feature',
			properties: { bufferM: 5000 },
			geometry: { type: 'Point', coordinates: [106.56, 20.86] }
		});
		expect(problemOf(geojson, 'geojson')).toMatchObject({
			key: 'file.attribute',
			params: { name: 'bufferM' }
		});
	});

	it('a file without any feature, or not GeoJSON at all, is refused', () => {
		expect(problemOf('{"type":"FeatureCollection","features":[]}', 'geojson').key).toBe(
			'file.empty'
		);
		expect(problemOf('{"type":"Topology"}', 'geojson').key).toBe('file.notGeoJson');
	});
});
