/**
 * Named one-shot timers: scheduling a name again replaces the pending one (a debounce), and
 * `clear()` cancels them all when the page goes away.
 */
export class Timers {
	#pending = new Map<string, ReturnType<typeof setTimeout>>();

	once(key: string, fn: () => void, ms: number): void {
		const old = this.#pending.get(key);
		if (old) clearTimeout(old);
		this.#pending.set(
			key,
			setTimeout(() => {
				this.#pending.delete(key);
				fn();
			}, ms)
		);
	}

	clear(): void {
		for (const t of this.#pending.values()) clearTimeout(t);
		this.#pending.clear();
	}
}
