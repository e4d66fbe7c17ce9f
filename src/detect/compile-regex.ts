/**
 * Every rule regex — built-in and user — runs on RE2's linear-time engine (re2js, RE2 ported to
 * JavaScript): the time of a match is linear in the line's length whatever the pattern is, so no
 * pattern checker has to win a race against backtracking. What RE2 cannot run in linear time
 * (back-references, look-around, repeat counts over 1000) does not compile and is refused at load.
 *
 * Why re2js and not V8's own linear engine (the `l` flag): V8's needs a process-wide V8 flag (a
 * library must not set one), refuses bounded repeats that RE2 runs, and spent about 12 times
 * more CPU per match on the rules' slow path (scripts/bench/regex-engines.mjs).
 *
 * Differences from JavaScript's RegExp a rule author may meet: `\s`, `\d`, `\w` and `\b` are
 * ASCII only (so is JavaScript's `\d`/`\w`); `(?<name>…)` and `(?P<name>…)` both name a group.
 */
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';
import { anchoredTwin, literalStartTwin, MAX_LITERAL_ATTEMPTS, searchTwin, type LiteralStartTwin } from './v8-twin.js';

/** The part of a compiled regex the detection uses: RegExp's `exec`/`test` shapes. */
export interface RuleRegex {
  /** Leftmost match: `[0]` the match, `[i]` group i (undefined when it did not take part), `index`, `groups`. */
  exec(text: string): RuleMatch | null;
  test(text: string): boolean;
  /** Group 1 of successive non-overlapping matches, at most `max`, with where each starts in `text`. */
  findAll(text: string, max: number): { text: string; index: number }[];
  readonly source: string;
}

export interface RuleMatch {
  [group: number]: string | undefined;
  index: number;
  groups?: Record<string, string | undefined>;
}

/**
 * Compiles a pattern on the linear engine now; throws an Error whose message says why RE2 refused
 * it. For validating patterns at load (user rules).
 */
export function checkRuleRegex(pattern: string): void {
  compileNow(pattern);
}

/**
 * A rule regex, compiled on its first use: start-up does not pay for the engine (its module and
 * the built-in patterns cost tens of milliseconds) in a run that never needs it. Patterns from
 * files that were not validated by checkRuleRegex must be known to compile (the built-in rules:
 * test/reliability/redos.test.ts).
 */
export function compileRuleRegex(pattern: string): RuleRegex {
  let compiled: RE2JS | null = null;
  const re = () => (compiled ??= compileNow(pattern));
  // A pattern that provably cannot backtrack badly runs on V8's engine (v8-twin.ts): the code
  // patterns then never make a thread load and warm up RE2, and the SDK-string patterns run as
  // V8's compiled code.
  let anchored: RegExp | null | undefined;
  let literal: LiteralStartTwin | null | undefined;
  let search: RegExp | null | undefined;
  const v8Anchored = () => (anchored === undefined ? (anchored = pattern.startsWith('^') ? anchoredTwin(pattern) : null) : anchored);
  const v8Literal = () => (literal === undefined ? (literal = v8Anchored() === null ? literalStartTwin(pattern) : null) : literal);
  const v8Search = () => (search === undefined ? (search = v8Anchored() === null && v8Literal() === null ? searchTwin(pattern) : null) : search);
  /** The twin's answer, or undefined where RE2 must give it (no twin, or a literal-start twin gave up). */
  const viaTwin = (text: string): RuleMatch | null | undefined => {
    const a = v8Anchored();
    if (a !== null) return a.exec(text);
    const l = v8Literal();
    if (l !== null) {
      const m = execFromLiteral(l, text);
      if (m !== undefined) return m;
    }
    const g = v8Search();
    if (g === null) return undefined;
    g.lastIndex = 0;
    return g.exec(text);
  };
  // re2js's exec returns the same shape as RegExp's: [0], groups by number, index, groups.
  const exec = (text: string): RuleMatch | null => {
    const m = viaTwin(text);
    return m !== undefined ? m : (re().exec(text) as RuleMatch | null);
  };
  const matches = (text: string): boolean => {
    const m = viaTwin(text);
    return m !== undefined ? m !== null : re().test(text);
  };
  // Code patterns are tested on the same few codes over and over (logs repeat their errors): the
  // answers for short texts are remembered, in a bounded map.
  const tested = new Map<string, boolean>();
  return {
    source: pattern,
    exec,
    findAll: (text, max) => {
      const found: { text: string; index: number }[] = [];
      const g = v8Search();
      if (g !== null) {
        // Successive matches, each search from the end of the last (never empty: a twin's pattern is not nullable).
        g.lastIndex = 0;
        for (let m = g.exec(text); m !== null && found.length < max; m = g.exec(text)) {
          const at = m.indices?.[1];
          if (m[1] !== undefined && at !== undefined) found.push({ text: m[1], index: at[0] });
        }
        return found;
      }
      const m = re().matcher(text);
      while (found.length < max && m.find()) {
        const g = m.group(1);
        if (g !== null && g !== undefined) found.push({ text: g, index: m.start(1) });
      }
      return found;
    },
    test: (text) => {
      if (text.length > MEMO_TEXT_LENGTH) return matches(text);
      let answer = tested.get(text);
      if (answer === undefined) {
        answer = matches(text);
        if (tested.size >= MEMO_ENTRIES) tested.clear();
        tested.set(text, answer);
      }
      return answer;
    },
  };
}

/**
 * The leftmost match of a literal-start twin: every match starts at an occurrence of one of its
 * literals, tried in order. Undefined after MAX_LITERAL_ATTEMPTS occurrences without one: RE2
 * answers then (its leftmost match is at an occurrence not tried), which keeps the work linear.
 */
function execFromLiteral(twin: LiteralStartTwin, text: string): RuleMatch | null | undefined {
  for (let from = 0, tries = 0; ; tries++) {
    let at = -1;
    for (const literal of twin.literals) {
      const i = text.indexOf(literal, from);
      if (i !== -1 && (at === -1 || i < at)) at = i;
    }
    if (at === -1) return null;
    if (tries === MAX_LITERAL_ATTEMPTS) return undefined;
    twin.sticky.lastIndex = at;
    const m = twin.sticky.exec(text);
    if (m !== null) return m;
    from = at + 1;
  }
}

function compileNow(pattern: string): RE2JS {
  try {
    return loadRe2().RE2JS.compile(pattern);
  } catch (e) {
    throw new Error(`not a regular expression the linear-time engine (RE2) can run: ${(e as Error).message}`);
  }
}

let re2: typeof import('re2js') | null = null;
function loadRe2(): typeof import('re2js') {
  return (re2 ??= createRequire(import.meta.url)('re2js') as typeof import('re2js'));
}

/** Bounds of each regex's memo of `test` answers: at most this many texts of at most this length. */
const MEMO_ENTRIES = 1024;
const MEMO_TEXT_LENGTH = 256;

/**
 * V8's own RegExp for a rule pattern, to be used only on texts of a few digits and a minus sign
 * (the pre-filter's short numbers, trigger-scan.ts): no backtracking blow-up is possible on four
 * characters, and every pattern that both RE2 and V8's Unicode mode accept gives the same answer
 * on such texts, while RE2's first compile and its matcher's warm-up cost every thread tens of
 * milliseconds. Unicode mode refuses what it does not know (`(?i)`, `(?P<n>…)`, `\pN`, `\z`,
 * `[[:digit:]]`): null then, and RE2 answers.
 */
export function digitsTwin(re: RuleRegex): RegExp | null {
  try {
    return new RegExp(re.source, 'u');
  } catch {
    return null;
  }
}
