/**
 * A task worker thread: loads rules and catalogs once, then enriches the tasks the main thread
 * sends (a file, or a piece of one), one at a time, into its own --out-dir file or as records sent
 * back to the main thread (see run-parallel.ts for the protocol).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadKnowledge } from '../pipeline/load-knowledge.js';
import { setInputNoticeHandler } from '../input/open-input.js';
import { runTask, type TaskContext } from './run-task.js';
import { enrichFilePiece } from './enrich-file-piece.js';
import { decodedPieces, openFilePieces, type DecodedPiece, type PieceSource } from './piece-source.js';
import { createCreditSink } from './credit-sink.js';
import { createStopSignal } from './stop-signal.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.js';

const PROGRESS_EVERY_MS = 100;
/** Records are sent to the main thread in chunks of at least this much (see credit-sink.ts). */
const GATHER_BYTES = 256 * 1024;

function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('task-worker must run in a worker thread');
  const init = workerData as WorkerInit;
  let knowledge;
  try {
    knowledge = loadKnowledge(init.sources);
  } catch (e) {
    port.postMessage({ type: 'fatal', message: (e as Error).message } satisfies FromWorker);
    return;
  }
  const k = knowledge;
  // Notices about inputs read here (a binary file) reach the run's log through the main thread.
  setInputNoticeHandler((message) => port.postMessage({ type: 'notice', message } satisfies FromWorker));
  const { signal: stop, stop: requestStop } = createStopSignal();
  // Records for the main thread, owed until it acknowledges them (one credit for all this worker's tasks).
  let sendingFor = -1;
  const toMain = createCreditSink((chunks) => {
    // Moved, not copied: an output chunk owns its memory (OutputArena never reuses it), unless it
    // is a small one from Node's shared pool or shares its memory with one already moved.
    const moved = new Set<ArrayBufferLike>();
    const own = chunks.map((c) => {
      if (c.byteOffset !== 0 || c.buffer.byteLength <= Buffer.poolSize || moved.has(c.buffer)) return new Uint8Array(c);
      moved.add(c.buffer);
      return c;
    });
    port.postMessage({ type: 'out', index: sendingFor, chunks: own } satisfies FromWorker, [...moved] as ArrayBuffer[]);
  }, init.creditBytes, GATHER_BYTES);
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
      knowledge: () => k,
      failOn: init.failOn,
      stop,
      onProgress: (bytes, errors) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        port.postMessage({ type: 'progress', index, bytes, errors } satisfies FromWorker);
      },
    };
    const piece = task.piece;
    const openSource = (): PieceSource => {
      const from = piece!.from;
      if ('bounds' in from) return openFilePieces(task.input.path, from.bounds);
      return decodedPieces(piece!.piece, from.decoded, (k) => {
        port.postMessage({ type: 'want-piece', index, piece: k } satisfies FromWorker);
        return new Promise((resolve) => wanted.set(k, resolve));
      });
    };
    const run = piece
      ? enrichFilePiece({ ...task, piece }, ctx, toMain, openSource, (marks) => port.postMessage({ type: 'window', index, marks } satisfies FromWorker))
      : runTask(task, ctx, task.toMain ? toMain : undefined);
    void run.then((result) => {
      toMain.flush();
      port.postMessage({ type: 'done', result } satisfies FromWorker);
    });
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

serve();
