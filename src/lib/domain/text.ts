/**
 * True when a text holds control characters other than tab, line feed and carriage return
 * (C0 controls and DEL): they have no place in a description and can break logs and exports.
 */
export function hasControlChars(s: string): boolean {
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
	}
	return false;
}
