/**
 * From bytes to items, streaming: gunzip when the input starts with gzip's magic
 * bytes, decode UTF-8, detect (or take the forced) format from the first lines,
 * and scan value by value. Only one chunk and one value are held at a time.
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { InputIssue, InputReason } from '../errors.js';
import { detectFormat } from './detect.js';
import { readValue, type Sink } from './formats.js';
import { LineScanner } from './lines.js';
import { ValueScanner, type ScanItem } from './scan.js';
import type { FileInput, InputFormat, Item } from './types.js';

/** Name used in messages for `-`. */
export const STDIN_NAME = '<stdin>';
/** Files a directory contributes: data extensions, or none (S3 objects written by Firehose have none). */
const DATA_EXTENSIONS = new Set(['', '.json', '.ndjson', '.jsonl', '.gz']);
/** Detection looks at up to this many lines, or this many characters, whichever comes first. */
const PROBE_LINES = 50;
const PROBE_CHARS = 8 * 1024 * 1024;
/** Read size of input files. */
export const READ_CHUNK_BYTES = 1024 * 1024;

/** A path as shown to the user: relative to `cwd` when inside it. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export type InputEntry = { readonly type: 'item'; readonly item: Item } | { readonly type: 'issue'; readonly issue: InputIssue };

/** One input being read; `format` is known once the first entry is out, `bytesRead` grows as it is read. */
export class InputReader {
  format: InputFormat | undefined;
  bytesRead = 0;

  constructor(
    readonly file: string,
    private readonly source: () => AsyncIterable<Uint8Array | string>,
    private readonly forced: InputFormat | undefined,
  ) {}

  /** Every item and problem of the input, in order. Never throws. */
  async *entries(): AsyncGenerator<InputEntry> {
    const issue = (reason: InputReason, line?: number): InputEntry => ({ type: 'issue', issue: { file: this.file, line, reason } });
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let scanner: ValueScanner | LineScanner | undefined;
    let probe = '';
    let probeLines = 0;
    let failure: InputReason | undefined;
    const emit = function* (this: InputReader, scanned: readonly ScanItem[]): Generator<InputEntry> {
      const sink: Sink = { items: [], issues: [] };
      for (const v of scanned) readValue(this.file, v, this.format as InputFormat, sink);
      for (const item of sink.items) yield { type: 'item', item };
      for (const i of sink.issues) yield { type: 'issue', issue: i };
    }.bind(this);
    const start = (): InputEntry | undefined => {
      if (probe.charCodeAt(0) === 0xfeff) probe = probe.slice(1);
      if (probe.trim() === '') return issue('empty');
      this.format = this.forced ?? detectFormat(probe);
      if (this.format === undefined) return issue('unknown_format');
      scanner = this.format === 'ndjson' ? new LineScanner() : new ValueScanner({ unwrapArrays: this.format === 'json-array' });
      return undefined;
    };

    try {
      for await (const chunk of this.decompressed()) {
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          failure = 'not_utf8';
          break;
        }
        if (scanner === undefined) {
          probe += text;
          for (let j = text.indexOf('\n'); j !== -1; j = text.indexOf('\n', j + 1)) probeLines++;
          if (probeLines <= PROBE_LINES && probe.length < PROBE_CHARS) continue;
          const problem = start();
          if (problem !== undefined) return yield problem;
          text = probe;
          probe = '';
        }
        yield* emit((scanner as ValueScanner | LineScanner).push(text));
      }
      if (failure === undefined) {
        try {
          const rest = decoder.decode();
          if (scanner === undefined) probe += rest;
          else if (rest !== '') yield* emit(scanner.push(rest));
        } catch {
          failure = 'not_utf8';
        }
      }
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      failure = code === 'ENOENT' ? 'not_found' : typeof code === 'string' && code.startsWith('Z_') ? 'gzip_error' : 'unreadable';
    }
    if (failure !== undefined) return yield issue(failure);
    if (scanner === undefined) {
      const problem = start();
      if (problem !== undefined) return yield problem;
      yield* emit((scanner as unknown as ValueScanner | LineScanner).push(probe));
    }
    yield* emit((scanner as unknown as ValueScanner | LineScanner).end());
  }

  /** The input's bytes, gunzipped when they start with gzip's magic bytes; counts raw bytes read. */
  private async *decompressed(): AsyncGenerator<Buffer> {
    const counted = async function* (this: InputReader): AsyncGenerator<Buffer> {
      for await (const chunk of this.source()) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        this.bytesRead += buf.length;
        yield buf;
      }
    }.bind(this)();
    let head: Buffer = Buffer.alloc(0);
    while (head.length < 2) {
      const next = await counted.next();
      if (next.done) break;
      head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
    }
    const all = async function* (): AsyncGenerator<Buffer> {
      if (head.length > 0) yield head;
      yield* counted;
    };
    if (!(head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b)) {
      yield* all();
      return;
    }
    const gunzip = pipeline(Readable.from(all()), createGunzip({ chunkSize: 256 * 1024 }), () => {});
    for await (const chunk of gunzip) yield chunk as Buffer;
  }
}

/** A reader over a file on disk. */
export const fileReader = (path: string, cwd: string, forced: InputFormat | undefined): InputReader =>
  new InputReader(displayPath(path, cwd), () => createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), forced);

/** Read a whole input into memory (tests, small inputs). */
export async function readAll(reader: InputReader): Promise<FileInput> {
  const items: Item[] = [];
  const issues: InputIssue[] = [];
  for await (const entry of reader.entries()) {
    if (entry.type === 'item') items.push(entry.item);
    else issues.push(entry.issue);
  }
  return { file: reader.file, format: reader.format, bytes: reader.bytesRead, items, issues };
}

/** Read bytes held in memory, in chunks of `chunkBytes` (tests use small chunks to cross every boundary). */
export function readBytes(file: string, bytes: Buffer, forced: InputFormat | undefined, chunkBytes = READ_CHUNK_BYTES): Promise<FileInput> {
  const chunks = function* () {
    for (let i = 0; i < bytes.length; i += chunkBytes) yield bytes.subarray(i, i + chunkBytes);
  };
  return readAll(new InputReader(file, () => Readable.from(chunks()), forced));
}

/** Read one file from disk. */
export function readFile(path: string, cwd: string, forced: InputFormat | undefined): Promise<FileInput> {
  return readAll(fileReader(path, cwd, forced));
}

/**
 * Regular data files under a directory, recursively, sorted; hidden entries and
 * files named `skip` (the replay's default output) left out.
 */
export function listDirectory(dir: string, skip?: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === skip) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listDirectory(path, skip));
    else if (entry.isFile() && DATA_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(path);
  }
  return out;
}

/** An operand to the paths it stands for (a directory → its data files); missing paths are kept, to be reported. */
export function expandOperand(operand: string, cwd: string, skip?: string): string[] {
  const path = resolve(cwd, operand);
  try {
    if (statSync(path).isDirectory()) return listDirectory(path, skip);
  } catch {
    // reported when read: not_found / unreadable
  }
  return [path];
}
