/**
 * A task worker thread: loads rules and catalogs once, then serves the tasks the main thread sends
 * (serve-tasks.ts; see run-parallel.ts for the protocol).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadKnowledge } from '../pipeline/load-knowledge.js';
import { setInputNoticeHandler } from '../input/open-input.js';
import { serveTasks } from './serve-tasks.js';
import type { FromWorker, WorkerInit } from './worker-messages.js';

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
  // Notices about inputs read here (a binary file) reach the run's log through the main thread.
  setInputNoticeHandler((message) => port.postMessage({ type: 'notice', message } satisfies FromWorker));
  serveTasks({ postMessage: (m, transfer) => port.postMessage(m, transfer), on: (e, f) => port.on(e, f), crossesThreads: true }, init, knowledge, (e) => {
    // A task that threw: the worker ends as an uncaught error would end it (the main thread counts the task failed).
    throw e;
  });
}

serve();
