/**
 * Every input of a run one after another in this thread (stdin, one file, --jobs 1), each through
 * the per-input runner (run-task.ts) to the shared output or to its --out-dir file.
 */
import type { RunRequest } from '../run-inputs.js';
import { describeTaskFailure, runTask, type TaskResult } from './run-task.js';
import type { PlannedInput } from './plan-inputs.js';

export async function runInProcess(
  req: RunRequest,
  planned: PlannedInput[],
  outDir: string | null,
  showProgress: (doneBytes: number, errors: number, filesDone: number) => void,
): Promise<(TaskResult | null)[]> {
  const results: (TaskResult | null)[] = planned.map(() => null);
  await runEachInProcess(req, planned, outDir, showProgress, results);
  return results;
}

async function runEachInProcess(
  req: RunRequest,
  planned: PlannedInput[],
  outDir: string | null,
  showProgress: (doneBytes: number, errors: number, filesDone: number) => void,
  results: (TaskResult | null)[],
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
