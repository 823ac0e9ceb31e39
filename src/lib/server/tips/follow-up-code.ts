import { randomBytes } from 'node:crypto';
import { FOLLOW_UP_ALPHABET, FOLLOW_UP_SYMBOLS, formatFollowUpCode } from '$lib/domain/tips';
import { sha256 } from '../auth/sessions';

/**
 * A new follow-up code, e.g. TD-7K3P-9QXM-4HBF: 12 symbols from a 32-symbol alphabet, each from
 * 5 bits of a cryptographically random byte (32 divides 256, so no symbol is favoured): 60 bits.
 */
export function newFollowUpCode(): string {
	const bytes = randomBytes(FOLLOW_UP_SYMBOLS);
	let symbols = '';
	for (const b of bytes) symbols += FOLLOW_UP_ALPHABET[b & 31];
	return formatFollowUpCode(symbols);
}

/** What the database keeps of a (canonical) code: its sha256, never the code itself. */
export const followUpHash = (code: string): string => sha256(code);
