import type { LayerSpec } from '../layer-spec';
import UnitsLegend from './UnitsLegend.svelte';

/**
 * The zone, its administrative units, parks and roads. MapLibre's basemap draws them (and their
 * names, MapLabels.svelte) from the zone's data (ZoneView), not deck.gl: this entry only shows,
 * hides and fades the units' basemap layers.
 */
export const spec: LayerSpec = {
	key: 'units',
	order: 70,
	title: 'layer.units',
	defaultOn: true,
	defaultOpacity: 1,
	sources: [],
	Legend: UnitsLegend,
	basemap: {
		layers: [
			{ id: 'basemap-units-fill', paint: 'fill-opacity', full: 0.8 },
			{ id: 'basemap-units-line', paint: 'line-opacity', full: 1 }
		],
		hiddenClass: 'units-hidden'
	}
};
