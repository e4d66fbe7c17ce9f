/**
 * `--jobs N`: inputs enriched in parallel by N task runners — N − 1 worker threads and this thread
 * (in-thread-runner.ts; N workers when this thread inflates gzip pieces) — one task per file, or
 * per piece of a big plain file (run/enrich-file-piece.ts), or per piece of a big gzip file
 * inflated in this thread (run/inflate-into-pieces.ts), so that one big archive keeps every
 * runner busy too.
 *
 * - With --out-dir each task writes its own output file (temporary name, renamed when complete).
 * - Without it, workers send their records to this thread, which writes them in task order
 *   (run/ordered-output.ts), so the output is byte-identical to `--jobs 1`: one file's records are
 *   never interleaved with another's. No temporary files: memory is bounded by each worker's credit
 *   (records sent and not yet written; a worker that far ahead pauses).
 * - stdin is never sent to a worker: it is read in the main thread, concurrently, as its own task.
 * - One failing file (or a crashing worker) never stops the others.
 */
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.js';
import type { ResolvedOptions } from '../options.js';
import type { OutputSink } from '../output/open-output.js';
import type { Knowledge, KnowledgeSources } from '../pipeline/load-knowledge.js';
import type { FailOnSpec } from '../fail-on.js';
import { OrderedOutput } from './ordered-output.js';
import { createCreditSink } from './credit-sink.js';
import type { StopSignal } from './stop-signal.js';
import { describeTaskFailure, failedTaskResult, runTask, type Task, type TaskResult } from './run-task.js';
import { startsWithGzipMagic, type PlannedInput } from './plan-inputs.js';
import { PieceChain, type PieceAction } from './piece-chain.js';
import { InflatedPieces } from './inflate-into-pieces.js';
import { countFirstLines, gzipFanOutPays, holdsTwoPieces, PIECE_MIN_BYTES, planFilePieces } from './plan-file-pieces.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.js';
import { createInThreadRunner, type TaskRunner } from './in-thread-runner.js';

export interface ParallelRequest {
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
  stdin: () => Readable;
  stop: StopSignal;
  log: Logger;
  /** Raw bytes read and vendor errors found so far, over all files; files finished. */
  onProgress?: (bytes: number, errors: number, filesDone: number) => void;
  /** Tests: split every plain file of at least two pieces into pieces of this size. */
  pieceBytes?: number;
  /** Test hook: the worker script (default: task-worker.js next to this module). */
  workerUrl?: URL;
}

/** Per input, in input order: null when it was not read (planning problem, or stopped before it started). */
export type TaskResults = (TaskResult | null)[];

/**
 * Each worker's V8 young generation: as large as a process's default (three 16 MiB semi-spaces),
 * so that a worker collects short-lived garbage as rarely as one thread does. A smaller one saves
 * some memory per worker but makes `--jobs N` spend clearly more CPU than `--jobs 1` on the same input.
 */
const WORKER_YOUNG_GENERATION_MB = 48;

/**
 * Records a worker may have sent to this thread and not yet seen written: the bound on what waits
 * in memory for an earlier task to finish (a worker further ahead pauses).
 */
const CREDIT_BYTES = 48 * 1024 * 1024;

/** A big input read in pieces: which task runs each piece, and (gzip) its inflation. */
interface Pieces {
  chain: PieceChain;
  /** Task index of each piece. */
  taskOf: number[];
  arrived: number;
  /** Gzip: the task that holds the input's place in the output while pieces may still come (-1: a plain file). */
  rest: number;
  inflater: InflatedPieces | null;
  /** Gzip: the inflation's outcome once it has ended (null: still inflating). */
  inflated: TaskResult['outcome'] | null;
  /** Gzip: compressed bytes read (progress). */
  rawBytes: number;
}

export async function runParallel(req: ParallelRequest): Promise<TaskResults> {
  const n = req.planned.length;
  const results: TaskResults = new Array<TaskResult | null>(n).fill(null);
  const toMain = req.outDir === null;
  // Tasks (indices in the ordered output): one per input, or one per piece of a big file; a big
  // gzip file's pieces are added as they are inflated, in output order before its `rest` task.
  const tasks: Task[] = [];
  const inputOf: number[] = [];
  const chains = new Map<number, Pieces>();
  const splits = toMain ? planSplits(req) : new Map<number, { bounds: number[]; firstLines: number[] }>();
  const fanOuts = toMain ? planGzipFanOuts(req) : new Set<number>();
  const fileTasks: Task[] = [];
  const stdinTasks: Task[] = [];
  req.planned.forEach((p, input) => {
    if (p.problem !== null) return;
    const split = splits.get(input);
    if (split) {
      chains.set(input, { chain: new PieceChain(split.firstLines.length), taskOf: [], arrived: 0, rest: -1, inflater: null, inflated: null, rawBytes: 0 });
      split.firstLines.forEach((firstLine, piece) => {
        const task: Task = { index: tasks.length, input: p.input, outPath: '', gzip: false, outDir: null, toMain, piece: { piece, firstLine, from: { bounds: split.bounds } } };
        chains.get(input)!.taskOf.push(task.index);
        tasks.push(task);
        inputOf.push(input);
        fileTasks.push(task);
      });
      return;
    }
    if (fanOuts.has(input)) {
      chains.set(input, { chain: new PieceChain(0), taskOf: [], arrived: 0, rest: tasks.length, inflater: null, inflated: null, rawBytes: 0 });
      tasks.push({ index: tasks.length, input: p.input, outPath: '', gzip: true, outDir: null, toMain });
      inputOf.push(input);
      return;
    }
    const task: Task = { index: tasks.length, input: p.input, outPath: p.outPath ?? '', gzip: p.gzip, outDir: req.outDir, toMain };
    tasks.push(task);
    inputOf.push(input);
    (p.input.path === '-' ? stdinTasks : fileTasks).push(task);
  });
  const settled = new Array<boolean>(tasks.length).fill(false);
  const rests = new Set([...chains.values()].map((c) => c.rest));

  const bytes = new Map<number, number>();
  const errors = new Map<number, number>();
  let filesDone = 0;
  const reportProgress = () => {
    if (!req.onProgress) return;
    let b = 0;
    let e = 0;
    for (const v of bytes.values()) b += v;
    for (const v of errors.values()) e += v;
    for (const c of chains.values()) b += c.rawBytes;
    req.onProgress(b, e, filesDone);
  };

  const busy = new Map<TaskRunner, Task>();
  // Workers waiting for a gzip piece to be inflated, and inflations paused for room: looked at again on a stop.
  let wakeWaiting = () => {};
  const stopWorkers = () => {
    for (const w of busy.keys()) w.postMessage({ type: 'stop' } satisfies ToWorker);
    wakeWaiting();
  };
  // Who to acknowledge a task's records to: the runner that ran it, or this thread's stdin task.
  const senderOf = new Map<number, (bytes: number) => void>();
  const ordered = toMain ? new OrderedOutput(tasks.length, req.sink, (i, b) => senderOf.get(i)?.(b), stopWorkers) : null;
  for (const t of tasks) if (!t.piece && !rests.has(t.index)) ordered?.start(t.index);
  const crashed = new Set<number>();

  const inputDone = (input: number, result: TaskResult) => {
    results[input] = { ...result, index: input };
    filesDone++;
    const failure = describeTaskFailure(req.planned[input]!.input.path, result.outcome, req.outDir !== null);
    if (failure !== null) req.log.error(failure);
  };
  const applyPieceActions = (c: Pieces, actions: PieceAction[]) => {
    for (const a of actions) {
      const t = c.taskOf[a.piece]!;
      if (a.type === 'skip') ordered?.skipped(t);
      else if (a.type === 'start') ordered?.start(t, a.fromByte);
      else ordered?.finished(t, crashed.has(t));
    }
  };
  for (const c of chains.values()) applyPieceActions(c, c.chain.begin());
  // An input in pieces is done when every piece has its result and (gzip) its inflation has ended.
  const piecesDone = (input: number, c: Pieces) => {
    if (c.arrived < c.chain.pieces || (c.rest !== -1 && c.inflated === null)) return;
    const combined = c.chain.combined(input);
    if (c.rest !== -1) {
      // The inflation's outcome is the input's, as when one thread reads it: a gzip error ends the data there.
      if (combined.outcome.ok) combined.outcome = c.inflated!;
      combined.bytes = c.rawBytes;
    }
    inputDone(input, combined);
  };
  const finish = (result: TaskResult) => {
    const t = tasks[result.index]!;
    settled[t.index] = true;
    bytes.set(t.index, result.bytes);
    errors.set(t.index, result.errors);
    const input = inputOf[t.index]!;
    const c = chains.get(input);
    if (c && t.piece) {
      applyPieceActions(c, c.chain.arrived(t.piece.piece, result));
      c.arrived++;
      c.inflater?.finished(t.piece.piece);
      piecesDone(input, c);
    } else {
      inputDone(input, result);
      ordered?.finished(t.index, crashed.has(t.index));
    }
    reportProgress();
  };

  const queue = [...fileTasks];
  const workerCount = Math.min(Math.max(1, req.jobs), queue.length + (fanOuts.size > 0 ? req.jobs : 0));
  const init: WorkerInit = { options: req.options, sources: req.sources, failOn: req.failOn, creditBytes: CREDIT_BYTES };
  const workerUrl = req.workerUrl ?? new URL('./task-worker.js', import.meta.url);
  let fatal: string | null = null;
  // One answer for "hand out more work?", asked both when a worker is free and when one has exited:
  // after a stop, a fatal load error or a reader gone away, no task is handed out and no worker replaced.
  const mayDispatch = () => !req.stop.stopped && fatal === null && !req.sink.closedByReader;
  let alive = 0;
  // The earliest input whose gzip pieces are still being inflated (Infinity: none).
  const inflatingFrom = () => {
    let first = Infinity;
    for (const [input, c] of chains) if (c.rest !== -1 && c.inflated === null && input < first) first = input;
    return first;
  };
  /**
   * The next task, in output order. A task of an input after one still inflating waits: a worker
   * that took it could fill its credit with output that cannot be written yet, and leave no
   * worker for the pieces written before it.
   */
  const nextTask = (): Task | 'wait' | null => {
    if (!mayDispatch()) return null;
    const inflating = inflatingFrom();
    if (queue.length > 0 && inputOf[queue[0]!.index]! <= inflating) return queue.shift()!;
    return inflating !== Infinity ? 'wait' : null;
  };
  /** A gzip piece, just inflated: queued before every task of a later input. */
  const enqueue = (task: Task) => {
    const input = inputOf[task.index]!;
    const at = queue.findIndex((q) => inputOf[q.index]! > input);
    if (at === -1) queue.push(task);
    else queue.splice(at, 0, task);
  };
  const idle: TaskRunner[] = [];
  let wakeIdle = () => {};

  const allWorkersDone = new Promise<void>((resolveAll) => {
    if (workerCount === 0) {
      resolveAll();
      return;
    }
    const dispatch = (w: TaskRunner) => {
      const task = nextTask();
      if (task === 'wait') {
        idle.push(w);
        return;
      }
      if (task === null) {
        void w.terminate();
        return;
      }
      busy.set(w, task);
      senderOf.set(task.index, ackTo(w));
      w.postMessage({ type: 'task', task } satisfies ToWorker);
    };
    // Acknowledgements to one worker, gathered: every write done in one turn of the event loop in one message.
    const ackers = new Map<TaskRunner, (bytes: number) => void>();
    const ackTo = (w: TaskRunner) => {
      let acker = ackers.get(w);
      if (acker) return acker;
      let owed = 0;
      acker = (b: number) => {
        if (b === 0) return;
        if (owed === 0)
          setImmediate(() => {
            w.postMessage({ type: 'ack', bytes: owed } satisfies ToWorker);
            owed = 0;
          });
        owed += b;
      };
      ackers.set(w, acker);
      return acker;
    };
    wakeIdle = () => {
      for (const w of idle.splice(0)) dispatch(w);
    };
    const start = (inThread: boolean) => {
      alive++;
      const w: TaskRunner = inThread
        ? createInThreadRunner(init, req.knowledge())
        : new Worker(workerUrl, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      let crash = 'exited unexpectedly';
      w.on('message', (m: FromWorker) => {
        if (m.type === 'out') for (const c of m.chunks) ordered?.chunk(m.index, Buffer.from(c.buffer, c.byteOffset, c.byteLength));
        else if (m.type === 'ready') dispatch(w);
        else if (m.type === 'progress') {
          bytes.set(m.index, m.bytes);
          errors.set(m.index, m.errors);
          reportProgress();
        } else if (m.type === 'window') {
          const t = tasks[m.index]!;
          const c = chains.get(inputOf[m.index]!);
          if (c && t.piece) applyPieceActions(c, c.chain.windowRead(t.piece.piece, m.marks));
        } else if (m.type === 'want-piece') {
          const wanted = m.piece;
          chains
            .get(inputOf[m.index]!)!
            .inflater!.piece(wanted)
            .then(
              (decoded) => w.postMessage({ type: 'piece', piece: wanted, decoded } satisfies ToWorker),
              (e: Error) => {
                req.log.error(e.message);
                void w.terminate();
              },
            );
        } else if (m.type === 'done') {
          busy.delete(w);
          finish(m.result);
          dispatch(w);
        } else if (m.type === 'notice') {
          req.log.warn(m.message);
        } else if (m.type === 'fatal') {
          fatal = m.message;
          wakeWaiting();
          void w.terminate();
        }
      });
      w.on('error', (e) => {
        crash = e.message;
      });
      w.on('exit', () => {
        alive--;
        const parked = idle.indexOf(w);
        if (parked !== -1) idle.splice(parked, 1);
        const task = busy.get(w);
        if (task) {
          busy.delete(w);
          crashed.add(task.index);
          finish(failedTaskResult(task, 'read', `worker thread failed (${crash})`));
        }
        if (mayDispatch() && (queue.length > 0 || inflatingFrom() !== Infinity) && alive < workerCount) start(false);
        if (alive === 0) {
          wakeWaiting(); // an inflation paused for room must not wait for pieces no worker will finish
          resolveAll();
        }
      });
    };
    req.stop.onStop(stopWorkers);
    // This thread is one of the runners, unless it inflates gzip pieces for the others.
    for (let i = 0; i < workerCount; i++) start(i === 0 && fanOuts.size === 0);
  });

  // Big gzip files, inflated in this thread while the workers enrich their pieces.
  const inflations = [...chains].filter(([, c]) => c.rest !== -1).map(([input, c]) => {
    const inflater = new InflatedPieces({
      path: req.planned[input]!.input.path,
      pieceBytes: req.pieceBytes ?? PIECE_MIN_BYTES,
      maxHeld: req.jobs + 2,
      locate: req.options.locate,
      onRawBytes: (n) => {
        c.rawBytes += n;
        reportProgress();
      },
      onPiece: (piece, decoded, firstLine) => {
        const index = ordered!.addBefore(c.rest);
        if (index !== tasks.length) throw new Error('internal error: the ordered output and the tasks disagree');
        const task: Task = { index, input: req.planned[input]!.input, outPath: '', gzip: false, outDir: null, toMain, piece: { piece, firstLine, from: { decoded } } };
        tasks.push(task);
        inputOf.push(input);
        settled.push(false);
        c.taskOf.push(index);
        applyPieceActions(c, c.chain.add());
        enqueue(task);
        wakeIdle();
      },
      wanted: () => mayDispatch() && alive > 0 && !c.chain.over,
    });
    c.inflater = inflater;
    return inflater.run().then((outcome) => {
      c.inflated = outcome;
      settled[c.rest] = true;
      ordered?.skipped(c.rest);
      piecesDone(input, c);
      wakeIdle();
    });
  });
  wakeWaiting = () => {
    for (const c of chains.values()) c.inflater?.wake();
    wakeIdle();
  };

  // stdin, in this thread, while the workers run.
  for (const task of stdinTasks) {
    if (req.stop.stopped || req.sink.closedByReader) break;
    const sink = ordered ? createCreditSink((chunks) => chunks.forEach((c) => ordered.chunk(task.index, c)), CREDIT_BYTES) : undefined;
    if (sink) senderOf.set(task.index, (b) => sink.ack(b));
    const unsubscribe = sink ? req.stop.onStop(() => sink.release()) : null;
    finish(await runTask(task, { options: req.options, knowledge: req.knowledge, failOn: req.failOn, stop: req.stop, stdin: req.stdin }, sink));
    unsubscribe?.();
  }
  await allWorkersDone;
  await Promise.all(inflations);
  if (fatal !== null) {
    req.log.error(`a worker could not load rules and catalogs: ${fatal}`);
    for (const task of queue.splice(0)) finish(failedTaskResult(task, 'open', `not read: ${fatal}`));
  }
  // Inputs never started (stopped): nothing to write, nothing failed.
  for (const [input, c] of chains) {
    applyPieceActions(c, c.chain.abandon());
    if (c.arrived > 0 && c.arrived < c.chain.pieces) results[input] = c.chain.combined(input);
  }
  for (let i = 0; i < tasks.length; i++) if (!settled[i]) ordered?.skipped(i);
  await ordered?.whenDone();
  return results;
}

/**
 * Which plain files are split into pieces, and where: a file is split when it is more than a fair
 * share of the work (the inputs' total over twice the workers, and at least two pieces of
 * `pieceBytes`), so one big archive keeps every worker busy. Not gzip (it is inflated as one
 * stream), not --input json (whole documents), not stdin.
 */
function planSplits(req: ParallelRequest): Map<number, { bounds: number[]; firstLines: number[] }> {
  const splits = new Map<number, { bounds: number[]; firstLines: number[] }>();
  if (req.options.input === 'json' || req.jobs < 2) return splits;
  const total = req.planned.reduce((s, p) => s + p.size, 0);
  // Tests give an exact piece size (many pieces, so that starts fall on every kind of line).
  const target = req.pieceBytes ?? Math.max(PIECE_MIN_BYTES, Math.ceil(total / (req.jobs * 4)));
  const maxPieces = req.pieceBytes !== undefined ? Infinity : req.jobs * 8;
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

/**
 * Which gzip files are inflated in this thread and read in pieces by the workers: the ones big
 * enough for two pieces of decoded bytes (not --input json, not stdin, only with --jobs 2 or more).
 */
function planGzipFanOuts(req: ParallelRequest): Set<number> {
  const fanOuts = new Set<number>();
  if (req.options.input === 'json' || req.jobs < 2) return fanOuts;
  if (!gzipFanOutPays(req.pieceBytes ?? null)) return fanOuts;
  const pieceBytes = req.pieceBytes ?? PIECE_MIN_BYTES;
  req.planned.forEach((p, input) => {
    if (p.problem !== null || p.input.path === '-' || !holdsTwoPieces(p.size, true, pieceBytes)) return;
    try {
      if (!startsWithGzipMagic(p.input.path)) return;
      fanOuts.add(input);
      req.log.debug(`${p.input.path}: inflated in this thread, read in pieces by ${req.jobs} workers`);
    } catch {
      // Unreadable now: read as one task, which reports the error.
    }
  });
  return fanOuts;
}
