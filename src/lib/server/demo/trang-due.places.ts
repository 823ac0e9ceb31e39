import type { Position } from '$lib/geo/geometry';

/**
 * Places of the Tràng Duệ demo (all estimates unless noted). Incidents concentrate at a few of
 * them, as real crime does ("up to 50% of crime at under 5% of places", DOMAIN.md).
 */
export interface Hotspot {
	name: string;
	at: Position;
	/** Spread of incidents around the place, metres (1 σ). */
	sigmaM: number;
	weight: number;
	kind: 'gate' | 'dormitory' | 'crossing' | 'market' | 'nightlife';
}

export const HOTSPOTS: readonly Hotspot[] = [
	{
		name: 'Cổng chính KCN (mặt QL10)',
		at: [106.5686, 20.8655],
		sigmaM: 45,
		weight: 16,
		kind: 'gate'
	},
	{ name: 'Cổng phía Bắc KCN', at: [106.562, 20.8765], sigmaM: 40, weight: 8, kind: 'gate' },
	{
		name: 'Khu nhà trọ công nhân Hồng Phong',
		at: [106.5645, 20.8805],
		sigmaM: 60,
		weight: 15,
		kind: 'dormitory'
	},
	{
		name: 'Khu nhà trọ phía Tây',
		at: [106.5575, 20.8815],
		sigmaM: 55,
		weight: 10,
		kind: 'dormitory'
	},
	{ name: 'Khu nhà trọ Lê Lợi', at: [106.588, 20.862], sigmaM: 55, weight: 9, kind: 'dormitory' },
	{
		name: 'Nút giao QL10 – đường vào KCN',
		at: [106.5755, 20.8695],
		sigmaM: 40,
		weight: 9,
		kind: 'crossing'
	},
	{ name: 'QL10 gần Quán Toan', at: [106.597, 20.8845], sigmaM: 50, weight: 7, kind: 'crossing' },
	{ name: 'Chợ An Hòa', at: [106.546, 20.885], sigmaM: 45, weight: 6, kind: 'market' },
	{ name: 'Chợ Bắc Sơn', at: [106.5872, 20.8758], sigmaM: 40, weight: 6, kind: 'market' },
	{
		name: 'Dãy quán karaoke ven QL10',
		at: [106.582, 20.8742],
		sigmaM: 45,
		weight: 8,
		kind: 'nightlife'
	}
];

/** Village centres used for the spread-out share of incidents and for residential teams. */
export const SETTLEMENTS: readonly { name: string; at: Position; unit: string }[] = [
	{ name: 'An Hòa', at: [106.545, 20.885], unit: '11590' },
	{ name: 'Bắc Sơn', at: [106.58722, 20.87583], unit: '11605' }, // sourced centre
	{ name: 'Lê Lợi', at: [106.595, 20.86], unit: '11611' },
	{ name: 'Hồng Phong', at: [106.565, 20.88], unit: '11593' },
	{ name: 'Thôn phía Bắc Hồng Phong', at: [106.572, 20.889], unit: '11593' },
	{ name: 'Thôn phía Nam Lê Lợi', at: [106.6, 20.856], unit: '11611' }
];

/** QL10 through the zone (DOMAIN.md demo polyline, lon/lat) and its kilometre posts. */
export const QL10_LINE: readonly Position[] = [
	[106.612, 20.918],
	[106.603, 20.888],
	[106.57, 20.866],
	[106.56, 20.85]
];
export const QL10_KM_START = 20.4;
export const QL10_KM_END = 30.968;

/** Accident clusters on QL10 by chainage (km): the park frontage and the Quán Toan junction. */
export const ACCIDENT_CLUSTERS: readonly { km: number; sigmaKm: number; weight: number }[] = [
	{ km: 28.72, sigmaKm: 0.25, weight: 40 },
	{ km: 24.2, sigmaKm: 0.3, weight: 25 }
];

/**
 * Yearly accident totals on the zone's stretch of QL10 for full years, falling on all three
 * criteria as the model reports (accidents, deaths, injured). Years after the last listed one
 * keep falling by the same ratio; the current year is scaled to the days elapsed.
 */
export const ACCIDENT_TARGETS: Record<
	number,
	{ accidents: number; deaths: number; injuries: number }
> = {
	2023: { accidents: 44, deaths: 16, injuries: 39 },
	2024: { accidents: 38, deaths: 14, injuries: 34 },
	2025: { accidents: 33, deaths: 12, injuries: 29 }
};
