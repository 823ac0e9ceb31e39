/**
 * The follow-up code a tipster gets instead of an account. Shared by the server and the status
 * page (no dependencies, small). Generation is server-only: src/lib/server/tips/follow-up-code.ts.
 */

/** 32 symbols without 0/O and 1/I, so a code read over the phone or copied by hand survives. */
export const FOLLOW_UP_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** 12 symbols of 5 bits: 60 bits, shown as TD-XXXX-XXXX-XXXX. */
export const FOLLOW_UP_SYMBOLS = 12;
/** A code in its canonical form. */
export const FOLLOW_UP_CODE_PATTERN = /^TD-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

/** Formats 12 alphabet symbols as a follow-up code. */
export function formatFollowUpCode(symbols: string): string {
	return `TD-${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8, 12)}`;
}

/**
 * The canonical form of a code as a person may type it (any case, spaces or dashes anywhere,
 * with or without the TD prefix); undefined when it cannot be a code.
 */
export function normalizeFollowUpCode(input: string): string | undefined {
	if (input.length > 60) return undefined;
	let s = input.toUpperCase().replace(/[\s-]+/g, '');
	// The prefix is optional; 12 symbols may themselves start with "TD".
	if (s.length === FOLLOW_UP_SYMBOLS + 2 && s.startsWith('TD')) s = s.slice(2);
	if (s.length !== FOLLOW_UP_SYMBOLS) return undefined;
	const code = formatFollowUpCode(s);
	return FOLLOW_UP_CODE_PATTERN.test(code) ? code : undefined;
}
