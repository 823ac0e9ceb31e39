import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';

/**
 * scrypt at OWASP's recommended minimum (Password Storage Cheat Sheet): N=2^17, r=8, p=1. It
 * takes 128 MiB and about 0.4 s a hash on our 2-core machines (measured 2026-11-29). Hashes
 * made with a lower cost still verify and are upgraded at the next successful sign-in.
 */
export const SCRYPT_COST = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LEN = 32;
/** A stored hash asking for more than this is refused rather than allowed to exhaust memory. */
const MAX_N = 2 ** 18;

/**
 * How many hashes run at once, how many requests may wait for a turn and for how long. Each
 * runs on libuv's thread pool (4 threads, shared with file access) and takes 128 MiB: one core
 * is always left to the event loop and the embedded database (on 2 cores: one hash at a time,
 * about 2.5 sign-ins a second). Beyond the queue or the wait a request is answered 503 with
 * Retry-After instead of piling up.
 */
export const HASHING_LIMITS = {
	concurrent: Math.max(1, Math.min(4, availableParallelism() - 1)),
	queue: 32,
	maxWaitMs: 30_000,
	retryAfterS: 5
};

/** No hashing turn came free in time: answer 503 with Retry-After. */
export class HashingBusy extends Error {
	override name = 'HashingBusy';
	readonly retryAfterS = HASHING_LIMITS.retryAfterS;
	constructor() {
		super('password hashing is saturated');
	}
}

/** A counting semaphore with a bounded queue and a bounded wait. */
class HashGate {
	private active = 0;
	private readonly waiting: { grant: () => void }[] = [];
	/** The most hashes seen running at once (for tests and diagnostics). */
	peak = 0;

	async run<T>(fn: () => Promise<T>): Promise<T> {
		await this.acquire();
		try {
			return await fn();
		} finally {
			this.release();
		}
	}

	private acquire(): Promise<void> {
		if (this.active < HASHING_LIMITS.concurrent) {
			this.active++;
			this.peak = Math.max(this.peak, this.active);
			return Promise.resolve();
		}
		if (this.waiting.length >= HASHING_LIMITS.queue) return Promise.reject(new HashingBusy());
		return new Promise((resolve, reject) => {
			const entry = {
				grant: () => {
					clearTimeout(timer);
					resolve();
				}
			};
			const timer = setTimeout(() => {
				const i = this.waiting.indexOf(entry);
				if (i >= 0) this.waiting.splice(i, 1);
				reject(new HashingBusy());
			}, HASHING_LIMITS.maxWaitMs);
			this.waiting.push(entry);
		});
	}

	private release(): void {
		// The turn passes straight to the next waiter: the count of active hashes stays.
		const next = this.waiting.shift();
		if (next) next.grant();
		else this.active--;
	}
}

const gate = new HashGate();

/** Hashing statistics of this process: the peak number of hashes that ran at once. */
export function hashingPeak(): number {
	return gate.peak;
}

function scrypt(password: string, salt: Buffer, opts: ScryptOptions & { N: number; r: number }) {
	return gate.run(
		() =>
			new Promise<Buffer>((resolve, reject) =>
				scryptCb(
					password.normalize('NFC'),
					salt,
					KEY_LEN,
					// Node refuses above 32 MiB by default; twice what the cost needs.
					{ ...opts, maxmem: 256 * opts.N * opts.r },
					(err, key) => (err ? reject(err) : resolve(key))
				)
			)
	);
}

/** `scrypt$N$r$p$salt$hash`, base64url parts. Waits for a hashing turn (may throw HashingBusy). */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const { N, r, p } = SCRYPT_COST;
	const key = await scrypt(password, salt, { N, r, p });
	return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function parseHash(stored: string) {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
	const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
	if (![N, r, p].every(Number.isSafeInteger) || N > MAX_N || r > 32 || p > 16) return undefined;
	return {
		N,
		r,
		p,
		salt: Buffer.from(parts[4]!, 'base64url'),
		key: Buffer.from(parts[5]!, 'base64url')
	};
}

/** Checks a password against a stored hash. Waits for a hashing turn (may throw HashingBusy). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const h = parseHash(stored);
	if (!h) return false;
	const key = await scrypt(password, h.salt, { N: h.N, r: h.r, p: h.p });
	return key.length === h.key.length && timingSafeEqual(key, h.key);
}

/** A hash made with less than today's cost: replace it at the next successful sign-in. */
export function needsRehash(stored: string): boolean {
	const h = parseHash(stored);
	return !h || h.N < SCRYPT_COST.N || h.r < SCRYPT_COST.r || h.p < SCRYPT_COST.p;
}

/** A hash of a random password: verifying against it costs the same as against a real one. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
	dummy ??= hashPassword(randomBytes(16).toString('hex')).catch((err) => {
		dummy = undefined;
		throw err;
	});
	return dummy;
}
