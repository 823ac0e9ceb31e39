/** Change notifications: one Server-Sent Events stream. */
import * as z from 'zod/mini';
import { msg } from '../api-text';
import { contract } from '../contract';

const EVENT_ID = /^\d{1,18}$/;
const eventId = z.string().check(z.regex(EVENT_ID, msg('lastEventId')));

export const stream = contract({
	method: 'GET',
	path: '/api/stream',
	tag: 'live',
	summary: 'Server-Sent Events: `incident`, `accident`, `tip`, `patrol` changes as `{id, op}`.',
	description:
		'Each event carries an SSE id; the board’s `tip` events carry `{}` (a count changed). Reconnect with `Last-Event-ID` (or `lastEventId`) to replay what was missed; a `reset` event asks the client to reload. The stream ends when the credential it was opened with stops holding (logout, revocation, a role or scope change, expiry); the reconnect is then refused with 401.',
	query: z.strictObject({
		lastEventId: z.optional(
			eventId.check(z.describe('The last event id seen, for clients that cannot send the header.'))
		)
	}),
	requestHeaders: {
		'last-event-id': { description: 'The last event id seen.', schema: eventId }
	},
	answer: { description: 'An event stream.', media: 'text/event-stream' },
	refusals: { 503: 'Live updates are not running.' }
});
