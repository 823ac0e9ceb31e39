/**
 * The admin pages' calls to /api/admin/…, through the one API client, and the parts of the
 * answers the pages use (decoded at the trust boundary like every other answer).
 */
import * as z from 'zod/mini';
import { ApiError, messageOf, patch, post } from '$lib/api/client';

const createdTokenSchema = z.object({ name: z.string(), token: z.string() });
/** A token as POST /api/admin/tokens answers it: the only time its value is sent. */
export type CreatedToken = z.infer<typeof createdTokenSchema>;

const userAnswer = z.object({ user: z.object({ id: z.string() }) });
const updatedAnswer = z.object({ sessionsRevoked: z.number() });
const revokedAnswer = z.object({ token: z.object({ id: z.string() }) });

export const createToken = (body: object) => post('/api/admin/tokens', body, createdTokenSchema);

export const revokeToken = (id: string) =>
	post(`/api/admin/tokens/${id}/revoke`, undefined, revokedAnswer);

export const createUser = (body: object) => post('/api/admin/users', body, userAnswer);

/** Edits a user; answers how many of their sessions ended (a new password or role ends them). */
export const updateUser = (id: string, changes: object) =>
	patch(`/api/admin/users/${id}`, changes, updatedAnswer);

/** Why a call failed, for `admin.failed`: the server's sentence, else the status or the network. */
export function failureReason(err: unknown): string {
	if (!(err instanceof ApiError)) return String(err);
	const cause = err.cause instanceof Error ? err.cause.message : 'network';
	return messageOf(err, err.status > 0 ? `HTTP ${err.status}` : cause);
}
