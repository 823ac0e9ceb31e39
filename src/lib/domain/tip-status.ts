/** Where a tip stands. Shared by the server and the pages (no dependencies, small). */
export const TIP_STATUSES = [
	'received',
	'verifying',
	'duplicate',
	'rejected',
	'converted',
	'handled'
] as const;
export type TipStatus = (typeof TIP_STATUSES)[number];

/** Statuses a dispatcher can still act on; the others are final. */
export const OPEN_TIP_STATUSES = ['received', 'verifying'] as const satisfies readonly TipStatus[];

/**
 * All a tipster may learn with their code. `processing`: the tip became an incident that is not
 * yet resolved or transferred (a duplicate reads as the tip it duplicates).
 */
export const PUBLIC_TIP_STATUSES = ['received', 'verifying', 'processing', 'handled'] as const;
export type PublicTipStatus = (typeof PUBLIC_TIP_STATUSES)[number];
