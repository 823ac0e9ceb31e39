// Control characters: C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F). Matching them is the
// point here, hence the lint exceptions.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * True when a text holds control characters: they have no place in a description and can break
 * logs and exports. Tab, line feed and carriage return are allowed in multi-line text (the
 * default); `lines: false` refuses them too (names, codes, query parameters).
 */
export function hasControlChars(s: string, opts: { lines: boolean } = { lines: true }): boolean {
	return (opts.lines ? CONTROL_BUT_LINES : CONTROL).test(s);
}
