/**
 * errenrich behind an emulated Fluent Bit exec input (in-exec-emulation.ts): a fixed Buf_Size read
 * with fgets, over-long lines dropped by the parser, and a shutdown that stops reading before it
 * signals the process group. The shipped configuration's flags must get every line through.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BUF_SIZE_4M, startInExec, type InExec } from './in-exec-emulation.js';
import { CLI, removeTempDirs, tempDir, TENCENT, waitFor } from './ops-helpers.js';

afterAll(removeTempDirs);

let running: InExec | null = null;
afterEach(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) await running.stop(0);
  running = null;
});

/** The record cap of deploy/fluent-bit (below Buf_Size 4M = 4,000,000 bytes, room for "\n" and fgets' NUL). */
const MAX_RECORD_BYTES = 3_900_000;

const command = (args: string) => `exec "${process.execPath}" "${CLI}" --follow ${args}`;

describe('Fluent Bit exec input (emulated)', () => {
  it('the emulation drops a line longer than Buf_Size, as Fluent Bit does', async () => {
    const d = tempDir();
    const log = join(d, 'app.log');
    writeFileSync(log, `before\n${'y'.repeat(5 * 1024 * 1024)}\nafter\n`);
    const fb = (running = startInExec(command(`--from-start '${log}'`), BUF_SIZE_4M));
    await waitFor('two records', () => (fb.records.length >= 2 ? true : undefined), 20_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(fb.records.map((r) => r.message)).toEqual(['before', 'after']);
    expect(fb.parseErrors).toBeGreaterThan(0);
  });

  it('with --max-record-bytes below Buf_Size, 5 MiB and 3 MiB quote-heavy lines arrive shortened and marked', async () => {
    const d = tempDir();
    const log = join(d, 'app.log');
    const quotes = '"'.repeat(3 * 1024 * 1024);
    const long = 'y'.repeat(5 * 1024 * 1024);
    writeFileSync(log, `before\n${quotes}\n${long}\n${TENCENT}\nafter\n`);
    const fb = (running = startInExec(command(`--from-start --max-record-bytes ${MAX_RECORD_BYTES} '${log}'`), BUF_SIZE_4M));
    await waitFor('five records', () => (fb.records.length >= 5 ? true : undefined), 30_000);
    expect(fb.parseErrors).toBe(0);
    const [before, q, y, tencent, after] = fb.records;
    expect(before!.message).toBe('before');
    expect(after!.message).toBe('after');
    expect((tencent!.vendor_error as { code: string }).code).toBe('AuthFailure.SignatureFailure');
    for (const [r, bytes, unit] of [
      [q, quotes.length, '"'],
      [y, long.length, 'y'],
    ] as const) {
      expect(r!.errenrich).toMatchObject({ truncated_for_detection: true, bytes });
      const cut = r!.errenrich_cut as { record_bytes: number; fields: Record<string, number> };
      expect(Object.keys(cut.fields)).toEqual(['message']);
      expect(cut.record_bytes).toBeGreaterThan(MAX_RECORD_BYTES);
      const message = r!.message as string;
      expect(message.length).toBeGreaterThan(1_000_000);
      expect(message).toBe(unit.repeat(message.length));
    }
    const { code } = await fb.stop();
    expect(code).toBe(0);
  });

  it('a stack trace written 0.1 s before Fluent Bit is told to stop arrives (stop reads nothing after the pause)', async () => {
    const d = tempDir();
    const log = join(d, 'app.log');
    writeFileSync(log, '');
    for (let run = 0; run < 3; run++) {
      const fb = (running = startInExec(command(`--multiline stack '${log}'`), BUF_SIZE_4M));
      await waitFor('errenrich to follow', () => (/following 1 file/.test(fb.stderr()) ? true : undefined), 20_000);
      appendFileSync(
        log,
        `com.example.ApiException: run=${run} ${TENCENT}\n\tat com.example.Client.call(Client.java:42)\n\tat com.example.Main.main(Main.java:7)\n`,
      );
      await new Promise((r) => setTimeout(r, 100));
      const { code } = await fb.stop();
      expect(code).toBe(0);
      const trace = fb.records.filter((r) => String(r.message).includes(`run=${run}`));
      expect(trace).toHaveLength(1);
      expect(String(trace[0]!.message)).toContain('Main.java:7');
      expect((trace[0]!.vendor_error as { code: string }).code).toBe('AuthFailure.SignatureFailure');
      expect(fb.afterPause).toBe(0);
    }
  });
});
