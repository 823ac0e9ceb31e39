import type { AuditEntry } from '$lib/server/admin/audit.query';
import { isMessageKey, type MessageArgs, type MessageKey } from '$lib/i18n/messages';

type T = <K extends MessageKey>(key: K, ...params: MessageArgs<K>) => string;

/** Who did it, in words: "Chỉ huy commander", "Khóa API thiết-bị-1", "Người dân (ẩn danh)". */
export function auditActor(e: AuditEntry, t: T): string {
	if (e.actorKind === 'anonymous') return t('audit.who.anonymous');
	if (e.actorKind === 'system') return t('audit.who.system');
	const name = e.actorName ?? e.actorId ?? '?';
	if (e.actorKind === 'token') return t('audit.who.token', { name });
	const roleKey = `admin.role.${e.actorRole ?? ''}`;
	return isMessageKey(roleKey) ? `${t(roleKey)} ${name}` : name;
}

/** What a table holds, in words ("vụ việc"); the table's name when it has none. */
function entityWords(entity: string | null, t: T): string {
	const key = `audit.entity.${entity ?? ''}`;
	return isMessageKey(key) ? t(key) : (entity ?? '');
}

/**
 * One audit entry as a sentence an administrator reads without knowing the tables:
 * "Trực ban dispatcher đổi trạng thái vụ việc #9001", "Chỉ huy commander đã đăng nhập".
 */
export function auditSentence(e: AuditEntry, t: T): string {
	const who = auditActor(e, t);
	const what = entityWords(e.entity, t);
	const id = e.entityId ? ` #${e.entityId}` : '';
	const changed = Array.isArray(e.details.changed) ? (e.details.changed as string[]) : [];
	switch (e.action) {
		case 'login.success':
			return t('audit.say.login', { who });
		case 'login.failure':
		case 'login.refused':
			return t('audit.say.loginFailed', { who });
		case 'read.personal':
			return t('audit.say.readPersonal', { who, what, id });
		case 'read.details':
			return t('audit.say.readDetails', { who, what, id });
		case 'revoke_sessions':
			return t('audit.say.revokeSessions', { who, id });
		case 'insert':
			return t('audit.say.create', { who, what, id });
		case 'delete':
			return t('audit.say.delete', { who, what, id });
		case 'update':
			if (e.entity === 'api_tokens' && changed.includes('revoked_at')) {
				return t('audit.say.revokeToken', { who, id });
			}
			if (changed.includes('status')) return t('audit.say.status', { who, what, id });
			return t('audit.say.update', { who, what, id, fields: changed.join(', ') });
		default:
			return t('audit.say.other', { who, action: e.action, what, id });
	}
}
