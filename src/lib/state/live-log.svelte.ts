import type { CategoryGroup } from '$lib/domain/categories';
import { beep, unlockSound } from './alert-sound';
import { Timers } from './timers';
import type { ChangeOp } from './live-feed.svelte';

/** What the live list shows for one change. */
export interface LiveItem {
	key: string;
	kind: 'incident' | 'accident';
	id: number | string;
	op: ChangeOp;
	/** Incidents: category code and group; accidents: none. */
	category?: string;
	group?: CategoryGroup;
	/** Incidents 1–4; accidents: the severity class 1–5. */
	severity?: number;
	/** Epoch ms. */
	occurredAt?: number;
	/** Accidents: chainage label (Km27+350), deaths and injuries. */
	kmLabel?: string | null;
	deaths?: number;
	injuries?: number;
	position?: [number, number];
	/** Epoch ms when the change reached this page. */
	receivedAt: number;
}

/** A brief ring drawn where a new or changed point appeared. */
export interface Pulse {
	key: string;
	position: [number, number];
	color: readonly [number, number, number];
	/** performance.now() at the start. */
	startedAt: number;
}

export const PULSE_MS = 4000;
const MAX_ITEMS = 40;
const SOUND_KEY = 'alertSound';

/** The live list, the unacknowledged high-severity alerts and the pulses, newest first. */
export class LiveLog {
	items = $state.raw<LiveItem[]>([]);
	alerts = $state.raw<LiveItem[]>([]);
	pulses = $state.raw<Pulse[]>([]);
	sound = $state(false);

	#timers = new Timers();
	#seq = 0;

	restore(): void {
		try {
			// The sound needs a gesture to start; a stored "on" waits for the next click to unlock.
			this.sound = localStorage.getItem(SOUND_KEY) === 'on';
		} catch {
			this.sound = false;
		}
		if (this.sound) window.addEventListener('pointerdown', () => unlockSound(), { once: true });
	}

	nextKey(prefix: string): string {
		return `${prefix}-${++this.#seq}`;
	}

	add(item: LiveItem): void {
		this.items = [item, ...this.items.filter((i) => i.key !== item.key)].slice(0, MAX_ITEMS);
	}

	raise(item: LiveItem): void {
		const sameIncident = (a: LiveItem) => a.kind === item.kind && a.id === item.id;
		this.alerts = [item, ...this.alerts.filter((a) => !sameIncident(a))];
		if (this.sound) beep();
	}

	acknowledge(key: string): void {
		this.alerts = this.alerts.filter((a) => a.key !== key);
	}

	acknowledgeAll(): void {
		this.alerts = [];
	}

	pulse(position: [number, number], color: readonly [number, number, number]): void {
		const p: Pulse = { key: this.nextKey('pulse'), position, color, startedAt: performance.now() };
		this.pulses = [...this.pulses, p];
		this.#timers.once(
			p.key,
			() => (this.pulses = this.pulses.filter((x) => x.key !== p.key)),
			PULSE_MS
		);
	}

	setSound(on: boolean): void {
		this.sound = on && unlockSound();
		try {
			localStorage.setItem(SOUND_KEY, this.sound ? 'on' : 'off');
		} catch {
			// Kiosk browsers may refuse storage; the choice then lasts for this page only.
		}
		if (this.sound) beep();
	}

	dispose(): void {
		this.#timers.clear();
	}
}
