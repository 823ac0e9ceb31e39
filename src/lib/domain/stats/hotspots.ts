/**
 * The classes hot-spot answers carry (supabase/migrations/20261130000720_hotspots.sql), in the
 * order a legend lists them. Codes are the API's; names are what a person reads.
 */

/** Gi* classes after the Benjamini–Hochberg correction, hottest first (ArcGIS's Gi_Bin 3 … −3). */
export const HOTSPOT_CLASSES = [
	'hot-99',
	'hot-95',
	'hot-90',
	'none',
	'cold-90',
	'cold-95',
	'cold-99'
] as const;
export type HotspotClass = (typeof HOTSPOT_CLASSES)[number];

export const HOTSPOT_CLASS_NAMES: Record<HotspotClass, { vi: string; en: string }> = {
	'hot-99': { vi: 'Điểm nóng, tin cậy 99%', en: 'Hot spot, 99% confidence' },
	'hot-95': { vi: 'Điểm nóng, tin cậy 95%', en: 'Hot spot, 95% confidence' },
	'hot-90': { vi: 'Điểm nóng, tin cậy 90%', en: 'Hot spot, 90% confidence' },
	none: { vi: 'Không có ý nghĩa thống kê', en: 'Not significant' },
	'cold-90': { vi: 'Điểm lạnh, tin cậy 90%', en: 'Cold spot, 90% confidence' },
	'cold-95': { vi: 'Điểm lạnh, tin cậy 95%', en: 'Cold spot, 95% confidence' },
	'cold-99': { vi: 'Điểm lạnh, tin cậy 99%', en: 'Cold spot, 99% confidence' }
};

/** Emerging hot-spot patterns (ESRI's eight hot and eight cold, and none), legend order. */
export const EMERGING_PATTERNS = [
	'new-hot',
	'consecutive-hot',
	'intensifying-hot',
	'persistent-hot',
	'diminishing-hot',
	'sporadic-hot',
	'oscillating-hot',
	'historical-hot',
	'new-cold',
	'consecutive-cold',
	'intensifying-cold',
	'persistent-cold',
	'diminishing-cold',
	'sporadic-cold',
	'oscillating-cold',
	'historical-cold',
	'no-pattern'
] as const;
export type EmergingPattern = (typeof EMERGING_PATTERNS)[number];

const KIND_NAMES = {
	new: { vi: 'mới', en: 'New' },
	consecutive: { vi: 'liên tiếp', en: 'Consecutive' },
	intensifying: { vi: 'tăng cường', en: 'Intensifying' },
	persistent: { vi: 'dai dẳng', en: 'Persistent' },
	diminishing: { vi: 'suy giảm', en: 'Diminishing' },
	sporadic: { vi: 'lẻ tẻ', en: 'Sporadic' },
	oscillating: { vi: 'dao động', en: 'Oscillating' },
	historical: { vi: 'trước đây', en: 'Historical' }
} as const;

/** "Điểm nóng mới" / "New hot spot", … */
export function emergingPatternName(p: EmergingPattern): { vi: string; en: string } {
	if (p === 'no-pattern') return { vi: 'Không có xu hướng', en: 'No pattern detected' };
	const [kind, family] = p.split('-') as [keyof typeof KIND_NAMES, 'hot' | 'cold'];
	const name = KIND_NAMES[kind];
	return family === 'hot'
		? { vi: `Điểm nóng ${name.vi}`, en: `${name.en} hot spot` }
		: { vi: `Điểm lạnh ${name.vi}`, en: `${name.en} cold spot` };
}
