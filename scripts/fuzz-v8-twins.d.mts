// Types for fuzz-v8-twins.mjs (plain JavaScript, no build step), for TypeScript callers and tests.
import type { RuleRegex } from '../src/detect/compile-regex.js';
import type { LiteralStartTwin } from '../src/detect/v8-twin.js';

/** The code under test, from src/ or dist/. */
export interface TwinCode {
  compileRuleRegex(pattern: string): RuleRegex;
  anchoredTwin(pattern: string): RegExp | null;
  literalStartTwin(pattern: string): LiteralStartTwin | null;
  searchTwin(pattern: string): RegExp | null;
}

/** A difference between the twin path and RE2, minimised; `from`: the pair it was found on. */
export interface Mismatch {
  op: 'exec' | 'test' | 'findAll' | 'throws';
  kind: 'anchored' | 'literal' | 'search';
  want: string;
  got: string;
  pattern: string;
  text: string;
  from: { pattern: string; text: string };
}

export interface FuzzCounts {
  generated: number;
  re2Refused: number;
  noTwin: number;
  anchored: number;
  literal: number;
  search: number;
  texts: number;
  textsMatched: number;
}

export declare function fuzzTwins(
  code: TwinCode,
  options?: { seed?: number; patterns?: number; texts?: number; onMismatch?: (m: Mismatch) => void },
): { counts: FuzzCounts; mismatches: Mismatch[]; slow: { kind: string; pattern: string; ms: number }[] };
