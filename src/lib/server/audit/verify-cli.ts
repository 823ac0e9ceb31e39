/**
 * `npm run audit:verify [-- --head SEQ:HASH]`: checks the audit trail's hash chain in the
 * configured database (DATABASE_URL, or the embedded one in DATA_DIR, which the server must not
 * be using at the same time) as its owner. Prints `intact, N rows` and the head to keep outside
 * the database, or the first broken link. With `--head`, a head kept earlier must still be in the
 * chain, unchanged. Exit status: 0 intact, 1 broken, 2 could not check. Changes nothing.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, StartupError } from '../db/open';
import { ConfigError, parseEnv } from '../env';
import { CHAIN_BREAK_TEXT, checkAuditChain, formatHead, parseHead } from './audit-chain';

const say = (m: string) => console.log(`[audit] ${m}`);
const progress = (m: string) => console.error(`[audit] ${m}`);

async function main(): Promise<number> {
	const { values } = parseArgs({ options: { head: { type: 'string' } } });
	const known = values.head === undefined ? undefined : parseHead(values.head);
	if (values.head !== undefined && !known) {
		throw new ConfigError(`--head must be <number>:<64 hex digits>, as this command prints it`);
	}
	const env = parseEnv(process.env);
	const dir = resolve(env.DATA_DIR);
	if (!env.DATABASE_URL && !existsSync(join(dir, 'PG_VERSION'))) {
		throw new ConfigError(
			`there is no embedded database in ${dir}: set DATA_DIR to it, or DATABASE_URL to the server`
		);
	}
	const { db } = await openDatabase(env, progress);
	try {
		const [fn] = await db.query<{ ok: boolean }>(
			`select to_regprocedure('app.audit_chain_check(bigint, text)') is not null as ok`
		);
		if (!fn?.ok) {
			throw new ConfigError(
				'this database has no audit chain yet: start the server once to apply the migrations'
			);
		}
		const report = await checkAuditChain(db, 'owner', known);
		if (report.head) say(`head ${formatHead(report.head)} (${report.head.at}): keep it elsewhere`);
		if (report.intact) {
			say(`intact, ${report.rows} rows${known ? `, the head ${known.seq} is still there` : ''}`);
			return 0;
		}
		const b = report.firstBroken!;
		say(
			`BROKEN at ${b.id === null ? '' : `row id ${b.id}, `}chain position ${b.seq ?? '?'}` +
				`${b.at ? ` (${b.at})` : ''}: ${CHAIN_BREAK_TEXT[b.reason]} [${b.reason}]; ${report.rows} rows`
		);
		return 1;
	} finally {
		await db.close();
	}
}

main().then(
	(code) => process.exit(code),
	(err) => {
		const known = err instanceof ConfigError || err instanceof StartupError;
		console.error(
			`[audit] ${known ? err.message : `could not check: ${err instanceof Error ? err.message : err}`}`
		);
		process.exit(2);
	}
);
