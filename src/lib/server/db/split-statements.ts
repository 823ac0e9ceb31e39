/**
 * Splits a migration file into statements exactly as the Supabase CLI does, so that the
 * `statements` column of `supabase_migrations.schema_migrations` holds what `supabase db push`
 * stores there and `supabase migration fetch` (which writes the statements joined by ";\n", plus
 * ";\n") gives the file back.
 *
 * A port of the CLI's `pkg/parser` (github.com/supabase/cli, MIT licence): a state machine over the
 * file's bytes that tells whether a `;` is inside a quoted string, a dollar-quoted body, a comment,
 * parentheses or a BEGIN ATOMIC body. Each statement keeps its comments and inner spacing; the
 * trailing `;` and surrounding white space are trimmed and empty statements dropped. The CLI
 * advances one byte at a time and decodes a character at every offset (a continuation byte reads
 * as U+FFFD); so does this port, so that odd inputs split the same way too.
 */

/** The bytes of the current statement so far: `buf[start, end)`. */
interface Token {
	buf: Uint8Array;
	start: number;
	end: number;
}

/** The next state after character `r`; null ends the statement (a `;` outside anything). */
interface State {
	next(r: number, data: Token): State | null;
}

const REPLACEMENT = 0xfffd;
const enc = new TextEncoder();
const dec = new TextDecoder();

/** Go's utf8.DecodeRune: the character at `i` and its width; (U+FFFD, 1) when not valid there. */
function decodeRune(buf: Uint8Array, i: number, limit = buf.length): [number, number] {
	const b0 = buf[i]!;
	if (b0 < 0x80) return [b0, 1];
	const width =
		b0 >= 0xc2 && b0 <= 0xdf ? 2 : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xf0 && b0 <= 0xf4 ? 4 : 0;
	if (width === 0 || i + width > limit) return [REPLACEMENT, 1];
	let r = b0 & (0x7f >> width);
	for (let k = 1; k < width; k++) {
		const b = buf[i + k]!;
		if ((b & 0xc0) !== 0x80) return [REPLACEMENT, 1];
		r = (r << 6) | (b & 0x3f);
	}
	const min = width === 2 ? 0x80 : width === 3 ? 0x800 : 0x10000;
	if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return [REPLACEMENT, 1];
	return [r, width];
}

/** Go's utf8.DecodeLastRune over `buf[from, to)`. */
function decodeLastRune(buf: Uint8Array, from: number, to: number): [number, number] {
	if (to <= from) return [REPLACEMENT, 0];
	if (buf[to - 1]! < 0x80) return [buf[to - 1]!, 1];
	for (let start = to - 1; start >= Math.max(from, to - 4); start--) {
		if ((buf[start]! & 0xc0) !== 0x80) {
			const [r, w] = decodeRune(buf, start, to);
			return start + w === to ? [r, w] : [REPLACEMENT, 1];
		}
	}
	return [REPLACEMENT, 1];
}

const isLetter = (r: number) => /^\p{L}$/u.test(String.fromCodePoint(r));
const isDigit = (r: number) => /^\p{Nd}$/u.test(String.fromCodePoint(r));
const isIdentifierRune = (r: number) => isLetter(r) || isDigit(r) || r === 0x5f || r === 0x24;
/** Go's unicode.IsSpace. */
const isSpace = (r: number) =>
	(r >= 0x09 && r <= 0x0d) ||
	r === 0x20 ||
	r === 0x85 ||
	r === 0xa0 ||
	r === 0x1680 ||
	(r >= 0x2000 && r <= 0x200a) ||
	r === 0x2028 ||
	r === 0x2029 ||
	r === 0x202f ||
	r === 0x205f ||
	r === 0x3000;

/** Whether the token ends with `suffix` (ASCII case-insensitive when `fold`). */
function endsWith(t: Token, suffix: Uint8Array, fold = false): boolean {
	const from = t.end - suffix.length;
	if (from < t.start) return false;
	for (let k = 0; k < suffix.length; k++) {
		let a = t.buf[from + k]!;
		let b = suffix[k]!;
		if (fold) {
			if (a >= 0x61 && a <= 0x7a) a -= 0x20;
			if (b >= 0x61 && b <= 0x7a) b -= 0x20;
		}
		if (a !== b) return false;
	}
	return true;
}

const ATOMIC = enc.encode('ATOMIC');
const BEGIN = enc.encode('BEGIN');
const END = enc.encode('END');
const CLOSE_PAREN = enc.encode(')');
const NEWLINE = enc.encode('\n');
const OPEN_BLOCK = enc.encode('/*');
const CLOSE_BLOCK = enc.encode('*/');

/** `BEGIN ATOMIC` ends the token (both whole words, any space between them). */
function isBeginAtomic(t: Token): boolean {
	if (!endsWith(t, ATOMIC, true)) return false;
	const offset = t.end - ATOMIC.length;
	if (offset > t.start && isIdentifierRune(decodeLastRune(t.buf, t.start, offset)[0])) return false;
	let prefixEnd = offset;
	while (prefixEnd > t.start) {
		const [r, w] = decodeLastRune(t.buf, t.start, prefixEnd);
		if (!isSpace(r)) break;
		prefixEnd -= w;
	}
	const prefix: Token = { buf: t.buf, start: t.start, end: prefixEnd };
	if (!endsWith(prefix, BEGIN, true)) return false;
	const beginAt = prefixEnd - BEGIN.length;
	if (beginAt === t.start) return true;
	return !isIdentifierRune(decodeLastRune(t.buf, t.start, beginAt)[0]);
}

class ReadyState implements State {
	next(r: number, t: Token): State | null {
		switch (r) {
			case 0x24: // $
				return new TagState(t.end - 1);
			case 0x27: // '
			case 0x22: // "
				return new QuoteState(r);
			case 0x2d: // -
				return new CommentState();
			case 0x2f: // /
				return new BlockState();
			case 0x5c: // \
				return new EscapeState();
			case 0x3b: // ;
				return null;
			case 0x28: // (
				return new AtomicState(this, CLOSE_PAREN);
			case 0x63: // c
			case 0x43: // C
				if (isBeginAtomic(t)) return new AtomicState(this, END);
		}
		return this;
	}
}

/** After one `-`: a second one opens a line comment. */
class CommentState implements State {
	next(r: number, t: Token): State | null {
		if (r === 0x2d) return new DollarState(NEWLINE);
		return new ReadyState().next(r, t);
	}
}

/** After a `/`: `/*` opens a block comment; they nest. */
class BlockState implements State {
	private depth = 0;
	next(r: number, t: Token): State | null {
		if (endsWith(t, OPEN_BLOCK)) {
			this.depth += 1;
			return this;
		}
		if (this.depth === 0) return new ReadyState().next(r, t);
		if (endsWith(t, CLOSE_BLOCK)) {
			this.depth -= 1;
			if (this.depth === 0) return new ReadyState();
		}
		return this;
	}
}

/** Inside '…' or "…"; a doubled delimiter stays inside. */
class QuoteState implements State {
	private escape = false;
	constructor(private readonly delimiter: number) {}
	next(r: number, t: Token): State | null {
		if (this.escape) {
			if (r === this.delimiter) {
				this.escape = false;
				return this;
			}
			return new ReadyState().next(r, t);
		}
		if (r === this.delimiter) this.escape = true;
		return this;
	}
}

/** Inside a body that only `delimiter` ends: $tag$…$tag$, or a line comment up to "\n". */
class DollarState implements State {
	constructor(private readonly delimiter: Uint8Array) {}
	next(_r: number, t: Token): State | null {
		return endsWith(t, this.delimiter) ? new ReadyState() : this;
	}
}

/** After a `$`: letters, digits and `_` up to the next `$` make a dollar-quote tag. */
class TagState implements State {
	constructor(private readonly offset: number) {}
	next(r: number, t: Token): State | null {
		if (r === 0x24) return new DollarState(t.buf.slice(this.offset, t.end));
		if (isLetter(r) || isDigit(r) || r === 0x5f) return this;
		return new ReadyState().next(r, t);
	}
}

/** After a backslash: the next character is taken as it is. */
class EscapeState implements State {
	next(): State | null {
		return new ReadyState();
	}
}

/** Inside (…) or BEGIN ATOMIC … END: a `;` there does not end the statement. */
class AtomicState implements State {
	constructor(
		private prev: State,
		private readonly delimiter: Uint8Array
	) {}
	next(r: number, t: Token): State | null {
		const curr = this.prev.next(r, t);
		if (curr) this.prev = curr;
		if (this.prev instanceof ReadyState && endsWith(t, this.delimiter, true)) {
			return new ReadyState();
		}
		return this;
	}
}

/** Go's strings.TrimSpace over `buf[from, to)`, after strings.TrimRight(…, ";"). */
function trimmed(buf: Uint8Array, from: number, to: number): string {
	while (to > from && buf[to - 1] === 0x3b) to--;
	while (from < to) {
		const [r, w] = decodeRune(buf, from, to);
		if (!isSpace(r)) break;
		from += w;
	}
	while (to > from) {
		const [r, w] = decodeLastRune(buf, from, to);
		if (!isSpace(r)) break;
		to -= w;
	}
	return dec.decode(buf.subarray(from, to));
}

/** Where each statement of `buf` begins and ends, untrimmed (the CLI's `parser.Split`). */
function* tokens(buf: Uint8Array): Generator<[number, number]> {
	let state: State = new ReadyState();
	let start = 0;
	for (let i = 0; i < buf.length; i++) {
		const [r, width] = decodeRune(buf, i);
		const end = i + width;
		const next = state.next(r, { buf, start, end });
		if (next) {
			state = next;
		} else {
			yield [start, end];
			start = end;
			i = end - 1;
			state = new ReadyState();
		}
	}
	if (start < buf.length) yield [start, buf.length];
}

/** The statements as the CLI's `parser.Split` cuts them: every byte kept, `;` included. */
export function splitUntrimmed(sql: string): string[] {
	const buf = enc.encode(sql);
	return [...tokens(buf)].map(([from, to]) => dec.decode(buf.subarray(from, to)));
}

/** The statements of a migration file, as `supabase db push` records them (`SplitAndTrim`). */
export function splitStatements(sql: string): string[] {
	const buf = enc.encode(sql);
	const out: string[] = [];
	for (const [from, to] of tokens(buf)) {
		const s = trimmed(buf, from, to);
		if (s.length > 0) out.push(s);
	}
	return out;
}
