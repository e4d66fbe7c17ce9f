/**
 * Property: any pattern a user rule may hold runs in time linear in the line's length. Random
 * RE2-valid patterns are built from the constructs that make backtracking engines explode —
 * nested and adjacent unbounded quantifiers, overlapping alternatives under a quantifier, bounded
 * repeats of those — over a small alphabet, and run (through compileRuleRegex, as the rules are)
 * on random lines of that alphabet (long runs of one character) that cannot match (the final `!` never occurs), so the whole
 * line is searched.
 *
 * Linearity is asserted by input-size scaling, not by a time limit: the CPU time on a line 16 times
 * longer must stay under 64 times the time on the short one (linear: about 16; quadratic: 256;
 * exponential: never finishes). The times are the minimum of three runs, with a floor for the short
 * line so timer resolution cannot make a ratio.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRuleRegex, compileRuleRegex, type RuleRegex } from '../../src/detect/compile-regex.js';

const ALPHABET = ['a', 'b', ' ', '='];

const atom: fc.Arbitrary<string> = fc.constantFrom('a', 'b', '.', '[ab]', '\\w', '\\s', '[^=]', 'a?', '(?:a|a)', '(?:a|ab)', '(?:b|a|ab)');

/** A pattern body with quantifiers nested up to three deep. */
const body: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('node'), fc.constantFrom('*', '+', '?', '{1,50}', '{2,}', '*?')).map(([n, q]) => `(?:${n})${q}`),
    fc.array(tie('node'), { minLength: 2, maxLength: 4 }).map((ns) => ns.join('')),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((ns) => `(?:${ns.join('|')})`),
  ),
})).node;

const pattern = fc.tuple(fc.boolean(), body, fc.boolean()).map(([anchored, b, named]) => `${anchored ? '^' : ''}${named ? `(?<code>${b})` : b}!`);

function cpuMicros(re: RuleRegex, line: string): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = process.cpuUsage();
    re.exec(line);
    const t = process.cpuUsage(t0);
    best = Math.min(best, t.user + t.system);
  }
  return best;
}

/** Runs of one character, up to 300 long: long runs of what a quantifier can eat are what backtracking explodes on. */
function randomLine(seed: number, length: number): string {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  let s = '';
  while (s.length < length) s += ALPHABET[next() % ALPHABET.length]!.repeat(1 + (next() % 300));
  return s.slice(0, length);
}

describe('rule regexes run in linear time', () => {
  it('random RE2-valid patterns with nested, adjacent and alternating quantifiers: 16x the line, < 64x the CPU time', () => {
    fc.assert(
      fc.property(pattern, fc.integer(), (p, seed) => {
        let re: RuleRegex;
        try {
          checkRuleRegex(p);
          re = compileRuleRegex(p);
        } catch {
          return; // over RE2's repeat limit: refused at load, never runs
        }
        const short = randomLine(seed, 2_000);
        const long = randomLine(seed, 32_000);
        expect(re.exec(long), p).toBeNull();
        const tShort = Math.max(cpuMicros(re, short), 2_000);
        const tLong = cpuMicros(re, long);
        expect(tLong / tShort, `${p}: ${tShort} µs → ${tLong} µs`).toBeLessThan(64);
      }),
      { numRuns: 40, seed: 19 },
    );
  });
});
