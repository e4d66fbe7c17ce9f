/**
 * The main job. Three ways to run, all returning what happened (the CLI maps it to an exit code):
 * - in process (the default for stdin, one file, or --jobs 1): inputs one after another, each
 *   through its own engine, to the shared output or to its --out-dir file;
 * - in parallel (--jobs N > 1 and several files; with the default --jobs only when there is
 *   enough to read to pay for starting workers): run/run-parallel.ts, worker threads;
 * - --follow: every followed file has its own engine; records go out as soon as their lines are
 *   read; held events are flushed after --flush-ms of silence; a stop flushes everything.
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
import type { FollowedFile } from './input/follow-files.js';
import type { OutputSink } from './output/open-output.js';
import type { ProgressBar } from './output/progress-bar.js';
import { SummaryCounter, type SummaryData } from './output/summary.js';
import { createEngine, recordSettings } from './pipeline/create-engine.js';
import type { EnrichEngine } from './pipeline/enrich-engine.js';
import type { SlowLane } from './pipeline/slow-lane.js';
import type { Knowledge, KnowledgeSources } from './pipeline/load-knowledge.js';
import { matchesFailOn, type FailOnSpec } from './fail-on.js';
import { stopAlsoWhen, type StopSignal } from './run/stop-signal.js';
import { describeTaskFailure, runTask, type TaskResult } from './run/run-task.js';
import { planInputs, startsWithGzipMagic, type PlannedInput } from './run/plan-inputs.js';
import { PIECE_MIN_BYTES } from './run/plan-file-pieces.js';
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
  stdin: Readable;
  /** stdin is a regular file (`errenrich < big.log`), not a pipe or a terminal. */
  stdinIsFile?: boolean;
  /** Called when a slow lane's worker starts (the CLI tunes V8's young-generation collection then). */
  onLaneStart?: () => void;
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
    if (files.length > 0) return runFollow(req, files, req.follow);
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
  // One big plain file is worth workers too: it is split into pieces (run/enrich-file-piece.ts).
  const splittable = outDir === null && req.options.input !== 'json' && planned.some((p) => p.problem === null && p.input.path !== '-' && p.size >= 2 * (pieceBytes ?? PIECE_MIN_BYTES) && !startsWithGzipMagic(p.input.path));
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

/** Tests make small files split (ERRENRICH_TEST_PIECE_BYTES): boundaries can then be placed anywhere. */
function pieceBytesForTests(): number | null {
  const v = Number(process.env.ERRENRICH_TEST_PIECE_BYTES);
  return Number.isInteger(v) && v > 0 ? v : null;
}

async function runInProcess(
  req: RunRequest,
  planned: PlannedInput[],
  outDir: string | null,
  showProgress: (doneBytes: number, errors: number, filesDone: number) => void,
): Promise<(TaskResult | null)[]> {
  const results: (TaskResult | null)[] = planned.map(() => null);
  // Regular files only: a pipe (`kubectl logs -f | errenrich`) may run for days, and keeps its
  // small footprint; stdin redirected from a file (`errenrich < big.log`) is a file.
  const laneFor = (p: PlannedInput) => p.problem === null && (p.input.path !== '-' || req.stdinIsFile === true);
  const lane = (req.jobs ?? 1) > 1 && laneHelps(req.options) && planned.some(laneFor) ? new LazySlowLane(req) : null;
  try {
    await runEachInProcess(req, planned, outDir, showProgress, results, lane, laneFor);
  } finally {
    await lane?.close();
  }
  return results;
}

/**
 * The lane pays off when the main thread has fast records to write while the worker enriches.
 * With --locate every event takes the slow path (the main thread only frames and packs them), and
 * with --errors-only fast lines are dropped: measured on the 200 MiB bench corpus, the lane made
 * --locate slower (8.0 s against 6.1 s) and --errors-only no faster (2.6–2.8 s both ways), for
 * 45–50 MiB more memory.
 */
function laneHelps(o: ResolvedOptions): boolean {
  return !o.locate && !o.errorsOnly;
}

/**
 * The slow lane of an in-process run: started when an input first has enough slow events, then
 * shared by the inputs that follow. After a SIGHUP reload the next input gets a new lane (the
 * worker loads the rules and catalogs again). Its failure is logged once; the engines carry on
 * without it.
 */
class LazySlowLane {
  private lane: SlowLane | null = null;
  private laneKnowledge: Knowledge | null = null;
  private failed = false;
  /** The module (and node:worker_threads) is loaded in the background, not at start-up. */
  private module: typeof import('./pipeline/slow-lane.js') | null = null;

  constructor(private readonly req: RunRequest) {
    import('./pipeline/slow-lane.js').then(
      (m) => (this.module = m),
      (e: unknown) => this.fail(e as Error),
    );
  }

  /** Null while the module loads (the engine asks again) or after a failure. */
  get = (): SlowLane | null => {
    if (this.failed || this.module === null) return null;
    const knowledge = this.req.knowledge();
    if (this.lane !== null && this.laneKnowledge === knowledge) return this.lane;
    void this.lane?.close();
    try {
      this.lane = new this.module.SlowLane({ sources: this.req.sources, process: recordSettings(this.req.options) });
      this.laneKnowledge = knowledge;
      this.req.log.debug('slow lane: a worker thread now does the slow path (decode, detect, enrich)');
      this.req.onLaneStart?.();
    } catch (e) {
      this.fail(e as Error);
      return null;
    }
    this.lane.onFailure = (e) => this.fail(e);
    return this.lane;
  };

  async close(): Promise<void> {
    await this.lane?.close();
  }

  private fail(e: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.req.log.warn(`the slow-lane worker failed (${e.message}); continuing in one thread`);
  }
}

async function runEachInProcess(
  req: RunRequest,
  planned: PlannedInput[],
  outDir: string | null,
  showProgress: (doneBytes: number, errors: number, filesDone: number) => void,
  results: (TaskResult | null)[],
  lane: LazySlowLane | null,
  laneFor: (p: PlannedInput) => boolean,
): Promise<void> {
  let doneBytes = 0;
  let doneErrors = 0;
  for (let index = 0; index < planned.length; index++) {
    const p = planned[index]!;
    if (p.problem !== null) continue;
    if (req.stopSignal.stopped || req.sink.closedByReader) break;
    const task = { index, input: p.input, outPath: p.outPath ?? '', gzip: p.gzip, atomic: true, outDir };
    const ctx = {
      options: req.options,
      knowledge: req.knowledge,
      failOn: req.failOn,
      stop: req.stopSignal,
      stdin: req.stdin,
      onProgress: (bytes: number, errors: number) => showProgress(doneBytes + bytes, doneErrors + errors, index),
      ...(lane && laneFor(p) ? { slowLane: lane.get } : {}),
    };
    const r = await runTask(task, ctx, outDir === null ? req.sink : undefined);
    doneBytes += r.bytes;
    doneErrors += r.errors;
    showProgress(doneBytes, doneErrors, index + 1);
    const failure = describeTaskFailure(p.input.path, r.outcome, outDir !== null);
    if (failure !== null) req.log.error(failure);
    results[index] = r;
  }
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

interface FollowedEngine {
  file: FollowedFile;
  engine: EnrichEngine;
  knowledge: Knowledge;
  lastDataAt: number;
  /** The last chunk written for this file did not end a record (a streamed over-long line). */
  midRecord: boolean;
  /** When that record started: other files wait while it is open (fairness bound below). */
  midRecordSince: number;
}

/**
 * A record left open this long is ended: the writer stopped in the middle of an over-long line, or
 * grows it so slowly that every other file's records would wait behind it.
 */
const STALLED_RECORD_MS = 5000;

async function runFollow(req: RunRequest, files: string[], follow: { fromStart: boolean; pollMs?: number }): Promise<RunResult> {
  const total = new SummaryCounter();
  const engines = new Map<string, FollowedEngine>();
  let failOnHit = false;
  let needDrain = false;
  const flushMs = req.options.flushMs;

  const syncKnowledge = (fe: FollowedEngine) => {
    const k = req.knowledge();
    if (k !== fe.knowledge) {
      fe.knowledge = k;
      fe.engine.useKnowledge(k);
    }
  };
  const finish = (file: FollowedFile) => {
    const fe = engines.get(file.id);
    if (!fe) return;
    syncKnowledge(fe);
    fe.engine.endInput();
    engines.delete(file.id);
    total.merge(fe.engine.summary.toJSON());
    total.filesOk += 1;
  };
  const stop = stopAlsoWhen(req.stopSignal, () => req.sink.closedByReader);

  // Loaded only for --follow (it costs start-up time otherwise); everything loaded lazily is loaded
  // now, before followed files take descriptors.
  const { FOLLOW_DEFAULTS, followFiles } = await import('./input/follow-files.js');
  req.log.preload?.();
  // SIGHUP: held events go out at once, with the rules they were read under.
  const unsubscribeReload = req.onReload?.(() => {
    for (const fe of engines.values()) if (fe.engine.holding) fe.engine.flushIdle();
  });
  await followFiles(
    { ...FOLLOW_DEFAULTS, args: files, include: req.include, exclude: req.exclude, fromStart: follow.fromStart, pollMs: follow.pollMs ?? FOLLOW_DEFAULTS.pollMs },
    {
      opened(file, at) {
        const knowledge = req.knowledge();
        const engine = createEngine(req.options, knowledge, (chunk) => {
          const mid = chunk[chunk.length - 1] !== 0x0a;
          if (mid && !fe.midRecord) fe.midRecordSince = Date.now();
          fe.midRecord = mid;
          if (!req.sink.write(chunk)) needDrain = true;
        });
        const fe: FollowedEngine = { file, engine, knowledge, lastDataAt: Date.now(), midRecord: false, midRecordSince: 0 };
        fe.engine.onErrors = (found) => {
          if (req.failOn && !failOnHit && matchesFailOn(req.failOn, found)) failOnHit = true;
        };
        fe.engine.onEventFailures = (count, reason) => req.log.warn(`${file.path}: ${count} event(s) passed through untouched, detection failed on them (${reason})`);
        fe.engine.beginInput(file.path);
        engines.set(file.id, fe);
        req.log.debug(`following ${file.path} from its ${at}`);
      },
      async data(file, chunk) {
        const fe = engines.get(file.id);
        if (!fe) return;
        syncKnowledge(fe);
        fe.engine.write(chunk);
        fe.lastDataAt = Date.now();
        if (needDrain) {
          needDrain = false;
          await req.sink.drained();
        }
      },
      truncated(file) {
        req.log.info(`${file.path} was truncated; reading it again from its start`);
        const fe = engines.get(file.id);
        if (!fe) return;
        fe.engine.endInput();
        fe.engine.beginInput(file.path);
      },
      closed(file, why) {
        if (why === 'gone') req.log.debug(`${file.path}: rotated or removed; read to its end and closed`);
        finish(file);
      },
      ready(count) {
        const where = follow.fromStart ? 'from their start' : 'from their end';
        req.log.info(`following ${count} file(s) ${where}; files that appear later are read from their start`);
      },
      polled(now) {
        for (const fe of engines.values()) {
          syncKnowledge(fe);
          if (fe.midRecord && (now - fe.lastDataAt >= STALLED_RECORD_MS || now - fe.midRecordSince >= STALLED_RECORD_MS)) {
            const why = now - fe.lastDataAt >= STALLED_RECORD_MS ? 'stopped growing before its end' : 'is still growing while other files wait';
            req.log.warn(`${fe.file.path}: an over-long line ${why}; its record is closed`);
            fe.engine.endInput();
            fe.engine.beginInput(fe.file.path);
            fe.midRecord = false;
          }
          if (flushMs > 0 && fe.engine.holding && now - fe.lastDataAt >= flushMs) fe.engine.flushIdle();
        }
      },
      focus() {
        for (const [id, fe] of engines) if (fe.midRecord) return id;
        return null;
      },
      nextDeadline() {
        let due: number | null = null;
        if (flushMs > 0) for (const fe of engines.values()) if (fe.engine.holding) due = Math.min(due ?? Infinity, fe.lastDataAt + flushMs);
        return due;
      },
      failed(file) {
        // The engine's state for this file is unknown after a failure: it starts afresh (its held
        // bytes are ended as they are), and the file is read on from where it was.
        const fe = engines.get(file.id);
        if (!fe) return;
        try {
          fe.engine.endInput();
        } catch {
          /* reported by the caller already */
        }
        engines.delete(file.id);
        total.merge(fe.engine.summary.toJSON());
        this.opened(file, 'start');
      },
      notice(level, message) {
        req.log[level](message);
      },
    },
    stop,
  ).finally(() => unsubscribeReload?.());
  for (const fe of engines.values()) {
    fe.engine.endInput();
    total.merge(fe.engine.summary.toJSON());
  }
  return { summary: total.toJSON(), failedInputs: 0, stoppedByReader: req.sink.closedByReader, failOnHit };
}
