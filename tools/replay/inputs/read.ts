/**
 * From command-line operands to input files: expand directories, read files or
 * stdin, gunzip, decode UTF-8, detect (or take the forced) format, and read it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { InputReason } from '../errors.js';
import { detectFormat } from './detect.js';
import { readText } from './formats.js';
import type { FileInput, InputFormat } from './types.js';

/** Name used in messages for `-`. */
export const STDIN_NAME = '<stdin>';
/** Cap on a gzip input's decompressed size. */
export const MAX_GUNZIP_BYTES = 1024 * 1024 * 1024;
/** Files a directory contributes: data extensions, or none (S3 objects written by Firehose have none). */
const DATA_EXTENSIONS = new Set(['', '.json', '.ndjson', '.jsonl', '.gz']);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A path as shown to the user: relative to `cwd` when inside it. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

const failed = (file: string, bytes: number, reason: InputReason): FileInput => ({
  file,
  format: undefined,
  bytes,
  items: [],
  issues: [{ file, reason }],
});

/** Decode one input's bytes and read it; never throws. */
export function readBytes(file: string, bytes: Buffer, forced: InputFormat | undefined): FileInput {
  let raw = bytes;
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = gunzipSync(raw, { maxOutputLength: MAX_GUNZIP_BYTES });
    } catch {
      return failed(file, bytes.length, 'gzip_error');
    }
  }
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return failed(file, bytes.length, 'not_utf8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return failed(file, bytes.length, 'empty');
  const format = forced ?? detectFormat(text);
  if (format === undefined) return failed(file, bytes.length, 'unknown_format');
  return { file, format, bytes: bytes.length, ...readText(file, text, format) };
}

/** Read one file from disk; never throws. */
export function readFile(path: string, cwd: string, forced: InputFormat | undefined): FileInput {
  const file = displayPath(path, cwd);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return failed(file, 0, code === 'ENOENT' ? 'not_found' : 'unreadable');
  }
  return readBytes(file, bytes, forced);
}

/** Regular data files under a directory, recursively, sorted; hidden entries skipped. */
export function listDirectory(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listDirectory(path));
    else if (entry.isFile() && DATA_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(path);
  }
  return out;
}

/** An operand to the paths it stands for (a directory → its data files); missing paths are kept, to be reported. */
export function expandOperand(operand: string, cwd: string): string[] {
  const path = resolve(cwd, operand);
  try {
    if (statSync(path).isDirectory()) return listDirectory(path);
  } catch {
    // reported by readFile as not_found / unreadable
  }
  return [path];
}

/** Read stdin to the end. */
export async function readStream(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
