import { isHttpError } from '@sveltejs/kit';
import { auditQuery } from '$lib/domain/admin-input';
import { requireAdminPage } from '$lib/server/admin/admin.http';
import { refusalText } from '$lib/server/http';
import { parseQuery } from '$lib/server/input';
import { auditEntries, type AuditPage } from '$lib/server/admin/audit.query';
import { asCaller } from '$lib/server/read';
import type { PageServerLoad } from './$types';

const FILTERS = ['actor', 'action', 'entity', 'from', 'to', 'before'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const PAGE_SIZE = '50';

/** The form's "to" is a day included in the results; the API's `to` is an exclusive instant. */
function dayAfter(value: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!m) return value;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1));
	return d.toISOString().slice(0, 10);
}

/** Links to the newest page and to the next older one, keeping the filters. */
function pageLinks(filters: Filters, next: number | null) {
	const base = new URLSearchParams();
	for (const k of FILTERS) if (k !== 'before' && filters[k]) base.set(k, filters[k]);
	const older = new URLSearchParams(base);
	if (next !== null) older.set('before', String(next));
	return {
		newestQuery: filters.before ? base.toString() : null,
		olderQuery: next !== null ? older.toString() : null
	};
}

/** The audit trail with the filters of the URL (the filter form submits by GET). */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdminPage(locals);
	const filters = Object.fromEntries(
		FILTERS.map((k) => [k, (url.searchParams.get(k) ?? '').trim()])
	) as Filters;
	const query = new URLSearchParams({ limit: PAGE_SIZE });
	for (const k of FILTERS)
		if (filters[k]) query.set(k, k === 'to' ? dayAfter(filters[k]) : filters[k]);

	let page: AuditPage;
	try {
		const parsed = parseQuery(auditQuery, query, locals.lang);
		page = await asCaller(locals, (q) => auditEntries(q, parsed));
	} catch (err) {
		// A refused filter is shown beside the form, in the one error's words.
		if (!isHttpError(err) || err.status !== 400) throw err;
		const filterError = refusalText(locals.lang, err.body);
		return { filters, entries: [], next: null, filterError, ...pageLinks(filters, null) };
	}
	return { filters, ...page, filterError: null, ...pageLinks(filters, page.next) };
};
