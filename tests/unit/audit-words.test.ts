import { describe, expect, it } from 'vitest';
import { auditSentence } from '../../src/lib/admin/audit-words';
import { translate } from '../../src/lib/i18n/messages';
import type { AuditEntry } from '../../src/lib/server/admin/audit.query';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
	id: 1,
	at: '2026-11-29T08:00:00Z',
	actorId: '00000000-0000-0000-0000-000000000001',
	actorName: 'dispatcher',
	actorRole: 'dispatcher',
	actorKind: 'user',
	action: 'insert',
	entity: 'incidents',
	entityId: '9001',
	zoneId: null,
	ip: '203.0.113.9',
	userAgent: null,
	details: {},
	...over
});

type T = Parameters<typeof auditSentence>[1];
const vi: T = (key, ...params) => translate('vi', key, ...params);
const en: T = (key, ...params) => translate('en', key, ...params);

describe('the system log in words', () => {
	it('says who did what to which record, in Vietnamese and English', () => {
		const status = entry({ action: 'update', details: { changed: ['status'] } });
		expect(auditSentence(status, vi)).toBe('Trực ban dispatcher đổi trạng thái vụ việc #9001');
		expect(auditSentence(status, en)).toBe(
			'Dispatcher dispatcher changed the status of incident #9001'
		);
		const login = entry({
			action: 'login.success',
			actorName: 'commander',
			actorRole: 'commander',
			entity: 'session',
			entityId: null
		});
		expect(auditSentence(login, vi)).toBe('Chỉ huy commander đã đăng nhập');
		expect(
			auditSentence(entry({ action: 'read.personal', entity: 'tips', entityId: '12' }), vi)
		).toBe('Trực ban dispatcher xem thông tin cá nhân của tin báo #12');
	});

	it('names tokens, the public and the system, and keeps unknown actions readable', () => {
		const tip = entry({ actorKind: 'anonymous', actorName: null, actorRole: null, entity: 'tips' });
		expect(auditSentence(tip, vi)).toBe('Người dân (ẩn danh) tạo tin báo #9001');
		const revoke = entry({
			action: 'update',
			entity: 'api_tokens',
			entityId: 'abc',
			actorName: 'admin',
			actorRole: 'admin',
			details: { changed: ['revoked_at'] }
		});
		expect(auditSentence(revoke, vi)).toBe('Quản trị hệ thống admin thu hồi khóa API #abc');
		const device = entry({ actorKind: 'token', actorName: 'camera-1', actorRole: null });
		expect(auditSentence(device, en)).toBe('API key camera-1 created incident #9001');
		const odd = entry({ action: 'export', entity: 'some_table', entityId: null });
		expect(auditSentence(odd, vi)).toBe('Trực ban dispatcher: export some_table');
	});
});
