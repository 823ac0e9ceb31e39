import { createContext } from 'svelte';
import * as z from 'zod/mini';
import { ApiError, post } from '$lib/api/client';
import type { IncidentSource } from '$lib/domain/categories';
import { fromVietnamLocalMinute, vietnamLocalMinute } from '$lib/domain/time';

/** The form's fields a server refusal can point at. */
export type DraftField = 'category' | 'occurredAt' | 'severity' | 'source' | 'description' | 'lon';

export type DraftProblem =
	| { field: DraftField; kind: 'category' | 'future' | 'time' }
	| { field: DraftField; kind: 'server'; message: string };

/** What a 201 answers that the form uses: the new incident's id. */
const createdSchema = z.object({ id: z.number() });

const FIELDS: readonly DraftField[] = [
	'category',
	'occurredAt',
	'severity',
	'source',
	'description',
	'lon'
];

/**
 * "New incident" mode on the map: a click places the point, the form fills the rest, the server
 * validates (category, a time not in the future, the point inside the zone or confirmed). The new
 * incident reaches the map through the live stream like anyone else's.
 */
export class IncidentDraft {
	active = $state(false);
	position = $state.raw<[number, number] | null>(null);
	category = $state('');
	occurredAt = $state(vietnamLocalMinute());
	severity = $state(1);
	source = $state<IncidentSource>('walk_in');
	description = $state('');

	/** Problems by field, from the server's answer (or the few checks made before sending). */
	problems = $state.raw<Partial<Record<DraftField, DraftProblem>>>({});
	/** The server said the point is outside the zone: the next submit confirms it. */
	outsideZone = $state(false);
	saving = $state(false);
	/** A refusal not tied to a field (403, 5xx). */
	failure = $state.raw<{ kind: 'forbidden' } | { kind: 'failed'; status: number } | null>(null);
	/** The id of the incident created last (shown briefly). */
	createdId = $state<number | null>(null);

	#controller: AbortController | null = null;

	start(): void {
		this.reset();
		this.active = true;
		this.createdId = null;
	}

	cancel(): void {
		this.#controller?.abort();
		this.reset();
		this.active = false;
	}

	reset(): void {
		this.position = null;
		this.category = '';
		this.occurredAt = vietnamLocalMinute();
		this.severity = 1;
		this.source = 'walk_in';
		this.description = '';
		this.problems = {};
		this.outsideZone = false;
		this.failure = null;
		this.saving = false;
	}

	/** A click on the map while the mode is on. */
	place(lon: number, lat: number): void {
		if (!this.active || this.saving) return;
		this.position = [lon, lat];
		// A new point must be judged again.
		this.outsideZone = false;
		if (this.problems.lon) this.problems = { ...this.problems, lon: undefined };
	}

	/** Sends the form; true when the incident was created. */
	async submit(fetcher: typeof fetch = fetch): Promise<boolean> {
		if (!this.position || this.saving) return false;
		const occurredAt = fromVietnamLocalMinute(this.occurredAt);
		if (occurredAt === null) {
			this.problems = { occurredAt: { field: 'occurredAt', kind: 'time' } };
			return false;
		}
		const description = this.description.trim();
		const body = {
			// An empty category is sent as it is: the server's refusal names the field.
			category: this.category,
			occurredAt,
			lon: this.position[0],
			lat: this.position[1],
			severity: this.severity,
			source: this.source,
			...(description ? { description } : {}),
			...(this.outsideZone ? { confirmOutsideZone: true } : {})
		};
		this.#controller?.abort();
		const controller = new AbortController();
		this.#controller = controller;
		this.saving = true;
		this.failure = null;
		try {
			const { id } = await post('/api/incidents', body, createdSchema, {
				signal: controller.signal,
				fetch: fetcher
			});
			this.reset();
			this.active = false;
			this.createdId = id;
			return true;
		} catch (err) {
			// Aborted by cancel(), or a 401 already on its way to the login page.
			if (controller.signal.aborted || (err instanceof ApiError && err.status === 401))
				return false;
			this.problems = {};
			const refusal = err instanceof ApiError ? err : new ApiError(0, '/api/incidents');
			if (refusal.status === 400 && refusal.code === 'outside_zone') {
				this.outsideZone = true;
			} else if (refusal.status === 400 && refusal.field) {
				const field = FIELDS.find(
					(f) => f === refusal.field || (f === 'lon' && refusal.field === 'lat')
				);
				const problem = problemOf(field, refusal.serverMessage ?? '');
				if (problem) this.problems = { [problem.field]: problem };
				else this.failure = { kind: 'failed', status: refusal.status };
			} else if (refusal.status === 403) {
				this.failure = { kind: 'forbidden' };
			} else {
				this.failure = { kind: 'failed', status: refusal.status };
			}
			return false;
		} finally {
			if (this.#controller === controller) {
				this.#controller = null;
				this.saving = false;
			}
		}
	}
}

/** A server refusal as something to show next to its field (known ones in the user's language). */
function problemOf(field: DraftField | undefined, message: string): DraftProblem | null {
	if (!field) return null;
	if (field === 'category') return { field, kind: 'category' };
	if (field === 'occurredAt')
		return /future/.test(message) ? { field, kind: 'future' } : { field, kind: 'time' };
	return { field, kind: 'server', message };
}

export const [getIncidentDraft, setIncidentDraft] = createContext<IncidentDraft>();
