/**
 * Every input of a run one after another in this thread (stdin, one file, --jobs 1), each through
 * the per-input runner (run-task.ts) to the shared output or to its --out-dir file. With --jobs N
 * the slow path of each event can move to one worker thread (the slow lane) while this thread
 * frames and writes.
 */
import type { RunRequest } from '../run-inputs.js';
import type { ResolvedOptions } from '../options.js';
import { recordSettings } from '../pipeline/create-engine.js';
import type { SlowLane } from '../pipeline/slow-lane.js';
import type { Knowledge } from '../pipeline/load-knowledge.js';
import { describeTaskFailure, runTask, type TaskResult } from './run-task.js';
import type { PlannedInput } from './plan-inputs.js';

export async function runInProcess(
  req: RunRequest,
  planned: PlannedInput[],
  outDir: string | null,
  showProgress: (doneBytes: number, errors: number, filesDone: number) => void,
): Promise<(TaskResult | null)[]> {
  const results: (TaskResult | null)[] = planned.map(() => null);
  // Regular files only: a pipe (`kubectl logs -f | errenrich`) may run for days, and keeps its
  // small footprint; stdin redirected from a file (`errenrich < big.log`) is a file.
  const laneFor = (p: PlannedInput) => p.problem === null && (p.input.path !== '-' || req.stdinIsFile === true);
  const lane = (req.jobs ?? 1) > 1 && laneHelps(req.options) && planned.some(laneFor) ? new LazySlowLane(req) : null;
  try {
    await runEachInProcess(req, planned, outDir, showProgress, results, lane, laneFor);
  } finally {
    await lane?.close();
  }
  return results;
}

/**
 * The lane pays off when the main thread has fast records to write while the worker enriches.
 * With --locate every event takes the slow path (the main thread only frames and packs them), and
 * with --errors-only fast lines are dropped: measured on the 200 MiB bench corpus, the lane made
 * --locate slower (8.0 s against 6.1 s) and --errors-only no faster (2.6–2.8 s both ways), for
 * 45–50 MiB more memory.
 */
function laneHelps(o: ResolvedOptions): boolean {
  return !o.locate && !o.errorsOnly;
}

/**
 * The slow lane of an in-process run: started when an input first has enough slow events, then
 * shared by the inputs that follow. After a SIGHUP reload the next input gets a new lane (the
 * worker loads the rules and catalogs again). Its failure is logged once; the engines carry on
 * without it.
 */
class LazySlowLane {
  private lane: SlowLane | null = null;
  private laneKnowledge: Knowledge | null = null;
  private failed = false;
  /** The module (and node:worker_threads) is loaded in the background, not at start-up. */
  private module: typeof import('../pipeline/slow-lane.js') | null = null;

  constructor(private readonly req: RunRequest) {
    import('../pipeline/slow-lane.js').then(
      (m) => (this.module = m),
      (e: unknown) => this.fail(e as Error),
    );
  }

  /** Null while the module loads (the engine asks again) or after a failure. */
  get = (): SlowLane | null => {
    if (this.failed || this.module === null) return null;
    const knowledge = this.req.knowledge();
    if (this.lane !== null && this.laneKnowledge === knowledge) return this.lane;
    void this.lane?.close();
    try {
      this.lane = new this.module.SlowLane({ sources: this.req.sources, process: recordSettings(this.req.options) });
      this.laneKnowledge = knowledge;
      this.req.log.debug('slow lane: a worker thread now does the slow path (decode, detect, enrich)');
      this.req.onLaneStart?.();
    } catch (e) {
      this.fail(e as Error);
      return null;
    }
    this.lane.onFailure = (e) => this.fail(e);
    return this.lane;
  };

  async close(): Promise<void> {
    await this.lane?.close();
  }

  private fail(e: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.req.log.warn(`the slow-lane worker failed (${e.message}); continuing in one thread`);
  }
}

async function runEachInProcess(
  req: RunRequest,
  planned: PlannedInput[],
  outDir: string | null,
  showProgress: (doneBytes: number, errors: number, filesDone: number) => void,
  results: (TaskResult | null)[],
  lane: LazySlowLane | null,
  laneFor: (p: PlannedInput) => boolean,
): Promise<void> {
  let doneBytes = 0;
  let doneErrors = 0;
  for (let index = 0; index < planned.length; index++) {
    const p = planned[index]!;
    if (p.problem !== null) continue;
    if (req.stopSignal.stopped || req.sink.closedByReader) break;
    const task = { index, input: p.input, outPath: p.outPath ?? '', gzip: p.gzip, outDir };
    const ctx = {
      options: req.options,
      knowledge: req.knowledge,
      failOn: req.failOn,
      stop: req.stopSignal,
      stdin: req.stdin,
      onProgress: (bytes: number, errors: number) => showProgress(doneBytes + bytes, doneErrors + errors, index),
      ...(lane && laneFor(p) ? { slowLane: lane.get } : {}),
    };
    const r = await runTask(task, ctx, outDir === null ? req.sink : undefined);
    doneBytes += r.bytes;
    doneErrors += r.errors;
    showProgress(doneBytes, doneErrors, index + 1);
    const failure = describeTaskFailure(p.input.path, r.outcome, outDir !== null);
    if (failure !== null) req.log.error(failure);
    results[index] = r;
  }
}
