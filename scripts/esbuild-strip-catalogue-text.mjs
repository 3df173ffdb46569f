// The column table's prose, each column's `meaning` and a derived column's `source`,
// exists for the README catalogue (scripts/catalogue.ts) only: the Lambda never reads
// it. This esbuild plugin leaves those arguments out of the builder calls in
// shared/okta/columns.ts as it bundles (a `meaning:` property elsewhere is blanked),
// which keeps about 7 KB of prose out of the Lambda bundle, and names the type
// literals the calls repeat (`'string'` 130 times) once, as constants the minifier
// shortens. Names, types and paths are unchanged; the source file and everything run
// from source (tests, tsx scripts) keep the full text.
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

/** Column builders of columns.ts → the argument positions that hold catalogue prose. */
const PROSE_ARGUMENTS = { f: [3], j: [3], env: [3], d: [2, 3] };
/** The second argument of every builder (a column type; `accepts` for `j`) → the constant that stands for it. */
const TYPE_CONSTANTS = { string: 'STRING$', number: 'NUMBER$', boolean: 'BOOLEAN$', object: 'OBJECT$', array: 'ARRAY$' };

export const stripCatalogueText = {
  name: 'strip-catalogue-text',
  setup(build) {
    build.onLoad({ filter: /shared[\\/]okta[\\/]columns\.ts$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      /** [start, end, replacement] */
      const edits = [];
      let prose = 0;
      const isText = (node) => node !== undefined && ts.isStringLiteralLike(node);
      const visit = (node) => {
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && Object.hasOwn(PROSE_ARGUMENTS, node.expression.text)) {
          const args = node.arguments;
          const drop = PROSE_ARGUMENTS[node.expression.text];
          // Trailing prose arguments only, so the others keep their positions: `f(a, b, c, 'prose')` → `f(a, b, c)`.
          if (drop.every((i) => isText(args[i])) && drop.every((i, k) => i === args.length - drop.length + k)) {
            edits.push([args[drop[0] - 1].end, node.arguments.end, '']);
            prose += drop.length;
          }
          const type = args[1];
          if (isText(type) && Object.hasOwn(TYPE_CONSTANTS, type.text)) edits.push([type.getStart(file), type.end, TYPE_CONSTANTS[type.text]]);
        } else if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'meaning' && isText(node.initializer)) {
          edits.push([node.initializer.getStart(file), node.initializer.end, "''"]);
          prose += 1;
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      // A refactor of columns.ts that this no longer recognises fails the build rather than silently growing it.
      if (prose < 100) throw new Error(`strip-catalogue-text: found only ${prose} catalogue strings in ${path}`);
      let contents = text;
      for (const [start, end, replacement] of edits.sort((a, b) => b[0] - a[0])) contents = `${contents.slice(0, start)}${replacement}${contents.slice(end)}`;
      const constants = Object.entries(TYPE_CONSTANTS).map(([literal, name]) => `${name} = ${JSON.stringify(literal)}`);
      return { contents: `const ${constants.join(', ')};\n${contents}`, loader: 'ts' };
    });
  },
};
