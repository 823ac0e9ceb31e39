/**
 * The browser's calls to the tip endpoints and the shapes of their answers, through the one API
 * client (refusals are `ApiError`s carrying the server's sentence in the page's language).
 * `zod/mini` keeps this small enough for the public form.
 */
import * as z from 'zod/mini';
import { get, post } from '$lib/api/client';
import { PUBLIC_TIP_STATUSES, TIP_STATUSES, type TipStatus } from '$lib/domain/tip-status';

const position = z.tuple([z.number(), z.number()]);
const polygonal = z.union([
	z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
	z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) })
]);
const publicZonesSchema = z.object({
	type: z.literal('FeatureCollection'),
	features: z.array(
		z.object({
			type: z.literal('Feature'),
			geometry: polygonal,
			properties: z.object({ code: z.string(), name: z.string() })
		})
	)
});
export type PublicZones = z.infer<typeof publicZonesSchema>;

const nullableString = z.nullable(z.string());
const nullableNumber = z.nullable(z.number());
const tipSchema = z.object({
	id: z.number(),
	category: nullableString,
	description: z.string(),
	status: z.enum(TIP_STATUSES),
	occurredAt: nullableString,
	createdAt: z.string(),
	updatedAt: z.string(),
	location: z.nullable(z.object({ lon: z.number(), lat: z.number() })),
	contact: nullableString,
	rejectionReason: nullableString,
	duplicateOf: nullableNumber,
	incidentId: nullableNumber,
	triagedAt: nullableString
});
export type TipItem = z.infer<typeof tipSchema>;

const candidateSchema = z.extend(tipSchema, { distanceM: z.number(), minutesApart: z.number() });
export type DuplicateCandidate = z.infer<typeof candidateSchema>;

const queueSchema = z.object({ zone: z.string(), tips: z.array(tipSchema) });
const candidatesSchema = z.object({ candidates: z.array(candidateSchema) });
const tipResultSchema = z.object({ tip: tipSchema });
const submittedSchema = z.object({ followUpCode: z.string(), status: z.literal('received') });
const publicStatusSchema = z.object({ status: z.enum(PUBLIC_TIP_STATUSES) });

export interface TipSubmission {
	category: string | null;
	description: string;
	occurredAt: string | null;
	location: { lon: number; lat: number } | null;
	contact: string | null;
	website: string;
}

export const submitTip = (tip: TipSubmission) => post('/api/tips', tip, submittedSchema);

export const tipPublicStatus = (code: string) =>
	get(`/api/tips/status?code=${encodeURIComponent(code)}`, publicStatusSchema);

export const publicZones = (signal?: AbortSignal) =>
	get('/api/public/zone', publicZonesSchema, { signal });

export const tipQueue = (statuses: 'open' | 'all' | TipStatus, signal?: AbortSignal) =>
	get(statuses === 'open' ? '/api/tips' : `/api/tips?status=${statuses}&limit=500`, queueSchema, {
		signal
	});

export const tipDuplicates = (id: number, signal?: AbortSignal) =>
	get(`/api/tips/${id}/duplicates`, candidatesSchema, { signal });

export type TriageAction =
	| { action: 'verify' }
	| { action: 'duplicate'; of: number }
	| { action: 'reject'; reason: string }
	| {
			action: 'convert';
			category?: string;
			severity?: number;
			lon?: number;
			lat?: number;
	  };

export async function triage(id: number, act: TriageAction): Promise<TipItem> {
	const { action, ...body } = act;
	if (action === 'convert') {
		const convertedSchema = z.object({ tip: tipSchema, incident: z.object({ id: z.number() }) });
		return (await post(`/api/tips/${id}/convert`, body, convertedSchema)).tip;
	}
	return (await post(`/api/tips/${id}/${action}`, body, tipResultSchema)).tip;
}
