/** Small helpers for the benchmark: percentiles, a seeded PRNG, and table formatting. */

/** Percentile by linear interpolation between closest ranks (as numpy's default). */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = (p / 100) * (sorted.length - 1);
	const lo = Math.floor(rank);
	const hi = Math.ceil(rank);
	return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export const median = (values: readonly number[]) => percentile(values, 50);

export interface Summary {
	runs: number;
	p50: number;
	p95: number;
	min: number;
	max: number;
	mean: number;
	/** Every timed run in order, rounded to 0.1 ms (to spot spikes and drifts). */
	samplesMs: number[];
}

export function summarise(ms: readonly number[]): Summary {
	const round = (x: number) => Math.round(x * 100) / 100;
	return {
		runs: ms.length,
		p50: round(percentile(ms, 50)),
		p95: round(percentile(ms, 95)),
		min: round(Math.min(...ms)),
		max: round(Math.max(...ms)),
		mean: round(ms.reduce((a, b) => a + b, 0) / ms.length),
		samplesMs: ms.map((x) => Math.round(x * 10) / 10)
	};
}

/** mulberry32: a tiny deterministic PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A plain-text table with a header row and right-aligned cells (the first column left-aligned). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: readonly string[]) =>
		cells
			.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
			.join(' │ ')
			.trimEnd();
	const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
	return [line(header), rule, ...rows.map(line)].join('\n');
}
