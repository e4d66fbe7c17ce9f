/**
 * `errenrich --follow FIFO` (issue 19 item 10): a FIFO named as an argument was not read (a
 * warning said "--follow reads regular files"). It is read as a stream through its own engine,
 * its records on the same output as the followed files'; its writer closing ends that input; a
 * stop reads what the pipe holds and exits 0. Every wait is bounded and generous.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, constants, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitWithin, followPerTest, removeTempDirs, tempDir, TENCENT, waitFor } from '../ops/ops-helpers.js';

afterAll(removeTempDirs);

const { follow } = followPerTest();

function makeFifo(): string {
  const fifo = join(tempDir(), 'pipe.log');
  execFileSync('mkfifo', [fifo]);
  return fifo;
}

/** The FIFO's write end, once errenrich waits on its read end (never blocks the test). */
async function openWriter(fifo: string): Promise<number> {
  return waitFor(
    'errenrich to open the FIFO',
    () => {
      try {
        return openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      } catch {
        return undefined; // ENXIO: no reader yet
      }
    },
    20_000,
  );
}

const messages = (lines: string[]) => lines.map((l) => (JSON.parse(l) as { message?: string }).message ?? null);

describe('errenrich --follow FIFO', () => {
  it('reads a FIFO beside a followed file; the writer closing ends the FIFO only; SIGTERM exits 0 with every record', async () => {
    const fifo = makeFifo();
    const reg = join(tempDir(), 'regular.log');
    writeFileSync(reg, '');
    const p = follow([fifo, reg]);
    await p.waitForStderr(/following 1 file\(s\) from their end/, 20_000);
    const w = await openWriter(fifo);
    writeSync(w, `from the fifo\n${TENCENT}\n`);
    appendFileSync(reg, 'from the file\n');
    const lines = await p.waitForLines(3, 20_000);
    expect(new Set(messages(lines))).toEqual(new Set(['from the fifo', 'from the file', null]));
    const enriched = lines.map((l) => JSON.parse(l) as { vendor_error?: { code: string } }).find((r) => r.vendor_error);
    expect(enriched?.vendor_error?.code).toBe('AuthFailure.SignatureFailure');

    writeSync(w, 'last from the fifo\n');
    closeSync(w);
    await p.waitForLines(4, 20_000);
    // The regular file is still followed after the FIFO's writer is gone.
    appendFileSync(reg, 'after the fifo closed\n');
    await p.waitForLines(5, 20_000);
    expect(p.child.exitCode).toBe(null);

    p.child.kill('SIGTERM');
    expect(await exitWithin(p, 20_000)).toEqual({ code: 0, signal: null });
    expect(messages(p.lines.slice(3))).toEqual(['last from the fifo', 'after the fifo closed']);
    expect(p.lines).toHaveLength(5);
    expect(p.stderr()).not.toMatch(/is a FIFO/);
  }, 90_000);

  it('SIGTERM while the writer still holds the FIFO: what was written comes out, exit 0', async () => {
    const fifo = makeFifo();
    const p = follow([fifo]);
    const w = await openWriter(fifo);
    writeSync(w, 'one\ntwo\n');
    await p.waitForLines(2, 20_000);
    writeSync(w, 'three\n');
    p.child.kill('SIGTERM');
    try {
      expect(await exitWithin(p, 20_000)).toEqual({ code: 0, signal: null });
    } finally {
      closeSync(w);
    }
    expect(messages(p.lines)).toEqual(['one', 'two', 'three']);
  }, 60_000);

  it('only FIFOs: the run ends, exit 0, when every writer has closed', async () => {
    const fifo = makeFifo();
    const p = follow([fifo]);
    const w = await openWriter(fifo);
    writeSync(w, `${TENCENT}\nplain\n`);
    closeSync(w);
    expect(await exitWithin(p, 20_000)).toEqual({ code: 0, signal: null });
    expect(messages(p.lines)).toEqual([null, 'plain']);
  }, 60_000);

  it('SIGTERM before any writer opened the FIFO: exit 0, nothing left waiting', async () => {
    const fifo = makeFifo();
    const reg = join(tempDir(), 'regular.log');
    writeFileSync(reg, '');
    const p = follow([fifo, reg]);
    await p.waitForStderr(/following 1 file\(s\) from their end/, 20_000);
    appendFileSync(reg, 'from the file\n');
    await p.waitForLines(1, 20_000);
    p.child.kill('SIGTERM');
    expect(await exitWithin(p, 20_000)).toEqual({ code: 0, signal: null });
    expect(messages(p.lines)).toEqual(['from the file']);
  }, 60_000);

  it('a held multi-line event in the FIFO is flushed after --flush-ms of silence, the writer still open', async () => {
    const fifo = makeFifo();
    const reg = join(tempDir(), 'regular.log');
    writeFileSync(reg, '');
    const p = follow([fifo, reg]);
    const w = await openWriter(fifo);
    writeSync(w, 'ERROR dump: {\n  "code": 4030002,\n');
    // held for a continuation, then flushed by silence: one record per held line
    await p.waitForLines(2, 20_000);
    p.child.kill('SIGTERM');
    try {
      expect(await exitWithin(p, 20_000)).toEqual({ code: 0, signal: null });
    } finally {
      closeSync(w);
    }
    expect(p.lines).toHaveLength(2);
  }, 60_000);
});
