/**
 * A task runner's side of the `--jobs N` protocol (see run-parallel.ts): enriches the tasks it is
 * sent (a file, or a piece of one), one at a time, into its own --out-dir file or as records sent
 * back to the main thread's ordered output. The same code serves a worker thread (task-worker.ts,
 * over its `parentPort`) and the main thread's own share of the work (in-thread-runner.ts).
 */
import type { Knowledge } from '../pipeline/load-knowledge.js';
import { runTask, type TaskContext } from './run-task.js';
import { enrichFilePiece } from './enrich-file-piece.js';
import { decodedPieces, openFilePieces, type DecodedPiece, type PieceSource } from './piece-source.js';
import { createCreditSink } from './credit-sink.js';
import { createStopSignal } from './stop-signal.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.js';

const PROGRESS_EVERY_MS = 100;
/** Records are sent to the main thread in chunks of at least this much (see credit-sink.ts). */
const GATHER_BYTES = 256 * 1024;

export interface TaskPort {
  postMessage(message: FromWorker, transfer?: ArrayBuffer[]): void;
  on(event: 'message', listener: (message: ToWorker) => void): void;
  /**
   * True when records cross to another thread: each chunk is then moved (its memory transferred)
   * or copied. In the main thread they are handed over as they are.
   */
  readonly crossesThreads: boolean;
}

/**
 * Serves tasks on `port` as they come. A task whose run throws (an internal error) goes to
 * `onCrash`: the caller decides what a crash ends (a worker thread, or the main thread's share).
 */
export function serveTasks(port: TaskPort, init: WorkerInit, knowledge: Knowledge, onCrash: (e: unknown) => void): void {
  const { signal: stop, stop: requestStop } = createStopSignal();
  // Records for the main thread, owed until it acknowledges them (one credit for all this runner's tasks).
  let sendingFor = -1;
  const toMain = createCreditSink(
    (chunks) => {
      if (!port.crossesThreads) {
        port.postMessage({ type: 'out', index: sendingFor, chunks });
        return;
      }
      // Moved, not copied: an output chunk owns its memory (OutputArena never reuses it), unless it
      // is a small one from Node's shared pool or shares its memory with one already moved.
      const moved = new Set<ArrayBufferLike>();
      const own = chunks.map((c) => {
        if (c.byteOffset !== 0 || c.buffer.byteLength <= Buffer.poolSize || moved.has(c.buffer)) return new Uint8Array(c);
        moved.add(c.buffer);
        return c;
      });
      port.postMessage({ type: 'out', index: sendingFor, chunks: own }, [...moved] as ArrayBuffer[]);
    },
    init.creditBytes,
    GATHER_BYTES,
  );
  // Pieces of decoded gzip bytes asked for by the current task, and not yet given.
  const wanted = new Map<number, (p: DecodedPiece | null) => void>();
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'piece') {
      wanted.get(msg.piece)?.(msg.decoded);
      wanted.delete(msg.piece);
      return;
    }
    if (msg.type === 'stop') {
      toMain.release();
      requestStop();
      return;
    }
    if (msg.type === 'ack') {
      toMain.ack(msg.bytes);
      return;
    }
    let last = 0;
    const task = msg.task;
    const index = task.index;
    sendingFor = index;
    const ctx: TaskContext = {
      options: init.options,
      knowledge: () => knowledge,
      failOn: init.failOn,
      stop,
      onProgress: (bytes, errors) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        port.postMessage({ type: 'progress', index, bytes, errors });
      },
    };
    const piece = task.piece;
    const openSource = (): PieceSource => {
      const from = piece!.from;
      if ('bounds' in from) return openFilePieces(task.input.path, from.bounds);
      return decodedPieces(piece!.piece, from.decoded, (k) => {
        port.postMessage({ type: 'want-piece', index, piece: k });
        return new Promise((resolve) => wanted.set(k, resolve));
      });
    };
    const run = piece
      ? enrichFilePiece({ ...task, piece }, ctx, toMain, openSource, (marks) => port.postMessage({ type: 'window', index, marks }))
      : runTask(task, ctx, task.toMain ? toMain : undefined);
    run.then((result) => {
      toMain.flush();
      port.postMessage({ type: 'done', result });
    }, onCrash);
  });
  port.postMessage({ type: 'ready' });
}
