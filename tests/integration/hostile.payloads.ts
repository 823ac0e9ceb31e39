/**
 * Hostile request payloads for the write endpoints, each built to be invalid on purpose: it
 * carries at least one defect the endpoint must refuse (a wrong type, a missing or unknown
 * field, an out-of-range value, a malformed or oversized body, a wrong content type, an id that
 * does not exist, a state that forbids the change), often decorated with hostile text (SQL,
 * markup, Unicode edge cases) in the fields where text is allowed. Deterministic: a seeded PRNG
 * picks the decorations and the sample. The fields and their kinds come from the endpoints'
 * contracts (`fieldSpecOf`).
 */
import { timeFormatOf, type DocField, type JsonSchema } from '../fixtures/contract-fields';

export type Kind =
	| 'text'
	| 'string'
	| 'password'
	| 'pattern'
	| 'enum'
	| 'lon'
	| 'lat'
	| 'int'
	| 'instant'
	| 'bool'
	| 'people'
	| 'uuid'
	| 'uuids'
	| 'units'
	| 'location';

export interface FieldSpec {
	kind: Kind;
	/** For `text`: the longest and shortest accepted value (code points); for `int`: the range. */
	max?: number;
	min?: number;
	/** For `pattern`: the regular expression every accepted value matches. */
	pattern?: string;
	required?: boolean;
	nullable?: boolean;
	/** Values of the right shape that the endpoint refuses after looking in the database. */
	dbDefects?: unknown[];
}

export interface EndpointSpec {
	/** A body the endpoint would accept (never sent as it is: every payload breaks it). */
	valid?: () => Record<string, unknown>;
	/**
	 * The body's fields, generated from the endpoint's contract (`fieldSpecOf`), with what its
	 * schema cannot say added by hand (`overrides`).
	 */
	fields?: Record<string, FieldSpec>;
	/** What the contract cannot say about a field: lengths it leaves out, database defects. */
	overrides?: Record<string, Partial<FieldSpec>>;
	/** How the handler reads its body: `none` ignores it. */
	body: 'json' | 'optional-json' | 'none';
	maxBytes?: number;
	/** For routes with an `{id}`: an id whose resource exists (bodies are fuzzed against it)… */
	realId?: string;
	/** …and the kind of id it takes, for the hostile ids. */
	idKind?: 'int' | 'uuid';
	/**
	 * Whole bodies of the right shape that the endpoint refuses: a state that forbids the change,
	 * a duplicate, a point outside the zone, a rule across fields. Each is also sent with hostile
	 * text in its free-text field, which then reaches the database inside a refused transaction.
	 */
	refusedBodies?: [label: string, body: Record<string, unknown>, params?: Record<string, string>][];
}

export interface Payload {
	family: string;
	label: string;
	/** Raw request body (already serialised); undefined: no body. */
	body?: string;
	headers?: Record<string, string>;
	params?: Record<string, string>;
}

// Deterministic randomness ---------------------------------------------------------------------

/** mulberry32: small, fast, good enough to pick payloads reproducibly. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

// Hostile text ------------------------------------------------------------------------------------

export const SQL = [
	"'; drop table incidents; --",
	"' or 1=1 --",
	'" or ""="',
	"1; update app_users set role = 'admin'; --",
	"'); delete from tips; --",
	"' union select password_hash from app_users --",
	'$1',
	"E'\\x00'",
	"admin'--",
	'%',
	'\\',
	'$$; drop table tips; $$'
];

export const MARKUP = [
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	'<img src=x onerror="window.__xss=1">',
	'"><svg onload=alert(1)>',
	'javascript:alert(1)',
	'{{constructor.constructor("alert(1)")()}}',
	'${alert(1)}',
	'<!--',
	']]><x>'
];

export const UNICODE = [
	'\ud800',
	'\udfff',
	'a\udc00b\ud800',
	'\u202eevil\u202c',
	'\u200b\u200c\u200d\u2060\ufeff',
	'😀🇻🇳👩‍👩‍👧‍👦',
	'𝕏𝔸𝕊𝕊',
	'\u0000',
	'nul\u0000inside',
	'line\u2028sep\u2029',
	'e\u0301\u0301\u0301',
	'Z̷̢̛̯͇̈́a̶̡̛l̸̨̛g̵̢̛o̷̢̍',
	'\uffff\ufffe',
	'Ｔｈｅｆｔ',
	'\t\n\r'
];

/** Text that is allowed in free-text fields of every endpoint (no control characters). */
const DECORATIONS = [
	...SQL,
	...MARKUP,
	'\u202eevil\u202c',
	'\u200b\u200c\u200d\u2060',
	'😀🇻🇳👩‍👩‍👧‍👦',
	'e\u0301\u0301\u0301',
	'Trộm cắp tài sản ở cổng số 2',
	'\ud800 lone surrogate',
	'\udfff\ud800 reversed pair'
];

// Serialisation -----------------------------------------------------------------------------------

/** Marks a JSON token that JSON.stringify cannot write (NaN, 1e999, -0, …). */
const raw = (token: string) => `@@RAW:${token}@@`;
export function serialise(value: unknown): string {
	return JSON.stringify(value).replace(/"@@RAW:(.*?)@@"/g, (_, t: string) => t);
}

const bigString = (n: number, ch = 'A') => ch.repeat(n);

/**
 * Dates and date-times that look like one but are not (src/lib/domain/time.ts): days and hours
 * that do not exist, years out of range, the extended years JavaScript's Date accepts, a space
 * for the T, an offset of 24 hours, NUL, and texts far too long to be a time.
 */
export const IMPOSSIBLE_TIMES: readonly string[] = [
	'2026-02-30',
	'2026-02-29',
	'2026-13-01',
	'2026-00-10',
	'2026-11-31',
	'0000-01-01',
	'1999-12-31',
	'2026-11-01T24:00:00',
	'2026-11-01T08:60:00',
	'2026-11-01T08:30:60',
	'2026-02-30T10:00:00Z',
	'0000-01-01T00:00:00Z',
	'2026-11-01T08:30:00+24:00',
	'+275760-09-13',
	'+275760-09-13T00:00:00.000Z',
	'-000001-01-01T00:00:00Z',
	'9999-12-31T23:59:59Z',
	'2026-11-01 08:30:00',
	'2026-11-01T08:30:00.1234567891Z',
	'2026-11-01\u0000',
	'2026-11-01T08:30:00\u0000Z',
	`2026-11-01T08:30:00.${'0'.repeat(2000)}Z`,
	// Long, but short enough for every body limit (4 KB the smallest): refused as a time, not a body.
	bigString(3_000, '9')
];

/** Codes and names of the wrong shape for fields with a pattern (zone codes, usernames). */
const PATTERN_BREAKERS = [
	'ZONE',
	'-x',
	'a',
	'ab',
	'',
	'bad name',
	'trang due',
	'../trang-due',
	'admín',
	'-lead',
	'<script>',
	"'; drop table zones; --",
	bigString(64, 'z'),
	'trang-due\u0000',
	'ab\u0000cd',
	'\ud800abc'
];

// Invalid values per kind -------------------------------------------------------------------------

function invalidValues(f: FieldSpec): [label: string, value: unknown][] {
	const out: [string, unknown][] = [];
	const add = (label: string, ...values: unknown[]) =>
		values.forEach((v, i) => out.push([`${label}#${i}`, v]));
	const common = [123, true, [], {}, ['nested', ['deeper']]];
	switch (f.kind) {
		case 'text':
			add('text wrong type', ...common, raw('-0'), raw('1e999'));
			add('text too long', bigString((f.max ?? 4000) + 1, 'x'));
			add('text too long emoji', '😀'.repeat((f.max ?? 4000) + 1));
			add('text control char', 'a\u0001b', 'nul\u0000inside', '\u0000', 'bell\u0007', 'del\u007f');
			add('text unpaired surrogate', '\ud800', 'a\udc00b', 'ok\udfff\ud800', '😀'.slice(0, 1));
			if (f.min) add('text too short', 'x'.repeat(f.min - 1) || '', ' '.repeat(f.min + 2));
			break;
		case 'string':
			add('string wrong type', ...common, 0, raw('1e999'));
			break;
		case 'password':
			add('password wrong type', ...common);
			add('password too long', bigString(201, 'p'));
			add('password weak', 'short', '', 'aaaaaaaaaaaaaaa', 'abababababab', "'or 1=1'");
			break;
		case 'pattern': {
			const re = new RegExp(f.pattern!);
			add('pattern wrong type', ...common, 0);
			// Usernames are trimmed and lower-cased before the pattern: what fails both ways.
			const never = (v: string) => !re.test(v) && !re.test(v.trim().toLowerCase());
			add('pattern not matched', ...PATTERN_BREAKERS.filter(never));
			break;
		}
		case 'enum':
			add('enum wrong type', ...common, 0, raw('-0'));
			add(
				'enum unknown',
				'nope',
				'THEFT',
				'theft ',
				'theft\u0000',
				'thef\u200bt',
				'',
				"' or 1=1 --"
			);
			add('enum markup', '<script>alert(1)</script>', 'Ｔｈｅｆｔ');
			break;
		case 'lon':
		case 'lat': {
			const limit = f.kind === 'lon' ? 180 : 90;
			add(`${f.kind} wrong type`, '106.5', 'NaN', 'Infinity', true, [106.5], {}, '1e308');
			add(`${f.kind} out of range`, limit + 0.000001, -limit - 1, 1e308, -1e308, raw('1e999'));
			add(`${f.kind} out of range`, raw('-1e999'), Number.MAX_VALUE, 4e18);
			break;
		}
		case 'int':
			add('int wrong type', '2', 'NaN', true, [2], {}, '1 or 1=1');
			add('int out of range', (f.min ?? 1) - 1, (f.max ?? 4) + 1, 2.5, -1, raw('-0'), 1e308);
			add('int out of range', raw('1e999'), 2 ** 53, 2 ** 53 + 2);
			break;
		case 'instant':
			add('instant wrong type', 1_700_000_000, true, {}, []);
			add('instant not a date', 'yesterday', '', '0000-00-00T00:00:00Z', 'T', bigString(41, '2'));
			add('instant impossible', ...IMPOSSIBLE_TIMES);
			add('instant sql', "2026-11-01T00:00:00Z'; drop table incidents; --");
			add('instant future', '2999-01-01T00:00:00Z', '9999-12-31T23:59:59+07:00');
			break;
		case 'bool':
			add('bool wrong type', 'true', 1, 0, 'yes', [], {}, [true]);
			break;
		case 'people':
			add('people wrong type', 'x', {}, [1], [[]], [null], true);
			add('people bad person', [{}], [{ role: 'boss' }], [{ role: 'victim', extra: 1 }]);
			add(
				'people bad person',
				[{ role: 'victim', birthYear: 1800 }],
				[{ role: 'victim', name: 5 }]
			);
			add('people bad person', [{ role: 'witness', name: 'nul\u0000' }]);
			add('people bad person', [{ role: 'victim', idNumber: bigString(21, '9') }]);
			add(
				'people too many',
				Array.from({ length: 51 }, () => ({ role: 'victim' }))
			);
			break;
		case 'uuid':
			add('uuid bad', 'not-a-uuid', "' or 1=1 --", 123, '00000000-0000-0000-0000-00000000000g', '');
			add('uuid bad', '{00000000-0000-4000-8000-000000000000}', true, [], 'ffffffff');
			break;
		case 'uuids':
			add('uuids bad', 'x', [], ['not-a-uuid'], [123], [null], {}, "' or 1=1 --");
			add(
				'uuids too many',
				Array.from(
					{ length: 51 },
					(_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`
				)
			);
			break;
		case 'units':
			add('units bad', '11581', [1], ['1158'], ['115811'], ["' or 1=1"], {}, [null]);
			add(
				'units too many',
				Array.from({ length: 51 }, () => '11581')
			);
			break;
		case 'location':
			add(
				'location bad',
				'here',
				[106.56, 20.86],
				{ lon: 106.56 },
				{ lon: 106.56, lat: 20.86, alt: 1 }
			);
			add(
				'location bad',
				{ type: 'Point', coordinates: [106.56, 20.86] },
				{ lon: '106.56', lat: 20.86 }
			);
			add('location bad', { lon: 1e308, lat: 0 }, { lon: raw('NaN'), lat: 0 }, true, 0);
			add('location bad', {
				type: 'Polygon',
				coordinates: [Array.from({ length: 2000 }, (_, i) => [106 + i / 1e4, 20.8])]
			});
			break;
	}
	if (f.required || !f.nullable) add(`${f.kind} null`, null);
	for (const v of f.dbDefects ?? []) out.push([`${f.kind} refused by the database`, v]);
	return out;
}

// Payloads for one endpoint -----------------------------------------------------------------------

const HOSTILE_KEYS = [
	'__proto__',
	'constructor',
	'prototype',
	"'; drop table incidents; --",
	'<script>alert(1)</script>',
	'\u0000',
	'\ud800',
	'',
	'id',
	'zone_id',
	'created_by',
	'is_demo',
	'role ',
	bigString(300, 'k')
];

const WRONG_CONTENT_TYPES = [
	'text/plain',
	'text/plain; charset=utf-8',
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=xyz',
	'application/xml',
	'text/json',
	'application/jsonp',
	'application/json5',
	'json',
	'*/*',
	''
];

const MALFORMED = [
	'{',
	'}',
	'{"a":}',
	"{'category':'theft'}",
	'{"category":"theft",}',
	'{"category":"theft"} trailing',
	'{}{}',
	'[1,2',
	'NaN',
	'undefined',
	'{"lon": NaN}',
	'{"lon": Infinity}',
	'{"lon": 0x10}',
	'{"lon": +1}',
	'{"lon": .5}',
	'{"lon": 01}',
	'/* comment */ {}',
	'\ufeff{',
	'{"a":"\\ud800',
	'{"a":"\\u00"}',
	'{"a":"\\x41"}',
	'\u0000',
	'{"a":1}\u0000',
	'"unterminated',
	bigString(1000, '[')
];

const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** Built once: shared by every endpoint. */
let bigBodies: { tenMb: string; millionPoints: string } | undefined;
function big() {
	bigBodies ??= {
		tenMb: `{"description":"${bigString(10 * 1024 * 1024, 'A')}"}`,
		millionPoints: `{"lon":[${Array.from({ length: 1_000_000 }, () => '[106.5619,20.8619]').join(',')}]}`
	};
	return bigBodies;
}

const HOSTILE_INT_IDS = [
	'0',
	'-1',
	'1e3',
	'1.5',
	' 1',
	'1 ',
	'01',
	'0x10',
	'NaN',
	'Infinity',
	'99999999999999999999999',
	"1'; drop table incidents; --",
	'1 or 1=1',
	'١٢٣',
	'1\u0000',
	'\ud800',
	'../1',
	'%31',
	'',
	'<script>alert(1)</script>',
	'😀'
];
const HOSTILE_UUIDS = [
	'not-a-uuid',
	"00000000-0000-0000-0000-000000000000' or '1'='1",
	'00000000-0000-0000-0000-00000000000g',
	'{00000000-0000-4000-8000-000000000000}',
	'00000000000040008000000000000000',
	'',
	'\u0000',
	'<script>alert(1)</script>',
	'../../etc/passwd'
];
/** Ids of the right shape that exist nowhere. */
const MISSING_IDS = {
	int: ['999999999', '9999999999999999'],
	uuid: ['0b6c1b6e-5a07-4c2a-9d7e-000000000000']
};

/**
 * Every payload for one endpoint: systematic defects (each field × each invalid value, each
 * required field missing, unknown fields, malformed JSON, wrong content types, huge and deep
 * bodies, hostile and missing ids) with seeded decorations.
 */
export function payloadsFor(spec: EndpointSpec, seed: number): Payload[] {
	const rand = prng(seed);
	const out: Payload[] = [];
	const params = spec.realId ? { id: spec.realId } : undefined;
	const freeText = Object.entries(spec.fields ?? {})
		.filter(([, f]) => f.kind === 'text')
		.map(([k]) => k);

	/** The valid body with hostile (but allowed) text in a free-text field, chosen at random. */
	const decorated = (skip?: string): Record<string, unknown> => {
		const body = spec.valid!();
		const slots = freeText.filter((k) => k !== skip);
		if (slots.length && rand() < 0.8) body[pick(rand, slots)] = pick(rand, DECORATIONS);
		return body;
	};
	const push = (
		family: string,
		label: string,
		body: string | undefined,
		extra: Partial<Payload> = {}
	) => out.push({ family, label, body, params, ...extra });

	if (spec.body !== 'none' && spec.valid && spec.fields) {
		for (const [name, f] of Object.entries(spec.fields)) {
			for (const [label, value] of invalidValues(f)) {
				push('wrong value', `${name}: ${label}`, serialise({ ...decorated(name), [name]: value }));
			}
			if (f.required) {
				const body = decorated(name);
				delete body[name];
				push('missing field', `${name} missing`, serialise(body));
			}
		}
		for (const key of HOSTILE_KEYS) {
			if (key in spec.fields) continue;
			push(
				'unknown field',
				`unknown key ${JSON.stringify(key).slice(0, 40)}`,
				serialise({ ...decorated(), [key]: pick(rand, [1, 'x', null, {}, SQL[0]]) })
			);
		}
		for (const [label, body, p] of spec.refusedBodies ?? []) {
			const params = p ?? (spec.realId ? { id: spec.realId } : undefined);
			push('refused body', label, serialise(body), { params });
			for (const text of [
				...SQL.slice(0, 3),
				...MARKUP.slice(0, 3),
				...UNICODE.filter((u) => ![...u].some((c) => c.charCodeAt(0) < 0x20))
			]) {
				const slot = freeText.find((k) => k in body);
				if (!slot) break;
				push(
					'refused body',
					`${label} + ${JSON.stringify(text).slice(0, 30)} in ${slot}`,
					serialise({ ...body, [slot]: text }),
					{ params }
				);
			}
		}
		for (const value of [null, [], 'string', 123, true, [spec.valid()], { data: spec.valid() }]) {
			push('wrong body type', `body is ${JSON.stringify(value).slice(0, 40)}`, serialise(value));
		}
		for (const ct of WRONG_CONTENT_TYPES) {
			push('wrong content type', `content-type ${JSON.stringify(ct)}`, serialise(spec.valid()), {
				headers: { 'content-type': ct }
			});
		}
		push('empty body', 'empty body, JSON content type', '');
		push('empty body', 'whitespace body', '   \n\t ');
		if (spec.body === 'json') push('empty body', 'no body at all', undefined);
		for (const m of MALFORMED)
			push('malformed JSON', `malformed ${JSON.stringify(m).slice(0, 30)}`, m);
		push(
			'deep nesting',
			'10,000 nested arrays in a field',
			`{"${freeText[0] ?? 'x'}":${deepArray(10_000)}}`
		);
		push(
			'deep nesting',
			'10,000 nested objects in an unknown field',
			`{"zz":${deepObject(10_000)}}`
		);
		push('deep nesting', '10,000 nested arrays as the body', deepArray(10_000));
		const { tenMb, millionPoints } = big();
		push('huge body', '10 MB body', tenMb);
		push('huge body', '10 MB body with its content-length', tenMb, {
			headers: {
				'content-type': 'application/json',
				'content-length': String(Buffer.byteLength(tenMb))
			}
		});
		push('huge body', '10 MB body claiming 10 bytes', tenMb, {
			headers: { 'content-type': 'application/json', 'content-length': '10' }
		});
		push('huge body', 'an array of 1,000,000 points', millionPoints);
	}

	if (spec.idKind) {
		const hostile = spec.idKind === 'int' ? HOSTILE_INT_IDS : HOSTILE_UUIDS;
		const body = spec.valid ? serialise(spec.valid()) : undefined;
		for (const id of [...hostile, ...MISSING_IDS[spec.idKind]]) {
			push('bad id', `id ${JSON.stringify(id).slice(0, 40)}`, body, { params: { id } });
			if (spec.body === 'none') {
				push(
					'bad id',
					`id ${JSON.stringify(id).slice(0, 40)} with a hostile body`,
					pick(rand, MALFORMED),
					{
						params: { id }
					}
				);
			}
		}
	}
	return out;
}

// Fields from the contracts -------------------------------------------------------------------------

/** A body field as a payload spec: its kind, range and pattern read from its contract's schema. */
export function fieldSpecOf(f: DocField): FieldSpec {
	const s = f.schema;
	const base = { required: f.required, nullable: f.nullable };
	const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
	const props = (schema: JsonSchema) => Object.keys((schema.properties ?? {}) as object).sort();
	if (timeFormatOf(s)) return { kind: 'instant', ...base };
	if (Array.isArray(s.enum)) return { kind: 'enum', ...base };
	if (s.format === 'uuid') return { kind: 'uuid', ...base };
	switch (s.type) {
		case 'boolean':
			return { kind: 'bool', ...base };
		case 'integer': {
			const exclusive = num(s.exclusiveMinimum);
			const min = num(s.minimum) ?? (exclusive === undefined ? undefined : exclusive + 1);
			return { kind: 'int', min, max: num(s.maximum), ...base };
		}
		case 'number':
			if (s.minimum === -180 && s.maximum === 180) return { kind: 'lon', ...base };
			if (s.minimum === -90 && s.maximum === 90) return { kind: 'lat', ...base };
			break;
		case 'object':
			if (props(s).join() === 'lat,lon') return { kind: 'location', ...base };
			break;
		case 'array': {
			const items = (s.items ?? {}) as JsonSchema;
			if (items.format === 'uuid') return { kind: 'uuids', ...base };
			if (items.type === 'string' && typeof items.pattern === 'string')
				return { kind: 'units', ...base };
			if (items.type === 'object' && props(items).includes('role'))
				return { kind: 'people', ...base };
			break;
		}
		case 'string':
			if (typeof s.pattern === 'string') return { kind: 'pattern', pattern: s.pattern, ...base };
			return { kind: 'text', max: num(s.maxLength), min: num(s.minLength), ...base };
	}
	throw new Error(`no payload kind for the field ${f.path}: ${JSON.stringify(s)}`);
}
