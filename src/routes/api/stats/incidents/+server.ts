import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { instantParam, parseQuery, zoneCodeParam } from '$lib/domain/params';
import { badParse, badRequest, refusalOrThrow } from '$lib/server/http';
import { asCaller, zoneOr404 } from '$lib/server/read';
import type { RequestHandler } from './$types';

const Query = z
	.object({
		from: instantParam.optional(),
		to: instantParam.optional(),
		zone: zoneCodeParam.optional()
	})
	.strict();

/**
 * Counts of incidents by category and administrative unit: what the steering board sees instead
 * of incident rows (computed by app.incident_counts, which checks the caller's scope).
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseQuery(Query, url.searchParams, locals.lang);
	if (!parsed.ok) return badParse(parsed);
	const to = parsed.value.to ?? new Date();
	const from = parsed.value.from ?? new Date(to.getTime() - 30 * 86_400_000);
	if (from >= to) return badRequest(locals.lang, 'to', 'afterFrom');
	try {
		const rows = await asCaller(locals, async (q) => {
			const zone = await zoneOr404(q, parsed.value.zone, locals.lang);
			return q.query<{ category: string; admin_unit_code: string | null; n: number }>(
				`select category, admin_unit_code, n from app.incident_counts($1, $2, $3)`,
				[zone.id, from, to]
			);
		});
		const byCategory: Record<string, number> = {};
		const byUnit: Record<string, number> = {};
		let total = 0;
		for (const r of rows) {
			byCategory[r.category] = (byCategory[r.category] ?? 0) + r.n;
			const unit = r.admin_unit_code ?? 'unknown';
			byUnit[unit] = (byUnit[unit] ?? 0) + r.n;
			total += r.n;
		}
		return json({ from: from.toISOString(), to: to.toISOString(), total, byCategory, byUnit });
	} catch (err) {
		return refusalOrThrow(err, locals.lang);
	}
};
