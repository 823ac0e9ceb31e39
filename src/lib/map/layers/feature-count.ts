import { formatNumber } from '$lib/i18n/format';
import type { LayerSource, PanelLine } from './layer-spec';
import type { CommandMap } from '$lib/state/command-map.svelte';
import type { Lang } from '$lib/i18n/words';

/** The usual panel line: how many features the source holds, and its load state. */
export function featureCount(
	source: LayerSource<{ features: readonly unknown[] }>
): (cmd: CommandMap, lang: Lang) => PanelLine {
	return (cmd, lang) => {
		const resource = cmd.resource(source);
		const data = resource.data;
		return { count: data ? formatNumber(data.features.length, lang) : null, resource };
	};
}
