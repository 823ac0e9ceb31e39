/**
 * The admin pages' calls to /api/admin/…, through the one API client, by their contracts
 * (src/lib/domain/contracts/admin.ts): answers decoded with the schemas the server promised.
 */
import { ApiError, call, messageOf } from '$lib/api/client';
import type { Decoded, Sent } from '$lib/domain/contract';
import {
	createToken as createTokenContract,
	createUser as createUserContract,
	patchUser,
	revokeToken as revokeTokenContract
} from '$lib/domain/contracts/admin';

/** A token as POST /api/admin/tokens answers it: the only time its value is sent. */
export type CreatedToken = Decoded<typeof createTokenContract>;

export const createToken = (body: Sent<typeof createTokenContract>) =>
	call(createTokenContract, { body });

export const revokeToken = (id: string) => call(revokeTokenContract, { params: { id } });

export const createUser = (body: Sent<typeof createUserContract>) =>
	call(createUserContract, { body });

/** Edits a user; answers how many of their sessions ended (a new password or role ends them). */
export const updateUser = (id: string, changes: Sent<typeof patchUser>) =>
	call(patchUser, { params: { id }, body: changes });

/** Why a call failed, for `admin.failed`: the server's sentence, else the status or the network. */
export function failureReason(err: unknown): string {
	if (!(err instanceof ApiError)) return String(err);
	const cause = err.cause instanceof Error ? err.cause.message : 'network';
	return messageOf(err, err.status > 0 ? `HTTP ${err.status}` : cause);
}
