/**
 * `npm run rules -- test [FILE]`: run a rules file's test cases through the
 * shipped transform; without FILE, the default rules' own cases.
 * `npm run rules -- check FILE`: validate a rules file as the function does at start.
 * Exit 0 = every case passed (or the file is valid), 1 = a case failed, 2 = usage
 * error or invalid rules file.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invocationDir } from '../invocation-dir.js';
import { HandlerLoadError } from '../replay/errors.js';
import { formatResults, loadRulesHandler, readRulesFile, RulesFileError, runCases } from './run.js';

export const DEFAULT_TESTS = fileURLToPath(new URL('../../shared/security/default-rules.tests.json', import.meta.url));

export const HELP = `Usage: npm run rules -- <command> [FILE]

  test [FILE]   run the test cases of a rules file (SECURITY_RULES_FILE format, with "tests")
                through the shipped transform, started with that file as the function is;
                without FILE, the default rules' own cases (${'shared/security/default-rules.tests.json'})
  check FILE    validate a rules file as the function does when it starts

A case: { "name": "...", "event": { "eventType": "...", ... },
          "expect": { "severity": "high", "category": "...", "tags": [...], "tagsInclude": [...], "tagsExclude": [...] } }
Exit status: 0 all passed / valid, 1 a case failed, 2 usage error or invalid rules file.
`;

export { invocationDir };

export interface RulesIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Where a relative FILE is resolved from; default {@link invocationDir}. */
  readonly cwd?: string;
}

export async function main(argv: readonly string[], io: RulesIo): Promise<number> {
  const [command, file, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if ((command !== 'test' && command !== 'check') || rest.length > 0 || (command === 'check' && file === undefined)) {
    io.stderr.write(`rules: unknown or incomplete command: ${argv.join(' ')}\n\n${HELP}`);
    return 2;
  }
  const path = file === undefined ? undefined : resolve(io.cwd ?? invocationDir(), file);
  try {
    const rules = readRulesFile(path ?? DEFAULT_TESTS);
    const escalations = rules.escalations?.length ?? 0;
    const eventTypes = Object.keys(rules.eventTypes ?? {}).length;
    if (command === 'check') {
      io.stdout.write(`${file}: valid (${escalations} escalations, ${eventTypes} event types, ${rules.tests?.length ?? 0} test cases)\n`);
      return 0;
    }
    const tests = rules.tests ?? [];
    if (tests.length === 0) {
      io.stdout.write(`${file ?? 'default rules'}: no test cases ("tests": [...])\n`);
      return 0;
    }
    // The default cases test the shipped rules alone; a user's file is loaded as SECURITY_RULES_FILE.
    const handler = await loadRulesHandler(path);
    try {
      const results = await runCases(handler, tests);
      io.stdout.write(`${file ?? 'default rules'} through ${handler.path}\n${formatResults(results)}`);
      return results.every((r) => r.pass) ? 0 : 1;
    } finally {
      await handler.close(); // the worker thread would keep the process alive
    }
  } catch (error) {
    if (error instanceof RulesFileError || error instanceof HandlerLoadError) {
      io.stderr.write(`rules: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
