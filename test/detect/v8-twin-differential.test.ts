/**
 * The twins of users' patterns (src/detect/v8-twin.ts) against RE2 (re2js): the classes of
 * pattern on which a twin once answered otherwise than RE2, and a bounded fixed-seed round of the
 * differential fuzzer (scripts/fuzz-v8-twins.mjs) over random patterns and texts.
 */
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { fuzzTwins } from '../../scripts/fuzz-v8-twins.mjs';
import { compileRuleRegex, type RuleMatch } from '../../src/detect/compile-regex.js';
import { anchoredTwin, literalStartTwin, searchTwin } from '../../src/detect/v8-twin.js';

function shape(m: RuleMatch | null): string {
  if (m === null) return 'null';
  return JSON.stringify({ all: Array.from(m as unknown as ArrayLike<string | undefined>), index: m.index, groups: m.groups === undefined ? null : { ...m.groups } });
}

function re2FindAll(pattern: string, text: string): string {
  const m = RE2JS.compile(pattern).matcher(text);
  const found: { text: string; index: number }[] = [];
  while (found.length < 64 && m.find()) {
    const g = m.group(1);
    if (g !== null && g !== undefined) found.push({ text: g, index: m.start(1) });
  }
  return JSON.stringify(found);
}

/** exec and test through the path detection takes, against RE2's answer. */
function expectRe2Answers(pattern: string, texts: string[]): void {
  const re = compileRuleRegex(pattern);
  for (const t of texts) {
    const want = shape(RE2JS.compile(pattern).exec(t) as RuleMatch | null);
    expect(shape(re.exec(t)), `${pattern} on ${JSON.stringify(t)}`).toBe(want);
    expect(re.test(t), `${pattern} on ${JSON.stringify(t)}`).toBe(want !== 'null');
  }
}

describe('twins of user patterns answer as RE2 does', () => {
  it('a pattern that may match the empty text at its end has no search twin (findAll would find that empty match again and again)', () => {
    // On a V8 search twin, findAll went on forever (group 1 undefined) or repeated the match up to its bound.
    expect(searchTwin('(a)?$')).toBeNull();
    expect(searchTwin('(?:^|[^A-Za-z0-9_.-])(x?$)')).toBeNull();
    for (const t of ['', 'a-', '-x', 'x'])
      expect(JSON.stringify(compileRuleRegex('(?:^|[^A-Za-z0-9_.-])(x?$)').findAll(t, 64)), JSON.stringify(t)).toBe(re2FindAll('(?:^|[^A-Za-z0-9_.-])(x?$)', t));
  });

  it('a repeat whose round may read nothing at the end of the text has no twin (V8 drops that round and its captures, RE2 keeps them)', () => {
    expect(anchoredTwin('^a(?:($))?')).toBeNull();
    expect(literalStartTwin('ab(?:(?<g>$))?')).toBeNull();
    expect(searchTwin('(?:^|[^A-Za-z0-9_.-])(x(y|$)?)')).toBeNull();
    expectRe2Answers('^a(?:($))?', ['a', 'ab']);
    expectRe2Answers('^a((?:b|$)){0,1}', ['a', 'ab']);
    expectRe2Answers('ab(?:(?<g>$))?', ['ab', 'xab', 'abc']);
    expectRe2Answers('(?:^|[^A-Za-z0-9_.-])(x(y|$)?)', ['x', ' xy', 'x-']);
  });

  it('a count with a leading zero is text to RE2 (`{01}`), so it has no twin', () => {
    expect(anchoredTwin('^a{01}$')).toBeNull();
    expect(searchTwin('ab{0,01}')).toBeNull();
    expectRe2Answers('^a{01}$', ['a', 'a{01}']);
    expectRe2Answers('ab{0,01}', ['ab{0,01}', 'ab', 'a']);
    expectRe2Answers('acme-err (?<code>[A-Za-z]+\\.[A-Za-z]+){01}', ['acme-err AuthFailure.Token', 'acme-err AuthFailure.Token{01}']);
    // Counts RE2 reads as counts still have twins.
    expect(anchoredTwin('^a{0}b{10}c{1,0100}')).toBeNull();
    expect(anchoredTwin('^a{0}b{10}c{1,100}')).not.toBeNull();
  });

  it('over random patterns and texts (fixed seed, bounded): no mismatch, and every kind of twin exercised', () => {
    const { counts, mismatches } = fuzzTwins({ compileRuleRegex, anchoredTwin, literalStartTwin, searchTwin }, { seed: 2, patterns: 1500 });
    expect(mismatches).toEqual([]);
    expect(counts.anchored).toBeGreaterThan(200);
    expect(counts.literal).toBeGreaterThan(150);
    expect(counts.search).toBeGreaterThan(100);
    expect(counts.textsMatched).toBeGreaterThan(counts.texts / 5);
  });
});
