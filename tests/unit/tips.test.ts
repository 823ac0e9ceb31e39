import { describe, expect, it } from 'vitest';
import { firstIssue } from '../../src/lib/domain/api-text';
import { normalizeFollowUpCode, tipSubmitSchema } from '../../src/lib/domain/tips';
import { newFollowUpCode } from '../../src/lib/server/tips/follow-up-code';
import { rateLimitAddress } from '../../src/lib/server/tips/rate-limit';

describe('follow-up codes', () => {
	it('a new code has 12 symbols from the unambiguous alphabet', () => {
		const codes = new Set(Array.from({ length: 2000 }, newFollowUpCode));
		expect(codes.size).toBe(2000);
		for (const c of codes) expect(c).toMatch(/^TD-[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){2}$/);
		// Every symbol of the alphabet turns up (no symbol is left out by the byte mapping).
		expect(new Set([...codes].join('').replaceAll('-', '').replace('TD', '')).size).toBe(32);
	});

	it('a code typed in lower case, with spaces or without dashes, is the same code', () => {
		expect(normalizeFollowUpCode(' td-7k3p 9qxm-4hbf ')).toBe('TD-7K3P-9QXM-4HBF');
		expect(normalizeFollowUpCode('7K3P9QXM4HBF')).toBe('TD-7K3P-9QXM-4HBF');
		expect(normalizeFollowUpCode('tdab-cdef-ghjk')).toBe('TD-TDAB-CDEF-GHJK');
	});

	it('a code with ambiguous or missing symbols is not a code', () => {
		expect(normalizeFollowUpCode('TD-0K3P-9QXM-4HBF')).toBeUndefined();
		expect(normalizeFollowUpCode('TD-IK3P-9QXM-4HBF')).toBeUndefined();
		expect(normalizeFollowUpCode('TD-7K3P-9QXM')).toBeUndefined();
		expect(normalizeFollowUpCode('x'.repeat(100))).toBeUndefined();
	});
});

describe('rate-limit addresses', () => {
	it('IPv4 and IPv4-mapped IPv6 count as the same address', () => {
		expect(rateLimitAddress('203.0.113.7')).toBe('203.0.113.7');
		expect(rateLimitAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
	});

	it('IPv6 addresses count by their /64', () => {
		expect(rateLimitAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
		expect(rateLimitAddress('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
		expect(rateLimitAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
	});

	it('an unknown address is still a bucket', () => {
		expect(rateLimitAddress(undefined)).toBe('unknown');
		expect(rateLimitAddress('unknown')).toBe('unknown');
	});
});

describe('tip input', () => {
	const ok = { description: 'Mô tả đủ dài về sự việc đã xảy ra.' };

	it('a description is trimmed and composed (NFC), newlines kept', () => {
		const decomposed = '  Tro\u0323\u0302m ca\u0306\u0301p xe ma\u0301y\r\nở cổng 2  ';
		const v = tipSubmitSchema.parse({ description: decomposed });
		expect(v.description).toBe('Trộm cắp xe máy\nở cổng 2'.normalize('NFC'));
	});

	it('a time without an offset is Vietnam time', () => {
		const v = tipSubmitSchema.parse({ ...ok, occurredAt: '2026-11-01T08:30' });
		expect(v.occurredAt?.toISOString()).toBe('2026-11-01T01:30:00.000Z');
	});

	it('an empty contact is no contact', () => {
		expect(tipSubmitSchema.parse({ ...ok, contact: '   ' }).contact).toBeNull();
	});

	it('messages follow the caller’s language', () => {
		const refused = tipSubmitSchema.safeParse({ description: 'ngắn' });
		expect(firstIssue('vi', refused.error!).message).toBe(
			'description: phải có từ 10 đến 4000 ký tự'
		);
		expect(firstIssue('en', refused.error!).message).toBe(
			'description: must be 10 to 4000 characters'
		);
	});
});
