import { msg } from '$lib/domain/api-text';
import type { Queryable } from '../db/port';
import { refuse } from '../http';
import type { AuditQuery } from '$lib/domain/admin-input';

export interface AuditEntry {
	id: number;
	at: string;
	actorId: string | null;
	/** The actor's username or token name, when the caller may see it. */
	actorName: string | null;
	actorRole: string | null;
	actorKind: 'user' | 'token' | 'anonymous' | 'system';
	action: string;
	entity: string | null;
	entityId: string | null;
	zoneId: string | null;
	ip: string | null;
	userAgent: string | null;
	details: Record<string, unknown>;
}

export interface AuditPage {
	entries: AuditEntry[];
	/** Pass as `before` for the next (older) page; null on the last page. */
	next: number | null;
}

type AuditRow = {
	id: number;
	at: Date;
	actor_id: string | null;
	actor_name: string | null;
	actor_role: string | null;
	actor_kind: AuditEntry['actorKind'];
	action: string;
	entity: string | null;
	entity_id: string | null;
	zone_id: string | null;
	ip: string | null;
	user_agent: string | null;
	details: Record<string, unknown>;
};

export const AUDIT_DEFAULT_LIMIT = 100;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The audit trail the caller may read (row-level security: an admin sees their zones' rows and
 * rows without a zone), newest first, paged by keyset on (at, id): `before` is the id of the
 * last entry already shown.
 */
export async function auditEntries(q: Queryable, f: AuditQuery): Promise<AuditPage> {
	if (f.from && f.to && f.from >= f.to) refuse(400, 'to', msg('afterFrom'));
	if (f.before !== undefined) {
		const [cursor] = await q.query(`select 1 from audit_log where id = $1`, [f.before]);
		if (!cursor) refuse(400, 'before', msg('notVisibleEntry'));
	}
	const limit = f.limit ?? AUDIT_DEFAULT_LIMIT;
	const actorId = f.actor && UUID_RE.test(f.actor) ? f.actor.toLowerCase() : null;
	const actorName = f.actor && !actorId ? f.actor.toLowerCase() : null;
	const prefix = f.action?.endsWith('*') ? f.action.slice(0, -1) : null;
	const action = f.action && !prefix ? f.action : null;
	const rows = await q.query<AuditRow>(
		`select a.id, a.at, a.actor_id, coalesce(u.username, t.name) as actor_name, a.actor_role,
			a.actor_kind, a.action, a.entity, a.entity_id, a.zone_id, a.ip, a.user_agent, a.details
		from audit_log a
		left join app_users u on u.id = a.actor_id
		left join api_tokens t on t.id = a.actor_id
		where ($1::uuid is null or a.actor_id = $1::uuid)
			and ($2::text is null or a.actor_id in (select x.id from app_users x where x.username = $2::text))
			and ($3::text is null or a.action = $3::text)
			and ($4::text is null or left(a.action, length($4::text)) = $4::text)
			and ($5::text is null or a.entity = $5::text)
			and ($6::timestamptz is null or a.at >= $6::timestamptz)
			and ($7::timestamptz is null or a.at < $7::timestamptz)
			and ($8::bigint is null or (a.at, a.id) < (select b.at, b.id from audit_log b where b.id = $8::bigint))
		order by a.at desc, a.id desc
		limit $9::int`,
		[
			actorId,
			actorName,
			action,
			prefix,
			f.entity ?? null,
			f.from ?? null,
			f.to ?? null,
			f.before ?? null,
			limit + 1
		]
	);
	const more = rows.length > limit;
	const page = more ? rows.slice(0, limit) : rows;
	return {
		entries: page.map((r) => ({
			id: r.id,
			at: new Date(r.at).toISOString(),
			actorId: r.actor_id,
			actorName: r.actor_name,
			actorRole: r.actor_role,
			actorKind: r.actor_kind,
			action: r.action,
			entity: r.entity,
			entityId: r.entity_id,
			zoneId: r.zone_id,
			ip: r.ip,
			userAgent: r.user_agent,
			details: r.details
		})),
		next: more ? page[page.length - 1]!.id : null
	};
}
