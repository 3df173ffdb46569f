import { describe, expect, it, vi } from 'vitest';
import { HandlerLoadError } from '../../tools/replay/errors.js';
import { BUNDLE_PATH, handlerEnvironment, loadHandler, parseHandlerOutput } from '../../tools/replay/handler.js';
import { b64, fixtureEvents } from './helpers.js';

const event = (datas: string[]) => ({
  invocationId: 'inv-1',
  region: 'us-east-1',
  records: datas.map((data, i) => ({ recordId: `r${i}`, approximateArrivalTimestamp: 0, data })),
});
const okta = fixtureEvents();

describe('running the shipped artifact', () => {
  it('loads dist/okta-transform/index.mjs and answers a Firehose event, keeping stdout clean', async () => {
    expect(BUNDLE_PATH.endsWith('dist/okta-transform/index.mjs')).toBe(true);
    const handler = await loadHandler();
    const write = vi.spyOn(process.stdout, 'write');
    try {
      const inv = await handler.invoke(event([b64(JSON.stringify(okta[0])), b64('{"not":"okta"}'), b64('{\n"broken"')]));
      expect(write).not.toHaveBeenCalled();
      const records = (inv.response as { records: { recordId: string; result: string }[] }).records;
      expect(records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed', 'ProcessingFailed']);
      // Reasons come from the handler's own `record failed` warnings.
      expect(Object.fromEntries(inv.failures)).toEqual({
        r1: { reason: 'not_okta_event', line: 1 },
        r2: { reason: 'not_json', line: 1 },
      });
      expect(inv.error).toBeUndefined();
      expect(inv.durationMs).toBeGreaterThanOrEqual(0);
    } finally {
      write.mockRestore();
    }
  });

  it('configures the handler through the environment it reads at cold start, then restores it', async () => {
    const before = { ...process.env };
    const dropping = await loadHandler({ dropEventTypes: 'user.lifecycle.*' });
    expect(process.env).toEqual(before);
    const session = okta.find((e) => e.eventType === 'user.lifecycle.deactivate');
    const inv = await dropping.invoke(event([b64(JSON.stringify(session))]));
    expect((inv.response as { records: { result: string }[] }).records[0]?.result).toBe('Dropped');
    const plain = await loadHandler();
    const again = await plain.invoke(event([b64(JSON.stringify(session))]));
    expect((again.response as { records: { result: string }[] }).records[0]?.result).toBe('Ok');
  });

  it('reports an invocation the handler rejects, as Firehose would see it', async () => {
    const handler = await loadHandler();
    const inv = await handler.invoke({ invocationId: 'x', region: 'us-east-1', records: 'nope' } as never);
    expect(inv.error).toMatch(/^InvocationError: not a Firehose transformation event/);
  });

  it('fails clearly when the bundle is missing or its configuration is invalid', async () => {
    await expect(loadHandler({}, { bundle: '/nonexistent/index.mjs' })).rejects.toThrow(/index\.mjs not found: build it with `npm run build`/);
    const bad = loadHandler({ maxEventAgeSeconds: 5 });
    await expect(bad).rejects.toBeInstanceOf(HandlerLoadError);
    await expect(bad).rejects.toThrow(/the handler failed to start: Invalid configuration: MAX_EVENT_AGE_SECONDS/);
  });

  it('keeps the handler at WARN at least, and forwards its logs only when the user chose a verbose level', () => {
    expect(handlerEnvironment({}, {})).toEqual({ changes: { LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true' }, forwardLogs: false });
    expect(handlerEnvironment({ LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'false' }, {}).changes).toEqual({ LOG_LEVEL: 'WARN' });
    expect(handlerEnvironment({ LOG_LEVEL: 'INFO' }, { maxEventAgeSeconds: 60 })).toEqual({
      changes: { POWERTOOLS_METRICS_DISABLED: 'true', MAX_EVENT_AGE_SECONDS: '60' },
      forwardLogs: true,
    });
  });

  it('reads reason codes from the captured log lines and ignores anything else', () => {
    const text = [
      JSON.stringify({ level: 'WARN', message: 'record failed', recordId: 'a', reason: 'no_time', line: 2 }),
      'not json',
      JSON.stringify({ level: 'INFO', message: 'batch processed', records: 1 }),
    ].join('\n');
    const { failures, lines } = parseHandlerOutput(text);
    expect(Object.fromEntries(failures)).toEqual({ a: { reason: 'no_time', line: 2 } });
    expect(lines).toHaveLength(3);
  });
});
