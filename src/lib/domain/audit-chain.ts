/**
 * The audit trail's hash chain as the API and the CLI speak of it (checked by the database:
 * src/lib/server/audit/audit-chain.ts).
 */

/** Why a link is broken (the order the check tests them in). */
export const CHAIN_BREAKS = ['unchained', 'sequence', 'link', 'content', 'head'] as const;
export type ChainBreak = (typeof CHAIN_BREAKS)[number];

/** A head kept outside the database: the last row's place in the chain and its hash. */
export interface ChainHead {
	seq: number;
	hash: string;
}

/** `12345:3fa2…` (64 hex digits), as the CLI prints the head and the API takes it. */
export const HEAD_PATTERN = /^([1-9]\d{0,17}):([0-9a-fA-F]{64})$/;

export function parseHead(text: string): ChainHead | undefined {
	const m = HEAD_PATTERN.exec(text);
	return m ? { seq: Number(m[1]), hash: m[2]!.toLowerCase() } : undefined;
}

export const formatHead = (h: ChainHead) => `${h.seq}:${h.hash}`;
