import type { AppEnv } from '../env';

/** How the server shields itself and its users from other requests (issue 9 §5, §9). */
export interface RequestPolicy {
	/** `ORIGIN`: the app's public origin, compared exactly by the origin rule; unset: host only. */
	origin?: string;
	/** Requests one session or token may have in progress at once; more are answered 429. */
	maxInFlight: number;
}

export const DEFAULT_REQUEST_POLICY: RequestPolicy = { maxInFlight: 16 };

export function requestPolicyFrom(env: AppEnv): RequestPolicy {
	return { origin: env.ORIGIN, maxInFlight: env.MAX_REQUESTS_IN_FLIGHT };
}
