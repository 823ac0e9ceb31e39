import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { isPublicApi } from '../../src/lib/server/auth/routes';
import { CONTRACTS } from '../../src/lib/server/contracts';
import { jsonSchemaOf, openApiDocument } from '../../src/lib/server/openapi';
import { routeOperations } from '../fixtures/api-routes';
import { send } from '../fixtures/api';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every `METHOD path` the document describes. */
function documented(): string[] {
	return Object.entries(openApiDocument().paths).flatMap(([path, item]) =>
		METHODS.filter((m) => m in item).map((m) => `${m.toUpperCase()} ${path}`)
	);
}

describe('the endpoints’ contracts', () => {
	it('find the route files they are checked against', () => {
		const keys = routeOperations().map((o) => o.key);
		expect(keys).toContain('GET /api/incidents/{id}');
		expect(keys).toContain('GET /basemap/tiles.pmtiles');
		expect(CONTRACTS.length).toBeGreaterThan(40);
	});

	it('give every verb of every route file one contract, which the route file uses', () => {
		const problems = routeOperations().flatMap((o) => {
			const mine = CONTRACTS.filter((c) => c.key === o.key);
			if (mine.length !== 1) return [`${o.key}: ${mine.length} contracts`];
			return o.source.includes(mine[0]!.name) ? [] : [`${o.file} does not use ${mine[0]!.name}`];
		});
		expect(problems).toEqual([]);
	});

	it('each have a route file that exports their verb', () => {
		const routes = new Set(routeOperations().map((o) => o.key));
		expect(CONTRACTS.filter((c) => !routes.has(c.key)).map((c) => c.key)).toEqual([]);
	});

	it('have unique names (the operation ids)', () => {
		const names = CONTRACTS.map((c) => c.name);
		expect(new Set(names).size).toBe(names.length);
	});

	it('declare every path parameter of their path, and no other', () => {
		for (const { key, contract } of CONTRACTS) {
			const inPath = [...contract.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
			const declared = contract.params
				? Object.keys(jsonSchemaOf(contract.params).properties as object).sort()
				: [];
			expect(declared, key).toEqual(inPath);
		}
	});

	it('refuse unknown query parameters and unknown body fields (strict objects)', () => {
		for (const { key, contract } of CONTRACTS) {
			for (const s of [contract.query, contract.body?.schema]) {
				if (!s) continue;
				expect(jsonSchemaOf(s).additionalProperties, key).toBe(false);
			}
		}
	});
});

describe('the OpenAPI document', () => {
	it('is valid OpenAPI 3.1, by an independent validator', async () => {
		const validator = new Validator();
		const res = await validator.validate(structuredClone(openApiDocument()));
		expect(res.errors ?? []).toEqual([]);
		expect(res.valid).toBe(true);
		expect(validator.version).toBe('3.1');
	});

	it('describes every contract, and nothing else', () => {
		expect(documented().sort()).toEqual(CONTRACTS.map((c) => c.key).sort());
	});

	it('marks as public exactly the operations the hooks let through without a credential', () => {
		for (const { key, contract } of CONTRACTS) {
			if (!contract.path.startsWith('/api/')) continue;
			const op = (openApiDocument().paths[contract.path] as Record<string, { security?: [] }>)[
				contract.method.toLowerCase()
			]!;
			const hookPublic = isPublicApi(contract.method, contract.path.replace(/\{\w+\}/g, '1'));
			expect(op.security?.length === 0, key).toBe(hookPublic);
		}
	});

	it('marks every answer that can carry a personal field', () => {
		const marked = documented().filter((k) => {
			const [m, path] = k.split(' ') as [string, string];
			const op = (openApiDocument().paths[path] as Record<string, Record<string, unknown>>)[
				m.toLowerCase()
			]!;
			return Array.isArray(op['x-personal-fields']);
		});
		expect(marked.sort()).toEqual(
			CONTRACTS.filter((c) => c.contract.personal?.length)
				.map((c) => c.key)
				.sort()
		);
		expect(marked).toContain('GET /api/incidents/{id}');
	});

	it('is served as JSON at GET /api/openapi.json, through the hooks', async () => {
		const res = await send('/api/openapi.json');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('application/json');
		expect(res.headers.get('cache-control')).toBe('public, max-age=300');
		expect(res.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
	});
});
