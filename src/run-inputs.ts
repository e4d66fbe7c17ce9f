/**
 * The main job: which inputs, and how they run; all ways return what happened (the CLI maps it to
 * an exit code). Every input goes through the per-input runner (run/run-task.ts) on its own input
 * engine (run/input-engine.ts):
 * - in process (the default for stdin, one file, or --jobs 1): run/run-in-process.ts, inputs one
 *   after another, to the shared output or to their --out-dir files;
 * - in parallel (--jobs N > 1 and several files, with the default --jobs only when there is
 *   enough to read to pay for starting workers; or one big plain file split into pieces, only
 *   with an explicit --jobs N): run/run-parallel.ts;
 * - --follow: run/follow-inputs.ts.
 * Rules and catalogs come from `knowledge()` each time an engine starts and before each chunk, so
 * a SIGHUP reload reaches running engines.
 */
import { mkdirSync, realpathSync } from 'node:fs';
import { sep } from 'node:path';
import type { InputRef } from './input/expand-inputs.js';
import type { Readable } from 'node:stream';
import type { Logger } from './log.js';
import { OptionError, type ResolvedOptions } from './options.js';
import { expandInputArgs } from './input/expand-path-globs.js';
import type { OutputSink } from './output/open-output.js';
import type { ProgressBar } from './output/progress-bar.js';
import { SummaryCounter, type SummaryData } from './output/summary.js';
import type { Knowledge, KnowledgeSources } from './pipeline/load-knowledge.js';
import type { FailOnSpec } from './fail-on.js';
import type { StopSignal } from './run/stop-signal.js';
import type { TaskResult } from './run/run-task.js';
import { runInProcess } from './run/run-in-process.js';
import { planInputs, startsWithGzipMagic, type PlannedInput } from './run/plan-inputs.js';
import { gzipFanOutPays, holdsTwoPieces, PIECE_MIN_BYTES } from './run/plan-file-pieces.js';
import { selectShard, type Shard } from './run/select-shard.js';
import { ownOutputFiles, withoutOwnOutputs, type OwnOutputs } from './run/skip-own-outputs.js';

export interface RunRequest {
  args: string[];
  include: string[];
  exclude: string[];
  options: ResolvedOptions;
  /** The rules and catalogs in use now (a new object after a SIGHUP reload). */
  knowledge: () => Knowledge;
  /** Where they were loaded from (task workers load their own). */
  sources: KnowledgeSources;
  /** Where records go; unused with --out-dir. */
  sink: OutputSink;
  log: Logger;
  /** stdin, opened on first use: creating process.stdin costs start-up time a run of files need not pay. */
  stdin: () => Readable;
  /** stdin is a regular file (`errenrich < big.log`), not a pipe or a terminal. */
  stdinIsFile?: boolean;
  failOn: FailOnSpec | null;
  stopSignal: StopSignal;
  /** Subscribes to SIGHUP (called before the reload); returns the unsubscribe. */
  onReload?: (f: () => void) => () => void;
  /** --follow (tail -F). */
  follow?: { fromStart: boolean; pollMs?: number } | null;
  /** Parallel workers for several files; 1 = in process. */
  jobs?: number;
  /** --jobs was given: use workers even for small inputs (the default waits for PARALLEL_MIN_BYTES). */
  jobsExplicit?: boolean;
  /** --out-dir: one output file per input. */
  outDir?: string | null;
  /** --shard K/N: only this share of the expanded inputs. */
  shard?: Shard | null;
  /** Where the records go (stdout, the -o file): never read as inputs (run/skip-own-outputs.ts). */
  ownOutputs?: OwnOutputs;
  progress?: ProgressBar | null;
}

export interface RunResult {
  summary: SummaryData;
  failedInputs: number;
  stoppedByReader: boolean;
  failOnHit: boolean;
}

/**
 * Below this much input (compressed size for gzip) the default --jobs reads in process: starting a
 * worker (a V8 isolate that loads rules and catalogs) costs more than it saves on small inputs.
 */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

export async function runInputs(req: RunRequest): Promise<RunResult> {
  const args = req.args.length > 0 ? req.args : ['-'];
  if (req.follow) {
    const files = args.filter((a) => a !== '-');
    if (files.length > 0 && files.length < args.length) throw new OptionError('--follow: stdin ("-") cannot be followed together with files');
    if (req.shard) throw new OptionError('--shard splits the files of a run between runs; it cannot be combined with --follow');
    if (req.outDir) throw new OptionError('--out-dir cannot be combined with --follow (outputs are only renamed into place when complete)');
    if (req.options.input === 'json' && files.length > 0) throw new OptionError('--input json reads whole JSON documents; it cannot be combined with --follow on files');
    // Following stdin is just reading it: held events are flushed after --flush-ms of silence anyway.
    if (files.length > 0) {
      // Loaded only for --follow: a batch run does not pay for its module (start-up).
      const { runFollow } = await import('./run/follow-inputs.js');
      return runFollow(req, files, req.follow);
    }
  }
  const expanded = expandInputArgs(args, req.include, req.exclude);
  const { inputs: sharded, problems } = req.shard ? selectShard(expanded.inputs, expanded.problems, req.shard) : expanded;
  for (const p of problems) req.log.error(`cannot read ${p.path}: ${p.reason}`);
  const { inputs: selected, skipped } = withoutOwnOutputs(sharded, req.ownOutputs ? ownOutputFiles(req.ownOutputs) : []);
  for (const i of skipped) req.log.warn(`${i.path}: not read, it is where this run writes its records`);

  let outDir: string | null = null;
  if (req.outDir) {
    try {
      mkdirSync(req.outDir, { recursive: true });
      outDir = realpathSync(req.outDir);
    } catch (e) {
      throw new OptionError(`--out-dir ${req.outDir}: ${(e as Error).message}`);
    }
  }
  const inputs = outDir !== null ? withoutOutDir(selected, outDir) : selected;
  const fileCount = inputs.filter((i) => i.path !== '-').length;
  const progress = fileCount > 0 ? (req.progress ?? null) : null;
  const jobs = req.jobs ?? 1;
  const planned = planInputs(inputs, { outDir, measure: progress !== null || jobs > 1 });
  for (const p of planned) if (p.problem !== null) req.log.error(`cannot read ${p.input.path}: ${p.problem}`);

  const totalBytes = planned.reduce((s, p) => s + p.size, 0);
  const pieceBytes = pieceBytesForTests();
  // One big file (plain, or gzip inflated in this thread) is split into pieces across workers
  // (run/enrich-file-piece.ts) only when --jobs asks for it: with the byte pre-filter one thread keeps up with the naive baselines, and
  // the split costs CPU (workers, ordered output) that a loaded or small machine pays in wall time
  // too (docs/bench-results.md), so the default is never slower than --jobs 1.
  const fansOutGzip = gzipFanOutPays(pieceBytes);
  const splittable =
    req.jobsExplicit === true &&
    outDir === null &&
    req.options.input !== 'json' &&
    planned.some((p) => {
      if (p.problem !== null || p.input.path === '-') return false;
      const gzip = readsAsGzip(p.input.path);
      return (!gzip || fansOutGzip) && holdsTwoPieces(p.size, gzip, pieceBytes ?? PIECE_MIN_BYTES);
    });
  const parallel = jobs > 1 && ((fileCount > 1 && (req.jobsExplicit === true || totalBytes >= PARALLEL_MIN_BYTES)) || splittable);
  const started = Date.now();
  const showProgress = (doneBytes: number, errors: number, filesDone: number) =>
    progress?.update({ doneBytes, totalBytes, errors, filesDone, filesTotal: planned.length, elapsedMs: Date.now() - started });

  let results: (TaskResult | null)[];
  if (parallel) {
    const { runParallel } = await import('./run/run-parallel.js');
    results = await runParallel({
      planned,
      jobs,
      ...(pieceBytes !== null ? { pieceBytes } : {}),
      options: req.options,
      sources: req.sources,
      knowledge: req.knowledge,
      failOn: req.failOn,
      outDir,
      sink: req.sink,
      stdin: req.stdin,
      stop: req.stopSignal,
      log: req.log,
      onProgress: showProgress,
    });
  } else {
    results = await runInProcess(req, planned, outDir, showProgress);
  }
  progress?.stop();
  warnAboutInputs(req.log, planned, results);
  return summarize(planned, results, problems, req.sink.closedByReader);
}

/** Starts with the gzip magic; false when it cannot be read now (reading it reports that). */
function readsAsGzip(path: string): boolean {
  try {
    return startsWithGzipMagic(path);
  } catch {
    return false;
  }
}

/** Tests make small files split (ERRENRICH_TEST_PIECE_BYTES): boundaries can then be placed anywhere. */
function pieceBytesForTests(): number | null {
  const v = Number(process.env.ERRENRICH_TEST_PIECE_BYTES);
  return Number.isInteger(v) && v > 0 ? v : null;
}

/**
 * A directory argument that holds the --out-dir (`--out-dir logs/enriched logs`) is walked without
 * it: the outputs of this or an earlier run are not inputs. Files named explicitly, or under a
 * directory argument that is itself inside the out-dir, are kept (planInputs refuses an output
 * that would land on one of them).
 */
function withoutOutDir(inputs: InputRef[], outDir: string): InputRef[] {
  const inside = (p: string) => p === outDir || p.startsWith(outDir + sep);
  return inputs.filter((i) => {
    if (i.path === '-') return true;
    const root = i.path.slice(0, i.path.length - i.relative.length) || '.';
    try {
      return !inside(realpathSync(i.path)) || inside(realpathSync(root));
    } catch {
      return true; // reported when it is opened
    }
  });
}

/** Inputs read whole with something to say (gzip trailing garbage), and events passed through untouched because detection threw on them: one warning each per input. */
function warnAboutInputs(log: Logger, planned: PlannedInput[], results: (TaskResult | null)[]): void {
  results.forEach((r, i) => {
    if (r?.outcome.ok && r.outcome.warning !== undefined) log.warn(`${planned[i]!.input.path}: ${r.outcome.warning}`);
    if (r && r.summary.failed_events > 0)
      log.warn(`${planned[i]!.input.path}: ${r.summary.failed_events} event(s) passed through untouched, detection failed on them (first: ${r.firstEventFailure ?? 'unknown error'})`);
  });
}

function summarize(
  planned: PlannedInput[],
  results: (TaskResult | null)[],
  problems: { path: string; reason: string }[],
  stoppedByReader: boolean,
): RunResult {
  const total = new SummaryCounter();
  let failOnHit = false;
  for (const p of problems) total.failures.push({ file: p.path, reason: p.reason });
  planned.forEach((p, i) => {
    if (p.problem !== null) {
      total.failures.push({ file: p.input.path, reason: p.problem });
      return;
    }
    const r = results[i];
    if (!r) return; // not started (stopped)
    total.merge(r.summary);
    if (r.failOnHit) failOnHit = true;
    if (r.outcome.ok) total.filesOk += 1;
    else total.failures.push({ file: p.input.path, reason: r.outcome.reason });
  });
  return { summary: total.toJSON(), failedInputs: total.failures.length, stoppedByReader, failOnHit };
}
