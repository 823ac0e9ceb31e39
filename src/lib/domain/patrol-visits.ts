/**
 * Unpredictable patrols: a shift's stop visits in a randomised order with randomised start
 * offsets, reproducible from a seed (the same seed gives the same schedule, so it can be printed,
 * shared and checked). Pure.
 *
 * Each stop's visits are spread evenly over the shift in rounds (a stop with 2 visits in a shift
 * of 4 rounds is visited in rounds 0 and 2); within a round the stops are shuffled, and the
 * round's slack (its length minus the dwell times) is split at random before the first visit, so
 * visits never overlap and the gaps between a stop's visits stay near the shift's length divided
 * by its visits.
 */
import { formatHhmm, parseHhmm, shiftDurationMin, type Shift } from './patrol-shifts';
import { Random } from './random';

export interface VisitStop {
	id: string;
	dwellMin: number;
	visits: number;
}

export interface PlannedVisit {
	stop: string;
	/** 1-based visit number of this stop in the shift. */
	visit: number;
	/** Minutes after the shift starts. */
	offsetMin: number;
	dwellMin: number;
	/** Local start time, HH:mm (Vietnam time). */
	start: string;
}

/** The visits of one shift occurrence, in time order. */
export function randomisedVisits(
	stops: readonly VisitStop[],
	shift: Shift,
	seed: number
): PlannedVisit[] {
	const start = parseHhmm(shift.start);
	const end = parseHhmm(shift.end);
	if (start === null || end === null || stops.length === 0) return [];
	const duration = shiftDurationMin(start, end);
	const rounds = Math.max(...stops.map((s) => s.visits));
	const roundLen = duration / rounds;
	const rng = new Random(seed);
	const visitNo = new Map<string, number>();
	const out: PlannedVisit[] = [];
	let cursor = 0;
	for (let r = 0; r < rounds; r++) {
		// Stops visited in this round: visit k of a stop with v visits falls in round ⌊k·rounds/v⌋.
		const here = stops.filter((s) =>
			Array.from({ length: s.visits }, (_, k) => Math.floor((k * rounds) / s.visits)).includes(r)
		);
		for (let i = here.length - 1; i > 0; i--) {
			const j = rng.int(0, i);
			[here[i], here[j]] = [here[j]!, here[i]!];
		}
		const busy = here.reduce((t, s) => t + s.dwellMin, 0);
		const slack = Math.max(0, Math.floor(roundLen - busy));
		cursor = Math.max(cursor, Math.round(r * roundLen) + rng.int(0, slack));
		for (const s of here) {
			const n = (visitNo.get(s.id) ?? 0) + 1;
			visitNo.set(s.id, n);
			out.push({
				stop: s.id,
				visit: n,
				offsetMin: cursor,
				dwellMin: s.dwellMin,
				start: formatHhmm(start + cursor)
			});
			cursor += s.dwellMin;
		}
	}
	return out;
}
