/** The public tip line (tin báo) and its triage. */
import * as z from 'zod/mini';
import { CATEGORY_CODES } from '../categories';
import { contract } from '../contract';
import { FOLLOW_UP_CODE_PATTERN } from '../follow-up-code';
import { positiveIdParam } from '../params';
import {
	tipConvertSchema,
	tipCountsQuery,
	tipDuplicateSchema,
	tipQueueQuery,
	tipRejectSchema,
	tipStatusQuery,
	tipSubmitSchema
} from '../tips';
import { PUBLIC_TIP_STATUSES, TIP_STATUSES } from '../tip-status';
import { DISCLOSURE_NOTE, instant, published, publishedCount } from './shared';

const nullableText = z.nullable(z.string());
const nullableId = z.nullable(z.number());

/** A tip as the triage sees it; `contact` only for roles allowed it (audited). */
export const tipSchema = z.object({
	id: z.number(),
	category: z.nullable(z.enum(CATEGORY_CODES)),
	description: z.string(),
	status: z.enum(TIP_STATUSES),
	occurredAt: z.nullable(instant),
	createdAt: instant,
	updatedAt: instant,
	location: z.nullable(z.object({ lon: z.number(), lat: z.number() })),
	contact: nullableText,
	rejectionReason: nullableText,
	duplicateOf: nullableId,
	incidentId: nullableId,
	triagedAt: z.nullable(instant)
});
export type TipItem = z.infer<typeof tipSchema>;

export const duplicateCandidateSchema = z.extend(tipSchema, {
	distanceM: z.number(),
	minutesApart: z.number()
});
export type DuplicateCandidate = z.infer<typeof duplicateCandidateSchema>;

const tipParams = z.object({ id: positiveIdParam.check(z.describe('Tip id.')) });
const NO_TIP = 'No such tip in your zones.';
const TRIAGE_REFUSALS = {
	403: 'Your role may not do this with tips.',
	404: NO_TIP,
	409: 'The tip is final (duplicate, rejected, converted or handled) or moved meanwhile.'
} as const;
const CONTACT = ['contact'] as const;

const position = z.tuple([z.number(), z.number()]);
export const publicZonesSchema = z.object({
	type: z.literal('FeatureCollection'),
	features: z.array(
		z.object({
			type: z.literal('Feature'),
			geometry: z.union([
				z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
				z.object({
					type: z.literal('MultiPolygon'),
					coordinates: z.array(z.array(z.array(position)))
				})
			]),
			properties: z.object({ code: z.string(), name: z.string() })
		})
	)
});
export type PublicZones = z.infer<typeof publicZonesSchema>;

export const publicZones = contract({
	method: 'GET',
	path: '/api/public/zone',
	tag: 'tips',
	public: true,
	summary: "The zones' outlines, codes and names for the public tip form (nothing else).",
	answer: {
		description: 'Zones.',
		schema: publicZonesSchema,
		media: 'application/geo+json',
		text: true,
		cache: 'public, max-age=300'
	}
});

export const submitTip = contract({
	method: 'POST',
	path: '/api/tips',
	tag: 'tips',
	public: true,
	summary: 'A tip from the public: anonymous, no sign-in; answers a follow-up code.',
	description:
		'Runs as `anon`, without the caller’s address in the audit trail; the address reaches only the rate limit, hashed. A filled honeypot field `website` answers the same and keeps only its code’s hash as a decoy.',
	body: { schema: tipSubmitSchema, maxBytes: 16 * 1024 },
	answer: {
		status: 201,
		description: 'Received.',
		schema: z.object({
			followUpCode: z.string().check(z.regex(FOLLOW_UP_CODE_PATTERN)),
			status: z.literal('received')
		})
	},
	refusals: {
		404: 'No zone takes tips yet.',
		429: { description: 'Too many tips from this address for now.', retryAfter: true }
	}
});

export const tipStatus = contract({
	method: 'GET',
	path: '/api/tips/status',
	tag: 'tips',
	public: true,
	summary: 'What a tipster may learn with their follow-up code: the status only.',
	query: tipStatusQuery,
	answer: {
		description: 'The status.',
		schema: z.object({ status: z.enum(PUBLIC_TIP_STATUSES) })
	},
	refusals: {
		404: 'No tip has this follow-up code.',
		429: { description: 'Too many look-ups from this address for now.', retryAfter: true }
	}
});

export const listTips = contract({
	method: 'GET',
	path: '/api/tips',
	tag: 'tips',
	summary: 'The triage queue, newest first (commanders read; admins and dispatchers act).',
	query: tipQueueQuery,
	answer: {
		description: 'The queue.',
		schema: z.object({ zone: z.string(), tips: z.array(tipSchema) })
	},
	refusals: { 403: 'Your role may not read tips.', 404: 'No such zone in your scope.' },
	personal: CONTACT
});

export const tipCounts = contract({
	method: 'GET',
	path: '/api/tips/counts',
	tag: 'tips',
	summary:
		"Tip counts by status for the roles that receive aggregates: the board's only view of tips, and the planner's (default: last 30 days).",
	description: `Elementary cells: Vietnam day of receipt × status. ${DISCLOSURE_NOTE}`,
	query: tipCountsQuery,
	answer: {
		description: 'Counts.',
		schema: z.object({
			zone: z.string(),
			from: instant.check(z.describe('The window asked for.')),
			to: instant,
			...published,
			total: publishedCount,
			byStatus: z.object(
				Object.fromEntries(TIP_STATUSES.map((s) => [s, publishedCount])) as Record<
					(typeof TIP_STATUSES)[number],
					typeof publishedCount
				>
			)
		})
	},
	refusals: {
		403: 'Liaison officers and team leads get no aggregate.',
		404: 'No such zone in your scope.'
	}
});

export const getTip = contract({
	method: 'GET',
	path: '/api/tips/{id}',
	tag: 'tips',
	summary: 'One tip with its contact (commanders and dispatchers; the contact read is audited).',
	params: tipParams,
	answer: { description: 'The tip.', schema: tipSchema },
	refusals: { 403: 'Your role may not read tips.', 404: NO_TIP },
	personal: CONTACT
});

export const tipDuplicateCandidates = contract({
	method: 'GET',
	path: '/api/tips/{id}/duplicates',
	tag: 'tips',
	summary: 'Tips that may report the same thing: same category, within 200 m and 24 h.',
	params: tipParams,
	answer: {
		description: 'Candidates.',
		schema: z.object({
			tipId: z.number(),
			radiusM: z.number(),
			windowHours: z.number(),
			candidates: z.array(duplicateCandidateSchema)
		})
	},
	refusals: { 403: 'Your role may not read tips.', 404: NO_TIP },
	personal: CONTACT
});

const tipAfter = { description: 'The tip after the change.', schema: z.object({ tip: tipSchema }) };

export const verifyTip = contract({
	method: 'POST',
	path: '/api/tips/{id}/verify',
	tag: 'tips',
	summary: 'received → verifying. The id is the whole input; a body, if any, is ignored.',
	params: tipParams,
	answer: tipAfter,
	refusals: TRIAGE_REFUSALS,
	personal: CONTACT
});

export const markTipDuplicate = contract({
	method: 'POST',
	path: '/api/tips/{id}/duplicate',
	tag: 'tips',
	summary: 'Marks the tip a duplicate of another (final).',
	params: tipParams,
	body: { schema: tipDuplicateSchema, maxBytes: 1024 },
	answer: tipAfter,
	refusals: TRIAGE_REFUSALS,
	personal: CONTACT
});

export const rejectTip = contract({
	method: 'POST',
	path: '/api/tips/{id}/reject',
	tag: 'tips',
	summary: 'Rejects the tip with a reason (final).',
	params: tipParams,
	body: { schema: tipRejectSchema, maxBytes: 8 * 1024 },
	answer: tipAfter,
	refusals: TRIAGE_REFUSALS,
	personal: CONTACT
});

export const convertTip = contract({
	method: 'POST',
	path: '/api/tips/{id}/convert',
	tag: 'tips',
	summary:
		'Turns the tip into an incident, linked both ways (final). The body corrects or completes the tip and may be omitted (lon/lat required when the tip has no location).',
	params: tipParams,
	body: { schema: tipConvertSchema, maxBytes: 4 * 1024, optional: true },
	answer: {
		status: 201,
		description: 'Converted.',
		schema: z.object({ tip: tipSchema, incident: z.object({ id: z.number() }) })
	},
	refusals: TRIAGE_REFUSALS,
	personal: CONTACT
});
