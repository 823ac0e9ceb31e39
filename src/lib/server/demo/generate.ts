import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { distance } from '@turf/distance';
import { CATEGORY_CODES, type CategoryCode, type IncidentSource } from '$lib/domain/categories';
import {
	bboxOf,
	circleRing,
	offsetM,
	type MultiPolygonCoords,
	type Position
} from '$lib/geo/geometry';
import { CumulativeSampler, Random } from './random';
import {
	ACCIDENT_CLUSTERS,
	ACCIDENT_TARGETS,
	HOTSPOTS,
	QL10_KM_END,
	QL10_KM_START,
	QL10_LINE,
	SETTLEMENTS,
	type Hotspot
} from './trang-due.places';

/** Everything the generator depends on: the same input gives the same dataset. */
export interface DemoInput {
	seed: number;
	/** The instant the data runs up to ("today"). */
	until: Date;
	/** First local day of data. */
	start: Date;
	zone: MultiPolygonCoords;
	park: MultiPolygonCoords;
}

export interface IncidentRow {
	category: CategoryCode;
	occurred_at: string;
	reported_at: string;
	lon: number;
	lat: number;
	severity: number;
	status: 'new' | 'handling' | 'resolved' | 'transferred';
	source: IncidentSource;
	description: string;
}

export interface AccidentRow {
	occurred_at: string;
	lon: number;
	lat: number;
	deaths: number;
	injuries: number;
	severity_class: number;
	vehicles: string[];
	description: string;
}

export interface FireSiteRow {
	facility: string;
	address: string;
	lon: number;
	lat: number;
	fire_class: 'fire_managed' | 'explosion_risk' | 'police_managed' | 'commune_managed';
	annex: string;
	managing_level: 'pc07' | 'district_police' | 'commune_police';
	height_m: number;
	floors: number;
	area_m2: number;
	occupants: number;
	plan_approved_on: string;
	last_inspected_on: string;
	open_violations: number;
}

export interface TeamRow {
	name: string;
	kind: 'company' | 'residential' | 'statutory';
	members: number;
	geometry:
		{ type: 'Point'; coordinates: Position } | { type: 'Polygon'; coordinates: Position[][] };
	established_on: string;
}

export interface RouteRow {
	name: string;
	geometry: { type: 'LineString' | 'Polygon'; coordinates: Position[] | Position[][] };
	buffer_m: number;
	schedule: { days: number[]; start: string; end: string }[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const VN_OFFSET_MS = 7 * HOUR_MS;

/** Local (UTC+7) calendar day number → the UTC instant of its local midnight. */
function localMidnightUtc(date: Date): number {
	const local = new Date(date.getTime() + VN_OFFSET_MS);
	return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - VN_OFFSET_MS;
}

function localParts(utcMs: number) {
	const d = new Date(utcMs + VN_OFFSET_MS);
	return {
		year: d.getUTCFullYear(),
		month: d.getUTCMonth(),
		day: d.getUTCDate(),
		weekday: d.getUTCDay()
	};
}

function isoDate(utcMs: number): string {
	return new Date(utcMs + VN_OFFSET_MS).toISOString().slice(0, 10);
}

// Theft is the most common category by far; violent crimes are rare.
const CATEGORY_WEIGHTS: readonly (readonly [CategoryCode, number])[] = [
	['theft', 42],
	['snatching', 9],
	['fraud', 9],
	['assault', 9],
	['public_disorder', 8],
	['gambling', 6],
	['drugs', 6],
	['property_damage', 3.5],
	['robbery', 2],
	['extortion', 1.5],
	['open_appropriation', 1.5],
	['organising_gambling', 1],
	['unlawful_detention', 0.5],
	['murder', 0.2],
	['kidnap_ransom', 0.1]
];
if (CATEGORY_WEIGHTS.length !== CATEGORY_CODES.length)
	throw new Error('category weights out of step');

const SEVERITY: Record<CategoryCode, readonly (readonly [number, number])[]> = {
	murder: [[4, 1]],
	kidnap_ransom: [[4, 1]],
	robbery: [
		[3, 3],
		[4, 1],
		[2, 1]
	],
	unlawful_detention: [
		[2, 2],
		[3, 1]
	],
	drugs: [
		[2, 2],
		[3, 2],
		[4, 1]
	],
	assault: [
		[1, 3],
		[2, 2],
		[3, 1]
	],
	organising_gambling: [
		[2, 2],
		[3, 1]
	],
	extortion: [
		[2, 2],
		[3, 1]
	],
	snatching: [
		[1, 2],
		[2, 2]
	],
	theft: [
		[1, 9],
		[2, 1]
	],
	fraud: [
		[1, 3],
		[2, 2],
		[3, 1]
	],
	open_appropriation: [
		[1, 3],
		[2, 1]
	],
	property_damage: [
		[1, 3],
		[2, 1]
	],
	public_disorder: [
		[1, 4],
		[2, 1]
	],
	gambling: [
		[1, 3],
		[2, 1]
	]
};

const DESCRIPTIONS: Partial<Record<CategoryCode, readonly string[]>> = {
	theft: [
		'Mất trộm xe máy tại khu nhà trọ',
		'Mất trộm điện thoại di động',
		'Trộm cắp tài sản tại kho hàng doanh nghiệp',
		'Mất trộm xe đạp điện tại bãi gửi xe'
	],
	snatching: ['Cướp giật điện thoại của người đi đường', 'Cướp giật túi xách của công nhân tan ca'],
	fraud: ['Lừa đảo qua mạng, giả danh tuyển dụng', 'Lừa đảo vay tiền qua ứng dụng'],
	assault: ['Xô xát giữa công nhân sau giờ tan ca', 'Đánh nhau gây thương tích tại quán ăn'],
	public_disorder: ['Tụ tập gây rối trước cổng KCN', 'Gây rối tại quán karaoke'],
	gambling: ['Đánh bạc tại khu nhà trọ', 'Đánh bạc qua mạng'],
	drugs: ['Tàng trữ trái phép chất ma túy', 'Sử dụng trái phép chất ma túy tại quán karaoke'],
	robbery: ['Cướp tài sản vào ban đêm trên đường vắng']
};

const SOURCES_BY_KIND: Record<
	Hotspot['kind'] | 'park' | 'village' | 'spread',
	readonly (readonly [IncidentSource, number])[]
> = {
	gate: [
		['company_security', 4],
		['patrol', 3],
		['hotline', 2],
		['walk_in', 2]
	],
	dormitory: [
		['hotline', 3],
		['team', 3],
		['walk_in', 3],
		['mailbox', 1]
	],
	crossing: [
		['patrol', 4],
		['hotline', 3],
		['walk_in', 2]
	],
	market: [
		['walk_in', 4],
		['hotline', 2],
		['team', 2],
		['patrol', 1]
	],
	nightlife: [
		['patrol', 3],
		['hotline', 3],
		['walk_in', 2],
		['mailbox', 1]
	],
	park: [
		['company_security', 6],
		['walk_in', 2],
		['hotline', 1],
		['mailbox', 1]
	],
	village: [
		['walk_in', 3],
		['team', 3],
		['hotline', 2],
		['mailbox', 1]
	],
	spread: [
		['walk_in', 3],
		['hotline', 2],
		['patrol', 2],
		['mailbox', 1]
	]
};

// Hour-of-day profile (local time) outside the shift-change peaks.
const HOUR_WEIGHTS = [
	2, 1.5, 1, 1, 1, 1.5, 3, 3, 2, 2, 2, 2.5, 3, 3, 3, 3, 3.5, 4, 5, 6, 6, 5.5, 4, 3
];
// Three-shift factories change at 06:00, 14:00 and 22:00; office shifts end around 17:30.
const SHIFT_CHANGES_H = [6, 14, 22, 17.5];

function samplePointIn(rng: Random, area: MultiPolygonCoords): Position {
	const [minX, minY, maxX, maxY] = bboxOf(area);
	for (let i = 0; i < 1000; i++) {
		const p: Position = [minX + rng.float() * (maxX - minX), minY + rng.float() * (maxY - minY)];
		if (booleanPointInPolygon(p, { type: 'MultiPolygon', coordinates: area })) return p;
	}
	throw new Error('could not sample a point inside the area');
}

function round6(x: number): number {
	return Math.round(x * 1e6) / 1e6;
}

/** Per-day weights over the whole period: a falling trend, paydays and weekends. */
function daySampler(input: DemoInput) {
	const first = localMidnightUtc(input.start);
	const last = localMidnightUtc(input.until);
	const days = Math.floor((last - first) / DAY_MS) + 1;
	const w = new Float64Array(days);
	for (let i = 0; i < days; i++) {
		const { day, weekday } = localParts(first + i * DAY_MS);
		const trend = 1 - 0.28 * (i / Math.max(1, days - 1));
		// Wages are paid around the 5th–10th: more money in pockets, more theft and gambling.
		const payday = day >= 5 && day <= 10 ? 1.55 : 1;
		const weekend = weekday === 0 || weekday === 6 ? 1.15 : 1;
		w[i] = trend * payday * weekend;
	}
	return { first, sampler: new CumulativeSampler(w) };
}

function sampleMinuteOfDay(rng: Random): number {
	if (rng.float() < 0.35) {
		const h = rng.pick(SHIFT_CHANGES_H);
		const m = h * 60 + rng.normal() * 35;
		return ((Math.round(m) % 1440) + 1440) % 1440;
	}
	const hour = rng.weighted(HOUR_WEIGHTS.map((w, h) => [h, w] as const));
	return hour * 60 + rng.int(0, 59);
}

/** Incidents, one at a time (1,000,000 rows stream without building one huge array). */
export function* generateIncidents(input: DemoInput, count: number): Generator<IncidentRow> {
	const rng = new Random(input.seed);
	const { first, sampler } = daySampler(input);
	const untilMs = input.until.getTime();
	const hotspotPicks = HOTSPOTS.map((h) => [h, h.weight] as const);
	const zone = { type: 'MultiPolygon' as const, coordinates: input.zone };
	for (let n = 0; n < count; n++) {
		// Place: 55% at the hotspots, the rest inside the park, around villages or anywhere.
		let p: Position;
		let kind: keyof typeof SOURCES_BY_KIND;
		const r = rng.float();
		if (r < 0.55) {
			const h = rng.weighted(hotspotPicks);
			p = offsetM(h.at, rng.normal() * h.sigmaM, rng.normal() * h.sigmaM);
			kind = h.kind;
		} else if (r < 0.75) {
			p = samplePointIn(rng, input.park);
			kind = 'park';
		} else if (r < 0.9) {
			const s = rng.pick(SETTLEMENTS);
			p = offsetM(s.at, rng.normal() * 350, rng.normal() * 350);
			kind = 'village';
		} else {
			p = samplePointIn(rng, input.zone);
			kind = 'spread';
		}
		if (!booleanPointInPolygon(p, zone)) p = samplePointIn(rng, input.park);

		let occurred = first + sampler.sample(rng) * DAY_MS + sampleMinuteOfDay(rng) * 60_000;
		occurred += rng.int(0, 59) * 1000;
		if (occurred > untilMs) occurred = untilMs - rng.int(1, 600) * 60_000;
		const reported = Math.min(untilMs, occurred + Math.round(rng.exponential(3 * HOUR_MS)));
		const ageDays = (untilMs - occurred) / DAY_MS;
		const status: IncidentRow['status'] =
			ageDays < 2
				? rng.weighted([
						['new', 5],
						['handling', 5]
					] as const)
				: ageDays < 30
					? rng.weighted([
							['handling', 4],
							['resolved', 5],
							['transferred', 1]
						] as const)
					: rng.weighted([
							['resolved', 85],
							['transferred', 15]
						] as const);
		const category = rng.weighted(CATEGORY_WEIGHTS);
		const texts = DESCRIPTIONS[category];
		yield {
			category,
			occurred_at: new Date(occurred).toISOString(),
			reported_at: new Date(reported).toISOString(),
			lon: round6(p[0]),
			lat: round6(p[1]),
			severity: rng.weighted(SEVERITY[category]),
			status,
			source: rng.weighted(SOURCES_BY_KIND[kind]),
			description: `[Mô phỏng] ${texts ? rng.pick(texts) : 'Vụ việc mô phỏng'}`
		};
	}
}

/** Cumulative geodesic length along QL10, to turn a chainage into a position. */
function pointAtKm(km: number): Position {
	const seg: number[] = [];
	let total = 0;
	for (let i = 1; i < QL10_LINE.length; i++) {
		const d = distance(QL10_LINE[i - 1]!, QL10_LINE[i]!, { units: 'meters' });
		seg.push(d);
		total += d;
	}
	let along = ((km - QL10_KM_START) / (QL10_KM_END - QL10_KM_START)) * total;
	for (let i = 0; i < seg.length; i++) {
		const a = QL10_LINE[i]!;
		const b = QL10_LINE[i + 1]!;
		if (along <= seg[i]! || i === seg.length - 1) {
			const f = Math.max(0, Math.min(1, along / seg[i]!));
			return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
		}
		along -= seg[i]!;
	}
	return QL10_LINE[QL10_LINE.length - 1]!;
}

const VEHICLES = [
	'xe máy',
	'ô tô con',
	'xe tải',
	'xe container',
	'xe khách',
	'xe đạp',
	'người đi bộ'
];

function accidentClass(deaths: number, injuries: number): number {
	// Thông tư 26/2024/TT-BCA art. 5, simplified to the death and injured counts.
	if (deaths >= 3) return 1;
	if (deaths === 2) return 2;
	if (deaths === 1) return 3;
	if (injuries > 0) return 4;
	return 5;
}

/** Yearly targets: listed years, then keep falling; the current year scaled to days elapsed. */
export function accidentTargets(year: number, fractionOfYear: number) {
	const years = Object.keys(ACCIDENT_TARGETS).map(Number).sort();
	const lastYear = years[years.length - 1]!;
	let t = ACCIDENT_TARGETS[Math.min(year, lastYear)] ?? ACCIDENT_TARGETS[years[0]!]!;
	for (let y = lastYear; y < year; y++) {
		t = {
			accidents: Math.floor(t.accidents * 0.87),
			deaths: Math.floor(t.deaths * 0.87),
			injuries: Math.floor(t.injuries * 0.87)
		};
	}
	return {
		accidents: Math.round(t.accidents * fractionOfYear),
		deaths: Math.round(t.deaths * fractionOfYear),
		injuries: Math.round(t.injuries * fractionOfYear)
	};
}

/** QL10 accidents on the stretch inside the zone, with yearly totals falling on all criteria. */
export function generateAccidents(input: DemoInput): AccidentRow[] {
	const rng = new Random(input.seed ^ 0x5eed);
	const out: AccidentRow[] = [];
	const startMs = localMidnightUtc(input.start);
	const untilMs = input.until.getTime();
	const firstYear = localParts(startMs).year;
	const lastYear = localParts(untilMs).year;
	// Chainage range of QL10 inside the demo zone (Quán Toan junction → southern zone edge).
	const kmMin = 24.2;
	const kmMax = 30.6;
	for (let year = firstYear; year <= lastYear; year++) {
		const yStart = Math.max(startMs, Date.UTC(year, 0, 1) - VN_OFFSET_MS);
		const yEnd = Math.min(untilMs, Date.UTC(year + 1, 0, 1) - VN_OFFSET_MS);
		if (yEnd <= yStart) continue;
		const fraction = (yEnd - yStart) / (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1));
		const target = accidentTargets(year, fraction);
		const rows = Array.from({ length: target.accidents }, () => ({ deaths: 0, injuries: 0 }));
		if (rows.length === 0) continue;
		for (let d = 0; d < target.deaths; d++) {
			const fatal = rows.filter((r) => r.deaths > 0);
			const open = rows.filter((r) => r.deaths === 0);
			const into =
				fatal.length > 0 && (open.length === 0 || rng.float() < 0.12)
					? rng.pick(fatal)
					: rng.pick(open);
			into.deaths += 1;
		}
		for (let i = 0; i < target.injuries; i++) rng.pick(rows).injuries += 1;
		for (const r of rows) {
			const cluster = rng.float();
			let km: number;
			if (cluster < 0.4)
				km = ACCIDENT_CLUSTERS[0]!.km + rng.normal() * ACCIDENT_CLUSTERS[0]!.sigmaKm;
			else if (cluster < 0.65)
				km = ACCIDENT_CLUSTERS[1]!.km + rng.normal() * ACCIDENT_CLUSTERS[1]!.sigmaKm;
			else km = kmMin + rng.float() * (kmMax - kmMin);
			km = Math.max(kmMin, Math.min(kmMax, km));
			const onRoad = pointAtKm(km);
			const p = offsetM(onRoad, rng.normal() * 6, rng.normal() * 6);
			const occurred = yStart + rng.float() * (yEnd - yStart);
			const nVehicles = rng.int(1, 3);
			const vehicles = Array.from({ length: nVehicles }, () =>
				rng.weighted(VEHICLES.map((v, i) => [v, [6, 2, 3, 2, 1, 1, 1][i]!] as const))
			);
			out.push({
				occurred_at: new Date(Math.floor(occurred / 1000) * 1000).toISOString(),
				lon: round6(p[0]),
				lat: round6(p[1]),
				deaths: r.deaths,
				injuries: r.injuries,
				severity_class: accidentClass(r.deaths, r.injuries),
				vehicles,
				description: `[Mô phỏng] Va chạm giữa ${vehicles.join(' và ')}`
			});
		}
	}
	return out.sort((a, b) => a.occurred_at.localeCompare(b.occurred_at));
}

/** Fire/explosion-risk register: factories in the park plus petrol stations, markets, dorms. */
export function generateFireSites(input: DemoInput): FireSiteRow[] {
	const rng = new Random(input.seed ^ 0xf1e);
	const untilMs = input.until.getTime();
	const sites: FireSiteRow[] = [];
	const lastInspection = () => {
		// About a third are overdue (more than 12 months since the last inspection).
		const daysAgo = rng.float() < 0.3 ? rng.int(370, 600) : rng.int(10, 350);
		return isoDate(untilMs - daysAgo * DAY_MS);
	};
	const taken: Position[] = [];
	for (let i = 1; i <= 40; i++) {
		let p = samplePointIn(rng, input.park);
		for (let k = 0; k < 50 && taken.some((q) => distance(p, q, { units: 'meters' }) < 120); k++)
			p = samplePointIn(rng, input.park);
		taken.push(p);
		const cls = rng.weighted([
			['explosion_risk', 6],
			['fire_managed', 3],
			['police_managed', 1]
		] as const);
		sites.push({
			facility: `Nhà máy mô phỏng số ${String(i).padStart(2, '0')}`,
			address: `Lô ${String.fromCharCode(65 + (i % 8))}${i}, KCN Tràng Duệ`,
			lon: round6(p[0]),
			lat: round6(p[1]),
			fire_class: cls,
			annex:
				cls === 'explosion_risk'
					? 'Phụ lục II'
					: cls === 'fire_managed'
						? 'Phụ lục I'
						: 'Phụ lục III',
			managing_level: cls === 'police_managed' ? 'district_police' : 'pc07',
			height_m: rng.int(8, 30),
			floors: rng.int(1, 5),
			area_m2: rng.int(3, 60) * 500,
			occupants: rng.int(50, 3000),
			plan_approved_on: isoDate(untilMs - rng.int(400, 3000) * DAY_MS),
			last_inspected_on: lastInspection(),
			open_violations: rng.weighted([
				[0, 6],
				[1, 2],
				[2, 1],
				[3, 0.5]
			] as const)
		});
	}
	const outside: {
		name: string;
		at: Position;
		cls: FireSiteRow['fire_class'];
		level: FireSiteRow['managing_level'];
	}[] = [
		{
			name: 'Cửa hàng xăng dầu mô phỏng QL10-1',
			at: [106.5778, 20.8712],
			cls: 'explosion_risk',
			level: 'pc07'
		},
		{
			name: 'Cửa hàng xăng dầu mô phỏng QL10-2',
			at: [106.5935, 20.8818],
			cls: 'explosion_risk',
			level: 'pc07'
		},
		{
			name: 'Cửa hàng xăng dầu mô phỏng QL10-3',
			at: [106.5648, 20.8572],
			cls: 'explosion_risk',
			level: 'pc07'
		},
		{
			name: 'Chợ An Hòa (mô phỏng)',
			at: [106.5463, 20.8853],
			cls: 'police_managed',
			level: 'district_police'
		},
		{
			name: 'Chợ Bắc Sơn (mô phỏng)',
			at: [106.5875, 20.876],
			cls: 'police_managed',
			level: 'district_police'
		},
		{
			name: 'Khu nhà trọ tập trung Hồng Phong (mô phỏng)',
			at: [106.5648, 20.8808],
			cls: 'commune_managed',
			level: 'commune_police'
		},
		{
			name: 'Khu nhà trọ tập trung Lê Lợi (mô phỏng)',
			at: [106.5882, 20.8617],
			cls: 'commune_managed',
			level: 'commune_police'
		},
		{
			name: 'Quán karaoke mô phỏng ven QL10',
			at: [106.5823, 20.8745],
			cls: 'fire_managed',
			level: 'district_police'
		}
	];
	for (const o of outside) {
		sites.push({
			facility: o.name,
			address: 'Ngoài KCN Tràng Duệ',
			lon: o.at[0],
			lat: o.at[1],
			fire_class: o.cls,
			annex: o.cls === 'commune_managed' ? 'Phụ lục IV' : 'Phụ lục II',
			managing_level: o.level,
			height_m: rng.int(4, 15),
			floors: rng.int(1, 4),
			area_m2: rng.int(2, 20) * 100,
			occupants: rng.int(20, 600),
			plan_approved_on: isoDate(untilMs - rng.int(400, 3000) * DAY_MS),
			last_inspected_on: lastInspection(),
			open_violations: rng.weighted([
				[0, 5],
				[1, 2],
				[2, 1]
			] as const)
		});
	}
	return sites;
}

/** 75 self-managed security teams: 35 in companies, 40 in the communes (12 statutory). */
export function generateTeams(input: DemoInput, fireSites: FireSiteRow[]): TeamRow[] {
	const rng = new Random(input.seed ^ 0x7ea);
	const untilMs = input.until.getTime();
	const teams: TeamRow[] = [];
	for (let i = 0; i < 35; i++) {
		const site = fireSites[i % 40]!;
		teams.push({
			name: `Tổ tự quản doanh nghiệp ${String(i + 1).padStart(2, '0')} (mô phỏng)`,
			kind: 'company',
			members: rng.int(20, 50),
			geometry: { type: 'Point', coordinates: offsetM([site.lon, site.lat], 30, 20) },
			established_on: isoDate(untilMs - rng.int(365, 3500) * DAY_MS)
		});
	}
	for (let i = 0; i < 40; i++) {
		const s = SETTLEMENTS[i % SETTLEMENTS.length]!;
		let c = offsetM(s.at, rng.normal() * 500, rng.normal() * 500);
		for (
			let k = 0;
			k < 50 && !booleanPointInPolygon(c, { type: 'MultiPolygon', coordinates: input.zone });
			k++
		) {
			c = offsetM(s.at, rng.normal() * 300, rng.normal() * 300);
		}
		const statutory = i % 10 < 3;
		teams.push({
			name: statutory
				? `Tổ bảo vệ ANTT cơ sở ${s.name} ${Math.floor(i / SETTLEMENTS.length) + 1} (mô phỏng)`
				: `Tổ tự quản ANTT ${s.name} ${Math.floor(i / SETTLEMENTS.length) + 1} (mô phỏng)`,
			kind: statutory ? 'statutory' : 'residential',
			members: statutory ? rng.int(3, 7) : rng.int(20, 50),
			geometry:
				i % 2 === 0
					? { type: 'Polygon', coordinates: [circleRing(c, rng.int(120, 250), 12)] }
					: { type: 'Point', coordinates: c },
			established_on: statutory
				? isoDate(Date.UTC(2024, 6, 1) + rng.int(0, 180) * DAY_MS)
				: isoDate(untilMs - rng.int(700, 3500) * DAY_MS)
		});
	}
	return teams;
}

export function demoPatrolRoutes(): RouteRow[] {
	const shifts = (s: string, e: string) => ({ days: [1, 2, 3, 4, 5, 6, 7], start: s, end: e });
	return [
		{
			name: 'Tuyến QL10 – mặt tiền KCN (mô phỏng)',
			geometry: {
				type: 'LineString',
				coordinates: [
					[106.5958, 20.8838],
					[106.582, 20.8745],
					[106.5755, 20.8698],
					[106.5695, 20.8655],
					[106.5645, 20.8575]
				]
			},
			buffer_m: 150,
			schedule: [shifts('05:30', '07:00'), shifts('13:30', '15:00'), shifts('21:30', '23:00')]
		},
		{
			name: 'Tuyến vòng quanh KCN (mô phỏng)',
			geometry: {
				type: 'LineString',
				coordinates: [
					[106.5505, 20.8575],
					[106.5635, 20.8575],
					[106.5692, 20.8662],
					[106.5718, 20.8682],
					[106.5718, 20.8755],
					[106.553, 20.8755],
					[106.5505, 20.8575]
				]
			},
			buffer_m: 100,
			schedule: [shifts('19:00', '23:00'), shifts('00:00', '04:00')]
		},
		{
			name: 'Khu nhà trọ Hồng Phong (mô phỏng)',
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
			buffer_m: 50,
			schedule: [
				{ days: [5, 6, 7], start: '19:00', end: '23:30' },
				{ days: [1, 2, 3, 4, 5, 6, 7], start: '21:45', end: '22:45' }
			]
		},
		{
			name: 'Chợ Bắc Sơn – khu nhà trọ Lê Lợi (mô phỏng)',
			geometry: {
				type: 'LineString',
				coordinates: [
					[106.5872, 20.8758],
					[106.589, 20.869],
					[106.588, 20.862]
				]
			},
			buffer_m: 120,
			schedule: [shifts('17:00', '21:00')]
		}
	];
}
