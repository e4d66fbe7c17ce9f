/**
 * errenrich --follow as a process: rotation, truncation, a new file in a followed directory,
 * idle flush of a held event, and SIGHUP reloads (a bad file is named, the old set stays).
 * Every wait is bounded; the only timing claim is "arrives within a few seconds".
 */
import { appendFileSync, mkdirSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, exitWithin, overrideCatalog, followPerTest, removeTempDirs, startLive, tempDir, TENCENT } from './ops-helpers.js';

afterAll(removeTempDirs);

const { follow, watch } = followPerTest();

const messages = (lines: string[]) => lines.map((l) => (JSON.parse(l) as { message?: string }).message ?? null);

describe('errenrich --follow', () => {
  it('follows a directory through rotation, truncation and a new file; SIGTERM exits 0', async () => {
    const d = tempDir();
    const dir = join(d, 'logs');
    mkdirSync(dir);
    const app = join(dir, 'app.log');
    writeFileSync(app, 'written before start: not read\n');
    const p = follow([dir, '--include', '*.log']);
    await p.waitForStderr(/following 1 file\(s\) from their end/);

    appendFileSync(app, 'one\n');
    await p.waitForLines(1);
    // rotation: rename + recreate; the rename target does not match --include
    appendFileSync(app, 'two (last line of the old file)\n');
    renameSync(app, `${app}.1`);
    writeFileSync(app, 'three (first line of the new file)\n');
    await p.waitForLines(3);
    // truncation
    truncateSync(app, 0);
    await new Promise((r) => setTimeout(r, 300));
    appendFileSync(app, 'four (after truncation)\n');
    await p.waitForLines(4);
    // a new file in the directory
    writeFileSync(join(dir, 'new.log'), `${TENCENT}\n`);
    const lines = await p.waitForLines(5);

    expect(messages(lines.slice(0, 4))).toEqual(['one', 'two (last line of the old file)', 'three (first line of the new file)', 'four (after truncation)']);
    expect((JSON.parse(lines[4]!) as { vendor_error: { code: string } }).vendor_error.code).toBe('AuthFailure.SignatureFailure');
    p.child.kill('SIGTERM');
    expect(await exitWithin(p)).toEqual({ code: 0, signal: null });
    expect(p.lines).toHaveLength(5);
  });

  it('a held multi-line event is flushed after --flush-ms of silence, and an unterminated last line at SIGTERM', async () => {
    const d = tempDir();
    const app = join(d, 'app.log');
    writeFileSync(app, '');
    const p = follow([app]);
    await p.waitForStderr(/following 1 file/);
    appendFileSync(app, 'ERROR dump: {\n  "code": 4030002,\n');
    // held for a continuation, then flushed by silence: one record per held line
    await p.waitForLines(2, 5000);
    appendFileSync(app, 'no newline yet');
    await new Promise((r) => setTimeout(r, 400));
    expect(p.lines).toHaveLength(2);
    p.child.kill('SIGTERM');
    expect(await exitWithin(p)).toEqual({ code: 0, signal: null });
    expect(messages(p.lines).at(-1)).toBe('no newline yet');
  });

  it('an over-long line being written in one file: other files wait, every output line stays whole', async () => {
    const d = tempDir();
    const a = join(d, 'a.log');
    const b = join(d, 'b.log');
    writeFileSync(a, '');
    writeFileSync(b, '');
    const p = follow([a, b, '--max-line-bytes', '256']);
    await p.waitForStderr(/following 2 file/);
    appendFileSync(a, 'x'.repeat(5000)); // over-long, streamed out as it comes, no newline yet
    await new Promise((r) => setTimeout(r, 400));
    appendFileSync(b, 'from b, while a is in the middle of its record\n');
    await new Promise((r) => setTimeout(r, 400));
    appendFileSync(a, 'y'.repeat(3000) + '\n');
    const lines = await p.waitForLines(2);
    const records = lines.map((l) => JSON.parse(l) as { message: string; errenrich?: { truncated_for_detection: boolean; bytes: number } });
    expect(records[0]!.errenrich).toEqual({ truncated_for_detection: true, bytes: 8000 });
    expect(records[0]!.message).toBe('x'.repeat(5000) + 'y'.repeat(3000));
    expect(records[1]!.message).toBe('from b, while a is in the middle of its record');
    p.child.kill('SIGTERM');
    expect(await exitWithin(p)).toEqual({ code: 0, signal: null });
  });

  it('SIGHUP writes a held event at once (long --flush-ms), then reloads', async () => {
    const d = tempDir();
    const app = join(d, 'app.log');
    writeFileSync(app, '');
    const p = follow([app], ['--flush-ms', '60000']);
    await p.waitForStderr(/following 1 file/);
    appendFileSync(app, 'ERROR dump: {\n');
    await new Promise((r) => setTimeout(r, 500));
    expect(p.lines).toHaveLength(0);
    p.child.kill('SIGHUP');
    expect(messages(await p.waitForLines(1, 5000))).toEqual(['ERROR dump: {']);
    await p.waitForStderr(/rules and catalogs reloaded/);
    p.child.kill('SIGTERM');
    expect(await exitWithin(p)).toEqual({ code: 0, signal: null });
  });

  it('SIGHUP reloads catalogs and rules; a bad file is named on stderr and the set in use stays', async () => {
    const d = tempDir();
    const app = join(d, 'app.log');
    const catalogs = join(d, 'catalogs');
    const rules = join(d, 'rules');
    mkdirSync(catalogs);
    mkdirSync(rules);
    writeFileSync(app, '');
    const p = follow([app, '--catalog', catalogs, '--rules', rules]);
    await p.waitForStderr(/following 1 file/);
    const description = (line: string) => (JSON.parse(line) as { vendor_error: { description: string } }).vendor_error.description;

    appendFileSync(app, `${TENCENT}\n`);
    expect(description((await p.waitForLines(1))[0]!)).toMatch(/^Signature error/);

    writeFileSync(join(catalogs, 'acme.json'), overrideCatalog('ACME override: rotate the key in vault.'));
    p.child.kill('SIGHUP');
    await p.waitForStderr(/rules and catalogs reloaded/);
    appendFileSync(app, `${TENCENT}\n`);
    expect(description((await p.waitForLines(2))[1]!)).toBe('ACME override: rotate the key in vault.');

    const badRules = join(rules, 'broken.json');
    writeFileSync(badRules, '{ "vendor": "tencent", "rules": [ oops');
    p.child.kill('SIGHUP');
    await p.waitForStderr(/reload failed/);
    expect(p.stderr()).toContain(badRules);
    writeFileSync(join(catalogs, 'acme.json'), overrideCatalog('a newer text that must not be used while the rules are broken'));
    appendFileSync(app, `${TENCENT}\n`);
    expect(description((await p.waitForLines(3))[2]!)).toBe('ACME override: rotate the key in vault.');

    p.child.kill('SIGTERM');
    expect(await exitWithin(p)).toEqual({ code: 0, signal: null });
  });

  it('usage: --follow with --out-dir, or files mixed with stdin, exits 2', async () => {
    const d = tempDir();
    for (const args of [[join(d, 'x.log'), '--out-dir', join(d, 'out')], [join(d, 'x.log'), '-']]) {
      const p = follow(args, []);
      p.child.stdin!.end();
      const r = await exitWithin(p);
      expect(r.code).toBe(2);
    }
  });

  it('a file growing an over-long line by a trickle holds back the others for a bounded time only', async () => {
    const d = tempDir();
    const a = join(d, 'a.log');
    const b = join(d, 'b.log');
    writeFileSync(a, '');
    writeFileSync(b, '');
    const p = follow([a, b, '--max-line-bytes', '256']);
    await p.waitForStderr(/following 2 file/);
    appendFileSync(a, 'x'.repeat(1000));
    appendFileSync(b, 'from b\n');
    // a grows by a byte every 300 ms, never ending its line: b's record must still come out.
    const trickle = setInterval(() => appendFileSync(a, 'x'), 300);
    try {
      const lines = await p.waitForLines(2, 15_000);
      expect(lines.map((l) => (JSON.parse(l) as { message: string }).message)).toContain('from b');
      expect(p.stderr()).toMatch(/a\.log: an over-long line is still growing while other files wait; its record is closed/);
    } finally {
      clearInterval(trickle);
    }
    p.child.kill('SIGTERM');
    expect(await exitWithin(p)).toEqual({ code: 0, signal: null });
  });

  it('under a low descriptor limit (ulimit -n 64) with 150 files: every line once, nothing re-read, no crash', async () => {
    const d = tempDir();
    const dir = join(d, 'logs');
    mkdirSync(dir);
    const names = Array.from({ length: 150 }, (_, i) => join(dir, `f${i}.log`));
    for (const n of names) writeFileSync(n, `old ${n}\n`);
    const p = watch(startLive('/bin/sh', ['-c', `ulimit -n 64 && exec "${process.execPath}" "${CLI}" --follow --from-start --poll-ms 100 "${dir}"`]));
    await p.waitForLines(150, 20_000);
    for (const n of names) appendFileSync(n, `new ${n}\n`);
    await p.waitForLines(300, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    p.child.kill('SIGTERM');
    expect(await exitWithin(p)).toEqual({ code: 0, signal: null });
    const got = messages(p.lines);
    expect(got).toHaveLength(300);
    expect(new Set(got).size).toBe(300);
    expect(p.stderr()).not.toMatch(/internal error|Cannot find module/);
  });
});
