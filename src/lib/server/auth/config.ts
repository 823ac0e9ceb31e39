import type { AppEnv } from '../env';
import { DEFAULT_LIMITS, type LoginLimits } from './login';
import type { SessionPolicy } from './sessions';
import type { SupabaseJwtConfig } from './supabase-jwt';

export interface AuthConfig {
	session: SessionPolicy;
	limits: LoginLimits;
	supabase?: SupabaseJwtConfig;
	/** What the login page needs to sign in through Supabase Auth (both values are public). */
	browser?: SupabaseBrowserConfig;
}

export interface SupabaseBrowserConfig {
	url: string;
	anonKey: string;
}

export const DEFAULT_AUTH: AuthConfig = {
	session: { idleMinutes: 240, absoluteHours: 12 },
	limits: DEFAULT_LIMITS
};

export function authConfigFrom(env: AppEnv): AuthConfig {
	return {
		session: { idleMinutes: env.SESSION_IDLE_MINUTES, absoluteHours: env.SESSION_MAX_HOURS },
		limits: DEFAULT_LIMITS,
		supabase: env.SUPABASE_JWT_SECRET
			? { secret: env.SUPABASE_JWT_SECRET, audience: env.SUPABASE_JWT_AUDIENCE }
			: undefined,
		browser:
			env.SUPABASE_URL && env.SUPABASE_ANON_KEY && env.SUPABASE_JWT_SECRET
				? { url: env.SUPABASE_URL, anonKey: env.SUPABASE_ANON_KEY }
				: undefined
	};
}
