/** The slow lane's worker thread (see slow-lane.ts): batches of events in, their records out. */
import { parentPort, workerData } from 'node:worker_threads';
import { OutputArena } from '../output/output-arena.js';
import { loadKnowledge } from './load-knowledge.js';
import { unpackEvents } from './pack-events.js';
import { processBatch, type ProcessOptions } from './process-event.js';
import type { LaneReply, LaneRequest, SlowLaneInit } from './slow-lane.js';

function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('slow-lane-worker must run in a worker thread');
  const init = workerData as SlowLaneInit;
  let opts: ProcessOptions;
  try {
    const k = loadKnowledge(init.sources);
    opts = { ...init.process, rules: k.rules, lookup: k.lookup, catalogMessages: k.catalogMessages, locate: null };
  } catch (e) {
    port.postMessage({ type: 'fatal', message: (e as Error).message } satisfies LaneReply);
    return;
  }
  // One arena for every batch: take() leaves it sized for the last one.
  const arena = new OutputArena(64 * 1024);
  port.on('message', (req: LaneRequest) => {
    const events = unpackEvents(req.events);
    opts.locate = req.locate;
    const r = processBatch(events, opts, arena);
    // An exact-size copy: the arena's spare capacity would otherwise travel (and wait for the
    // main thread's GC) with every batch.
    const bytes = new Uint8Array(r.out);
    const reply: LaneReply = { type: 'result', id: req.id, out: bytes, ends: r.ends, records: r.records, errors: r.errors, failures: r.failures };
    port.postMessage(reply, [bytes.buffer, r.ends.buffer as ArrayBuffer]);
  });
}

serve();
