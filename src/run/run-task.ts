/**
 * The per-input runner: one task is one input enriched into its own output (its --out-dir file,
 * the shared stdout / -o sink in process, or records sent to the main thread, which writes them in
 * input order). The same function runs every input of a run in process, stdin, and each file a
 * worker thread is given (a piece of a big file: enrich-file-piece.ts; a followed file:
 * follow-inputs.ts, on the same input engine). The result is plain data (it crosses the worker
 * boundary).
 */
import { createInputEngine } from './input-engine.js';
import type { Knowledge } from '../pipeline/load-knowledge.js';
import type { ResolvedOptions } from '../options.js';
import type { InputRef } from '../input/expand-inputs.js';
import { SummaryCounter, type SummaryData } from '../output/summary.js';
import type { OutputSink } from '../output/open-output.js';
import type { FailOnSpec } from '../fail-on.js';
import { enrichInput, type EnrichInputOutcome } from './enrich-input.js';
import type { StopSignal } from './stop-signal.js';
import { openOutDirFile, OutputWriteError } from '../output/open-output.js';
import { ensureParentInside } from '../output/out-dir-path.js';
import type { Readable } from 'node:stream';
import type { FilePiece, PieceReport } from './enrich-file-piece.js';

export interface Task {
  /** Position in the input order. */
  index: number;
  input: InputRef;
  outPath: string;
  gzip: boolean;
  /** --out-dir (real path): the directories up to `outPath` are created, none may be a symlink. */
  outDir: string | null;
  /** No --out-dir: its records go to the main thread, which writes every task's in input order (`outPath` unused). */
  toMain?: boolean;
  /** Set when the task is one piece of a big file (enrich-file-piece.ts). */
  piece?: FilePiece;
}

export interface TaskResult {
  index: number;
  outcome: EnrichInputOutcome;
  summary: SummaryData;
  failOnHit: boolean;
  /** Raw bytes read and vendor errors found (progress). */
  bytes: number;
  errors: number;
  /** A piece of a file: where its output hands over, and what it counted before its start (piece-chain.ts). */
  piece?: PieceReport;
  /** Why detection failed on the first event passed through untouched (summary.failed_events counts them). */
  firstEventFailure?: string;
}

export interface TaskContext {
  options: ResolvedOptions;
  knowledge: () => Knowledge;
  failOn: FailOnSpec | null;
  stop: StopSignal;
  stdin?: () => Readable;
  /** Throttled by the caller. */
  onProgress?: (bytes: number, errors: number) => void;
}

/**
 * `shared`: write to this sink (stdout or -o FILE, in-process path) instead of the task's own
 * output file; it is not closed here.
 */
export async function runTask(task: Task, ctx: TaskContext, shared?: OutputSink): Promise<TaskResult> {
  let sink: OutputSink;
  try {
    if (!shared && task.outDir !== null) ensureParentInside(task.outDir, task.outPath);
    sink = shared ?? openOutDirFile(task.outPath, { gzip: task.gzip });
  } catch (e) {
    return failedTaskResult(task, 'output', `cannot write its output ${task.outPath}: ${(e as Error).message}`);
  }
  const needDrain = { value: false };
  let bytes = 0;
  const run = createInputEngine({
    options: ctx.options,
    knowledge: ctx.knowledge,
    failOn: ctx.failOn,
    emit: (chunk) => {
      if (!sink.write(chunk)) needDrain.value = true;
    },
    onErrors: () => ctx.onProgress?.(bytes, run.errors),
  });
  const engine = run.engine;
  let outcome: EnrichInputOutcome;
  try {
    outcome = await enrichInput({
      input: task.input,
      engine,
      sink,
      needDrain,
      options: ctx.options,
      stop: ctx.stop,
      stdin: ctx.stdin,
      onRawBytes: (n) => {
        bytes += n;
        ctx.onProgress?.(bytes, run.errors);
      },
      // SIGHUP reloads swap the knowledge object; a long stdin stream picks it up at the next chunk.
      beforeChunk: run.syncKnowledge,
    });
  } catch (e) {
    // A write error (disk full) thrown again while the engine flushes at the end of the input.
    outcome = { ok: false, phase: e instanceof OutputWriteError ? 'output' : 'read', reason: (e as Error).message };
  }
  if (!shared) {
    try {
      await sink.close(outcome.ok && !ctx.stop.stopped);
    } catch (e) {
      if (outcome.ok) outcome = { ok: false, phase: 'output', reason: (e as Error).message };
    }
  }
  return { index: task.index, outcome, summary: engine.summary.toJSON(), failOnHit: run.failOnHit, bytes, errors: run.errors, firstEventFailure: run.firstEventFailure };
}

/** The line for stderr about a failed input. */
export function describeTaskFailure(path: string, outcome: EnrichInputOutcome, ownOutputFile: boolean): string | null {
  if (outcome.ok) return null;
  if (outcome.phase === 'open') return `cannot read ${path}: ${outcome.reason}`;
  if (outcome.phase === 'output') return `${path}: ${outcome.reason}`;
  return `error reading ${path}: ${outcome.reason} (${ownOutputFile ? 'no output written for it' : 'records read before it were written'})`;
}

export function failedTaskResult(task: Pick<Task, 'index'>, phase: 'open' | 'read' | 'output', reason: string): TaskResult {
  return {
    index: task.index,
    outcome: { ok: false, phase, reason },
    summary: new SummaryCounter().toJSON(),
    failOnHit: false,
    bytes: 0,
    errors: 0,
  };
}
