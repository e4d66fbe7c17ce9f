/**
 * One gzip file inflated in the main thread and read in pieces by several workers: the output,
 * the summary, the warnings and errors and the exit code are those of `--jobs 1`, wherever the
 * pieces start (ERRENRICH_TEST_PIECE_BYTES makes pieces of a few hundred decoded bytes, so starts
 * fall inside every kind of joined event of the corpus, and long lines are cut inside), for a
 * multi-member file, trailing garbage, and a file cut short or damaged mid-way.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, removeTempDirs, tempDir } from '../ops/ops-helpers.js';
import { makeFile, run, SPLIT_VARIANTS } from './split-corpus.js';

afterAll(removeTempDirs);

const dir = tempDir();
const plain = readFileSync(makeFile(dir));

function gzipFile(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** `--jobs 3` in pieces against `--jobs 1`: stdout, stderr, exit code and summary identical. */
async function expectSameAsOneThread(file: string, opts: string[], pieceBytes: number[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const oneSummary = join(dir, 'one.json');
  const one = await run(['--jobs', '1', '--summary-json', oneSummary, ...opts, file]);
  for (const bytes of pieceBytes) {
    const summary = join(dir, `pieces-${bytes}.json`);
    const r = await run(['--jobs', '3', '--summary-json', summary, ...opts, file], { ERRENRICH_TEST_PIECE_BYTES: String(bytes) });
    expect(r.stdout === one.stdout, `piece size ${bytes}: output differs`).toBe(true);
    expect(r.stderr, `piece size ${bytes}`).toBe(one.stderr);
    expect(r.code, `piece size ${bytes}`).toBe(one.code);
    expect(JSON.parse(readFileSync(summary, 'utf8'))).toEqual(JSON.parse(readFileSync(oneSummary, 'utf8')));
  }
  return one;
}

describe('one gzip file in pieces across workers', () => {
  const file = gzipFile('big.log.gz', gzipSync(plain));

  it('is read in pieces (the fan-out is on)', async () => {
    const r = await run(['--jobs', '3', '--verbose', file], { ERRENRICH_TEST_PIECE_BYTES: '1009' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/big\.log\.gz: inflated in this thread, read in pieces by 3 workers/);
  }, 120_000);

  for (const [name, opts] of SPLIT_VARIANTS) {
    it(`${name}: output and summary byte-identical to --jobs 1, for several piece sizes`, async () => {
      const one = await expectSameAsOneThread(file, opts, [331, 1009, 4099]);
      expect(one.code).toBe(0);
    }, 300_000);
  }

  it('a multi-member file (members ending inside lines and events) reads as one stream', async () => {
    const cuts = [0, 7_777, 60_001, 200_003, plain.length];
    const members = cuts.slice(1).map((end, i) => gzipSync(plain.subarray(cuts[i], end)));
    const multi = gzipFile('members.log.gz', Buffer.concat(members));
    const one = await expectSameAsOneThread(multi, ['--locate'], [331, 4099]);
    expect(one.code).toBe(0);
  }, 300_000);

  it('trailing garbage: every member read, the same warning as --jobs 1', async () => {
    const garbage = gzipFile('garbage.log.gz', Buffer.concat([gzipSync(plain), Buffer.from('not gzip at all\n')]));
    const one = await expectSameAsOneThread(garbage, [], [1009]);
    expect(one.code).toBe(0);
    expect(one.stderr).toMatch(/trailing garbage ignored/);
  }, 300_000);

  it('a file cut short: what was decoded is written, the same error and exit code as --jobs 1', async () => {
    // The corpus ends with events of several streams held open: what is held is flushed in the
    // order of its first lines, the same in a piece's fresh framer as in the whole file's.
    const whole = gzipSync(plain);
    const cut = gzipFile('cut.log.gz', whole.subarray(0, Math.floor(whole.length * 0.9)));
    const one = await expectSameAsOneThread(cut, ['--locate'], [331, 4099]);
    expect(one.code).not.toBe(0);
    expect(one.stderr).toMatch(/error reading .*cut\.log\.gz: .*unexpected end of file/);
    expect(one.stdout.length).toBeGreaterThan(0);
  }, 300_000);

  it('a member damaged mid-way: the same records, error and exit code as --jobs 1', async () => {
    // Two members; the second one's CRC is wrong, so the first member is read whole before the error.
    const first = gzipSync(plain.subarray(0, 150_000));
    const second = Buffer.from(gzipSync(plain.subarray(150_000)));
    second.writeUInt32LE((second.readUInt32LE(second.length - 8) ^ 0xffff) >>> 0, second.length - 8);
    const damaged = gzipFile('damaged.log.gz', Buffer.concat([first, second]));
    const one = await expectSameAsOneThread(damaged, [], [331, 4099]);
    expect(one.code).not.toBe(0);
    expect(one.stderr).toMatch(/error reading .*damaged\.log\.gz: .*incorrect data check/);
  }, 300_000);

  it('an empty gzip file: no records, exit 0, as --jobs 1', async () => {
    const empty = gzipFile('empty.log.gz', gzipSync(Buffer.alloc(0)));
    const r = await run(['--jobs', '3', empty], { ERRENRICH_TEST_PIECE_BYTES: '1' });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  }, 60_000);
});

describe('--jobs 2 big.gz | head -1', () => {
  it('exits 0 at once, quiet, the first record on stdout', async () => {
    const many = gzipFile('many.log.gz', gzipSync(Buffer.concat(Array.from({ length: 20 }, () => plain))));
    const errFile = join(dir, 'head-err.txt');
    // `timeout` turns a hang into status 124 instead of a stuck test.
    const script = `timeout 20 "${process.execPath}" "${CLI}" --jobs 2 "${many}" 2>"${errFile}" | head -1; echo "status=\${PIPESTATUS[0]}"`;
    const out = await new Promise<string>((resolve) => {
      const child = spawn('bash', ['-c', script], { env: { ...process.env, ERRENRICH_TEST_PIECE_BYTES: '4099' }, stdio: ['ignore', 'pipe', 'ignore'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString()));
      child.on('close', () => resolve(text));
    });
    const [first, status] = out.trim().split('\n');
    expect(() => JSON.parse(first!) as unknown).not.toThrow();
    expect(status).toBe('status=0');
    expect(readFileSync(errFile, 'utf8')).toBe('');
  }, 60_000);
});
