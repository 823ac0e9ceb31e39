/**
 * The planner's drawing: terra-draw over MapLibre (its adapter), not a home-made editor. Routes
 * are linestrings, areas polygons, stops points; each feature carries its item's buffer radius
 * and a stop its dwell minutes. Select mode moves features and edits vertices; snapping to
 * existing vertices and lines; undo/redo for the session (Ctrl+Z / Ctrl+Y). Loaded with the map.
 */
import type { Map as MaplibreMap } from 'maplibre-gl';
import {
	TerraDraw,
	TerraDrawLineStringMode,
	TerraDrawPointMode,
	TerraDrawPolygonMode,
	TerraDrawSelectMode,
	TerraDrawSessionUndoRedo,
	TerraDrawUndoRedoKeyboardShortcuts,
	type GeoJSONStoreFeatures
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { LineString, Point, Polygon } from 'geojson';

export type DrawMode = 'linestring' | 'polygon' | 'point' | 'select';

export interface DrawnItem {
	id: string;
	kind: 'route' | 'area' | 'stop';
	name: string | null;
	geometry: LineString | Polygon | Point;
	bufferM: number;
	dwellMin?: number;
}

export interface PlanDrawing {
	setMode(mode: DrawMode): void;
	mode(): string;
	items(): DrawnItem[];
	load(items: readonly DrawnItem[]): void;
	addStop(lon: number, lat: number): void;
	/** The buffer and dwell given to features drawn from now on (and to the selected one). */
	setDefaults(bufferM: number, dwellMin: number): void;
	selected(): string | null;
	deleteSelected(): boolean;
	undo(): void;
	redo(): void;
	stop(): void;
}

const KIND = { linestring: 'route', polygon: 'area', point: 'stop' } as const;
const MODE = { route: 'linestring', area: 'polygon', stop: 'point' } as const;

const editable = {
	feature: {
		draggable: true,
		coordinates: { midpoints: true, draggable: true, deletable: true, snappable: true }
	}
};

export function startDrawing(map: MaplibreMap, onchange: () => void): PlanDrawing {
	let bufferM = 150;
	let dwellMin = 15;
	let selectedId: string | null = null;
	const draw = new TerraDraw({
		adapter: new TerraDrawMapLibreGLAdapter({ map }),
		modes: [
			new TerraDrawLineStringMode({ snapping: { toCoordinate: true, toLine: true } }),
			new TerraDrawPolygonMode({ snapping: { toCoordinate: true, toLine: true } }),
			new TerraDrawPointMode(),
			new TerraDrawSelectMode({
				flags: { linestring: editable, polygon: editable, point: { feature: { draggable: true } } }
			})
		],
		undoRedo: {
			sessionLevel: new TerraDrawSessionUndoRedo(),
			keyboardShortcuts: new TerraDrawUndoRedoKeyboardShortcuts()
		}
	});
	draw.start();
	draw.setMode('linestring');

	// A feature just drawn gets the current buffer (and dwell, for a stop).
	draw.on('finish', (id, context) => {
		if (context.action !== 'draw') {
			onchange();
			return;
		}
		const f = draw.getSnapshotFeature(id);
		if (!f) return;
		draw.updateFeatureProperties(id, {
			bufferM,
			...(f.properties.mode === 'point' ? { dwellMin } : {})
		});
		onchange();
	});
	draw.on('change', (_ids, type) => {
		if (type === 'delete') onchange();
	});
	draw.on('select', (id) => {
		selectedId = String(id);
		onchange();
	});
	draw.on('deselect', () => {
		selectedId = null;
		onchange();
	});

	const toItem = (f: GeoJSONStoreFeatures): DrawnItem | null => {
		const kind = KIND[f.properties.mode as keyof typeof KIND];
		if (!kind) return null;
		const p = f.properties as Record<string, unknown>;
		return {
			id: String(f.id),
			kind,
			name: typeof p.name === 'string' ? p.name : null,
			geometry: f.geometry as DrawnItem['geometry'],
			bufferM: typeof p.bufferM === 'number' ? p.bufferM : bufferM,
			...(kind === 'stop' ? { dwellMin: typeof p.dwellMin === 'number' ? p.dwellMin : 15 } : {})
		};
	};

	return {
		setMode: (mode) => draw.setMode(mode),
		mode: () => draw.getMode(),
		items: () =>
			draw
				.getSnapshot()
				// A line or polygon still being drawn is not an item yet.
				.filter((f) => !f.properties.currentlyDrawing)
				.map(toItem)
				.filter((i): i is DrawnItem => i !== null),
		load(items) {
			draw.clear();
			const result = draw.addFeatures(
				items.map((it) => ({
					type: 'Feature' as const,
					id: it.id,
					geometry: it.geometry,
					properties: {
						mode: MODE[it.kind],
						bufferM: it.bufferM,
						...(it.name ? { name: it.name } : {}),
						...(it.dwellMin !== undefined ? { dwellMin: it.dwellMin } : {})
					}
				}))
			);
			const refused = result.filter((r) => !r.valid);
			if (refused.length) console.warn('terra-draw refused features', refused);
			onchange();
		},
		addStop(lon, lat) {
			draw.addFeatures([
				{
					type: 'Feature',
					id: crypto.randomUUID(),
					geometry: { type: 'Point', coordinates: [lon, lat] },
					properties: { mode: 'point', bufferM, dwellMin }
				}
			]);
			onchange();
		},
		setDefaults(b, d) {
			bufferM = b;
			dwellMin = d;
			if (selectedId && draw.hasFeature(selectedId)) {
				const f = draw.getSnapshotFeature(selectedId);
				draw.updateFeatureProperties(selectedId, {
					bufferM: b,
					...(f?.properties.mode === 'point' ? { dwellMin: d } : {})
				});
				onchange();
			}
		},
		selected: () => selectedId,
		deleteSelected() {
			if (!selectedId || !draw.hasFeature(selectedId)) return false;
			draw.removeFeatures([selectedId]);
			selectedId = null;
			onchange();
			return true;
		},
		undo: () => {
			draw.undo();
			onchange();
		},
		redo: () => {
			draw.redo();
			onchange();
		},
		stop: () => draw.stop()
	};
}
