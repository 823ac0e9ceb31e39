import { ApiError, messageOf } from '$lib/api/client';
import type { TipStatus } from '$lib/domain/tip-status';
import {
	tipDuplicates,
	tipQueue,
	triage,
	type DuplicateCandidate,
	type TipItem,
	type TriageAction
} from './tip-api';

export type QueueFilter = 'open' | 'all' | TipStatus;

/** The dispatcher's queue: the list, the chosen tip, its possible duplicates, and the actions. */
export class TriageQueue {
	filter = $state<QueueFilter>('open');
	tips = $state.raw<TipItem[]>([]);
	status = $state<'loading' | 'ready' | 'error'>('loading');
	/** The load failure: 403 (the role may not see tips) or anything else. */
	loadError = $state<{ status: number; message: string } | null>(null);
	selectedId = $state<number | null>(null);
	candidates = $state.raw<DuplicateCandidate[] | null>(null);
	busy = $state(false);
	actionError = $state('');
	/** The last tip changed, for a short confirmation. */
	changedId = $state<number | null>(null);

	selected = $derived(this.tips.find((t) => t.id === this.selectedId) ?? null);

	#load?: AbortController;
	#dups?: AbortController;

	async load(): Promise<void> {
		this.#load?.abort();
		const ctl = (this.#load = new AbortController());
		this.status = 'loading';
		this.loadError = null;
		try {
			const res = await tipQueue(this.filter, ctl.signal);
			if (ctl.signal.aborted) return;
			this.tips = res.tips;
			this.status = 'ready';
			if (this.selectedId !== null && !this.selected) this.select(null);
		} catch (err) {
			if (ctl.signal.aborted) return;
			this.status = 'error';
			this.loadError =
				err instanceof ApiError
					? { status: err.status, message: err.serverMessage ?? '' }
					: { status: 0, message: '' };
		}
	}

	select(id: number | null): void {
		this.selectedId = id;
		this.actionError = '';
		this.changedId = null;
		void this.loadDuplicates();
	}

	async loadDuplicates(): Promise<void> {
		this.#dups?.abort();
		this.candidates = null;
		const tip = this.selected;
		if (!tip?.location) return;
		const ctl = (this.#dups = new AbortController());
		try {
			const res = await tipDuplicates(tip.id, ctl.signal);
			if (!ctl.signal.aborted) this.candidates = res.candidates;
		} catch {
			if (!ctl.signal.aborted) this.candidates = [];
		}
	}

	/** Runs an action on the chosen tip; the server's refusal (403, 409, 400) is shown as it is. */
	async act(action: TriageAction, fallbackMessage: string): Promise<boolean> {
		const tip = this.selected;
		if (!tip || this.busy) return false;
		this.busy = true;
		this.actionError = '';
		try {
			const updated = await triage(tip.id, action);
			this.tips = this.tips.map((t) => (t.id === updated.id ? updated : t));
			this.changedId = updated.id;
			void this.loadDuplicates();
			return true;
		} catch (err) {
			this.actionError = messageOf(err, fallbackMessage);
			return false;
		} finally {
			this.busy = false;
		}
	}

	dispose(): void {
		this.#load?.abort();
		this.#dups?.abort();
	}
}
