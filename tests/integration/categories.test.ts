import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ACCIDENT_CLASSES,
	CATEGORIES,
	CATEGORY_GROUPS,
	INCIDENT_SOURCES,
	INCIDENT_STATUSES,
	SEVERITIES
} from '../../src/lib/domain/categories';
import type { Db } from '../../src/lib/server/db/port';
import { ENGINES, openTestDb } from '../fixtures/db';

/**
 * The codes of src/lib/domain/categories.ts are written there for the browser and the schemas, and
 * in the migrations for the database; these tests keep the two in step on every engine.
 */

/** The check constraints on one column, as PostgreSQL prints them. */
async function checksOn(db: Db, table: string, column: string): Promise<string[]> {
	const rows = await db.query<{ def: string }>(
		`select pg_get_constraintdef(c.oid) as def
		from pg_constraint c
		join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
		where c.conrelid = $1::regclass and c.contype = 'c' and a.attname = $2`,
		[`public.${table}`, column]
	);
	return rows.map((r) => r.def);
}

/** The text values an `in (…)` check allows: `CHECK ((x = ANY (ARRAY['a'::text, …])))`. */
async function allowedCodes(db: Db, table: string, column: string): Promise<string[]> {
	const defs = await checksOn(db, table, column);
	expect(defs).toHaveLength(1);
	return [...defs[0]!.matchAll(/'([^']*)'::text/g)].map((m) => m[1]!);
}

/** The bounds a `between lo and hi` check allows, as the whole numbers in between. */
async function allowedRange(db: Db, table: string, column: string): Promise<number[]> {
	const defs = await checksOn(db, table, column);
	expect(defs).toHaveLength(1);
	const lo = /\(\w+ >= (\d+)\)/.exec(defs[0]!)?.[1];
	const hi = /\(\w+ <= (\d+)\)/.exec(defs[0]!)?.[1];
	expect({ lo, hi }).not.toMatchObject({ lo: undefined });
	return Array.from({ length: Number(hi) - Number(lo) + 1 }, (_, i) => Number(lo) + i);
}

for (const engine of ENGINES) {
	describe(`incident codes in categories.ts and in the database on ${engine}`, () => {
		let db: Db;
		beforeAll(async () => {
			db = await openTestDb(engine);
		});
		afterAll(async () => {
			await db?.close();
		});

		it('lists the categories of incident_categories with the same codes, groups, articles, names and ordinals', async () => {
			const rows = await db.query<{
				code: string;
				article: string;
				name_vi: string;
				name_en: string;
				category_group: string;
				ordinal: number;
			}>(
				`select code, article, name_vi, name_en, category_group, ordinal
				from incident_categories order by ordinal`
			);
			expect(
				rows.map((r) => ({
					ordinal: Number(r.ordinal),
					code: r.code,
					group: r.category_group,
					article: r.article,
					vi: r.name_vi,
					en: r.name_en
				}))
			).toEqual(
				CATEGORIES.map((c, i) => ({
					ordinal: i + 1,
					code: c.code,
					group: c.group,
					article: c.article,
					vi: c.vi,
					en: c.en
				}))
			);
		});

		it('shows the categories in the display order of incident_categories.sort_order', async () => {
			const rows = await db.query<{ code: string }>(
				'select code from incident_categories order by sort_order, code'
			);
			expect(rows.map((r) => r.code)).toEqual(CATEGORIES.map((c) => c.code));
		});

		it('allows exactly the category groups, incident statuses and sources that categories.ts names', async () => {
			expect(await allowedCodes(db, 'incident_categories', 'category_group')).toEqual([
				...CATEGORY_GROUPS
			]);
			expect(await allowedCodes(db, 'incidents', 'status')).toEqual([...INCIDENT_STATUSES]);
			expect(await allowedCodes(db, 'incidents', 'source')).toEqual([...INCIDENT_SOURCES]);
		});

		it('allows exactly the incident severities and accident classes that have words', async () => {
			expect(await allowedRange(db, 'incidents', 'severity')).toEqual([...SEVERITIES]);
			expect(await allowedRange(db, 'accidents', 'severity_class')).toEqual([...ACCIDENT_CLASSES]);
		});
	});
}
