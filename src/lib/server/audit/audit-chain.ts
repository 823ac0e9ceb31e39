/**
 * The audit trail's hash chain, checked by the database (app.audit_chain_check, migration
 * 20261129000400): each row stores sha256(previous row's hash || its canonical content). Read by
 * `npm run audit:verify` (as the database owner) and GET /api/admin/audit/verify (as an
 * administrator, through app.audit_verify).
 */
import type { ChainBreak, ChainHead } from '$lib/domain/audit-chain';
import type { Queryable } from '../db/port';

export { CHAIN_BREAKS, formatHead, HEAD_PATTERN, parseHead } from '$lib/domain/audit-chain';
export type { ChainBreak, ChainHead } from '$lib/domain/audit-chain';

/** What each break means, for people reading the CLI's output or the API's answer. */
export const CHAIN_BREAK_TEXT: Record<ChainBreak, string> = {
	unchained: 'the row has no place in the chain (written with the chain trigger disabled)',
	sequence: 'its number does not follow the previous row: rows before it were deleted',
	link: 'it does not carry the previous row’s hash: that row was changed or replaced',
	content: 'its content does not match its hash: the row was edited',
	head: 'the recorded head is gone or has another hash: the chain was cut or rewritten after it'
};

export interface ChainReport {
	intact: boolean;
	/** Rows in the audit log. */
	rows: number;
	/** The last row; null for an empty log. Keep it elsewhere to detect a rewritten tail. */
	head: (ChainHead & { at: string }) | null;
	/** The first row where the chain breaks (absent when intact). */
	firstBroken?: { id: number | null; seq: number | null; at: string | null; reason: ChainBreak };
}

/** The last row of the chain (one index read), or null for an empty log. As the owner. */
export async function auditChainHead(q: Queryable): Promise<(ChainHead & { at: string }) | null> {
	const [row] = await q.query<{ seq: string; hash: string; at: Date | string }>(
		`select a.seq::text, encode(a.row_hash, 'hex') as hash, a.at from audit_log a order by a.seq desc limit 1`
	);
	return row ? { seq: Number(row.seq), hash: row.hash, at: new Date(row.at).toISOString() } : null;
}

type CheckRow = {
	intact: boolean;
	total: string | number;
	head_seq: string | number | null;
	head_hash: string | null;
	head_at: Date | string | null;
	broken_id: string | number | null;
	broken_seq: string | number | null;
	broken_at: Date | string | null;
	reason: ChainBreak | null;
};

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const num = (v: string | number | null) => (v === null ? null : Number(v));

/**
 * Checks the whole chain, and a head recorded earlier when given. `as: 'owner'` is the database
 * owner's check (the CLI); `as: 'admin'` runs as the caller and refuses anyone but an
 * administrator (42501).
 */
export async function checkAuditChain(
	q: Queryable,
	as: 'owner' | 'admin',
	known?: ChainHead
): Promise<ChainReport> {
	const fn = as === 'owner' ? 'app.audit_chain_check' : 'app.audit_verify';
	const [r] = await q.query<CheckRow>(`select * from ${fn}($1::bigint, $2::text)`, [
		known?.seq ?? null,
		known?.hash ?? null
	]);
	const report: ChainReport = {
		intact: r!.intact,
		rows: Number(r!.total),
		head:
			r!.head_seq === null
				? null
				: { seq: Number(r!.head_seq), hash: r!.head_hash!, at: iso(r!.head_at)! }
	};
	if (!r!.intact) {
		report.firstBroken = {
			id: num(r!.broken_id),
			seq: num(r!.broken_seq),
			at: iso(r!.broken_at),
			reason: r!.reason!
		};
	}
	return report;
}
