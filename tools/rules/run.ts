/**
 * Rule test cases run through the shipped transform: each case's event becomes a
 * Firehose record for the bundle (dist/okta-transform/index.mjs), started with the
 * rules file as `SECURITY_RULES_FILE` exactly as the Lambda starts, and the row it
 * emits is compared with what the case expects.
 */
import { readFileSync } from 'node:fs';
import { loadHandler, type LoadedHandler } from '../replay/handler.js';
export type { RuleTest } from './schema.js';
import { RulesFileSchema, type RulesFile, type RuleTest } from './schema.js';

/** Why a rules file cannot be tested (not a failing case): exit 2. */
export class RulesFileError extends Error {
  override readonly name = 'RulesFileError';
}

/** Read and validate a rules file with the schema the function uses at cold start, and its test cases. */
export function readRulesFile(path: string): RulesFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RulesFileError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RulesFileError(`${path}: not valid JSON`);
  }
  const parsed = RulesFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');
    throw new RulesFileError(`${path}: ${issues}`);
  }
  return parsed.data;
}

export interface CaseResult {
  readonly name: string;
  readonly eventType: string;
  readonly pass: boolean;
  /** What differs, one phrase each (empty when the case passes). */
  readonly differences: readonly string[];
  /** The row's tag columns, for the report. */
  readonly got: { readonly relevant: boolean; readonly category?: string; readonly severity?: string; readonly tags: readonly string[] };
}

/** A case's event with what the transform needs filled in: an identity and a time. */
export function caseRecord(test: RuleTest, index: number, now: number): string {
  const value = test.event;
  if (typeof value['detail-type'] === 'string') return JSON.stringify(value);
  return JSON.stringify({ uuid: `rules-test-${index + 1}`, published: new Date(now).toISOString(), ...value });
}

const eventTypeOf = (test: RuleTest): string => {
  const v = test.event;
  const detail = typeof v.detail === 'object' && v.detail !== null ? (v.detail as Record<string, unknown>) : v;
  return typeof detail.eventType === 'string' ? detail.eventType : '(no eventType)';
};

/** Compare one emitted row with a case's expectations. */
export function compareCase(test: RuleTest, row: Record<string, unknown> | undefined, failure?: string): CaseResult {
  const tags = typeof row?.security_tags === 'string' ? row.security_tags.split(',') : [];
  const got = {
    relevant: row?.security_relevant === true,
    ...(typeof row?.security_category === 'string' && { category: row.security_category }),
    ...(typeof row?.security_severity === 'string' && { severity: row.security_severity }),
    tags,
  };
  const d: string[] = [];
  if (row === undefined) d.push(`the transform emitted no row (${failure ?? 'no result'})`);
  const e = test.expect;
  const say = (what: string, want: unknown, have: unknown) => d.push(`${what}: expected ${want}, got ${have}`);
  if (e.security_relevant !== undefined && e.security_relevant !== got.relevant) say('security_relevant', e.security_relevant, got.relevant);
  if (e.category !== undefined && e.category !== got.category) say('category', e.category, got.category ?? 'none');
  if (e.severity !== undefined && e.severity !== got.severity) say('severity', e.severity, got.severity ?? 'none');
  const list = (xs: readonly string[]) => (xs.length === 0 ? '[]' : `[${xs.join(', ')}]`);
  if (e.tags !== undefined && [...e.tags].sort().join(',') !== [...tags].sort().join(',')) say('tags', list(e.tags), list(tags));
  const missing = (e.tagsInclude ?? []).filter((t) => !tags.includes(t));
  if (missing.length > 0) d.push(`rule ${missing.join(', ')} did not match (tags ${list(tags)})`);
  const unwanted = (e.tagsExclude ?? []).filter((t) => tags.includes(t));
  if (unwanted.length > 0) d.push(`rule ${unwanted.join(', ')} matched but should not have`);
  return { name: test.name, eventType: eventTypeOf(test), pass: d.length === 0, differences: d, got };
}

/**
 * The bundle started with this rules file (or the defaults when `file` is undefined):
 * the handler's environment from `env`, with this file as the only rules source. The
 * environment is passed to the handler, never set on this process.
 */
export async function loadRulesHandler(file: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): Promise<LoadedHandler> {
  const { SECURITY_RULES: _inline, SECURITY_RULES_FILE: _file, ...rest } = env;
  return loadHandler(
    { maxEventAgeSeconds: 30 * 24 * 3600, dropEventTypes: '' },
    { env: file === undefined ? rest : { ...rest, SECURITY_RULES_FILE: file } },
  );
}

/** Run every case through the handler in one Firehose invocation, one record per case. */
export async function runCases(handler: LoadedHandler, tests: readonly RuleTest[], now = Date.now()): Promise<CaseResult[]> {
  if (tests.length === 0) return [];
  const invocation = await handler.invoke({
    invocationId: 'rules-test',
    region: 'us-east-1',
    records: tests.map((t, i) => ({ recordId: `case-${i}`, approximateArrivalTimestamp: now, data: Buffer.from(caseRecord(t, i, now)).toString('base64') })),
  });
  if (invocation.error !== undefined) throw new RulesFileError(`the handler failed: ${invocation.error}`);
  const records = (invocation.response as { records: { recordId: string; result: string; data?: string }[] }).records;
  return tests.map((test, i) => {
    const r = records[i];
    if (r?.result !== 'Ok') return compareCase(test, undefined, `${r?.result ?? 'missing'} ${r?.result === 'ProcessingFailed' ? handler.explain(Buffer.from(caseRecord(test, i, now)).toString('base64')).reason : ''}`.trim());
    const line = Buffer.from(r.data ?? '', 'base64').toString('utf8').split('\n')[0] ?? '';
    return compareCase(test, JSON.parse(line) as Record<string, unknown>);
  });
}

/** One line per case, then a total. */
export function formatResults(results: readonly CaseResult[]): string {
  const lines = results.map((r) => {
    if (r.pass) return `PASS  ${r.name}`;
    const got = `${r.got.category ?? 'not security-relevant'}/${r.got.severity ?? '-'}${r.got.tags.length > 0 ? ` tags ${r.got.tags.join(',')}` : ''}`;
    return `FAIL  ${r.name}\n      event ${r.eventType} → ${got}\n${r.differences.map((d) => `      ${d}`).join('\n')}`;
  });
  const failed = results.filter((r) => !r.pass).length;
  lines.push(`${results.length - failed} passed, ${failed} failed, ${results.length} cases`);
  return `${lines.join('\n')}\n`;
}
