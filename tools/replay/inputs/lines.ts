/**
 * The NDJSON scanner, fed text chunk by chunk: one JSON value per non-blank line
 * (CRLF tolerated), each line held once, linear time.
 */
import { MAX_VALUE_CHARS, parseValue, scanWork, type ScanItem, type ScanOptions } from './scan.js';

/** NDJSON, strictly: one JSON value per non-blank line (CRLF tolerated). */
export class LineScanner {
  private line = 0;
  private parts: string[] = [];
  private size = 0;
  private readonly maxChars: number;

  constructor(options: Pick<ScanOptions, 'maxValueChars'> = {}) {
    this.maxChars = options.maxValueChars ?? MAX_VALUE_CHARS;
  }

  push(chunk: string): ScanItem[] {
    const out: ScanItem[] = [];
    scanWork.chars += chunk.length;
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', from)) {
      this.add(chunk.slice(from, nl));
      out.push(...this.finishLine());
      from = nl + 1;
    }
    if (from < chunk.length) this.add(chunk.slice(from));
    return out;
  }

  end(): ScanItem[] {
    return this.size > 0 || this.parts.length > 0 ? this.finishLine() : [];
  }

  private add(part: string): void {
    this.size += part.length;
    if (this.size <= this.maxChars) this.parts.push(part);
    else this.parts = [];
  }

  private finishLine(): ScanItem[] {
    this.line += 1;
    const tooLarge = this.size > this.maxChars;
    const text = tooLarge ? '' : (this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('')).trim();
    this.parts = [];
    this.size = 0;
    if (tooLarge) return [{ ok: false, line: this.line, reason: 'too_large' }];
    if (text === '') return [];
    const parsed = parseValue(text);
    return [parsed.ok ? { ok: true, line: this.line, value: parsed.value, text, inArray: false } : { ok: false, line: this.line, reason: 'not_json' }];
  }
}

/** Scan a whole text with {@link LineScanner}. */
export function* scanLines(text: string): Generator<ScanItem> {
  const scanner = new LineScanner();
  yield* scanner.push(text);
  yield* scanner.end();
}
