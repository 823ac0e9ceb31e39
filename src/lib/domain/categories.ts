/** Crimes against social order (Criminal Code 100/2015), stored as codes, shown in Vietnamese. */
export const CATEGORY_GROUPS = ['violent', 'property', 'drugs', 'order'] as const;
export type CategoryGroup = (typeof CATEGORY_GROUPS)[number];

export interface CategoryInfo {
	code: string;
	article: string;
	vi: string;
	en: string;
	group: CategoryGroup;
}

// Mirrors the rows that migration 20261127000200 inserts into `incident_categories`, in the order
// of their `ordinal` (a category's position here, from 1) and of `sort_order`;
// tests/integration/categories.test.ts keeps the two in step, with the groups, statuses, sources,
// severities and accident classes below and the database's checks.
export const CATEGORIES = [
	{ code: 'murder', article: '123', vi: 'Giết người', en: 'Murder', group: 'violent' },
	{
		code: 'assault',
		article: '134',
		vi: 'Cố ý gây thương tích',
		en: 'Intentional injury',
		group: 'violent'
	},
	{
		code: 'unlawful_detention',
		article: '157',
		vi: 'Bắt, giữ người trái pháp luật',
		en: 'Unlawful detention',
		group: 'violent'
	},
	{ code: 'robbery', article: '168', vi: 'Cướp tài sản', en: 'Robbery', group: 'violent' },
	{
		code: 'kidnap_ransom',
		article: '169',
		vi: 'Bắt cóc nhằm chiếm đoạt tài sản',
		en: 'Kidnapping for ransom',
		group: 'violent'
	},
	{
		code: 'extortion',
		article: '170',
		vi: 'Cưỡng đoạt tài sản',
		en: 'Extortion',
		group: 'property'
	},
	{
		code: 'snatching',
		article: '171',
		vi: 'Cướp giật tài sản',
		en: 'Snatch theft',
		group: 'property'
	},
	{
		code: 'open_appropriation',
		article: '172',
		vi: 'Công nhiên chiếm đoạt tài sản',
		en: 'Open appropriation of property',
		group: 'property'
	},
	{ code: 'theft', article: '173', vi: 'Trộm cắp tài sản', en: 'Theft', group: 'property' },
	{
		code: 'fraud',
		article: '174',
		vi: 'Lừa đảo chiếm đoạt tài sản',
		en: 'Fraud',
		group: 'property'
	},
	{
		code: 'property_damage',
		article: '178',
		vi: 'Hủy hoại tài sản',
		en: 'Destruction of property',
		group: 'property'
	},
	{
		code: 'drugs',
		article: '249–256a',
		vi: 'Tội phạm về ma túy',
		en: 'Drug offences',
		group: 'drugs'
	},
	{
		code: 'public_disorder',
		article: '318',
		vi: 'Gây rối trật tự công cộng',
		en: 'Public disorder',
		group: 'order'
	},
	{ code: 'gambling', article: '321', vi: 'Đánh bạc', en: 'Gambling', group: 'order' },
	{
		code: 'organising_gambling',
		article: '322',
		vi: 'Tổ chức đánh bạc',
		en: 'Organising gambling',
		group: 'order'
	}
] as const satisfies readonly CategoryInfo[];

export type CategoryCode = (typeof CATEGORIES)[number]['code'];
export const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as CategoryCode[];

export const INCIDENT_STATUSES = ['new', 'handling', 'resolved', 'transferred'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_SOURCES = [
	'hotline',
	'mailbox',
	'patrol',
	'walk_in',
	'company_security',
	'team'
] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

/** Incident severity, 1 (less serious) to 4 (especially serious), as the Criminal Code grades it. */
export const SEVERITIES = [1, 2, 3, 4] as const;
export type Severity = (typeof SEVERITIES)[number];
/** A severity from data, kept in range (absent: 3, the threshold of a serious-incident alert). */
export function severityOf(value: number | null | undefined): Severity {
	return SEVERITIES[Math.min(3, Math.max(0, Math.round(value ?? 3) - 1))]!;
}

/** Traffic-accident classes, 1 (especially serious) to 5 (a collision without casualties). */
export const ACCIDENT_CLASSES = [1, 2, 3, 4, 5] as const;
export type AccidentClass = (typeof ACCIDENT_CLASSES)[number];
export function accidentClassOf(value: number): AccidentClass {
	return ACCIDENT_CLASSES[Math.min(4, Math.max(0, Math.round(value) - 1))]!;
}
