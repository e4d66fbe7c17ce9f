// Types for generate-corpus.mjs (plain JavaScript, no build step), for TypeScript callers and tests.

export declare const ERROR_RATE: number;
export declare const DECOY_RATE: number;
export declare const LONG_LINE_RATE: number;
export declare const LONG_ERROR_RATE: number;
export declare const RUNTIME_SPLIT_BYTES: number;
export declare const DEFAULT_BATCH_BYTES: number;

export type Vendor = 'tencent' | 'huawei' | 'netease';

/** One line of the truth file. */
export interface TruthRecord {
  /** 1-based number of the first corpus line of the error event. */
  line: number;
  /** Number of corpus lines the event spans (pretty-printed JSON, partial records, multi-line messages). */
  lines: number;
  vendor: Vendor;
  /** The error code as a string: "AuthFailure.SignatureFailure", "4000", "-16009", "CCI.02.409101", "4030002". */
  code: string;
}

export interface CorpusStats {
  seed: number | string;
  targetBytes: number;
  bytes: number;
  lines: number;
  /** Log events (records) of any kind. */
  events: number;
  /** Vendor error events (= truth lines). */
  errors: number;
  decoys: number;
  /** Corpus lines inside truth spans. */
  errorLines: number;
  /** Corpus lines written for decoy events. */
  decoyLines: number;
  normal: number;
  truthBytes: number;
  multiLineErrors: number;
  longLines: number;
  partialLines: number;
  vendors: Record<Vendor, number>;
  errorShapes: Record<string, number>;
  decoyKinds: Record<string, number>;
  wrappers: Record<string, number>;
  wrapperLines: Record<string, number>;
  styles: Record<string, number>;
  /** Set once generation has finished. */
  errorRatio?: number;
  decoyRatio?: number;
  /** writeCorpus only. */
  elapsedMs?: number;
}

export interface CorpusChunk {
  /** Complete corpus lines, each ending with "\n". */
  corpus: Buffer;
  /** Truth NDJSON lines for the error events that start in this chunk. */
  truth: Buffer;
  /** Number of corpus lines in this chunk. */
  lines: number;
}

export interface GenerateOptions {
  /** Integer or string; default 42. */
  seed?: number | string;
  /** Target size; generation stops at the first event boundary at or past it. */
  bytes: number;
  /** Batch size (default 1 MiB); does not change the output. */
  batchBytes?: number;
}

export type CorpusIterator = AsyncGenerator<CorpusChunk, void, undefined> & { stats: CorpusStats };

export declare function generateCorpus(
  options: GenerateOptions & { onChunk: (chunk: CorpusChunk) => unknown },
): Promise<CorpusStats>;
export declare function generateCorpus(options: GenerateOptions & { onChunk?: undefined }): CorpusIterator;

export declare function writeCorpus(
  options: GenerateOptions & { out?: string; truth?: string },
): Promise<CorpusStats>;

export declare function formatSummary(stats: CorpusStats): string;

export declare function seedToState(seed: number | string): number;

export declare class Rng {
  constructor(seed: number | string);
  u32(): number;
  next(): number;
  int(n: number): number;
  range(a: number, b: number): number;
  chance(p: number): boolean;
  pick<T>(a: readonly T[]): T;
  hex(n: number): string;
  alnum(n: number): string;
  digits(n: number): string;
  uuid(): string;
}

export declare class CorpusGenerator {
  constructor(options: { seed?: number | string; bytes: number });
  readonly stats: CorpusStats;
  readonly done: boolean;
  nextBatch(limit?: number): { corpus: string; truth: string; lines: number } | null;
}
