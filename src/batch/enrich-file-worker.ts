/**
 * A batch worker thread: loads rules and catalogs once, then enriches the files the main thread
 * sends, one at a time, each into its own output file (see run-batch.ts for the protocol).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadKnowledge } from '../pipeline/load-knowledge.js';
import { runBatchTask, type BatchTask, type TaskContext } from './enrich-task.js';
import { enrichFilePiece } from '../run/enrich-file-piece.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.js';

const PROGRESS_EVERY_MS = 100;

function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('enrich-file-worker must run in a worker thread');
  const init = workerData as WorkerInit;
  let knowledge;
  try {
    knowledge = loadKnowledge(init.sources);
  } catch (e) {
    port.postMessage({ type: 'fatal', message: (e as Error).message } satisfies FromWorker);
    return;
  }
  const k = knowledge;
  let stopped = false;
  const stopListeners = new Set<() => void>();
  const stop = {
    get stopped() {
      return stopped;
    },
    onStop(f: () => void) {
      stopListeners.add(f);
      return () => stopListeners.delete(f);
    },
  };
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'stop') {
      stopped = true;
      for (const f of stopListeners) f();
      return;
    }
    let last = 0;
    const index = msg.task.index;
    const run = msg.task.piece ? (t: BatchTask, c: TaskContext) => enrichFilePiece({ ...t, piece: t.piece! }, c) : runBatchTask;
    void run(msg.task, {
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
    }).then((result) => port.postMessage({ type: 'done', result } satisfies FromWorker));
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

serve();
