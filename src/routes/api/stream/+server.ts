import { msg } from '$lib/domain/api-text';
import { stream as streamContract } from '$lib/domain/contracts/live';
import { getDatabase } from '$lib/server/db/instance';
import { endpoint } from '$lib/server/endpoint';
import { refuse } from '$lib/server/http';
import { EVENT_NAMES, type ChangeEvent, type Disclosure } from '$lib/server/live/hub';

const HEARTBEAT_MS = 15_000;

/** `{id, op}` for a row the caller may read; `{}` when they may only learn that a count changed. */
function frame(ev: ChangeEvent, what: Exclude<Disclosure, null>): string {
	const data = what === 'row' ? { id: ev.id, op: ev.op } : {};
	return `id: ${ev.eventId}\nevent: ${EVENT_NAMES[ev.table]}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Server-Sent Events: `incident`, `accident`, `tip`, `patrol`, each `{id, op}` with an SSE id
 * (`tip` is `{}` for a role that reads the zone's aggregates but not its tips: a count changed;
 * who learns what is the database's decision, see LiveHub). A reconnect with Last-Event-ID (header, or
 * `lastEventId` in the query for manual clients) first replays what was missed; `reset` asks the
 * client to reload when too much was missed. The stream ends when the credential it was opened
 * with stops holding (logout, revocation, deactivation, a role or scope change, expiry; see
 * LiveHub): the client's reconnect is then refused with 401.
 */
export const GET = endpoint(streamContract, async ({ query, locals, event: { request } }) => {
	const principal = locals.principal!;
	const { live } = getDatabase();
	if (!live) refuse(503, undefined, msg('liveOff'));
	const rawLast = request.headers.get('last-event-id') ?? query.lastEventId ?? null;
	if (rawLast !== null && !/^\d{1,18}$/.test(rawLast))
		refuse(400, 'lastEventId', msg('lastEventId'));
	const encoder = new TextEncoder();
	let cleanup = () => {};

	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			let closed = false;
			const send = (text: string) => {
				if (closed) return;
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					closed = true;
				}
			};
			// The credential stopped holding: say so and close; the client's reconnect gets 401.
			const end = () => {
				send(': credential ended\n\n');
				cleanup();
				try {
					controller.close();
				} catch {
					/* already closed by the client */
				}
			};
			// Subscribe before replaying, buffer, then drop duplicates: nothing falls in between. A
			// fresh connection starts from the newest event the hub had heard of when it subscribed
			// (asking the database later would skip what was announced in between).
			let lastSent = rawLast === null ? live.newestEventId : Number(rawLast);
			let buffer: [ChangeEvent, Exclude<Disclosure, null>][] | null = [];
			const deliver = (ev: ChangeEvent, what: Disclosure) => {
				if (ev.eventId <= lastSent || !what) return;
				lastSent = ev.eventId;
				send(frame(ev, what));
			};
			const unsubscribe = live.subscribe(
				(ev, what) => (buffer ? buffer.push([ev, what]) : deliver(ev, what)),
				principal,
				end
			);
			const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
			cleanup = () => {
				closed = true;
				clearInterval(heartbeat);
				unsubscribe();
			};
			send('retry: 2000\n: connected\n\n');
			if (rawLast !== null) {
				const missed = await live.since(lastSent);
				if (missed.tooMany) {
					const newest = missed.events[missed.events.length - 1]!.eventId;
					send(`id: ${newest}\nevent: reset\ndata: {}\n\n`);
					lastSent = newest;
				} else {
					const what = await live.disclosures(principal, missed.events);
					for (const ev of missed.events) deliver(ev, what.get(ev.eventId) ?? null);
				}
			} else {
				// The newest id, so the client can resume from it.
				if (lastSent > 0) send(`id: ${lastSent}\n\n`);
			}
			const pending = buffer;
			buffer = null;
			for (const [ev, what] of pending) deliver(ev, what);
		},
		cancel() {
			cleanup();
		}
	});

	request.signal.addEventListener('abort', () => cleanup());
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no'
		}
	});
});
