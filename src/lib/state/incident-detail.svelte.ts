import { ApiError, get } from '$lib/api/client';
import { adminUnitCollectionSchema } from '$lib/domain/map-features';
import { incidentDetailSchema, type IncidentDetail } from '$lib/domain/incident-detail';
import { todayInVietnam } from '$lib/domain/time';

export type IncidentLoadError = 'not-found' | 'forbidden' | 'http' | 'invalid';

type Status = 'idle' | 'loading' | 'ready' | 'error';

const LOAD_ERRORS: Partial<Record<number, IncidentLoadError>> = {
	404: 'not-found',
	403: 'forbidden',
	[-1]: 'invalid'
};

/** One incident shown in the side panel or on its own page: GET /api/incidents/{id}. */
export class IncidentDetailView {
	id = $state<number | null>(null);
	status = $state<Status>('idle');
	incident = $state.raw<IncidentDetail | null>(null);
	/** The administrative unit's name on the day of the incident, when it could be looked up. */
	unitName = $state<string | null>(null);
	error = $state<IncidentLoadError | null>(null);

	#controller: AbortController | null = null;

	/** Loads an incident; opening another one aborts the load still in flight. */
	async open(id: number, fetchFn: typeof fetch = fetch): Promise<void> {
		this.#controller?.abort();
		const controller = new AbortController();
		this.#controller = controller;
		this.id = id;
		this.status = 'loading';
		this.incident = null;
		this.unitName = null;
		this.error = null;
		try {
			const incident = await get(`/api/incidents/${id}`, incidentDetailSchema, {
				signal: controller.signal,
				fetch: fetchFn
			});
			if (controller.signal.aborted) return;
			this.incident = incident;
			this.status = 'ready';
			const unitName = await unitNameOf(fetchFn, incident, controller.signal);
			if (!controller.signal.aborted) this.unitName = unitName;
		} catch (err) {
			if (controller.signal.aborted) return;
			this.fail((err instanceof ApiError && LOAD_ERRORS[err.status]) || 'http');
		} finally {
			if (this.#controller === controller) this.#controller = null;
		}
	}

	close(): void {
		this.#controller?.abort();
		this.#controller = null;
		this.id = null;
		this.status = 'idle';
		this.incident = null;
		this.unitName = null;
		this.error = null;
	}

	/** Shows an error without asking the server (an id that cannot exist). */
	showError(error: IncidentLoadError): void {
		this.close();
		this.fail(error);
	}

	private fail(error: IncidentLoadError): void {
		this.error = error;
		this.status = 'error';
	}
}

/**
 * Units are renamed and merged over time, so the name is the one in force on the incident's
 * (Vietnam) day. Best effort: the panel shows the code when this fails.
 */
async function unitNameOf(
	fetchFn: typeof fetch,
	incident: IncidentDetail,
	signal: AbortSignal
): Promise<string | null> {
	const code = incident.properties.adminUnitCode;
	if (!code) return null;
	try {
		const at = todayInVietnam(new Date(incident.properties.occurredAt));
		const units = await get(`/api/admin-units?at=${at}`, adminUnitCollectionSchema, {
			signal,
			fetch: fetchFn
		});
		return units.features.find((f) => f.properties.code === code)?.properties.name ?? null;
	} catch {
		return null;
	}
}
