/**
 * An adversarial corpus: inputs built to break parsers. Each must come back as a
 * proper Firehose answer, never a crash of the batch.
 */
import { gzipSync } from 'node:zlib';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { InvocationError } from '../../shared/errors.js';
import { processBatch } from '../../shared/firehose/batch.js';
import { restore } from '../../shared/okta/restore.js';
import { createTransformer } from '../../shared/transform.js';
import { expectFirehoseContract } from '../helpers/invariants.js';
import { envelope, realEnvelope, type Json } from '../helpers/samples.js';

const transformer = createTransformer(loadConfig({}));
const NOW = Date.UTC(2024, 4, 1, 12);
const asEvent = (records: { recordId: string; data?: unknown }[]) =>
  ({ invocationId: 'adv', deliveryStreamArn: 'arn:aws:firehose:us-east-1:1:deliverystream/s', region: 'us-east-1', records }) as unknown as FirehoseTransformationEvent;
const run = (payloads: (string | Buffer)[]) => {
  const event = asEvent(payloads.map((p, i) => ({ recordId: `r${i}`, data: Buffer.from(p).toString('base64') })));
  const { response } = processBatch(event, transformer, NOW, 6_000_000);
  const rows = expectFirehoseContract(event.records.map((r) => r.recordId), response);
  return { results: response.records.map((r) => r.result), rows };
};
const oktaEvent = (extra: Json = {}): Json => ({ ...(realEnvelope().detail as Json), ...extra });

describe('Adversarial input', () => {
  it('survives JSON nested 100,000 levels deep, in an unknown field or as the whole record', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const inEvent = JSON.stringify(envelope(oktaEvent())).replace('"detail":{', `"detail":{"deep":${deep},`);
    const { results } = run([inEvent, deep, `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`]);
    expect(results).toEqual(['ProcessingFailed', 'ProcessingFailed', 'ProcessingFailed']);
  });

  it('delivers an event with 150,000 targets, proxy IPs or inexact numbers (more than a call takes as arguments)', () => {
    const many = Array.from({ length: 150_000 }, () => ({}));
    const { results } = run([
      JSON.stringify(envelope(oktaEvent({ eventType: 'policy.rule.update', target: many }))),
      JSON.stringify(envelope(oktaEvent({ securityContext: { isProxy: true }, request: { ipChain: many } }))),
      JSON.stringify(envelope(oktaEvent({ eventType: 'user.session.start' }))).replace('"eventType"', `"big":[${Array(150_000).fill('-0').join(',')}],"eventType"`),
    ]);
    expect(results).toEqual(['Ok', 'Ok', 'Ok']);
  });

  it('fails a 5 MB string field by the per-record output limit, without crashing', () => {
    const { results } = run([JSON.stringify(envelope(oktaEvent({ displayMessage: 'x'.repeat(5 * 1024 * 1024) })))]);
    expect(results).toEqual(['ProcessingFailed']);
  });

  it('keeps __proto__, constructor and prototype keys anywhere as data, and pollutes nothing', () => {
    const text = JSON.stringify(envelope(oktaEvent({ actor: { id: 'a', constructor: { prototype: { x: 1 } } } })))
      .replace('"detail":{', '"__proto__":{"admin":true},"detail":{"__proto__":{"isAdmin":true},"prototype":1,');
    const { results, rows } = run([text]);
    expect(results).toEqual(['Ok']);
    expect(restore(rows[0]?.[0] as Json)).toEqual(JSON.parse(text));
    expect(({} as Json).admin).toBeUndefined();
    expect(({} as Json).isAdmin).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('x');
  });

  it('fails invalid UTF-8 and a gzip bomb; tolerates a BOM and CRLF line ends', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    const good = JSON.stringify(envelope(oktaEvent()));
    const { results } = run([Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), bomb, `\uFEFF${good}`, `${good}\r\n${good}\r\n`]);
    expect(results).toEqual(['ProcessingFailed', 'ProcessingFailed', 'Ok', 'Ok']);
  });

  it('fails JSON that is not an object', () => {
    expect(run(['[1,2,3]', '42', 'null', '"okta"', 'true']).results.every((r) => r === 'ProcessingFailed')).toBe(true);
  });

  it('delivers an event whose every field is null, or of the wrong type, when it keeps its eventType, and loses none of it', () => {
    const base = oktaEvent();
    const nulls = Object.fromEntries(Object.keys(base).map((k) => [k, null]));
    const wrong = Object.fromEntries(Object.keys(base).map((k) => [k, k === 'eventType' ? base.eventType : [k, 1, { k }]]));
    const inputs = [envelope({ ...nulls, eventType: 'user.session.start' }), envelope(wrong)];
    const { results, rows } = run(inputs.map((e) => JSON.stringify(e)));
    expect(results).toEqual(['Ok', 'Ok']);
    rows.forEach((r, i) => expect(restore(r[0] as Json)).toEqual(inputs[i]));
    expect(String(rows[1]?.[0]?.schema_issues)).toContain('expected');
  });

  it('answers records with empty or missing data', () => {
    const event = asEvent([{ recordId: 'empty', data: '' }, { recordId: 'missing' }, { recordId: 'number', data: 7 }]);
    const { response } = processBatch(event, transformer, NOW, 6_000_000);
    expect(response.records.map((r) => r.result)).toEqual(['Dropped', 'ProcessingFailed', 'ProcessingFailed']);
  });

  it('answers an empty batch with no records', () => {
    expect(processBatch(asEvent([]), transformer, NOW, 6_000_000).response).toEqual({ records: [] });
  });

  it('answers each record of a batch with duplicate recordIds, in order', () => {
    const good = Buffer.from(JSON.stringify(envelope(oktaEvent()))).toString('base64');
    const event = asEvent([{ recordId: 'same', data: good }, { recordId: 'same', data: 'bad!' }]);
    const { response } = processBatch(event, transformer, NOW, 6_000_000);
    expect(response.records.map((r) => [r.recordId, r.result])).toEqual([['same', 'Ok'], ['same', 'ProcessingFailed']]);
  });

  it.each([
    ['undefined', undefined],
    ['an object without records', { invocationId: 'x' }],
    ['records that are not an array', { records: {} }],
    ['a record without recordId', { records: [{ data: '' }] }],
  ])('throws one clear InvocationError for a malformed invocation: %s', (_label, event) => {
    expect(() => processBatch(event as unknown as FirehoseTransformationEvent, transformer, NOW, 6_000_000)).toThrow(InvocationError);
  });
});
