/**
 * Personal fields: what the API can answer about members of the public — the people an incident
 * names (reporter, victims, suspects, witnesses) and a tipster's contact. The one list of them and
 * of the answers that carry them:
 *
 * - the database grants none of these columns (`table`.`column`) to a caller role; they are read
 *   only through the function named in `readThrough`, which writes the `read.personal` audit row
 *   (about `entity`) in the same step (supabase/migrations/20261129000410_personal_reads.sql);
 * - the OpenAPI document marks each answer listed in PERSONAL_ANSWERS (`x-personal-fields`);
 * - tests/integration/personal-data.test.ts checks the column privileges of every field, runs
 *   one test per listed answer (the field is there, and so is its audit row), and calls every
 *   API route and verb, failing on any answer that carries one of these keys without being listed
 *   here or without its audit row.
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

const TIP_CONTACT: readonly PersonalField[] = ['contact'];

/**
 * Every API answer that can carry a personal field, as `METHOD /path` in the OpenAPI document's
 * spelling, with the fields it can carry. Each such answer is audited by the database function
 * that returned the field.
 */
export const PERSONAL_ANSWERS: Readonly<Record<string, readonly PersonalField[]>> = {
	'GET /api/incidents/{id}': ['reporterName', 'reporterPhone', 'people'],
	'GET /api/tips': TIP_CONTACT,
	'GET /api/tips/{id}': TIP_CONTACT,
	'GET /api/tips/{id}/duplicates': TIP_CONTACT,
	'POST /api/tips/{id}/verify': TIP_CONTACT,
	'POST /api/tips/{id}/duplicate': TIP_CONTACT,
	'POST /api/tips/{id}/reject': TIP_CONTACT,
	'POST /api/tips/{id}/convert': TIP_CONTACT
};
