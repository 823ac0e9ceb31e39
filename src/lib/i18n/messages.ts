/**
 * Every user-facing string, Vietnamese first (DESIGN.md §6). `en` is typed against `vi`, so a
 * key missing from either dictionary is a compile error.
 */
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';

export const vi = {
	'app.title': 'Bản đồ tình hình ANTT',
	'locale.switch': 'Chọn ngôn ngữ',
	'demo.badge': 'DỮ LIỆU MÔ PHỎNG',
	'demo.tooltip':
		'Dữ liệu mô phỏng để trình diễn: các vụ việc là giả lập, ranh giới vùng và đơn vị hành chính là ước lượng, không phải số liệu khảo sát.',
	'map.label': 'Bản đồ vùng liên kết',
	'map.loading': 'Đang tải dữ liệu bản đồ…',
	'panel.incidents': 'Vụ việc',
	'panel.period': '{days} ngày qua',
	'panel.area': 'Diện tích',
	'panel.legend': 'Chú giải',
	'legend.zone': 'Ranh giới vùng',
	'legend.unit': 'Phường, xã',
	'legend.park': 'Khu công nghiệp',
	'legend.road': 'Quốc lộ',
	'group.violent': 'Tội phạm bạo lực',
	'group.property': 'Xâm phạm sở hữu',
	'group.drugs': 'Ma túy',
	'group.order': 'Gây rối, cờ bạc',
	'incident.severity': 'Mức độ',
	'incident.article': 'Điều {article}',
	'error.title': 'Không tải được bản đồ',
	'error.api': 'Không tải được dữ liệu từ máy chủ ({what}). Vui lòng thử lại sau.',
	'error.invalid': 'Dữ liệu máy chủ trả về không đúng định dạng ({what}).',
	'error.noZone': 'Chưa có vùng liên kết nào được cấu hình.',
	'error.map': 'Trình duyệt không hiển thị được bản đồ (cần WebGL).',
	'error.retry': 'Thử lại',
	'login.title': 'Đăng nhập',
	'login.username': 'Tên đăng nhập',
	'login.password': 'Mật khẩu',
	'login.submit': 'Đăng nhập',
	'login.busy': 'Đang đăng nhập…',
	'login.failed': 'Không đăng nhập được. Vui lòng thử lại.',
	'login.tipLink': 'Gửi tin báo tố giác tội phạm (không cần đăng nhập)',
	'login.demoHint':
		'Bản trình diễn: tài khoản admin, commander, dispatcher, planner, board, liaison, team_lead.',
	'user.logout': 'Đăng xuất'
} as const;

export type MessageKey = keyof typeof vi;

export const en: Record<MessageKey, string> = {
	'app.title': 'Security situation map',
	'locale.switch': 'Choose language',
	'demo.badge': 'DEMO DATA — synthetic',
	'demo.tooltip':
		'Demonstration data: incidents are synthetic; zone and administrative boundaries are estimates, not surveyed data.',
	'map.label': 'Linkage zone map',
	'map.loading': 'Loading map data…',
	'panel.incidents': 'Incidents',
	'panel.period': 'last {days} days',
	'panel.area': 'Area',
	'panel.legend': 'Legend',
	'legend.zone': 'Zone boundary',
	'legend.unit': 'Wards and communes',
	'legend.park': 'Industrial park',
	'legend.road': 'National road',
	'group.violent': 'Violent crime',
	'group.property': 'Property crime',
	'group.drugs': 'Drugs',
	'group.order': 'Disorder and gambling',
	'incident.severity': 'Severity',
	'incident.article': 'Art. {article}',
	'error.title': 'The map could not be loaded',
	'error.api': 'Could not load data from the server ({what}). Please try again later.',
	'error.invalid': 'The server returned data in an unexpected format ({what}).',
	'error.noZone': 'No linkage zone is configured yet.',
	'error.map': 'This browser cannot display the map (WebGL is required).',
	'error.retry': 'Retry',
	'login.title': 'Sign in',
	'login.username': 'Username',
	'login.password': 'Password',
	'login.submit': 'Sign in',
	'login.busy': 'Signing in…',
	'login.failed': 'Could not sign in. Please try again.',
	'login.tipLink': 'Report a crime tip (no sign-in needed)',
	'login.demoHint':
		'Demo: accounts admin, commander, dispatcher, planner, board, liaison, team_lead.',
	'user.logout': 'Sign out'
};

export const messages: Record<Locale, Record<MessageKey, string>> = { vi, en };

export type MessageParams = Record<string, string | number>;

/** Looks a key up and fills `{name}` placeholders. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
	const text = messages[locale][key];
	if (!params) return text;
	return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
