/**
 * The main thread's own share of a `--jobs N` run: a task runner that serves tasks in this thread
 * (serve-tasks.ts) and looks to run-parallel.ts like a worker thread. With N runners the run starts
 * N − 1 worker threads, not N beside a main thread that would only coordinate: one isolate fewer
 * to start and to warm up, and this thread's records go to the ordered output without a move.
 *
 * Messages go both ways on the next turn of the event loop, as a worker's would, so neither side
 * ever runs inside the other's call.
 */
import { EventEmitter } from 'node:events';
import type { Knowledge } from '../pipeline/load-knowledge.js';
import { serveTasks } from './serve-tasks.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.js';

/** What run-parallel.ts uses of a task runner: a worker thread, or this thread's (below). */
export interface TaskRunner {
  postMessage(message: ToWorker): void;
  terminate(): unknown;
  on(event: 'message', listener: (message: FromWorker) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: () => void): unknown;
}

export function createInThreadRunner(init: WorkerInit, knowledge: Knowledge): TaskRunner {
  const events = new EventEmitter();
  let serve: ((message: ToWorker) => void) | null = null;
  let ended = false;
  // Like a terminated worker: its task is asked to stop at once, messages not yet delivered are dropped.
  const end = () => {
    if (ended) return;
    ended = true;
    serve?.({ type: 'stop' });
    setImmediate(() => events.emit('exit'));
  };
  setImmediate(() =>
    serveTasks(
      {
        postMessage: (message) => setImmediate(() => ended || events.emit('message', message)),
        on: (_event, listener) => {
          serve = listener;
        },
        crossesThreads: false,
      },
      init,
      knowledge,
      (e) => {
        events.emit('error', e instanceof Error ? e : new Error(String(e)));
        end();
      },
    ),
  );
  return {
    postMessage: (message) => setImmediate(() => ended || serve?.(message)),
    terminate: end,
    on(event: string, listener: (arg: never) => void) {
      events.on(event, listener as (arg: unknown) => void);
    },
  };
}
