import { call } from '$lib/api/client';
import { newcomers } from '$lib/state/collections';
import type { LayerSource } from '../layer-spec';
import {
	listAccidents,
	listBlackSpots,
	type AccidentCollection,
	type BlackSpotCollection
} from './accidents.contract';
import { accidentColor } from './accidents.style';

/** The accidents of the period; new ones announced in the live list when the stream says so. */
export const accidents: LayerSource<AccidentCollection> = {
	load: ({ zone, window: w }, signal) =>
		call(
			listAccidents,
			{
				query: {
					zone,
					from: w.from.toISOString(),
					to: w.sliding ? undefined : w.to.toISOString()
				}
			},
			{ signal }
		),
	followsPeriod: true,
	live: 'accident',
	announce(before, after, log) {
		for (const f of newcomers(before.features, after.features, (x) => x.properties.id)) {
			const position: [number, number] = [f.geometry.coordinates[0]!, f.geometry.coordinates[1]!];
			log.add({
				key: log.nextKey('accident'),
				kind: 'accident',
				id: f.properties.id,
				op: 'insert',
				severity: f.properties.severityClass,
				occurredAt: Date.parse(f.properties.occurredAt),
				kmLabel: f.properties.kmLabel ?? null,
				deaths: f.properties.deaths,
				injuries: f.properties.injuries,
				position,
				receivedAt: Date.now()
			});
			log.pulse(position, accidentColor(f.properties.severityClass));
		}
	}
};

/** Black spots of the 12 months up to the end of the period. */
export const blackSpots: LayerSource<BlackSpotCollection> = {
	load: ({ zone, window: w }, signal) =>
		call(
			listBlackSpots,
			{ query: { zone, to: w.sliding ? undefined : w.to.toISOString() } },
			{ signal }
		),
	followsPeriod: true,
	live: 'accident'
};
