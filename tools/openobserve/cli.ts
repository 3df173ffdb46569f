/**
 * npm run openobserve -- install --url URL --org ORG --stream STREAM --destination NAME [--folder NAME]
 *                                [--retention-days N] [--param DETECTION.KEY=N ...] [--dry-run]
 * npm run openobserve -- export --stream STREAM --out DIR [--force] [--retention-days N] [--param ...]
 * npm run openobserve -- generate     regenerate openobserve/ and the README's detection table
 * Credentials for install come from OPENOBSERVE_EMAIL and OPENOBSERVE_PASSWORD only.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { invocationDir } from '../invocation-dir.js';
import { checkBaseUrl, createClient, credentialsFromEnv } from './client.js';
import { buildContent, checkStreamName, parseParamOverrides, type ContentOptions } from './content.js';
import { DETECTIONS } from './detections.js';
import { exportContent, generate } from './files.js';
import { install } from './install.js';

const USAGE = `usage:
  npm run openobserve -- install --url URL --org ORG --stream STREAM --destination NAME [--folder NAME]
                                 [--retention-days N] [--param DETECTION.KEY=N ...] [--dry-run]
  npm run openobserve -- export --stream STREAM --out DIR [--force] [--retention-days N] [--param DETECTION.KEY=N ...]
  npm run openobserve -- generate
credentials (install): OPENOBSERVE_EMAIL and OPENOBSERVE_PASSWORD in the environment
detection parameters (--param), with their defaults:
${DETECTIONS.map((d) => `  ${d.name}: ${Object.entries(d.defaults).map(([k, v]) => `${k}=${v}`).join(' ')}`).join('\n')}`;

const OPTIONS = {
  url: { type: 'string' },
  org: { type: 'string' },
  stream: { type: 'string' },
  destination: { type: 'string' },
  folder: { type: 'string' },
  out: { type: 'string' },
  'retention-days': { type: 'string' },
  param: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

function required(values: Record<string, unknown>, names: readonly string[]): void {
  const missing = names.filter((n) => typeof values[n] !== 'string' || values[n] === '');
  if (missing.length > 0) throw new Error(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
}

function retention(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`--retention-days ${value}: expected a whole number of days, at least 1`);
  return Number(value);
}

export { invocationDir };

export async function main(argv: readonly string[], log: (line: string) => void = console.log, cwd = invocationDir()): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    log(USAGE);
    return values.help ? 0 : 2;
  }
  if (rest.length > 0) throw new Error(`unexpected argument ${rest[0]}`);
  const retentionDays = retention(values['retention-days']);
  const options: ContentOptions = {
    ...(retentionDays === undefined ? {} : { retentionDays }),
    params: parseParamOverrides(values.param ?? []),
  };
  switch (command) {
    case 'generate': {
      const report = generate();
      log(`generated: ${report.written.length} files written, ${report.unchanged.length} unchanged`);
      return 0;
    }
    case 'export': {
      required(values, ['stream', 'out']);
      const out = resolve(cwd, values.out!);
      const report = exportContent(checkStreamName(values.stream!), out, values.force, options);
      log(`exported to ${out}: ${report.written.length} files written, ${report.unchanged.length} unchanged`);
      return 0;
    }
    case 'install': {
      required(values, ['url', 'org', 'stream', 'destination']);
      const stream = checkStreamName(values.stream!);
      const url = checkBaseUrl(values.url!);
      const client = createClient(url, credentialsFromEnv());
      const result = await install(client, buildContent(stream, options), {
        org: values.org!, stream, destination: values.destination!,
        ...(values.folder === undefined ? {} : { folder: values.folder }),
        ...(retentionDays === undefined ? {} : { retentionDays }),
        dryRun: values['dry-run'], log,
      });
      const count = (a: string) => result.steps.filter((s) => s.action === a).length;
      log(`${values['dry-run'] ? 'dry run: would ' : ''}create ${count('create')}, update ${count('update')}, unchanged ${count('unchanged')}`);
      return 0;
    }
    default:
      throw new Error(`unknown command ${command}\n${USAGE}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`openobserve: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
