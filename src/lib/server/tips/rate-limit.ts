import { isIPv4, isIPv6 } from 'node:net';
import type { Queryable } from '../db/port';

export type RateBucket = 'submit' | 'status';

/**
 * The address a rate limit counts: IPv4 as it is, an IPv4-mapped IPv6 address as IPv4, and other
 * IPv6 addresses by their /64 (one subscriber usually holds a whole /64 and can rotate inside it).
 * Behind a proxy, adapter-node's ADDRESS_HEADER must be set or every tipster shares one address.
 */
export function rateLimitAddress(ip: string | undefined): string {
	const raw = (ip ?? '').trim().toLowerCase();
	const mapped = raw.startsWith('::ffff:') ? raw.slice(7) : '';
	if (isIPv4(mapped)) return mapped;
	if (isIPv4(raw)) return raw;
	if (isIPv6(raw)) return `${expandIPv6(raw).slice(0, 4).join(':')}::/64`;
	return raw.slice(0, 100) || 'unknown';
}

function expandIPv6(ip: string): string[] {
	const [head = '', tail] = ip.split('%')[0]!.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	// An embedded IPv4 tail (::1.2.3.4) takes two groups; only the first four groups matter here.
	const missing = Math.max(0, 8 - left.length - right.length);
	return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) =>
		(g.replace(/^0+/, '') || '0').slice(0, 4)
	);
}

/**
 * Takes one slot for the caller's address in a bucket (in the database, so every app instance
 * shares the count). Only the hash of the address is stored, by `app.tip_rate_limit`.
 */
export async function takeRateSlot(
	q: Queryable,
	bucket: RateBucket,
	ip: string | undefined
): Promise<{ allowed: true } | { allowed: false; retryAfter: number }> {
	const [row] = await q.query<{ allowed: boolean; retry_after: number }>(
		'select allowed, retry_after from app.tip_rate_limit($1, $2)',
		[bucket, rateLimitAddress(ip)]
	);
	return row?.allowed ? { allowed: true } : { allowed: false, retryAfter: row?.retry_after ?? 60 };
}
