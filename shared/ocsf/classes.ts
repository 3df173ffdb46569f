/**
 * The OCSF event classes, statuses and severities the relay writes, with the ids
 * and names of OCSF 1.8.0. `test/core/ocsf.test.ts` holds every value here to
 * `enumerations.json`, which `scripts/import-ocsf.mjs` copies from the schema
 * (github.com/ocsf/ocsf-schema, Apache-2.0); only uids and names ship in the bundle.
 */

export const OCSF_VERSION = '1.8.0';

/** class_uid → class name. */
export const OCSF_CLASSES = {
  3001: 'Account Change',
  3002: 'Authentication',
  3003: 'Authorize Session',
  3004: 'Entity Management',
  3005: 'User Access Management',
  3006: 'Group Management',
  2004: 'Detection Finding',
  6003: 'API Activity',
} as const satisfies Record<number, string>;

/** An OCSF class the relay writes, by its class_uid. */
export type OcsfClass = keyof typeof OCSF_CLASSES;

/** activity_id 99: the activity is known (the event type) but none of the class's own. */
export const ACTIVITY_OTHER = 99;

/** status_id: 0 Unknown, 1 Success, 2 Failure, 99 Other. */
export const STATUS = { unknown: 0, success: 1, failure: 2, other: 99 } as const;

/** severity_id by the relay's security severity: 1 Informational … 5 Critical. */
export const SEVERITY_ID = { info: 1, low: 2, medium: 3, high: 4, critical: 5 } as const;
