/** What the main thread and a task worker (task-worker.ts) say to each other. */
import type { FailOnSpec } from '../fail-on.js';
import type { ResolvedOptions } from '../options.js';
import type { KnowledgeSources } from '../pipeline/load-knowledge.js';
import type { Task, TaskResult } from './run-task.js';
import type { PieceMark } from './enrich-file-piece.js';
import type { DecodedPiece } from './piece-source.js';

/** workerData: everything a worker needs to build its own engines. */
export interface WorkerInit {
  options: ResolvedOptions;
  sources: KnowledgeSources;
  failOn: FailOnSpec | null;
  /** Records sent to the main thread and not yet acknowledged, at most (see run/credit-sink.ts). */
  creditBytes: number;
}

/** `ack`: the main thread wrote (or dropped) `bytes` of the worker's records (several writes in one message): it may send more. */
export type ToWorker =
  | { type: 'task'; task: Task }
  | { type: 'ack'; bytes: number }
  | { type: 'stop' }
  /** The answer to `want-piece`: that piece of the decoded gzip bytes, or null (the data ended before it). */
  | { type: 'piece'; piece: number; decoded: DecodedPiece | null };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; index: number; bytes: number; errors: number }
  /** Records of a task whose output the main thread writes (no --out-dir). */
  | { type: 'out'; index: number; chunks: Uint8Array[] }
  /** A piece's window is read (see run/enrich-file-piece.ts). */
  | { type: 'window'; index: number; marks: PieceMark[] }
  /** A piece of a gzip file reads past its end into piece `piece` (see run/inflate-into-pieces.ts). */
  | { type: 'want-piece'; index: number; piece: number }
  | { type: 'done'; result: TaskResult }
  /** A notice about an input read in the worker (a binary file), for the main thread's log. */
  | { type: 'notice'; message: string }
  /** Rules or catalogs failed to load in the worker (they loaded in the main thread: a race with an edit). */
  | { type: 'fatal'; message: string };
