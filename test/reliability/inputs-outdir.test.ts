/**
 * Inputs that are not regular files, and --out-dir overlapping the inputs (issue 19, items 9 and 10):
 * - `errenrich <(cmd)` failed with ESPIPE (the file was read at a position); a named FIFO too:
 *   non-seekable inputs are read as streams, gzip sniffed from their first chunk;
 * - `--out-dir D D` overwrote the input `D/b.ndjson` with the output of `D/b.log` before reading it;
 *   `--out-dir L/out L` read the outputs of the previous run as inputs. Outputs that would land on an
 *   input are refused (exit 1, named), and the out-dir is skipped when a directory argument is walked.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'errenrich-inputs-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('non-seekable inputs', () => {
  it('process substitution, plain and gzip, in process and with --jobs 2: every line, exit 0', () => {
    for (const jobs of ['1', '2']) {
      const script = `"${process.execPath}" "${CLI}" --jobs ${jobs} <(printf 'a\\nb\\n') <(printf 'c\\n' | gzip)`;
      const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 20_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe('{"message":"a"}\n{"message":"b"}\n{"message":"c"}\n');
    }
  });

  it('a named FIFO: every line, exit 0', () => {
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const script = `printf 'x\\ny\\n' > "${fifo}" & "${process.execPath}" "${CLI}" "${fifo}"; rc=$?; wait; exit $rc`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('{"message":"x"}\n{"message":"y"}\n');
  });

  it('a named FIFO with an explicit --jobs (alone, and beside a file): never opened before it is read (a peek took its bytes and the read then waited for a writer that was gone)', () => {
    const fifo = join(dir, 'fifo-jobs');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const other = join(dir, 'other.log');
    writeFileSync(other, 'z\n');
    for (const args of [`--jobs 1 "${fifo}"`, `--jobs 2 "${fifo}" "${other}"`]) {
      // A hang is ended by timeout(1), so that no CLI is left waiting on the FIFO.
      const script = `printf 'x\\ny\\n' > "${fifo}" & timeout -s KILL 8 "${process.execPath}" "${CLI}" ${args}; rc=$?; kill %1 2>/dev/null; exit $rc`;
      const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 15_000 });
      expect(r.status, `${args}: ${r.stderr}`).toBe(0);
      expect(r.stdout.startsWith('{"message":"x"}\n{"message":"y"}\n'), args).toBe(true);
    }
  });

  it('a named FIFO whose writer never comes: SIGTERM ends the wait in open() (alone, and with --jobs 2 beside a file), exit 0', () => {
    const fifo = join(dir, 'fifo-no-writer');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const other = join(dir, 'beside.log');
    writeFileSync(other, 'z\n');
    for (const args of [`"${fifo}"`, `--jobs 2 "${other}" "${fifo}"`]) {
      // SIGTERM once the run waits on the FIFO; a run still alive 8 s later is killed (exit 137).
      const script = `"${process.execPath}" "${CLI}" ${args} & pid=$!; sleep 2; kill -TERM $pid; ( sleep 8; kill -KILL $pid 2>/dev/null ) >/dev/null 2>&1 & watchdog=$!; wait $pid; rc=$?; kill $watchdog 2>/dev/null; exit $rc`;
      const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 20_000 });
      expect(r.status, `${args}: ${r.stderr}`).toBe(0);
      expect(r.stdout, args).toBe(args.startsWith('--jobs') ? '{"message":"z"}\n' : '');
    }
  });

  it('--out-dir with process substitution: read as a stream, its output written (the gzip peek read it at a position: ESPIPE)', () => {
    const out = join(dir, 'out-pipe');
    const script = `"${process.execPath}" "${CLI}" --out-dir "${out}" <(printf 'a\\n')`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 10_000, killSignal: 'SIGKILL' });
    expect(r.status, r.stderr).toBe(0);
    const written = spawnSync('bash', ['-c', `cat "${out}"/*`], { encoding: 'utf8' }).stdout;
    expect(written).toBe('{"message":"a"}\n');
  });
});

describe('--out-dir overlapping the inputs', () => {
  it('--out-dir D D: the output that would replace the input D/b.ndjson is refused and named (exit 1); the input is intact and read', async () => {
    const d = join(dir, 'same');
    mkdirSync(d);
    writeFileSync(join(d, 'b.log'), 'x\n');
    writeFileSync(join(d, 'b.ndjson'), '{"a":1}\n');
    const r = await runCli(['--out-dir', d, d], { timeoutMs: 15_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('would overwrite the input');
    expect(readFileSync(join(d, 'b.ndjson'), 'utf8')).toBe('{"a":1}\n');
    expect(readFileSync(join(d, 'b.ndjson.ndjson'), 'utf8')).toBe('{"a":1}\n');
  });

  it('--out-dir L/out L, twice: the second run does not read the first run\'s outputs', async () => {
    const l = join(dir, 'nested');
    mkdirSync(join(l, 'out'), { recursive: true });
    writeFileSync(join(l, 'a.log'), 'z\n');
    for (let run = 0; run < 2; run++) {
      const r = await runCli(['--out-dir', join(l, 'out'), l], { timeoutMs: 15_000 });
      expect(r.code, r.stderr).toBe(0);
    }
    expect(readFileSync(join(l, 'out', 'a.ndjson'), 'utf8')).toBe('{"message":"z"}\n');
    expect(existsSync(join(l, 'out', 'out'))).toBe(false);
  });
});
