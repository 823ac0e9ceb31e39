/**
 * Every endpoint's contract, found in src/lib/domain/contracts/*.ts and, for a map layer's own
 * endpoints, in src/lib/map/layers/<name>/*.contract.ts (each exported `contract()`),
 * keyed by its export name, which is also its OpenAPI `operationId`. Adding an endpoint's
 * contract there is all it takes to be listed here, in the OpenAPI document and in the tests
 * that walk the API.
 */
import type { Contract } from '$lib/domain/contract';

const modules = import.meta.glob<Record<string, unknown>>(
	['/src/lib/domain/contracts/*.ts', '/src/lib/map/layers/*/*.contract.ts'],
	{ eager: true }
);

export interface NamedContract {
	/** The export name: `getTip`. */
	name: string;
	/** `GET /api/tips/{id}`. */
	key: string;
	contract: Contract;
}

const isContract = (v: unknown): v is Contract =>
	typeof v === 'object' && v !== null && 'method' in v && 'path' in v && 'answer' in v;

export const CONTRACTS: readonly NamedContract[] = Object.values(modules)
	.flatMap((m) => Object.entries(m))
	.filter((e): e is [string, Contract] => isContract(e[1]))
	.map(([name, contract]) => ({ name, key: `${contract.method} ${contract.path}`, contract }))
	.sort((a, b) => a.contract.path.localeCompare(b.contract.path) || a.key.localeCompare(b.key));

/** A path as a pattern: `/api/tips/{id}` matches `/api/tips/12`. */
export const pathPattern = (path: string) =>
	new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`);
