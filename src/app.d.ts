// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Lang } from '$lib/domain/api-text';
import type { Principal } from '$lib/server/auth/principal';

declare global {
	namespace App {
		interface Error {
			/** In the caller's language; API answers carry it as `error` (hooks.server.ts). */
			message: string;
			/** The field or parameter to fix, when there is one. */
			field?: string;
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
