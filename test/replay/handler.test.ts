import { afterAll, describe, expect, it, vi } from 'vitest';
import { HandlerLoadError } from '../../tools/replay/errors.js';
import { BUNDLE_PATH, handlerEnvironment, loadHandler, type LoadedHandler } from '../../tools/replay/handler.js';
import { b64, fixtureEvents } from './helpers.js';

const event = (datas: string[]) => ({
  invocationId: 'inv-1',
  region: 'us-east-1',
  records: datas.map((data, i) => ({ recordId: `r${i}`, approximateArrivalTimestamp: 0, data })),
});
const okta = fixtureEvents();
const results = (response: unknown) => (response as { records: { recordId: string; result: string }[] }).records.map((r) => r.result);
const started: LoadedHandler[] = [];
const load = async (...args: Parameters<typeof loadHandler>) => {
  const h = await loadHandler(...args);
  started.push(h);
  return h;
};
afterAll(async () => {
  for (const h of started) await h.close();
});

describe('running the shipped artifact in a worker thread', () => {
  it('loads dist/okta-transform/index.mjs and answers a Firehose event with its structured result; this process stdout stays untouched', async () => {
    expect(BUNDLE_PATH.endsWith('dist/okta-transform/index.mjs')).toBe(true);
    const write = vi.spyOn(process.stdout, 'write');
    try {
      const handler = await load({}, { env: { LOG_LEVEL: 'DEBUG' }, forwardLog: () => {} });
      const inv = await handler.invoke(event([b64(JSON.stringify(okta[0])), b64('{"not":"okta"}'), b64('{\n"broken"')]));
      expect(results(inv.response)).toEqual(['Ok', 'ProcessingFailed', 'ProcessingFailed']);
      expect(inv.error).toBeUndefined();
      expect(inv.durationMs).toBeGreaterThanOrEqual(0);
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });

  it('explains a ProcessingFailed record with the source transformer on the same configuration, not from logs', async () => {
    const handler = await load({}, { env: {} });
    expect(handler.explain(b64('{"not":"okta"}'))).toEqual({ reason: 'not_okta_event', line: 1 });
    expect(handler.explain(b64('{\n"broken"'))).toEqual({ reason: 'not_json', line: 1 });
  });

  it('passes its configuration explicitly, one cold start per handler, and never changes this process environment', async () => {
    const before = { ...process.env };
    const session = okta.find((e) => e.eventType === 'user.lifecycle.deactivate');
    const dropping = await load({ dropEventTypes: 'user.lifecycle.*' }, { env: {} });
    const plain = await load({}, { env: {} });
    expect(process.env).toEqual(before);
    expect(dropping.env.DROP_EVENT_TYPES).toBe('user.lifecycle.*');
    expect(results((await dropping.invoke(event([b64(JSON.stringify(session))]))).response)).toEqual(['Dropped']);
    expect(results((await plain.invoke(event([b64(JSON.stringify(session))]))).response)).toEqual(['Ok']);
  });

  it('reports an invocation the handler rejects, as Firehose would see it', async () => {
    const handler = await load({}, { env: {} });
    const inv = await handler.invoke({ invocationId: 'x', region: 'us-east-1', records: 'nope' } as never);
    expect(inv.error).toMatch(/^InvocationError: not a Firehose transformation event/);
  });

  it('fails clearly when the bundle is missing or its configuration is invalid', async () => {
    await expect(loadHandler({}, { bundle: '/nonexistent/index.mjs' })).rejects.toThrow(/index\.mjs not found: build it with `npm run build`/);
    const bad = loadHandler({ maxEventAgeSeconds: 5 }, { env: {} });
    await expect(bad).rejects.toBeInstanceOf(HandlerLoadError);
    await expect(bad).rejects.toThrow(/the handler failed to start: Invalid configuration: MAX_EVENT_AGE_SECONDS/);
  });

  it('gives the handler only its own variables; logs SILENT unless the user chose a level, then forwarded', async () => {
    expect(handlerEnvironment({ HOME: '/root', AWS_SECRET_ACCESS_KEY: 'x' }, {})).toEqual({
      env: { LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
      forwardLogs: false,
    });
    expect(handlerEnvironment({ LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false' }, { maxEventAgeSeconds: 60 })).toEqual({
      env: { LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false', MAX_EVENT_AGE_SECONDS: '60' },
      forwardLogs: true,
    });
    let forwarded = '';
    const handler = await load({}, { env: { LOG_LEVEL: 'INFO' }, forwardLog: (t) => (forwarded += t) });
    await handler.invoke(event([b64(JSON.stringify(okta[0]))]));
    await vi.waitFor(() => expect(forwarded).toContain('"level":"INFO"'), { timeout: 10_000 });
  });
});
