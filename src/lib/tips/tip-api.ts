/**
 * The browser's calls to the tip endpoints, through the one API client, by their contracts
 * (src/lib/domain/contracts/tips.ts): each answer is decoded with the schema the server promised
 * (refusals are `ApiError`s carrying the server's sentence in the page's language).
 */
import { call } from '$lib/api/client';
import {
	convertTip,
	listTips,
	markTipDuplicate,
	publicZones as publicZonesContract,
	rejectTip,
	submitTip as submitTipContract,
	tipDuplicateCandidates,
	tipStatus,
	verifyTip,
	type TipItem
} from '$lib/domain/contracts/tips';
import type { Sent } from '$lib/domain/contract';
import type { TipStatus } from '$lib/domain/tip-status';

export type { DuplicateCandidate, PublicZones, TipItem } from '$lib/domain/contracts/tips';

/** What the public form sends (the contract's body). */
export type TipSubmission = Sent<typeof submitTipContract>;

export const submitTip = (tip: TipSubmission) => call(submitTipContract, { body: tip });

export const tipPublicStatus = (code: string) => call(tipStatus, { query: { code } });

export const publicZones = (signal?: AbortSignal) => call(publicZonesContract, {}, { signal });

export const tipQueue = (statuses: 'open' | 'all' | TipStatus, signal?: AbortSignal) =>
	call(
		listTips,
		{ query: statuses === 'open' ? {} : { status: statuses, limit: 500 } },
		{ signal }
	);

export const tipDuplicates = (id: number, signal?: AbortSignal) =>
	call(tipDuplicateCandidates, { params: { id } }, { signal });

export type TriageAction =
	| { action: 'verify' }
	| { action: 'duplicate'; of: number }
	| { action: 'reject'; reason: string }
	| ({ action: 'convert' } & Sent<typeof convertTip>);

export async function triage(id: number, act: TriageAction): Promise<TipItem> {
	const params = { id };
	switch (act.action) {
		case 'verify':
			return (await call(verifyTip, { params })).tip;
		case 'duplicate':
			return (await call(markTipDuplicate, { params, body: { of: act.of } })).tip;
		case 'reject':
			return (await call(rejectTip, { params, body: { reason: act.reason } })).tip;
		case 'convert': {
			const { action: _, ...body } = act;
			return (await call(convertTip, { params, body })).tip;
		}
	}
}
