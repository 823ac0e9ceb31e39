import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/**
 * The password policy for every password a person chooses here (the first administrator's
 * ADMIN_PASSWORD, and every password set through the admin API): 10 to 200 characters, not
 * containing the username, and a zxcvbn strength score of at least 3 of 4 ("safely
 * unguessable": about 10^8 guesses or more) against zxcvbn-ts's common-password, English and
 * name dictionaries, Vietnamese common passwords and names, and this product's own words (the
 * zones, parks, places and roles it is about). Demo accounts (password `demo`, only ever created
 * together with the synthetic demo zone) are not subject to it.
 */
export const MIN_SCORE = 3;

/** Vietnamese passwords and words people build passwords on (folded: no diacritics, no spaces). */
const VIETNAMESE = [
	'matkhau',
	'matkhau123',
	'anhyeuem',
	'emyeuanh',
	'yeuem',
	'yeuanh',
	'vietnam',
	'vietnam123',
	'hanoi',
	'saigon',
	'hochiminh',
	'xinchao',
	'conghoa',
	'doclap',
	'tudo',
	'hanhphuc',
	'bimat',
	'quenmatkhau',
	'doimatkhau',
	'congan',
	'canhsat',
	'baove',
	'quantri',
	'quantrivien',
	'chihuy',
	'trucban',
	'tuantra',
	'nguyen',
	'tran',
	'pham',
	'hoang',
	'huynh',
	'phan',
	'dang',
	'duong',
	'minh',
	'hung',
	'dung',
	'linh',
	'huong',
	'trang',
	'thanh',
	'tuan',
	'long',
	'ngoc',
	'phuong',
	'thao',
	'quang'
];

/** This product's own words: a password made of them is the first thing an attacker tries. */
export const PRODUCT_WORDS = [
	'anninh',
	'antt',
	'trangdue',
	'kcntrangdue',
	'haiphong',
	'anduong',
	'anhai',
	'bacson',
	'hongphong',
	'leloi',
	'lethien',
	'anhoa',
	'quantoan',
	'ql10',
	'quoclo10',
	'khucongnghiep',
	'admin',
	'administrator',
	'demo',
	'commander',
	'dispatcher'
];

/** Names as words a password might be built on: without diacritics, joined and one by one. */
export function foldedWords(names: readonly string[]): string[] {
	const out = new Set<string>();
	for (const name of names) {
		const folded = name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
		const joined = folded.replace(/[^a-z0-9]/g, '');
		if (joined.length >= 3) out.add(joined);
		for (const w of folded.split(/[^a-z0-9]+/)) if (w.length >= 4) out.add(w);
	}
	return [...out];
}

let estimator: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
	// Built once (≈ 0.1 s); a check then takes a few to a few tens of milliseconds. The
	// Levenshtein matcher is left off: it made a check take ~0.4 s of the event loop.
	estimator ??= new ZxcvbnFactory({
		dictionary: { ...common.dictionary, ...en.dictionary, 'vi-common': VIETNAMESE },
		graphs: common.adjacencyGraphs
	});
	return estimator;
}

/** Why a password is refused: a message key in api-text.ts (`password.*`). */
export type PasswordProblem =
	| 'password.short'
	| 'password.long'
	| 'password.username'
	| 'password.common'
	| 'password.product'
	| 'password.keyboard'
	| 'password.repetitive'
	| 'password.sequence'
	| 'password.date'
	| 'password.words'
	| 'password.weak';

/** zxcvbn's warning keys → our sentences (see api-text.ts). */
const WARNINGS: Record<string, PasswordProblem> = {
	topTen: 'password.common',
	topHundred: 'password.common',
	common: 'password.common',
	similarToCommon: 'password.common',
	pwned: 'password.common',
	userInputs: 'password.product',
	straightRow: 'password.keyboard',
	keyPattern: 'password.keyboard',
	simpleRepeat: 'password.repetitive',
	extendedRepeat: 'password.repetitive',
	sequences: 'password.sequence',
	recentYears: 'password.date',
	dates: 'password.date',
	wordByItself: 'password.words',
	namesByThemselves: 'password.words',
	commonNames: 'password.words'
};

/** What made zxcvbn's estimate low, when it gave no warning of its own. */
function reasonOf(result: ZxcvbnResult): PasswordProblem {
	const warning = result.feedback.warning;
	if (warning && WARNINGS[warning]) return WARNINGS[warning];
	const patterns = result.sequence.map((m) =>
		m.pattern === 'dictionary' ? String(m.dictionaryName) : m.pattern
	);
	if (patterns.includes('userInputs')) return 'password.product';
	if (patterns.some((p) => p === 'passwords' || p === 'vi-common')) return 'password.common';
	if (patterns.includes('repeat')) return 'password.repetitive';
	if (patterns.includes('sequence')) return 'password.sequence';
	if (patterns.includes('spatial')) return 'password.keyboard';
	if (patterns.includes('date') || patterns.includes('regex')) return 'password.date';
	return 'password.weak';
}

/**
 * What is wrong with a password, if anything: a message key. `words` are names that belong to
 * the account or the deployment (display name, zone and park names), checked besides the
 * product's own words.
 */
export function passwordProblem(
	password: string,
	context: { username: string; words?: readonly string[] }
): PasswordProblem | undefined {
	if (password.length < 10) return 'password.short';
	if (password.length > 200) return 'password.long';
	const username = context.username.toLowerCase();
	if (username && password.toLowerCase().includes(username)) return 'password.username';
	const inputs = [...PRODUCT_WORDS, ...foldedWords([context.username, ...(context.words ?? [])])];
	const result = zxcvbn().check(password, inputs);
	if (result.score >= MIN_SCORE) return undefined;
	return reasonOf(result);
}
