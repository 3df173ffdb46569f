// The column table's prose, each column's `meaning` and a derived column's `source`,
// exists for the README catalogue (scripts/catalogue.ts) only: the Lambda never reads
// it. This esbuild plugin blanks those string literals in shared/okta/columns.ts as it
// bundles, which keeps about 7 KB of prose out of the Lambda bundle. Names, types and
// paths are untouched; the source file and everything run from source (tests, tsx
// scripts) keep the full text.
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

/** Column builders of columns.ts → the argument positions that hold catalogue prose. */
const PROSE_ARGUMENTS = { f: [3], j: [3], env: [3], d: [2, 3] };

export const stripCatalogueText = {
  name: 'strip-catalogue-text',
  setup(build) {
    build.onLoad({ filter: /shared[\\/]okta[\\/]columns\.ts$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const spans = [];
      const blank = (node) => {
        if (node !== undefined && ts.isStringLiteralLike(node)) spans.push([node.getStart(file), node.end]);
      };
      const visit = (node) => {
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && Object.hasOwn(PROSE_ARGUMENTS, node.expression.text)) {
          for (const i of PROSE_ARGUMENTS[node.expression.text]) blank(node.arguments[i]);
        } else if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'meaning') {
          blank(node.initializer);
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      // A refactor of columns.ts that this no longer recognises fails the build rather than silently growing it.
      if (spans.length < 100) throw new Error(`strip-catalogue-text: found only ${spans.length} catalogue strings in ${path}`);
      let contents = text;
      for (const [start, end] of spans.sort((a, b) => b[0] - a[0])) contents = `${contents.slice(0, start)}''${contents.slice(end)}`;
      return { contents, loader: 'ts' };
    });
  },
};
