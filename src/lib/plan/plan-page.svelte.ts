/**
 * The planner's page state: the plans of the zone, the plan being edited (its form and its
 * drawing), saving with optimistic concurrency (the server refuses a save made from a stale
 * version with 409 and says which; nothing is lost: the drawing stays), versions and restore, and
 * the analyses of the saved plan (coverage, the 7 × 24 matrix, uncovered hotspots).
 */
import * as z from 'zod/mini';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import {
	patrolPlanHistory,
	patrolPlanList,
	type HourOfWeekCell,
	type PatrolCoverage,
	type UncoveredHotspot
} from '$lib/domain/patrol-answers';
import { call, messageOf } from '$lib/api/client';
import { listZones } from '$lib/domain/contracts/map';
import {
	createPatrolPlan,
	getPatrolPlan,
	listPatrolPlans,
	patrolHourOfWeek,
	patrolPlanCoverage,
	patrolPlanVersion,
	patrolPlanVersions,
	patrolUncoveredHotspots,
	restorePatrolPlan,
	savePatrolPlan
} from '$lib/domain/contracts/patrols';
import { listTeams } from '$lib/map/layers/teams/teams.contract';
import { previewCoverage } from '$lib/geo/patrol-coverage';
import type { PatrolItemInput } from '$lib/domain/patrol-plans';
import type { DrawnItem, PlanDrawing } from './plan-drawing';

export interface ShiftForm {
	days: number[];
	start: string;
	end: string;
}

type PlanSummary = z.infer<typeof patrolPlanList>['plans'][number];
type Version = z.infer<typeof patrolPlanHistory>['versions'][number];

const todayVn = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
/** The analyses look at the last 12 months of incidents (Vietnam days). */
function lastYear(): { from: string; to: string } {
	const to = new Date(Date.now() + 7 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
	const from = new Date(Date.now() + 7 * 3600_000 - 365 * 86_400_000).toISOString().slice(0, 10);
	return { from, to };
}

export class PlanPage {
	zone = $state.raw<Feature<Geometry> | null>(null);
	teams = $state.raw<{ id: string; name: string }[]>([]);
	plans = $state.raw<PlanSummary[]>([]);
	error = $state<string | null>(null);
	message = $state<string | null>(null);
	saving = $state(false);

	// The plan being edited.
	id = $state<string | null>(null);
	version = $state<number | null>(null);
	name = $state('');
	teamId = $state<string>('');
	validFrom = $state(todayVn());
	notes = $state('');
	bufferM = $state(150);
	dwellMin = $state(15);
	shifts = $state<ShiftForm[]>([{ days: [1, 2, 3, 4, 5, 6, 7], start: '22:00', end: '06:00' }]);

	items = $state.raw<DrawnItem[]>([]);
	versions = $state.raw<Version[]>([]);
	coverage = $state.raw<PatrolCoverage | null>(null);
	matrix = $state.raw<HourOfWeekCell[]>([]);
	hotspots = $state.raw<UncoveredHotspot[]>([]);
	/** An earlier version drawn over the current drawing (the difference shows), and its number. */
	compare = $state.raw<FeatureCollection | null>(null);
	comparing = $state<number | null>(null);

	drawing: PlanDrawing | null = null;

	/** The turf preview of what is drawn now (PostGIS answers after saving). */
	preview = $derived.by(() => {
		const zone = this.zone?.geometry;
		if (!zone || this.items.length === 0) return null;
		try {
			return previewCoverage(this.items, zone as Polygon | MultiPolygon);
		} catch {
			return null;
		}
	});

	counts = $derived({
		routes: this.items.filter((i) => i.kind === 'route').length,
		areas: this.items.filter((i) => i.kind === 'area').length,
		stops: this.items.filter((i) => i.kind === 'stop').length
	});

	async load(): Promise<void> {
		try {
			const [z0, t, p] = await Promise.all([
				call(listZones),
				call(listTeams).catch(() => null),
				call(listPatrolPlans)
			]);
			this.zone = (z0.features[0] as Feature<Geometry> | undefined) ?? null;
			this.teams =
				t?.features.map((f) => ({ id: String(f.properties.id), name: f.properties.name })) ?? [];
			this.plans = p.plans;
		} catch (err) {
			this.error = messageOf(err, 'load');
		}
	}

	attach(drawing: PlanDrawing): void {
		this.drawing = drawing;
		drawing.setDefaults(this.bufferM, this.dwellMin);
		this.sync();
	}

	/** The drawing changed: read its items back. */
	sync = (): void => {
		this.items = this.drawing?.items() ?? [];
	};

	newPlan(): void {
		this.id = null;
		this.version = null;
		this.name = '';
		this.notes = '';
		this.teamId = '';
		this.validFrom = todayVn();
		this.versions = [];
		this.coverage = null;
		this.matrix = [];
		this.hotspots = [];
		this.compare = null;
		this.comparing = null;
		this.drawing?.load([]);
	}

	async open(id: string): Promise<void> {
		this.message = null;
		try {
			const plan = await call(getPatrolPlan, { params: { id } });
			this.id = plan.id;
			this.version = plan.version;
			this.name = plan.name;
			this.notes = plan.notes ?? '';
			this.teamId = plan.teamId ?? '';
			this.validFrom = plan.validFrom;
			this.shifts = plan.shifts.map((s) => ({ ...s, days: [...s.days] }));
			this.drawing?.load(
				plan.items.map((it) => ({
					id: it.id,
					kind: it.kind,
					name: it.name,
					geometry: it.geometry as DrawnItem['geometry'],
					bufferM: it.bufferM,
					...(it.kind === 'stop' ? { dwellMin: it.dwellMin ?? 15 } : {})
				}))
			);
			await this.analyse();
		} catch (err) {
			this.error = messageOf(err, 'load');
		}
	}

	private body() {
		return {
			name: this.name.trim(),
			teamId: this.teamId || null,
			validFrom: this.validFrom,
			notes: this.notes.trim() || null,
			// The drawing keeps each kind's geometry type (the server checks it again).
			items: this.items.map((it) => ({
				id: it.id,
				kind: it.kind,
				...(it.name ? { name: it.name } : {}),
				geometry: it.geometry,
				bufferM: it.bufferM,
				...(it.kind === 'stop' ? { dwellMin: it.dwellMin ?? 15 } : {})
			})) as PatrolItemInput[],
			shifts: this.shifts.map((s) => ({ days: [...s.days].sort(), start: s.start, end: s.end }))
		};
	}

	/** Saves as a new version; a stale version is refused by the server, and its words shown. */
	async save(): Promise<boolean> {
		this.saving = true;
		this.error = null;
		this.message = null;
		try {
			const saved = this.id
				? await call(savePatrolPlan, {
						params: { id: this.id },
						body: { ...this.body(), version: this.version ?? 0 }
					})
				: await call(createPatrolPlan, { body: this.body() });
			this.id = saved.id;
			this.version = saved.version;
			this.plans = (await call(listPatrolPlans)).plans;
			await this.analyse();
			return true;
		} catch (err) {
			this.error = messageOf(err, 'save');
			return false;
		} finally {
			this.saving = false;
		}
	}

	async restore(version: number): Promise<void> {
		if (!this.id || this.version === null) return;
		try {
			await call(restorePatrolPlan, {
				params: { id: this.id },
				body: { restore: version, version: this.version }
			});
			await this.open(this.id);
		} catch (err) {
			this.error = messageOf(err, 'restore');
		}
	}

	/** The saved plan's versions, coverage, matrix and hotspots (the server's, PostGIS). */
	async analyse(): Promise<void> {
		if (!this.id) return;
		const period = lastYear();
		const params = { id: this.id };
		const [v, c, m, h] = await Promise.all([
			call(patrolPlanVersions, { params }),
			call(patrolPlanCoverage, { params, query: period }),
			call(patrolHourOfWeek, { params, query: period }),
			call(patrolUncoveredHotspots, { params, query: { ...period, limit: 5 } })
		]);
		this.versions = v.versions;
		this.coverage = c;
		this.matrix = m.cells;
		this.hotspots = h.hotspots;
	}

	/** Draws version `version` over the current drawing; again: hides it. */
	async toggleCompare(version: number): Promise<void> {
		if (!this.id || this.comparing === version) {
			this.compare = null;
			this.comparing = null;
			return;
		}
		try {
			const v = await call(patrolPlanVersion, { params: { id: this.id, version } });
			this.compare = {
				type: 'FeatureCollection',
				features: v.plan.items.map((it) => ({
					type: 'Feature',
					geometry: it.geometry as Geometry,
					properties: { kind: it.kind }
				}))
			};
			this.comparing = version;
		} catch (err) {
			this.error = messageOf(err, 'load');
		}
	}

	addStop(lon: number, lat: number): void {
		this.drawing?.addStop(lon, lat);
	}

	setDefaults(): void {
		this.drawing?.setDefaults(this.bufferM, this.dwellMin);
	}
}
