// Rebuilds the shipped event-type table from the taxonomy kept in the repository
// (scripts/taxonomy/okta-security-taxonomy.json, compiled from public detection
// rules: Sigma, Panther, Elastic, Splunk, Okta; see scripts/taxonomy/ATTRIBUTION.md).
//
//   node scripts/import-taxonomy.mjs                 rebuild shared/security/event-types*.json
//   node scripts/import-taxonomy.mjs --check         exit 1 when they are not what the taxonomy gives
//   node scripts/import-taxonomy.mjs --refresh PATH  first copy a newer research taxonomy (JSON) into
//                                                    the repository, keeping only the members used here
//
// Writes two files, one event type a line so a reviewer can read and diff them:
// event-types.json (what the Lambda bundles, compact: by category, each event type
// → [base severity, "ATT&CK ids,comma-separated"]) and event-types.sources.json (the
// public rules each row comes from: kept out of the bundle).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const INPUT = new URL('./taxonomy/okta-security-taxonomy.json', import.meta.url);
const TABLE = new URL('../shared/security/event-types.json', import.meta.url);
const SOURCES = new URL('../shared/security/event-types.sources.json', import.meta.url);
/** The members of a taxonomy row the repository keeps (the rest is research context). */
const KEPT = ['category', 'severity', 'max_severity', 'basis', 'attack', 'sources', 'escalations', 'notes'];

const lines = (obj) => `{\n${Object.entries(obj).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n}\n`;

/** 'privilege/admin' -> 'privilege_admin', 'privileged access (PAM)' -> 'privileged_access_pam'. */
export const categoryToken = (category) => category.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

/** The two generated files' text, from the taxonomy object. */
export function buildTables(taxonomy) {
  const byCategory = {};
  const sources = {};
  for (const eventType of Object.keys(taxonomy).sort()) {
    const { category, severity, attack, sources: from } = taxonomy[eventType];
    (byCategory[categoryToken(category)] ??= {})[eventType] = [severity, [...new Set(attack)].sort().join(',')];
    sources[eventType] = from;
  }
  const groups = Object.keys(byCategory).sort().map((c) => `  ${JSON.stringify(c)}: ${lines(byCategory[c]).trimEnd().replace(/\n/g, '\n  ')}`);
  return { table: `{\n${groups.join(',\n')}\n}\n`, sources: lines(sources) };
}

const args = process.argv.slice(2);
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const refresh = args.indexOf('--refresh');
  if (refresh !== -1) {
    const from = JSON.parse(readFileSync(args[refresh + 1], 'utf8'));
    const kept = Object.fromEntries(
      Object.keys(from).sort().map((k) => [k, Object.fromEntries(KEPT.filter((m) => m in from[k]).map((m) => [m, from[k][m]]))]),
    );
    writeFileSync(INPUT, lines(kept));
  }
  const { table, sources } = buildTables(JSON.parse(readFileSync(INPUT, 'utf8')));
  if (args.includes('--check')) {
    const stale = [[TABLE, table], [SOURCES, sources]].filter(([url, text]) => readFileSync(url, 'utf8') !== text);
    for (const [url] of stale) console.error(`${url.pathname} is not what the taxonomy gives: run node scripts/import-taxonomy.mjs`);
    process.exit(stale.length > 0 ? 1 : 0);
  }
  writeFileSync(TABLE, table);
  writeFileSync(SOURCES, sources);
  console.log(`${Object.keys(JSON.parse(sources)).length} event types`);
}
