import { basemapFrom, type BasemapConfig } from './basemap';
import { parseEnv } from './env';

let config: BasemapConfig | undefined;

/**
 * The running server's basemap, read from the environment once (start-up has already validated
 * it, so this cannot throw there). Never changes afterwards.
 */
export function currentBasemap(): BasemapConfig {
	config ??= basemapFrom(parseEnv(process.env));
	return config;
}
