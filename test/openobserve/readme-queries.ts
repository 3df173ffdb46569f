import { readFileSync } from 'node:fs';

/** The first ```sql block of each README section that shows example queries, split at its `--` comments. */
export const README_QUERY_SECTIONS = ['## Searching in OpenObserve', '## Classification'] as const;

export function readmeQueries(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  return README_QUERY_SECTIONS.flatMap((heading) => {
    const start = readme.indexOf(heading);
    if (start < 0) throw new Error(`README.md has no section ${heading}`);
    const block = /```sql\n([\s\S]*?)```/.exec(readme.slice(start))?.[1];
    if (block === undefined) throw new Error(`README.md ${heading} has no sql block`);
    return block.split(/^--.*$/m).map((s) => s.trim()).filter((s) => s !== '');
  });
}
