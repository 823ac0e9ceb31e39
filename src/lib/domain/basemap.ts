/** The basemap a map page is told to draw (configured by the server's environment). */
export type PublicBasemap =
	| { kind: 'offline' }
	| { kind: 'style'; url: string; attribution: string | null }
	| { kind: 'pmtiles'; url: string; attribution: string | null };

export const OFFLINE_BASEMAP: PublicBasemap = { kind: 'offline' };
