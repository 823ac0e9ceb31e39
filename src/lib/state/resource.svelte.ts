import { ApiError, isAbort } from '$lib/api/client';

export type ResourceStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * One piece of remote data and its load state. A newer load aborts the one in flight, so a
 * slow answer to an old filter can never overwrite the answer to the current one. The last good
 * data stays visible while a reload runs or after one fails.
 */
export class Resource<T> {
	/** Raw: replaced whole, never mutated. */
	data = $state.raw<T | null>(null);
	status = $state<ResourceStatus>('idle');
	error = $state.raw<ApiError | null>(null);

	#controller: AbortController | null = null;

	async load(fetcher: (signal: AbortSignal) => Promise<T>): Promise<T | null> {
		this.#controller?.abort();
		const controller = new AbortController();
		this.#controller = controller;
		this.status = 'loading';
		try {
			const data = await fetcher(controller.signal);
			if (controller.signal.aborted) return null;
			this.data = data;
			this.error = null;
			this.status = 'ready';
			return data;
		} catch (err) {
			if (controller.signal.aborted || isAbort(err)) return null;
			this.error = err instanceof ApiError ? err : new ApiError(0, 'unknown');
			this.status = 'error';
			return null;
		} finally {
			if (this.#controller === controller) this.#controller = null;
		}
	}

	/** Replaces the data without a request (a live update merged on the client). */
	set(data: T): void {
		this.data = data;
	}

	dispose(): void {
		this.#controller?.abort();
		this.#controller = null;
	}
}
