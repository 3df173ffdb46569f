// A compact text form of shared/security/event-types.json for the Lambda bundle
// (see esbuild-compact-event-types.mjs). The JSON stays the source; the bundle carries
// this form and decodes it on import into the very same object, so config.ts validates
// and reads exactly what it reads when run from source.
//
// Form: `<ATT&CK lists, space-separated>\n<category>|<entry>|<entry>…\n<category>|…`
// where an entry is `<shared>` (one character: how many leading characters the event
// type shares with the previous one, as char code − 48) `<rest of the event type> `
// `<severity letter><index of its ATT&CK list, base 36>`.

const SEVERITY_LETTERS = { info: 'i', low: 'l', medium: 'm', high: 'h', critical: 'c' };
const MAX_SHARED = 70;

/** @param {Record<string, Record<string, [string, string]>>} table */
export function encodeEventTypes(table) {
  const lists = [];
  const listIndex = new Map();
  const lines = [];
  let previous = '';
  for (const [category, rows] of Object.entries(table)) {
    const entries = [category];
    for (const [type, [severity, attack]] of Object.entries(rows)) {
      const letter = SEVERITY_LETTERS[severity];
      if (letter === undefined || /[\s|]/.test(type) || /\s/.test(attack) || attack.includes('|')) {
        throw new Error(`event-types codec: cannot encode ${type}`);
      }
      if (!listIndex.has(attack)) listIndex.set(attack, lists.push(attack) - 1);
      let shared = 0;
      while (shared < MAX_SHARED && shared < type.length - 1 && type[shared] === previous[shared]) shared += 1;
      entries.push(`${String.fromCharCode(48 + shared)}${type.slice(shared)} ${letter}${listIndex.get(attack).toString(36)}`);
      previous = type;
    }
    lines.push(entries.join('|'));
  }
  // An empty list would vanish in a space-separated line: it is written as `-`.
  return [lists.map((l) => l || '-').join(' '), ...lines].join('\n');
}

/** @param {string} text @returns {Record<string, Record<string, [string, string]>>} */
export function decodeEventTypes(text) {
  const severities = { i: 'info', l: 'low', m: 'medium', h: 'high', c: 'critical' };
  const [head, ...lines] = text.split('\n');
  const lists = head.split(' ').map((l) => (l === '-' ? '' : l));
  const table = {};
  let previous = '';
  for (const line of lines) {
    const [category, ...entries] = line.split('|');
    const rows = (table[category] = {});
    for (const entry of entries) {
      const space = entry.lastIndexOf(' ');
      const type = previous.slice(0, entry.charCodeAt(0) - 48) + entry.slice(1, space);
      rows[type] = [severities[entry[space + 1]], lists[parseInt(entry.slice(space + 2), 36)]];
      previous = type;
    }
  }
  return table;
}
