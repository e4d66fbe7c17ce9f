/** What the main thread and a batch worker (enrich-file-worker.ts) say to each other. */
import type { FailOnSpec } from '../fail-on.js';
import type { ResolvedOptions } from '../options.js';
import type { KnowledgeSources } from '../pipeline/load-knowledge.js';
import type { BatchTask, BatchTaskResult } from './enrich-task.js';

/** workerData: everything a worker needs to build its own engines. */
export interface WorkerInit {
  options: ResolvedOptions;
  sources: KnowledgeSources;
  failOn: FailOnSpec | null;
}

export type ToWorker = { type: 'task'; task: BatchTask } | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; index: number; bytes: number; errors: number }
  | { type: 'done'; result: BatchTaskResult }
  /** Rules or catalogs failed to load in the worker (they loaded in the main thread: a race with an edit). */
  | { type: 'fatal'; message: string };
