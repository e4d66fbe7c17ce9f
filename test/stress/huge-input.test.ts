/**
 * The slow hostile inputs (npm run test:stress): a 100 MB line without newline, "{" followed by
 * 10^6 lines that never close, a 1 MiB bracket line with trigger words, gzip bombs, and a million
 * mixed lines read from a file with every line accounted for. Each test names its time bound and
 * the bound on the CLI's peak RSS.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLineAccounting } from '../helpers/count-lines.js';
import { MiB, recordBound, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'errenrich-stress-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** `total` bytes from repeating `unit`, as a stream of 1 MiB chunks (never held whole). */
function repeated(unit: Buffer, total: number): Readable {
  const chunk = Buffer.alloc(MiB - (MiB % unit.length) || unit.length);
  for (let i = 0; i < chunk.length; i += unit.length) unit.copy(chunk, i);
  let left = total;
  return Readable.from(
    (function* () {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        yield chunk.subarray(0, n);
      }
    })(),
  );
}

/**
 * A gzip bomb without compressing a gigabyte: `copies` concatenated gzip members of the same
 * compressed block (gunzip reads every member: multi-member files are valid gzip).
 */
function gzipBomb(unit: Buffer, blockBytes: number, copies: number): Buffer {
  const block = Buffer.alloc(blockBytes);
  for (let i = 0; i < blockBytes; i += unit.length) unit.copy(block, i);
  const member = gzipSync(block, { level: 9 });
  return Buffer.concat(Array.from({ length: copies }, () => member));
}

describe('huge hostile input through the CLI', () => {
  it('100 MB line without newline (with quotes, backslashes, NUL, multi-byte UTF-8 across chunk edges): < 60 s, RSS < 200 MiB; one whole record, every byte kept, marked truncated_for_detection', async () => {
    const unit = Buffer.from('log text "quoted" \\ back\u0000slash é 中 😀 {"code":4030002} ');
    // Whole units only: the line ends on a character boundary (a cut character would be invalid UTF-8).
    const total = unit.length * Math.floor((100 * 1000 * 1000) / unit.length);
    const expected = createHash('sha256');
    const source = repeated(unit, total);
    // Hash what is sent while sending it.
    const tee = Readable.from(
      (async function* () {
        for await (const c of source as AsyncIterable<Buffer>) {
          expected.update(c);
          yield c;
        }
      })(),
    );
    const r = await runCli(['--locate'], { input: tee, timeoutMs: 60_000 });
    recordBound(expect.getState().currentTestName!, r);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout.toString('utf8');
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.indexOf('\n')).toBe(out.length - 1); // one line
    const rec = JSON.parse(out) as { message: string; errenrich: unknown; input: unknown };
    expect(rec.errenrich).toEqual({ truncated_for_detection: true, bytes: total });
    expect(rec.input).toEqual({ file: '-', line: 1, lines: 1 });
    // The message, encoded again, is the input byte for byte.
    expect(createHash('sha256').update(Buffer.from(rec.message, 'utf8')).digest('hex')).toBe(expected.digest('hex'));
    expect(r.peakRss!).toBeLessThan(200 * MiB);
  });

  it('"{" followed by 10^6 lines that never close: < 60 s, RSS < 200 MiB; every line a record of its own, accounted for once', async () => {
    const n = 1_000_000;
    const body = Readable.from(
      (function* () {
        yield Buffer.from('{\n');
        for (let i = 0; i < n; i += 10_000) {
          let s = '';
          for (let j = i; j < i + 10_000; j++) s += `  "k${j}": [${j}, {"v": "${j}"`  + (j % 3 === 0 ? ' {\n' : ',\n');
          yield Buffer.from(s);
        }
      })(),
    );
    const r = await runCli(['--locate'], { input: body, timeoutMs: 60_000 });
    recordBound(expect.getState().currentTestName!, r);
    expect(r.code, r.stderr).toBe(0);
    const recs = r.stdout
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(checkLineAccounting(recs, n + 1)).toBeNull();
    expect(r.peakRss!).toBeLessThan(200 * MiB);
  });

  it('a 1 MiB line of "{" … "]{" with vendor trigger words (worst case of the bounded embedded-JSON search): < 30 s, RSS < 250 MiB, kept', async () => {
    const text = '{"code":4030002,"message":"' + '{'.repeat(580_000) + ']{"Response":{"Error":{"Code":' + '['.repeat(460_000) + '}{';
    const r = await runCli([], { input: text + '\nafter\n', timeoutMs: 30_000 });
    recordBound(expect.getState().currentTestName!, r);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.toString('utf8').trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { message: string }).message)).toEqual([text, 'after']);
    expect(r.peakRss!).toBeLessThan(250 * MiB);
  });

  it('a million mixed lines read from a file (JSON, payloads, blocks, partials, text, CRLF): < 90 s, RSS < 250 MiB; every line accounted for once (--locate)', async () => {
    const path = join(dir, 'million.log');
    const ws = createWriteStream(path);
    const kinds = [
      (i: number) => `{"i":${i},"msg":"ok"}`,
      (i: number) => `{"code":4030002,"message":"quota ${i}"}`,
      (i: number) => `{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"m"},"RequestId":"r${i}"}}`,
      (i: number) => `plain text ${i} {not json`,
      (i: number) => `{"log":"part ${i} ","stream":"stdout","time":"t"}`,
      (i: number) => `{"log":"end ${i}\\n","stream":"stdout","time":"t"}`,
      (i: number) => `2026-11-23T10:00:00.1Z stderr P p${i}-`,
      (i: number) => `2026-11-23T10:00:00.2Z stderr F f${i}`,
      () => '{',
      (i: number) => `  "k": ${i}`,
      () => '}',
      (i: number) => `[pod/a/b] 2026-11-23T10:00:00.123456789Z line ${i}\r`,
      () => '',
    ];
    const n = 1_000_000;
    for (let i = 0; i < n; i += 10_000) {
      let s = '';
      for (let j = i; j < i + 10_000; j++) s += kinds[(j * 7 + (j >> 3)) % kinds.length]!(j) + '\n';
      if (!ws.write(s)) await new Promise<void>((res) => ws.once('drain', () => res()));
    }
    await new Promise<void>((res) => ws.end(() => res()));
    const r = await runCli(['--locate', path], { timeoutMs: 90_000 });
    recordBound(expect.getState().currentTestName!, r);
    expect(r.code, r.stderr).toBe(0);
    const recs = r.stdout
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(checkLineAccounting(recs, n)).toBeNull();
    expect(r.peakRss!).toBeLessThan(250 * MiB);
  });
});

describe('gzip bombs', () => {
  it('1 GiB of NUL lines (1 KiB each) from a ~2 MB gzip file, --errors-only: < 60 s, RSS < 200 MiB, nothing emitted, every line counted', async () => {
    const unit = Buffer.concat([Buffer.alloc(1023), Buffer.from('\n')]);
    const bomb = gzipBomb(unit, 4 * MiB, 256);
    expect(bomb.length).toBeLessThan(3 * MiB);
    const path = join(dir, 'bomb.log.gz');
    writeFileSync(path, bomb);
    const summary = join(dir, 'bomb-summary.json');
    const r = await runCli(['--errors-only', '--summary-json', summary, path], { timeoutMs: 60_000 });
    recordBound(expect.getState().currentTestName!, r);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBe(0);
    const s = JSON.parse((await import('node:fs')).readFileSync(summary, 'utf8')) as { lines: number };
    expect(s.lines).toBe(1024 * 1024);
    expect(r.peakRss!).toBeLessThan(200 * MiB);
  });

  it('256 MiB of NUL lines from a ~0.5 MB gzip on stdin, every record written (1.5 GB of output): < 90 s, RSS < 200 MiB, output streamed (first record long before the end), every line whole', async () => {
    const unit = Buffer.concat([Buffer.alloc(1023), Buffer.from('\n')]);
    const bomb = gzipBomb(unit, 4 * MiB, 64);
    let bytes = 0;
    let lines = 0;
    let firstAt = 0;
    let tail = '';
    const started = Date.now();
    const expectedLine = JSON.stringify({ message: '\u0000'.repeat(1023) }) + '\n';
    const r = await runCli([], {
      input: bomb,
      timeoutMs: 90_000,
      keepStdout: false,
      onStdout: (c) => {
        if (firstAt === 0) firstAt = Date.now();
        bytes += c.length;
        // Every output line is the same whole record; check them as they stream by.
        const s = tail + c.toString('latin1');
        const parts = s.split('\n');
        tail = parts.pop()!;
        for (const p of parts) {
          if (p + '\n' !== expectedLine) throw new Error(`unexpected output line: ${p.slice(0, 100)}`);
          lines++;
        }
      },
    });
    recordBound(expect.getState().currentTestName!, r);
    expect(r.code, r.stderr).toBe(0);
    expect(tail).toBe('');
    expect(lines).toBe(256 * 1024);
    expect(bytes).toBe(256 * 1024 * expectedLine.length);
    expect(firstAt - started).toBeLessThan((Date.now() - started) / 4);
    expect(r.peakRss!).toBeLessThan(200 * MiB);
  });
});
