/**
 * Personal fields: what the API can answer about members of the public — the people an incident
 * names (reporter, victims, suspects, witnesses) and a tipster's contact. The one list of them:
 *
 * - the database grants none of these columns (`table`.`column`) to a caller role; they are read
 *   only through the function named in `readThrough`, which writes the `read.personal` audit row
 *   (about `entity`) in the same step (supabase/migrations/20261129000410_personal_reads.sql);
 * - an endpoint's contract lists the ones its answer can carry (`personal`, src/lib/domain/
 *   contracts/), which the OpenAPI document marks (`x-personal-fields`);
 * - tests/integration/personal-data.test.ts checks the column privileges of every field, runs
 *   one test per contract that lists some (the field is there, and so is its audit row), and calls
 *   every API route and verb, failing on any answer that carries one of these keys without its
 *   contract listing it or without its audit row.
 *
 * Not in the list, by decision (README, "Personal data"): staff accounts (usernames and display
 * names, read by administrators), and free text (descriptions), which may mention anyone but is
 * not a field about someone; an incident's description is audited as `read.details` all the same.
 */
export const PERSONAL_FIELDS = {
	contact: {
		table: 'tips',
		column: 'contact',
		readThrough: 'app.read_tip_contacts',
		entity: 'tips'
	},
	reporterName: {
		table: 'incident_details',
		column: 'reporter_name',
		readThrough: 'app.read_incident_details',
		entity: 'incidents'
	},
	reporterPhone: {
		table: 'incident_details',
		column: 'reporter_phone',
		readThrough: 'app.read_incident_details',
		entity: 'incidents'
	},
	people: {
		table: 'incident_details',
		column: 'people',
		readThrough: 'app.read_incident_details',
		entity: 'incidents'
	}
} as const;

/** A personal field by its key in API answers. */
export type PersonalField = keyof typeof PERSONAL_FIELDS;
