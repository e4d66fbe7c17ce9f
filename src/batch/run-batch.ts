/**
 * `--jobs N`: files enriched in parallel by worker threads, one file per task.
 *
 * - With --out-dir each task writes its own output file (temporary name, renamed when complete).
 * - Without it, each task writes to a private temporary file and the main thread copies them to
 *   the output in input order (copy-in-order.ts), so the output is byte-identical to `--jobs 1`:
 *   one file's records are never interleaved with another's, and memory stays bounded whatever the
 *   file sizes (the cost is temporary disk space for outputs finished ahead of the earliest one).
 * - stdin is never sent to a worker: it is read in the main thread, concurrently, as its own task.
 * - One failing file (or a crashing worker) never stops the others.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.js';
import type { ResolvedOptions } from '../options.js';
import type { OutputSink } from '../output/open-output.js';
import type { Knowledge, KnowledgeSources } from '../pipeline/load-knowledge.js';
import type { FailOnSpec } from '../fail-on.js';
import { InOrderCopier } from './copy-in-order.js';
import type { StopSignal } from './enrich-input.js';
import { describeTaskFailure, failedTaskResult, runBatchTask, type BatchTask, type BatchTaskResult } from './enrich-task.js';
import { startsWithGzipMagic, type PlannedInput } from './plan-batch.js';
import { PieceChain, type PieceAction } from '../run/piece-chain.js';
import { countFirstLines, PIECE_MIN_BYTES, planFilePieces } from '../run/plan-file-pieces.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.js';

export interface BatchRequest {
  planned: PlannedInput[];
  jobs: number;
  options: ResolvedOptions;
  sources: KnowledgeSources;
  /** For the stdin task, run in this thread. */
  knowledge: () => Knowledge;
  failOn: FailOnSpec | null;
  /** Real path of --out-dir, or null: outputs go to `sink` in input order. */
  outDir: string | null;
  sink: OutputSink;
  stdin: Readable;
  stop: StopSignal;
  log: Logger;
  /** Raw bytes read and vendor errors found so far, over all files; files finished. */
  onProgress?: (bytes: number, errors: number, filesDone: number) => void;
  /** Tests: split every plain file of at least two pieces into pieces of this size. */
  pieceBytes?: number;
  /** Test hook: the worker script (default: enrich-file-worker.js next to this module). */
  workerUrl?: URL;
}

/** Per input, in input order: null when it was not read (planning problem, or stopped before it started). */
export type BatchResults = (BatchTaskResult | null)[];

/**
 * Each worker's V8 young generation. By default its semi-spaces grow to 16 MiB each; 12 MiB in
 * all (about what `--max-semi-space-size=4` gives a process) measured the same speed and 17 MiB
 * less peak RSS for `--jobs 2` on two 100 MiB files (154 vs 172 MiB, medians of 5).
 */
const WORKER_YOUNG_GENERATION_MB = 12;

export async function runBatch(req: BatchRequest): Promise<BatchResults> {
  const n = req.planned.length;
  const results: BatchResults = new Array<BatchTaskResult | null>(n).fill(null);
  const tempDir = req.outDir === null ? mkdtempSync(join(tmpdir(), 'errenrich-')) : null;
  // Tasks in output order: one per input, or one per piece of a big plain file.
  const tasks: BatchTask[] = [];
  const inputOf: number[] = [];
  const chains = new Map<number, { chain: PieceChain; firstTask: number; arrived: number }>();
  const splits = tempDir !== null ? planSplits(req) : new Map<number, { bounds: number[]; firstLines: number[] }>();
  const fileTasks: BatchTask[] = [];
  const stdinTasks: BatchTask[] = [];
  req.planned.forEach((p, input) => {
    if (p.problem !== null) return;
    const split = splits.get(input);
    if (split) {
      chains.set(input, { chain: new PieceChain(split.firstLines.length), firstTask: tasks.length, arrived: 0 });
      split.firstLines.forEach((firstLine, piece) => {
        const task: BatchTask = { index: tasks.length, input: p.input, outPath: join(tempDir!, `${tasks.length}.ndjson`), gzip: false, atomic: false, outDir: null, piece: { bounds: split.bounds, piece, firstLine } };
        tasks.push(task);
        inputOf.push(input);
        fileTasks.push(task);
      });
      return;
    }
    const task: BatchTask = {
      index: tasks.length,
      input: p.input,
      outPath: tempDir !== null ? join(tempDir, `${tasks.length}.ndjson`) : p.outPath!,
      gzip: tempDir === null && p.gzip,
      atomic: tempDir === null,
      outDir: req.outDir,
    };
    tasks.push(task);
    inputOf.push(input);
    (p.input.path === '-' ? stdinTasks : fileTasks).push(task);
  });
  const settled = new Array<boolean>(tasks.length).fill(false);

  const bytes = new Map<number, number>();
  const errors = new Map<number, number>();
  let filesDone = 0;
  const reportProgress = () => {
    if (!req.onProgress) return;
    let b = 0;
    let e = 0;
    for (const v of bytes.values()) b += v;
    for (const v of errors.values()) e += v;
    req.onProgress(b, e, filesDone);
  };

  const busy = new Map<Worker, BatchTask>();
  const stopWorkers = () => {
    for (const w of busy.keys()) w.postMessage({ type: 'stop' } satisfies ToWorker);
  };
  // Without --out-dir: temporary outputs copied in input order, the earliest one while it grows.
  const copier = tempDir !== null ? new InOrderCopier(tasks.length, (i) => tasks[i]!.outPath, req.sink, stopWorkers) : null;
  const crashed = new Set<number>();

  const inputDone = (input: number, result: BatchTaskResult) => {
    results[input] = { ...result, index: input };
    filesDone++;
    const failure = describeTaskFailure(req.planned[input]!.input.path, result.outcome, req.outDir !== null);
    if (failure !== null) req.log.error(failure);
  };
  const applyPieceActions = (firstTask: number, actions: PieceAction[]) => {
    for (const a of actions) {
      const t = firstTask + a.piece;
      if (a.type === 'skip') copier?.skipped(t);
      else {
        // The first piece was copied while it grew; a later one starts where the piece before handed over.
        if (a.piece > 0) copier?.startAt(t, a.fromByte);
        copier?.finished(t, crashed.has(t));
      }
    }
  };
  const finish = (result: BatchTaskResult) => {
    const t = tasks[result.index]!;
    settled[t.index] = true;
    bytes.set(t.index, result.bytes);
    errors.set(t.index, result.errors);
    const input = inputOf[t.index]!;
    const c = chains.get(input);
    if (c && t.piece) {
      applyPieceActions(c.firstTask, c.chain.arrived(t.piece.piece, result));
      if (++c.arrived === c.chain.pieces) inputDone(input, c.chain.combined(input));
    } else {
      inputDone(input, result);
      copier?.finished(t.index, crashed.has(t.index));
    }
    reportProgress();
  };

  const queue = [...fileTasks];
  const workerCount = Math.min(Math.max(1, req.jobs), queue.length);
  const init: WorkerInit = { options: req.options, sources: req.sources, failOn: req.failOn };
  const workerUrl = req.workerUrl ?? new URL('./enrich-file-worker.js', import.meta.url);
  let fatal: string | null = null;
  // One answer for "hand out more work?", asked both when a worker is free and when one has exited:
  // after a stop, a fatal load error or a reader gone away, no task is handed out and no worker replaced.
  const mayDispatch = () => !req.stop.stopped && fatal === null && !req.sink.closedByReader;

  const allWorkersDone = new Promise<void>((resolveAll) => {
    let alive = 0;
    if (workerCount === 0) {
      resolveAll();
      return;
    }
    const dispatch = (w: Worker) => {
      const task = mayDispatch() ? queue.shift() : undefined;
      if (task === undefined) {
        void w.terminate();
        return;
      }
      busy.set(w, task);
      // A later piece's output is copied only once the piece before it has said where it hands over.
      if (!task.piece || task.piece.piece === 0) copier?.started(task.index);
      w.postMessage({ type: 'task', task } satisfies ToWorker);
    };
    const start = () => {
      alive++;
      const w = new Worker(workerUrl, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      let crash = 'exited unexpectedly';
      w.on('message', (m: FromWorker) => {
        if (m.type === 'ready') dispatch(w);
        else if (m.type === 'progress') {
          bytes.set(m.index, m.bytes);
          errors.set(m.index, m.errors);
          reportProgress();
          copier?.changed();
        } else if (m.type === 'done') {
          busy.delete(w);
          finish(m.result);
          dispatch(w);
        } else if (m.type === 'fatal') {
          fatal = m.message;
          void w.terminate();
        }
      });
      w.on('error', (e) => {
        crash = e.message;
      });
      w.on('exit', () => {
        alive--;
        const task = busy.get(w);
        if (task) {
          busy.delete(w);
          crashed.add(task.index);
          finish(failedTaskResult(task, 'read', `worker thread failed (${crash})`));
        }
        if (mayDispatch() && queue.length > 0 && alive < workerCount) start();
        if (alive === 0) resolveAll();
      });
    };
    req.stop.onStop(stopWorkers);
    for (let i = 0; i < workerCount; i++) start();
  });

  // stdin, in this thread, while the workers run.
  for (const task of stdinTasks) {
    if (req.stop.stopped || req.sink.closedByReader) break;
    copier?.started(task.index);
    finish(await runBatchTask(task, { options: req.options, knowledge: req.knowledge, failOn: req.failOn, stop: req.stop, stdin: req.stdin }));
  }
  await allWorkersDone;
  if (fatal !== null) {
    req.log.error(`a worker could not load rules and catalogs: ${fatal}`);
    for (const task of queue.splice(0)) finish(failedTaskResult(task, 'open', `not read: ${fatal}`));
  }
  // Inputs never started (stopped): nothing to copy, nothing failed.
  for (const [input, c] of chains) {
    applyPieceActions(c.firstTask, c.chain.abandon());
    if (c.arrived > 0 && c.arrived < c.chain.pieces) results[input] = c.chain.combined(input);
  }
  for (let i = 0; i < tasks.length; i++) if (!settled[i]) copier?.skipped(i);
  try {
    await copier?.whenDone();
  } finally {
    if (tempDir !== null) rmSync(tempDir, { recursive: true, force: true });
  }
  return results;
}

/**
 * Which plain files are split into pieces, and where: a file is split when it is more than a fair
 * share of the work (the inputs' total over twice the workers, and at least two pieces of
 * `pieceBytes`), so one big archive keeps every worker busy. Not gzip (it is inflated as one
 * stream), not --input json (whole documents), not stdin.
 */
function planSplits(req: BatchRequest): Map<number, { bounds: number[]; firstLines: number[] }> {
  const splits = new Map<number, { bounds: number[]; firstLines: number[] }>();
  if (req.options.input === 'json' || req.jobs < 2) return splits;
  const total = req.planned.reduce((s, p) => s + p.size, 0);
  // Tests give an exact piece size (many pieces, so that starts fall on every kind of line).
  const target = req.pieceBytes ?? Math.max(PIECE_MIN_BYTES, Math.ceil(total / (req.jobs * 2)));
  const maxPieces = req.pieceBytes !== undefined ? Infinity : req.jobs * 4;
  req.planned.forEach((p, input) => {
    if (p.problem !== null || p.input.path === '-' || p.size < 2 * target) return;
    try {
      if (startsWithGzipMagic(p.input.path)) return;
      const bounds = planFilePieces(p.input.path, p.size, Math.min(Math.floor(p.size / target), maxPieces));
      if (bounds.length < 3) return;
      const firstLines = req.options.locate ? countFirstLines(p.input.path, bounds) : bounds.slice(0, -1).map(() => 1);
      splits.set(input, { bounds, firstLines });
      req.log.debug(`${p.input.path}: read in ${firstLines.length} pieces by ${Math.min(req.jobs, firstLines.length)} workers`);
    } catch {
      // Unreadable now: read as one task, which reports the error.
    }
  });
  return splits;
}
