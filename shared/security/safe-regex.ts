/**
 * A conservative structural check of a regular expression that will run on
 * untrusted input (event values an attacker can shape: user agents, usernames).
 * JavaScript's engine backtracks, so a pattern with nested or overlapping
 * repetition can take exponential (or high polynomial) time. Rather than score a
 * pattern, this accepts only a shape that cannot blow up:
 *
 * - no repetition (`*`, `+`, `{n,}`, `{n,m}` with m > 1) of a group that itself
 *   contains repetition or alternation (`(a+)+`, `(a|ab)*`);
 * - at most two unbounded repetitions in the whole pattern, never two in a row
 *   (`\d+\d*`, `.*.*`);
 * - no backreferences and no lookarounds;
 * - counted repetition at most 1000;
 * - it compiles.
 *
 * Run once per pattern at cold start (and by `npm run rules`), never per event.
 */

interface Frame {
  repeats: boolean;
  alternates: boolean;
}

const MAX_UNBOUNDED = 2;
const MAX_COUNT = 1000;

/** `true` when the pattern is valid and of a shape that cannot backtrack catastrophically. */
export function isSafePattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
  } catch {
    return false;
  }
  const stack: Frame[] = [{ repeats: false, alternates: false }];
  // What the last atom was: a plain atom, a closed group (with its frame), or nothing.
  let last: { group?: Frame; unboundedBefore: boolean } | undefined;
  let unbounded = 0;
  let previousWasUnbounded = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i] as string;
    const top = stack[stack.length - 1] as Frame;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return false; // backreference
      i += 1;
      last = { unboundedBefore: previousWasUnbounded };
      previousWasUnbounded = false;
      continue;
    }
    if (ch === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j += 1;
      if (pattern[j] === ']') j += 1;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j;
      last = { unboundedBefore: previousWasUnbounded };
      previousWasUnbounded = false;
      continue;
    }
    if (ch === '(') {
      if (pattern[i + 1] === '?') {
        const kind = pattern.slice(i + 2, i + 4);
        if (kind.startsWith('=') || kind.startsWith('!') || kind === '<=' || kind === '<!') return false; // lookaround
      }
      stack.push({ repeats: false, alternates: false });
      last = undefined;
      continue;
    }
    if (ch === ')') {
      const frame = stack.pop() as Frame;
      if (stack.length === 0) return false;
      const parent = stack[stack.length - 1] as Frame;
      parent.repeats ||= frame.repeats;
      parent.alternates ||= frame.alternates;
      last = { group: frame, unboundedBefore: previousWasUnbounded };
      previousWasUnbounded = false;
      continue;
    }
    if (ch === '|') {
      top.alternates = true;
      last = undefined;
      previousWasUnbounded = false;
      continue;
    }
    const quantifier = readQuantifier(pattern, i);
    if (quantifier !== undefined) {
      if (quantifier.count > MAX_COUNT) return false;
      i = quantifier.end;
      if (pattern[i + 1] === '?') i += 1; // lazy
      if (!quantifier.repeats) continue;
      if (last?.group !== undefined && (last.group.repeats || last.group.alternates)) return false;
      top.repeats = true;
      if (quantifier.unbounded) {
        if (last?.unboundedBefore === true) return false;
        unbounded += 1;
        if (unbounded > MAX_UNBOUNDED) return false;
        previousWasUnbounded = true;
      }
      continue;
    }
    last = { unboundedBefore: previousWasUnbounded };
    previousWasUnbounded = false;
  }
  return true;
}

function readQuantifier(p: string, i: number): { end: number; repeats: boolean; unbounded: boolean; count: number } | undefined {
  const ch = p[i];
  if (ch === '*' || ch === '+') return { end: i, repeats: true, unbounded: true, count: 0 };
  if (ch === '?') return { end: i, repeats: false, unbounded: false, count: 1 };
  if (ch !== '{') return undefined;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
  if (m === null) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
  return {
    end: i + m[0].length - 1,
    repeats: max > 1,
    unbounded: max === Infinity,
    count: Math.max(min, max === Infinity ? 0 : max),
  };
}
