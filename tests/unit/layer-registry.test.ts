import { describe, expect, it } from 'vitest';
import { blackSpotPaths } from '../../src/lib/map/layers/accidents/black-spots.layer';
import { roadKmPosts } from '../../src/lib/map/layers/accidents/road-km.layer';
import { LAYER_DRAWS } from '../../src/lib/map/layers/draws';
import { overdueSites } from '../../src/lib/map/layers/fire-sites/fire-sites.layer';
import { patrolParts } from '../../src/lib/map/layers/patrols/patrols.layer';
import { LAYER_KEYS, MAP_LAYERS } from '../../src/lib/map/layers/registry';
import { CONTRACTS } from '../../src/lib/server/contracts';
import { openApiDocument } from '../../src/lib/server/openapi';
import { DEFAULT_LAYERS, LAYER_NAMES } from '../../src/lib/state/map-url';

describe('the map layer registry', () => {
	it('finds the layer folders, in panel order, under the URL keys shared links hold', () => {
		const shared = ['incidents', 'heatmap', 'accidents', 'fire', 'teams', 'patrols', 'units'];
		expect(LAYER_KEYS.filter((k) => shared.includes(k))).toEqual(shared);
		expect(new Set(LAYER_KEYS).size).toBe(LAYER_KEYS.length);
		expect(new Set(MAP_LAYERS.map((s) => s.order)).size).toBe(MAP_LAYERS.length);
	});

	it('gives the URL its layer names and defaults', () => {
		expect(LAYER_NAMES).toEqual(LAYER_KEYS);
		expect(DEFAULT_LAYERS).toEqual(['incidents', 'accidents', 'units']);
	});

	it('draws every layer but the basemap’s through deck.gl, and nothing unregistered', () => {
		const drawn = new Set(LAYER_DRAWS.map((d) => d.key));
		for (const key of drawn) expect(LAYER_KEYS).toContain(key);
		for (const spec of MAP_LAYERS) expect(drawn.has(spec.key)).toBe(!spec.basemap);
	});

	it('stacks the draws in one order and routes each picked deck.gl layer to one draw', () => {
		const z = LAYER_DRAWS.map((d) => d.z);
		expect(z).toEqual([...z].sort((a, b) => a - b));
		expect(new Set(z).size).toBe(z.length);
		const ids = LAYER_DRAWS.flatMap((d) => d.ids);
		expect(new Set(ids).size).toBe(ids.length);
		for (const d of LAYER_DRAWS)
			if (d.tooltip || d.selects) expect(d.ids.length).toBeGreaterThan(0);
	});

	it('puts every layer endpoint in the OpenAPI document, from the contract in its folder', () => {
		const layerContracts = Object.values(
			import.meta.glob<Record<string, unknown>>('../../src/lib/map/layers/*/*.contract.ts', {
				eager: true
			})
		).flatMap((m) => Object.values(m));
		const doc = openApiDocument();
		const ofLayers = CONTRACTS.filter((c) => layerContracts.includes(c.contract));
		expect(ofLayers.map((c) => c.contract.path)).toEqual(
			expect.arrayContaining([
				'/api/accidents',
				'/api/accidents/black-spots',
				'/api/fire-sites',
				'/api/incidents/hexbins',
				'/api/patrol-routes',
				'/api/teams'
			])
		);
		for (const { name, contract } of ofLayers) {
			const paths = doc.paths as Record<string, Record<string, { operationId?: string }>>;
			expect(paths[contract.path]?.get?.operationId).toBe(name);
		}
	});

	it('keeps derived layer data the same object while its source is, so deck.gl uploads nothing again', () => {
		const routes = [
			{
				type: 'Feature' as const,
				geometry: {
					type: 'LineString' as const,
					coordinates: [
						[106.56, 20.86],
						[106.57, 20.87]
					]
				},
				properties: { id: 1, name: 'A', bufferM: 50, coverage: null }
			}
		];
		expect(patrolParts(routes)).toBe(patrolParts(routes));
		expect(patrolParts(routes)).not.toBe(patrolParts([...routes]));
		const spots: Parameters<typeof blackSpotPaths>[0] = [];
		expect(blackSpotPaths(spots)).toBe(blackSpotPaths(spots));
		const sites: Parameters<typeof overdueSites>[0] = [];
		expect(overdueSites(sites)).toBe(overdueSites(sites));
		const roads = { type: 'FeatureCollection' as const, features: [] };
		expect(roadKmPosts(roads)).toBe(roadKmPosts(roads));
	});
});
