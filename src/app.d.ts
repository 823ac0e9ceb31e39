// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Lang } from '$lib/domain/api-text';
import type { Principal } from '$lib/server/auth/principal';

declare global {
	namespace App {
		/**
		 * The API's one error (src/lib/server/http.ts `refuse`), answered by the hooks as
		 * `{ error, field?, code? }`.
		 */
		interface Error {
			/** In the caller's language, or a `msg()` marker translated when answered; no field. */
			message: string;
			/** The field or parameter to fix, when there is one. */
			field?: string;
			/** A machine-readable reason a client can act on (`outside_zone`). */
			code?: string;
			/** Seconds to wait before trying again: answered as `Retry-After`, not in the body. */
			retryAfter?: number;
			/** Unexpected errors only: the id under which the server logged it. */
			id?: string;
		}
		interface Locals {
			principal?: Principal;
			lang: Lang;
			ip: string;
			userAgent: string;
		}
	}
}

export {};
