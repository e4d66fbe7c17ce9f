/**
 * Plays Fluent Bit's in_exec part (docs/fluent-bit.md): `/bin/sh -c "<Command>"` in its own process
 * group, reading the command's stdout line by line while the followed file grows slowly, and on
 * shutdown SIGTERM to the whole process group (what Fluent Bit with PR #12221 and the image's
 * entrypoint do). Every appended line must arrive as exactly one record, within a second.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CLI, exitWithin, HUAWEI, removeTempDirs, startLive, tempDir, TENCENT, type LiveCli } from './ops-helpers.js';

afterAll(removeTempDirs);

let live: LiveCli | null = null;
afterEach(() => {
  if (live?.child.pid && live.child.exitCode === null) {
    try {
      process.kill(-live.child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  live = null;
});

const APPENDED = [
  '2026-11-23T10:00:00Z INFO starting worker',
  TENCENT,
  'plain text line',
  `2026-11-23T10:00:01Z ERROR tke call failed: ${TENCENT.replace('r-1', 'r-2')}`,
  HUAWEI,
  '{"level":"info","msg":"an ordinary JSON line"}',
];

async function feedSlowly(live: LiveCli, log: string): Promise<void> {
  for (const [i, line] of APPENDED.entries()) {
    const appendedAt = Date.now();
    appendFileSync(log, line + '\n');
    await live.waitForLines(i + 1, 5000);
    // the claim: within a second of being appended (5 s above only bounds the wait)
    expect(Date.now() - appendedAt).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 150));
  }
}

function checkRecords(lines: string[]): void {
  expect(lines).toHaveLength(APPENDED.length);
  const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(records[0]).toEqual({ message: APPENDED[0] });
  expect((records[1]!.vendor_error as { code: string }).code).toBe('AuthFailure.SignatureFailure');
  expect(records[2]).toEqual({ message: 'plain text line' });
  expect((records[3]!.vendor_error as { request_id: string }).request_id).toBe('r-2');
  expect((records[4]!.vendor_error as { vendor: string }).vendor).toBe('huawei');
  expect(records[5]).toEqual({ level: 'info', msg: 'an ordinary JSON line' });
}

describe('Fluent Bit exec input', () => {
  it('sh -c "node dist/bin/errenrich.cjs --follow …": records arrive as lines are appended; SIGTERM to the process group ends it cleanly', async () => {
    const d = tempDir();
    const log = join(d, 'app.log');
    writeFileSync(log, 'already there before start (not read: --follow starts at the end)\n');
    live = startLive('/bin/sh', ['-c', `node ${CLI} --follow --flush-ms 200 ${log}`], { detached: true });
    await live.waitForStderr(/following 1 file/);
    await feedSlowly(live, log);
    process.kill(-live.child.pid!, 'SIGTERM');
    const exit = await exitWithin(live, 10_000, true);
    // dash forks for `-c "cmd"`, so the shell itself also gets the group's SIGTERM and dies of it;
    // errenrich's own exit is checked in the `exec` variant below. Either way: stdout closed, all delivered.
    expect(exit.code === 0 || (exit.code === null && exit.signal === 'SIGTERM')).toBe(true);
    checkRecords(live.lines);
    // Its one diagnostic is the start notice: no error, no internal error.
    expect(live.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^errenrich: following 1 file/)]);
  });

  it('sh -c "exec node dist/bin/errenrich.cjs --follow …" (as in deploy/fluent-bit): exit code 0 after SIGTERM', async () => {
    const d = tempDir();
    const log = join(d, 'app.log');
    writeFileSync(log, '');
    live = startLive('/bin/sh', ['-c', `exec node ${CLI} --follow --flush-ms 200 ${log}`], { detached: true });
    await live.waitForStderr(/following 1 file/);
    await feedSlowly(live, log);
    process.kill(-live.child.pid!, 'SIGTERM');
    expect(await exitWithin(live, 10_000, true)).toEqual({ code: 0, signal: null });
    checkRecords(live.lines);
  });
});
