/**
 * The slow lane: a worker thread that does the slow path (decode, parse, detect, enrich) for the
 * events an engine could not pass through as bytes, while the main thread goes on splitting,
 * framing and copying the untouched lines. Results come back in the order batches were sent;
 * the engine puts each record back where its event was (see EnrichEngine.drainOut), so output is
 * byte-identical to doing everything in one thread.
 *
 * The worker loads its own rules and catalogs from the same sources. If it cannot start or dies,
 * every batch still waiting is rejected and the engine redoes those events itself: no record is
 * lost, only the speed-up.
 */
import { Worker } from 'node:worker_threads';
import type { FramedEvent } from '../framing/frame-events.js';
import type { KnowledgeSources } from './load-knowledge.js';
import { packEvents, type PackedEvents } from './pack-events.js';
import type { BatchRecords, ProcessOptions } from './process-event.js';

/** workerData of the lane's worker. */
export interface SlowLaneInit {
  sources: KnowledgeSources;
  process: Omit<ProcessOptions, 'rules' | 'lookup' | 'catalogMessages' | 'locate'>;
}

export interface LaneRequest {
  id: number;
  locate: string | null;
  events: PackedEvents;
}

/** The records of one batch (see processBatch). */
export type LaneResult = BatchRecords;

export type LaneReply =
  | ({ type: 'result'; id: number } & Omit<LaneResult, 'out'> & { out: Uint8Array })
  | { type: 'fatal'; message: string };

export class SlowLane {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (r: LaneResult) => void; reject: (e: Error) => void }>();
  private failure: Error | null = null;
  /** Called once if the worker fails (the engines carry on without it). */
  onFailure: ((e: Error) => void) | null = null;

  constructor(init: SlowLaneInit, workerUrl: URL = new URL('./slow-lane-worker.js', import.meta.url)) {
    // A small young generation: the worker's garbage is short-lived, and its collections are
    // cheap next to the memory a default-sized one would hold (about 30 MiB more peak RSS).
    this.worker = new Worker(workerUrl, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    // An idle lane never keeps the process alive; a lane with batches in flight does (the engine
    // waits for their records, and a pending promise alone would let Node exit without them).
    this.worker.unref();
    this.worker.on('message', (m: LaneReply) => {
      if (m.type === 'fatal') return this.fail(new Error(m.message));
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) this.worker.unref();
      w.resolve({ out: Buffer.from(m.out.buffer, m.out.byteOffset, m.out.byteLength), ends: m.ends, records: m.records, errors: m.errors, failures: m.failures });
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`the slow-lane worker exited (code ${code})`)));
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  process(events: readonly FramedEvent[], locate: string | null): Promise<LaneResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const packed = packEvents(events);
    const request: LaneRequest = { id, locate, events: packed };
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage(request, [packed.bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the slow lane is closed');
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
    this.onFailure?.(e);
  }
}
