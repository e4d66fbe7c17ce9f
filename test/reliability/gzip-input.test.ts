/**
 * Truncated and corrupt gzip input: reported on stderr with the file's name, what was read before
 * the damage is kept (whole records only), the other inputs are still read, exit 1.
 * The gzip bomb (1 GiB from ~2 MB) is in test/stress/huge-input.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB, parseNdjson, recordBound, runCli } from '../helpers/run-cli.js';

let dir: string;
const N = 50_000;
const lines = Array.from({ length: N }, (_, i) => (i % 100 === 7 ? `{"i":${i},"code":4030002,"message":"quota"}` : `{"i":${i},"msg":"line ${i} ${'p'.repeat(i % 50)}"}`));
const plain = Buffer.from(lines.join('\n') + '\n');
const gz = gzipSync(plain, { level: 1 });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'errenrich-gzip-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Output records are the input's first lines, in order, byte for byte (--errors-only off, no --locate: pass-through). */
function expectPrefixOfInput(stdout: Buffer): number {
  const out = stdout.toString('utf8');
  expect(out === '' || out.endsWith('\n')).toBe(true);
  const got = out === '' ? [] : out.slice(0, -1).split('\n');
  parseNdjson(stdout); // every line whole JSON
  let i = 0;
  while (i < got.length && i < N && (got[i] === lines[i] || got[i]!.startsWith(lines[i]!.slice(0, -1) + ',"vendor_error":'))) i++;
  return i;
}

describe('damaged gzip input (CLI)', () => {
  it('intact gzip (sanity): every line, exit 0', async () => {
    const r = await runCli([write('ok.log.gz', gz)], { timeoutMs: 20_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(expectPrefixOfInput(r.stdout)).toBe(N);
  });

  it('truncated gzip file: < 10 s, RSS < 150 MiB; the file named on stderr, the records read before the cut kept whole, exit 1', async () => {
    const path = write('cut.log.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    const r = await runCli([path], { timeoutMs: 10_000 });
    recordBound(expect.getState().currentTestName!, r);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(path);
    expect(r.stderr).toMatch(/unexpected end of file/);
    const kept = expectPrefixOfInput(r.stdout);
    expect(kept).toBeGreaterThan(N / 4);
    // After the kept prefix at most the line the cut went through, as text: a prefix of that
    // line (what was read of it is kept too). Nothing invented.
    const recs = parseNdjson(r.stdout);
    expect(recs.length - kept).toBeLessThanOrEqual(1);
    if (recs.length > kept) {
      const last = recs[kept]!;
      expect(typeof last.message).toBe('string');
      expect(lines[kept]!.startsWith(last.message as string)).toBe(true);
    }
    expect(r.peakRss!).toBeLessThan(150 * MiB);
  });

  it('corrupt gzip file (bytes overwritten mid-stream): < 10 s; named on stderr, every output line whole JSON, the records before the damage kept, exit 1', async () => {
    const bad = Buffer.from(gz);
    bad.fill(0x55, Math.floor(bad.length / 2), Math.floor(bad.length / 2) + 64);
    const path = write('corrupt.log.gz', bad);
    const r = await runCli([path], { timeoutMs: 10_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(path);
    expect(expectPrefixOfInput(r.stdout)).toBeGreaterThan(N / 4);
  });

  it('gzip header only / garbage after the magic: named on stderr, exit 1, no output', async () => {
    const path = write('garbage.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00]));
    const r = await runCli([path], { timeoutMs: 10_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(path);
    expect(r.stdout.length).toBe(0);
  });

  it('a damaged gzip among other inputs: the others are still read completely, exit 1', async () => {
    const cut = write('first-cut.log.gz', gz.subarray(0, 1000));
    const good = write('second.log', Buffer.from('{"after":1}\nplain text\n'));
    const r = await runCli(['--locate', cut, good], { timeoutMs: 10_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(cut);
    const recs = parseNdjson(r.stdout);
    const fromGood = recs.filter((x) => (x.input as { file: string }).file === good);
    expect(fromGood.map((x) => x.after ?? x.message)).toEqual([1, 'plain text']);
  });

  it('truncated gzip on stdin: reported (as "-"), what was read kept, exit 1', async () => {
    const r = await runCli([], { input: gz.subarray(0, Math.floor(gz.length / 3)), timeoutMs: 10_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unexpected end of file/);
    expect(expectPrefixOfInput(r.stdout)).toBeGreaterThan(N / 10);
  });
});
