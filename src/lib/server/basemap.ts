import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PublicBasemap } from '../domain/basemap';
import type { AppEnv } from './env';

/** Where the app serves a local PMTiles file (BASEMAP_PMTILES set to a path). */
export const LOCAL_PMTILES_PATH = '/basemap/tiles.pmtiles';

export interface BasemapConfig {
	/** What the map page is told: never a server file path. */
	public: PublicBasemap;
	/** The local .pmtiles file to serve, when BASEMAP_PMTILES is a path. */
	file: string | null;
	/** Origins the page must be allowed to fetch from (none for the offline or a local basemap). */
	origins: string[];
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** The basemap the environment configures (DESIGN.md §5: offline unless configured). */
export function basemapFrom(
	env: Pick<AppEnv, 'BASEMAP_STYLE_URL' | 'BASEMAP_PMTILES' | 'BASEMAP_ATTRIBUTION'>
): BasemapConfig {
	const attribution = env.BASEMAP_ATTRIBUTION ?? null;
	if (env.BASEMAP_STYLE_URL) {
		const url = env.BASEMAP_STYLE_URL;
		return {
			public: { kind: 'style', url, attribution },
			file: null,
			origins: [new URL(url).origin]
		};
	}
	if (env.BASEMAP_PMTILES) {
		const p = env.BASEMAP_PMTILES;
		if (isUrl(p)) {
			return {
				public: { kind: 'pmtiles', url: p, attribution },
				file: null,
				origins: [new URL(p).origin]
			};
		}
		return {
			public: { kind: 'pmtiles', url: LOCAL_PMTILES_PATH, attribution },
			file: resolve(p),
			origins: []
		};
	}
	return { public: { kind: 'offline' }, file: null, origins: [] };
}

/** A Content-Security-Policy with `origins` added to each of `directives` (unchanged if none). */
export function withCspSources(
	csp: string,
	directives: readonly string[],
	origins: readonly string[]
): string {
	if (origins.length === 0) return csp;
	return csp
		.split(';')
		.map((part) => {
			const d = part.trim();
			return directives.includes(d.split(/\s+/)[0]!) ? `${d} ${origins.join(' ')}` : d;
		})
		.filter(Boolean)
		.join('; ');
}

/**
 * A page's Content-Security-Policy with the basemap's origins allowed where MapLibre needs them:
 * `connect-src` (styles, tiles, PMTiles ranges are fetched) and `img-src` (raster tiles become
 * images). Unchanged when nothing is configured.
 */
export function withBasemapOrigins(csp: string, origins: readonly string[]): string {
	return withCspSources(csp, ['connect-src', 'img-src'], origins);
}

/** Checks that a local PMTiles file can be read and is one (its first bytes say "PMTiles"). */
export async function checkPmtilesFile(path: string): Promise<string | null> {
	let handle;
	try {
		handle = await open(path, 'r');
	} catch {
		return `BASEMAP_PMTILES: cannot read ${path}; check the path and its permissions`;
	}
	try {
		const buf = Buffer.alloc(7);
		await handle.read(buf, 0, 7, 0);
		return buf.toString('latin1') === 'PMTiles'
			? null
			: `BASEMAP_PMTILES: ${path} is not a PMTiles archive`;
	} finally {
		await handle.close();
	}
}
