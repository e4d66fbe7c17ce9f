// Types for shared-corpus.mjs (plain JavaScript, no build step), for TypeScript callers and tests.

export const SHARED_BENCH_DIR: string;
export const SHARED_GENERATOR: string;
export const SHARED_NAIVE_NODE: string;
export const SHARED_SEED: number;
export const DEFAULT_ERROR_RATES: number[];
export const CACHE_DIR: string;

export const SHARED_TARGETS: {
  defaultVsJq: number;
  defaultVsNaive: number;
  jobs1CpuVsNaive: number;
  jobs1CpuRates: number[];
  code200VsNaive: number;
  recall: number;
  precision: number;
};

export function sharedBenchMissing(dir?: string): string | null;

export function sha256Of(path: string): string;

export function sharedCorpusName(o: { mb: number; errorRate: number; seed: number; generatorSha256: string }): string;

export function ensureSharedCorpus(o: { mb: number; errorRate: number; seed?: number; dir?: string; generator?: string }): { corpus: string; truth: string; bytes: number; reused: boolean };

export function code200Line(i: number): string;

export function ensureCode200Log(o: { mb: number; dir?: string }): Promise<{ corpus: string; bytes: number; reused: boolean }>;

export interface GnuTime {
  wallS: number;
  userS: number;
  sysS: number;
  cpuS: number;
  peakRssMiB: number;
}

export function parseGnuTimeLine(stderr: string): GnuTime | null;

export function median(xs: readonly (number | null | undefined)[]): number | null;

export function markdownTable(headers: readonly string[], rows: readonly (readonly unknown[])[], align: readonly ('l' | 'r')[]): string;

export interface LocateScore {
  truth: number;
  detections: number;
  matched: number;
  recall: number | null;
  precision: number | null;
}

export function scoreLocateRecords(records: Iterable<unknown>, truth: readonly { line: number; lines?: number; code: string | number }[]): LocateScore;

export function scoreLocateFile(outputFile: string, truthFile: string): Promise<LocateScore & { unparsedLines: number }>;

export interface ToolRow {
  name: string;
  wallS: number;
  cpuS: number | null;
}

export interface TargetRow {
  name: string;
  target: string;
  value: string | null;
  pass: boolean | null;
  note: string;
}

export function evaluateSharedTargets(o: {
  shared?: { rates?: { errorRate: number; rows: ToolRow[]; accuracy?: LocateScore | null }[]; note?: string } | null | undefined;
  code200?: { rows?: ToolRow[]; falsePositives?: number | null } | null | undefined;
}): TargetRow[];
