// Types for score-accuracy.mjs (plain JavaScript, no build step), for TypeScript callers and tests.

export interface TruthEvent {
  line: number;
  lines: number;
  vendor: string;
  code: string;
}

export interface Prediction {
  file?: string | null;
  line: number;
  lines: number;
  vendor: string;
  code: string;
  rule?: string | null;
}

export type MissKind = 'wrong-code' | 'misplaced' | 'undetected';
export type FalsePositiveKind = 'wrong-code' | 'misplaced' | 'duplicate' | 'no-truth';

export interface Miss {
  kind: MissKind;
  truth: TruthEvent;
  /** Predictions whose span overlaps the truth span. */
  got: Prediction[];
}

export interface FalsePositive {
  kind: FalsePositiveKind;
  prediction: Prediction;
  /** Truth events whose span overlaps the prediction's span. */
  expected: TruthEvent[];
}

export interface Counted {
  key: string;
  n: number;
}

export interface Score {
  truth: number;
  predicted: number;
  tp: number;
  fn: number;
  fp: number;
  recall: number;
  precision: number;
  misses: Miss[];
  falsePositives: FalsePositive[];
  missKinds: Counted[];
  fpKinds: Counted[];
  missGroups: Counted[];
  fpGroups: Counted[];
}

export interface Example {
  kind: string;
  line: number;
  lines: number;
  expected: string | string[];
  got: string | string[];
  text: string[];
}

export declare function predictionsFromRecord(record: unknown, options?: { target?: string }): Prediction[];
export declare function parseTruth(text: string): TruthEvent[];
export declare function scoreAccuracy(truth: readonly TruthEvent[], predictions: readonly Prediction[]): Score;
export declare function pickExamples<T>(items: readonly T[], groupOf: (x: T) => string, lineOf: (x: T) => number, limit?: number): T[];
export declare function missExamples(score: Score, limit?: number): Miss[];
export declare function fpExamples(score: Score, limit?: number): FalsePositive[];
export declare function formatScore(
  score: Score,
  options?: { limit?: number; lineText?: (n: number) => string | undefined; maxChars?: number; maxLines?: number },
): string;
export declare function readLines(path: string): AsyncGenerator<{ n: number; text: string }, void, undefined>;
export declare function fetchLines(path: string, wanted: Set<number>): Promise<Map<number, string>>;
export declare function scoreFiles(options: {
  output: string;
  truth: string;
  corpus?: string;
  target?: string;
  file?: string;
  limit?: number;
}): Promise<{ score: Score; report: string; examples: { misses: Example[]; falsePositives: Example[] }; outputRecords: number }>;
export declare function scoreSummary(score: Score): Omit<Score, 'misses' | 'falsePositives'>;
