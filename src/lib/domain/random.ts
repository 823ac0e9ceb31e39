/** A small deterministic PRNG (sfc32 seeded through splitmix32): same seed, same demo data. */
export class Random {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(seed: number) {
		let s = seed >>> 0;
		const next = () => {
			s = (s + 0x9e3779b9) >>> 0;
			let z = s;
			z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
			z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
			return (z ^ (z >>> 16)) >>> 0;
		};
		this.a = next();
		this.b = next();
		this.c = next();
		this.d = next();
		for (let i = 0; i < 12; i++) this.float();
	}

	/** Uniform in [0, 1). */
	float(): number {
		const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
		this.d = (this.d + 1) >>> 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) >>> 0;
		this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
		this.c = (this.c + t) >>> 0;
		return t / 4294967296;
	}

	int(minInclusive: number, maxInclusive: number): number {
		return minInclusive + Math.floor(this.float() * (maxInclusive - minInclusive + 1));
	}

	/** Standard normal (Box–Muller). */
	normal(): number {
		const u = 1 - this.float();
		const v = this.float();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.float() * items.length)]!;
	}

	/** Picks by weight; weights need not sum to 1. */
	weighted<T>(items: readonly (readonly [T, number])[]): T {
		let total = 0;
		for (const [, w] of items) total += w;
		let x = this.float() * total;
		for (const [item, w] of items) {
			x -= w;
			if (x < 0) return item;
		}
		return items[items.length - 1]![0];
	}

	/** Exponential with the given mean. */
	exponential(mean: number): number {
		return -Math.log(1 - this.float()) * mean;
	}
}

/** Cumulative sampler over many weights (binary search), for picking days out of years. */
export class CumulativeSampler {
	private readonly cum: Float64Array;
	constructor(weights: ArrayLike<number>) {
		this.cum = new Float64Array(weights.length);
		let s = 0;
		for (let i = 0; i < weights.length; i++) {
			s += weights[i]!;
			this.cum[i] = s;
		}
	}
	sample(rng: Random): number {
		const x = rng.float() * this.cum[this.cum.length - 1]!;
		let lo = 0;
		let hi = this.cum.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.cum[mid]! > x) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}
}
