import { readFileSync } from 'node:fs';

/** The README's "Searching in OpenObserve" example queries, split at their comments. */
export function readmeQueries(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Searching in OpenObserve'));
  const block = /```sql\n([\s\S]*?)```/.exec(section)![1]!;
  return block.split(/^--.*$/m).map((s) => s.trim()).filter((s) => s !== '');
}
