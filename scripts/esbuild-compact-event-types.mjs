// The shipped event-type table (shared/security/event-types.json, ~7.5 KB as a JS
// object literal) goes into the Lambda bundle in the compact text form of
// event-types-codec.mjs (~4.8 KB) and is decoded once on import, into an object equal to
// the JSON. Everything run from source (tests, tsx scripts) imports the JSON itself.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { encodeEventTypes } from './event-types-codec.mjs';

const CODEC = fileURLToPath(new URL('./event-types-codec.mjs', import.meta.url));

export const compactEventTypes = {
  name: 'compact-event-types',
  setup(build) {
    build.onLoad({ filter: /shared[\\/]security[\\/]event-types\.json$/ }, async ({ path }) => {
      const text = encodeEventTypes(JSON.parse(await readFile(path, 'utf8')));
      return {
        contents: `import { decodeEventTypes } from ${JSON.stringify(CODEC)};\nexport default decodeEventTypes(${JSON.stringify(text)});\n`,
        loader: 'js',
      };
    });
  },
};
