/**
 * The main thread's own task runner speaks the worker protocol (run-parallel.ts): ready, then per
 * task its records and its result; a terminated runner exits once and hears nothing more; a task
 * that throws ends the runner with an error, never as an unhandled rejection of the process.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createInThreadRunner, type TaskRunner } from '../../src/run/in-thread-runner.js';
import { loadKnowledge, type Knowledge } from '../../src/pipeline/load-knowledge.js';
import { resolveOptions } from '../../src/options.js';
import { enrichLine } from '../../src/index.js';
import type { FromWorker, WorkerInit } from '../../src/run/worker-messages.js';
import type { Task } from '../../src/run/run-task.js';
import { removeTempDirs, tempDir } from '../ops/ops-helpers.js';

afterAll(removeTempDirs);

const init: WorkerInit = { options: resolveOptions({}), sources: {}, failOn: null, creditBytes: 1 << 20 };
const LINES = ['{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad"},"RequestId":"r-1"}}', 'plain text', '{"level":"info","code":200}'];

function record(runner: TaskRunner): FromWorker[] {
  const seen: FromWorker[] = [];
  runner.on('message', (m) => seen.push(m));
  return seen;
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

function fileTask(index: number): Task {
  const dir = tempDir();
  const path = join(dir, 'in.log');
  writeFileSync(path, LINES.join('\n') + '\n');
  return { index, input: { path, relative: 'in.log' }, outPath: '', gzip: false, outDir: null, toMain: true };
}

describe('in-thread task runner', () => {
  it('serves a task like a worker: ready, its records (the same as one thread writes), then done', async () => {
    const runner = createInThreadRunner(init, loadKnowledge());
    const seen = record(runner);
    await until(() => seen.some((m) => m.type === 'ready'));
    runner.postMessage({ type: 'task', task: fileTask(7) });
    await until(() => seen.some((m) => m.type === 'done'));
    const out = Buffer.concat(seen.flatMap((m) => (m.type === 'out' ? m.chunks.map((c) => Buffer.from(c)) : []))).toString();
    expect(seen.filter((m) => m.type === 'out').every((m) => m.type === 'out' && m.index === 7)).toBe(true);
    expect(out).toBe(LINES.map((l) => enrichLine(l) + '\n').join(''));
    const done = seen.find((m) => m.type === 'done');
    expect(done?.type === 'done' && done.result.index === 7 && done.result.outcome.ok).toBe(true);
    runner.terminate();
  });

  it('terminated: exits once, and a task sent after is never run', async () => {
    const runner = createInThreadRunner(init, loadKnowledge());
    const seen = record(runner);
    let exits = 0;
    runner.on('exit', () => exits++);
    await until(() => seen.some((m) => m.type === 'ready'));
    runner.terminate();
    runner.terminate();
    runner.postMessage({ type: 'task', task: fileTask(1) });
    await new Promise((r) => setTimeout(r, 50));
    expect(exits).toBe(1);
    expect(seen.map((m) => m.type)).toEqual(['ready']);
  });

  it('a task that throws ends the runner with that error, then exit (no unhandled rejection)', async () => {
    const broken = {} as Knowledge;
    const runner = createInThreadRunner(init, broken);
    const seen = record(runner);
    const errors: Error[] = [];
    let exited = false;
    runner.on('error', (e) => errors.push(e));
    runner.on('exit', () => (exited = true));
    await until(() => seen.some((m) => m.type === 'ready'));
    runner.postMessage({ type: 'task', task: fileTask(2) });
    await until(() => exited);
    expect(errors).toHaveLength(1);
    expect(seen.some((m) => m.type === 'done')).toBe(false);
  });
});
