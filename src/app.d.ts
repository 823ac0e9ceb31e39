// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Principal } from '$lib/server/auth/principal';

declare global {
	namespace App {
		interface Error {
			message: string;
			id?: string;
		}
		interface Locals {
			principal?: Principal;
			lang: 'vi' | 'en';
			ip: string;
			userAgent: string;
		}
	}
}

export {};
