import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTRE } from '../fixtures/constants';
import { sessionCookie, startApp, type RunningApp } from './server';

describe('the built server started with TZ=America/New_York reads times as Vietnam time', () => {
	let app: RunningApp;
	const cookies = new Map<string, string>();

	async function api(path: string, opts: { as?: string; method?: string; body?: unknown } = {}) {
		const res = await fetch(`${app.url}${path}`, {
			method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
			headers: {
				...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
				...(opts.as ? { cookie: cookies.get(opts.as)! } : {})
			},
			body: opts.body === undefined ? undefined : JSON.stringify(opts.body)
		});
		return { status: res.status, body: await res.json() };
	}

	const incidentTime = async (id: number) =>
		(await api(`/api/incidents/${id}`, { as: 'dispatcher' })).body.properties.occurredAt;

	async function newIncident(occurredAt: string): Promise<number> {
		const made = await api('/api/incidents', {
			as: 'dispatcher',
			body: { category: 'theft', occurredAt, ...CENTRE }
		});
		expect(made.status, JSON.stringify(made.body)).toBe(201);
		return made.body.id;
	}

	beforeAll(async () => {
		app = await startApp({ env: { TZ: 'America/New_York', DEMO_INCIDENTS: '300' } });
		for (const username of ['dispatcher', 'team_lead'])
			cookies.set(username, await sessionCookie(app, username));
	});

	afterAll(async () => {
		await app?.stop();
		if (app) await rm(app.dataDir, { recursive: true, force: true });
	});

	it('stores an incident sent as 2026-11-01T08:30:00 at 01:30 UTC', async () => {
		expect(await incidentTime(await newIncident('2026-11-01T08:30:00'))).toBe(
			'2026-11-01T01:30:00Z'
		);
	});

	it("stores a team report's and a tip's time the same way", async () => {
		const report = await api('/api/team-reports', {
			as: 'team_lead',
			body: { kind: 'patrol', description: 'Tuần tra', occurredAt: '2026-11-01T08:30:00' }
		});
		expect(report.status, JSON.stringify(report.body)).toBe(201);
		const reports = (await api('/api/team-reports', { as: 'team_lead' })).body.reports;
		expect(reports.find((r: { id: number }) => r.id === report.body.id).occurredAt).toBe(
			'2026-11-01T01:30:00Z'
		);

		const tip = await api('/api/tips', {
			body: {
				description: 'Hai thanh niên giật túi xách ở cổng số 2.',
				occurredAt: '2026-11-01T08:30:00',
				location: CENTRE
			}
		});
		expect(tip.status, JSON.stringify(tip.body)).toBe(201);
		const queue = (await api('/api/tips?status=all', { as: 'dispatcher' })).body.tips;
		const newest = queue.reduce((a: { id: number }, b: { id: number }) => (a.id > b.id ? a : b));
		expect(newest.occurredAt).toBe('2026-11-01T01:30:00Z');
	});

	it('reads from=2026-11-01 as Vietnam midnight', async () => {
		const inside = await newIncident('2026-11-01T00:30:00+07:00');
		const before = await newIncident('2026-10-31T23:30:00+07:00');
		const listed = await api(
			'/api/incidents?from=2026-11-01&to=2026-11-02&bbox=106.56,20.86,106.57,20.87',
			{ as: 'dispatcher' }
		);
		const ids = listed.body.features.map((f: { id: number }) => f.id);
		expect(ids).toContain(inside);
		expect(ids).not.toContain(before);
		const stats = await api('/api/stats/incidents?from=2026-11-01&to=2026-11-02', {
			as: 'dispatcher'
		});
		expect(stats.body).toMatchObject({
			from: '2026-10-31T17:00:00.000Z',
			to: '2026-11-01T17:00:00.000Z'
		});
	});
});
