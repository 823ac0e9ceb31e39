import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPublicApi } from '../../src/lib/server/auth/routes';
import { HTTP_METHODS, openApiDocument, type Operation } from '../../src/lib/server/openapi';
import { GET as openApiRoute } from '../../src/routes/api/openapi.json/+server';
import { call } from '../fixtures/http';

const API_DIR = join('src', 'routes', 'api');

function routeFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const path = join(dir, e.name);
		if (e.isDirectory()) return routeFiles(path);
		return e.name === '+server.ts' ? [path] : [];
	});
}

/** `src/routes/api/tips/[id]/verify/+server.ts` → `/api/tips/{id}/verify`. */
function apiPathOf(file: string): string {
	const dir = relative(join('src', 'routes'), file).split(sep).slice(0, -1);
	return '/' + dir.map((s) => s.replace(/^\[(\w+)\]$/, '{$1}')).join('/');
}

/** Every `METHOD path` the route files export, e.g. `post /api/tips/{id}/verify`. */
function exportedOperations(): string[] {
	return routeFiles(API_DIR).flatMap((file) => {
		const source = readFileSync(file, 'utf8');
		const verbs = [
			...source.matchAll(
				/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PATCH|PUT|DELETE)\b/g
			)
		].map((m) => m[1]!.toLowerCase());
		return verbs.map((v) => `${v} ${apiPathOf(file)}`);
	});
}

function documentedOperations(): string[] {
	return Object.entries(openApiDocument.paths).flatMap(([path, item]) =>
		HTTP_METHODS.filter((m) => item[m]).map((m) => `${m} ${path}`)
	);
}

function operations(): [string, string, Operation][] {
	return Object.entries(openApiDocument.paths).flatMap(([path, item]) =>
		HTTP_METHODS.flatMap((m) =>
			item[m] ? [[path, m, item[m]] as [string, string, Operation]] : []
		)
	);
}

describe('the OpenAPI document', () => {
	it('finds the route files it checks against', () => {
		expect(exportedOperations()).toContain('get /api/incidents/{id}');
		expect(exportedOperations()).toContain('get /api/openapi.json');
	});

	it('describes every verb every API route file exports', () => {
		const documented = new Set(documentedOperations());
		expect(exportedOperations().filter((op) => !documented.has(op))).toEqual([]);
	});

	it('describes no route or verb that does not exist', () => {
		const exported = new Set(exportedOperations());
		expect(documentedOperations().filter((op) => !exported.has(op))).toEqual([]);
	});

	it('declares every path parameter of every path', () => {
		for (const [path, method, op] of operations()) {
			const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
			const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
			expect(declared, `${method} ${path}`).toEqual(inPath);
			for (const p of op.parameters ?? []) if (p.in === 'path') expect(p.required).toBe(true);
		}
	});

	it('gives every operation a unique id, a tag and at least one success and one error answer', () => {
		const ids = operations().map(([, , op]) => op.operationId);
		expect(new Set(ids).size).toBe(ids.length);
		for (const [path, method, op] of operations()) {
			const codes = Object.keys(op.responses);
			expect(
				codes.some((c) => c.startsWith('2')),
				`${method} ${path}`
			).toBe(true);
			expect(op.tags.length, `${method} ${path}`).toBeGreaterThan(0);
			if (op.requestBody || op.parameters?.length || op.security === undefined) {
				expect(
					codes.some((c) => c.startsWith('4')),
					`${method} ${path}`
				).toBe(true);
			}
		}
	});

	it('marks as public only endpoints the hooks let through, and every such one that never asks to sign in', () => {
		for (const [path, method, op] of operations()) {
			const hookPublic = isPublicApi(method.toUpperCase(), path.replace(/\{\w+\}/g, '1'));
			const documentedPublic = op.security?.length === 0;
			// GET /api/auth/me passes the hooks but answers "sign in first" itself.
			const needsSignIn =
				(op.responses['401'] as { $ref?: string } | undefined)?.$ref ===
				'#/components/responses/Unauthorized';
			const expected = hookPublic && !needsSignIn;
			expect(documentedPublic, `${method} ${path}`).toBe(expected);
		}
		expect(Object.keys(openApiDocument.components.securitySchemes).sort()).toEqual([
			'apiToken',
			'sessionCookie',
			'supabaseJwt'
		]);
	});

	it('resolves every $ref it uses', () => {
		const text = JSON.stringify(openApiDocument);
		const refs = [...text.matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)];
		expect(refs.length).toBeGreaterThan(50);
		const components = openApiDocument.components as unknown as Record<
			string,
			Record<string, unknown>
		>;
		for (const [, kind, name] of refs)
			expect(components[kind!]?.[name!], `${kind}/${name}`).toBeDefined();
	});

	it('is served as JSON at GET /api/openapi.json', async () => {
		const res = await call(openApiRoute, '/api/openapi.json');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('application/json');
		expect(res.body.openapi).toBe('3.1.0');
		expect(Object.keys(res.body.paths)).toEqual(Object.keys(openApiDocument.paths));
	});
});
