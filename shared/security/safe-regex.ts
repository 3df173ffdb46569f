/**
 * A conservative structural check of a regular expression that will run on
 * untrusted input (event values an attacker can shape: user agents, usernames).
 * JavaScript's engine backtracks, so a pattern with nested, chained or overlapping
 * repetition can take exponential or high polynomial time. Rather than score a
 * pattern, this accepts only shapes whose worst case is at most quadratic in the
 * length of the value tested (which `matches` caps at {@link MAX_MATCH_INPUT}):
 *
 * - no quantifier of any kind on a group that itself contains a quantifier (`?`
 *   included) or alternation (`(a+)+`, `(a?a?)+`, `(a|ab)*`);
 * - at most one variable quantifier (`?`, `*`, `+`, `{n,}`, `{n,m}` with m ≠ n) in
 *   a pattern that is not anchored at its start, at most two in one anchored with
 *   `^` (a variable quantifier tries every length; each start position of an
 *   unanchored pattern tries again);
 * - no backreferences and no lookarounds;
 * - counted repetition at most 1000;
 * - it compiles.
 *
 * Run once per pattern at cold start (and by `npm run rules`), never per event.
 */

interface Frame {
  /** The group's content has a quantifier or an alternation. */
  complex: boolean;
}

const MAX_COUNT = 1000;
const MAX_VARIABLE_UNANCHORED = 1;
const MAX_VARIABLE_ANCHORED = 2;

/** `matches` tests this many leading characters of a value, so that even the worst accepted pattern stays fast. */
export const MAX_MATCH_INPUT = 4096;

/** `true` when the pattern is valid and of a shape that cannot backtrack catastrophically. */
export function isSafePattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
  } catch {
    return false;
  }
  const stack: Frame[] = [{ complex: false }];
  // The last atom, when it was a closed group: a quantifier on it needs its frame.
  let lastGroup: Frame | undefined;
  let variable = 0;
  const maxVariable = pattern.startsWith('^') ? MAX_VARIABLE_ANCHORED : MAX_VARIABLE_UNANCHORED;
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i] as string;
    const top = stack[stack.length - 1] as Frame;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return false; // backreference
      i += 1;
      lastGroup = undefined;
      continue;
    }
    if (ch === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j += 1;
      if (pattern[j] === ']') j += 1;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j;
      lastGroup = undefined;
      continue;
    }
    if (ch === '(') {
      if (pattern[i + 1] === '?') {
        const kind = pattern.slice(i + 2, i + 4);
        if (kind.startsWith('=') || kind.startsWith('!') || kind === '<=' || kind === '<!') return false; // lookaround
        // Skip the group's own syntax, `(?:` or `(?<name>`, whose `?` is no quantifier.
        i = kind.startsWith('<') ? pattern.indexOf('>', i) : i + 2;
        if (i < 0) return false;
      }
      stack.push({ complex: false });
      lastGroup = undefined;
      continue;
    }
    if (ch === ')') {
      const frame = stack.pop() as Frame;
      if (stack.length === 0) return false;
      (stack[stack.length - 1] as Frame).complex ||= frame.complex;
      lastGroup = frame;
      continue;
    }
    if (ch === '|') {
      top.complex = true;
      lastGroup = undefined;
      continue;
    }
    const quantifier = readQuantifier(pattern, i);
    if (quantifier !== undefined) {
      if (quantifier.count > MAX_COUNT) return false;
      i = quantifier.end;
      if (pattern[i + 1] === '?') i += 1; // lazy
      if (lastGroup?.complex === true && (quantifier.repeats || quantifier.variable)) return false;
      top.complex = true;
      if (quantifier.variable) {
        variable += 1;
        if (variable > maxVariable) return false;
      }
      lastGroup = undefined;
      continue;
    }
    lastGroup = undefined;
  }
  return true;
}

function readQuantifier(p: string, i: number): { end: number; repeats: boolean; variable: boolean; count: number } | undefined {
  const ch = p[i];
  if (ch === '*' || ch === '+') return { end: i, repeats: true, variable: true, count: 0 };
  if (ch === '?') return { end: i, repeats: false, variable: true, count: 1 };
  if (ch !== '{') return undefined;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
  if (m === null) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
  return {
    end: i + m[0].length - 1,
    repeats: max > 1,
    variable: max !== min,
    count: Math.max(min, max === Infinity ? 0 : max),
  };
}
