/**
 * Named outputs (`-o FILE`, `--summary-json FILE`) and the target field (issue 19, items 4, 12 and
 * the smaller ones of 13): a target that cannot work is refused before any input is read (exit 2,
 * nothing on stdout); a FIFO or device is written directly, never replaced by a regular file; a
 * regular file is replaced whole, through a symlink; temporary files of killed runs are removed.
 * (Not /dev/null or /dev/stdout themselves: before the fix, a test run as root replaced them.)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/run-cli.js';

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'errenrich-targets-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory with `in.log` (two lines). */
function workdir(): string {
  const d = join(dir, `case${++n}`);
  mkdirSync(d);
  writeFileSync(join(d, 'in.log'), 'one\ntwo\n');
  return d;
}

describe('-o refused up front (exit 2, nothing written, the input intact)', () => {
  it('-o in.log in.log: the input would be replaced', async () => {
    const d = workdir();
    const r = await runCli(['-o', 'in.log', 'in.log'], { cwd: d, timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('also an input');
    expect(readFileSync(join(d, 'in.log'), 'utf8')).toBe('one\ntwo\n');
  });

  it('-o in.log < in.log: stdin is the same file', () => {
    const d = workdir();
    const fd = openSync(join(d, 'in.log'), 'r');
    const r = spawnSync(process.execPath, [CLI, '-o', 'in.log'], { cwd: d, stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', timeout: 10_000 });
    closeSync(fd);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('also an input (stdin)');
    expect(readFileSync(join(d, 'in.log'), 'utf8')).toBe('one\ntwo\n');
  });

  it('-o DIR: refused before reading, no DIR.errenrich-PID.tmp left', async () => {
    const d = workdir();
    mkdirSync(join(d, 'out'));
    const r = await runCli(['-o', 'out', 'in.log'], { cwd: d, timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a directory');
    expect(readdirSync(d).sort()).toEqual(['in.log', 'out']);
  });

  it('-o missing/parent/x: refused before reading', async () => {
    const d = workdir();
    const r = await runCli(['-o', 'missing/x.ndjson', 'in.log'], { cwd: d, timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not exist');
  });
});

describe('-o to something that is not a regular file', () => {
  it('a FIFO: its reader gets every record, the FIFO stays a FIFO, exit 0', async () => {
    const d = workdir();
    const fifo = join(d, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (c: Buffer) => (got += c.toString()));
    const done = new Promise((resolve) => reader.on('close', resolve));
    const r = await runCli(['-o', fifo, 'in.log'], { cwd: d, timeoutMs: 10_000 });
    await done;
    expect(r.code, r.stderr).toBe(0);
    expect(got).toBe('{"message":"one"}\n{"message":"two"}\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(d).sort()).toEqual(['fifo', 'in.log']);
  });
});

describe('devices and descriptors', () => {
  it.runIf(process.getuid?.() === 0)('a character device (a /dev/null node made in a temporary directory): written to, still a device', async () => {
    const d = workdir();
    const dev = join(d, 'null');
    expect(spawnSync('mknod', [dev, 'c', '1', '3']).status).toBe(0);
    const r = await runCli(['-o', dev, 'in.log'], { cwd: d, timeoutMs: 10_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
    expect(readdirSync(d).sort()).toEqual(['in.log', 'null']);
  });

  it('-o /dev/fd/1 and --summary-json /dev/fd/2: written to this process\'s own stdout and stderr (a pipe here)', async () => {
    const d = workdir();
    const r = await runCli(['-o', '/dev/fd/1', '--summary-json', '/dev/fd/2', 'in.log'], { cwd: d, timeoutMs: 10_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.toString()).toBe('{"message":"one"}\n{"message":"two"}\n');
    expect(r.stderr).toContain('"lines": 2');
  });
});

describe('regular files', () => {
  it('-o through a symlink: the link stays a link, its target is replaced whole', async () => {
    const d = workdir();
    writeFileSync(join(d, 'real.ndjson'), 'old\n');
    symlinkSync('real.ndjson', join(d, 'link.ndjson'));
    const r = await runCli(['-o', 'link.ndjson', 'in.log'], { cwd: d, timeoutMs: 10_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(join(d, 'link.ndjson')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, 'real.ndjson'), 'utf8')).toBe('{"message":"one"}\n{"message":"two"}\n');
  });

  it('temporary files of killed runs (dead PIDs) are removed; a live process\'s is kept', async () => {
    const d = workdir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    writeFileSync(join(d, `out.ndjson.errenrich-${deadPid}.tmp`), 'half');
    writeFileSync(join(d, `out.ndjson.errenrich-${process.pid}.tmp`), 'live');
    const r = await runCli(['-o', 'out.ndjson', 'in.log'], { cwd: d, timeoutMs: 10_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(d, `out.ndjson.errenrich-${deadPid}.tmp`))).toBe(false);
    expect(existsSync(join(d, `out.ndjson.errenrich-${process.pid}.tmp`))).toBe(true);
  });
});

describe('--summary-json', () => {
  it('to a directory or under a missing directory: exit 2 before reading, no stack trace', async () => {
    const d = workdir();
    mkdirSync(join(d, 'sdir'));
    for (const target of ['sdir', 'missing/s.json']) {
      const r = await runCli(['--summary-json', target, 'in.log'], { cwd: d, timeoutMs: 10_000 });
      expect(r.code, target).toBe(2);
      expect(r.stdout.length, target).toBe(0);
      expect(r.stderr, target).not.toMatch(/\n\s+at /);
    }
  });

  it('through a symlink: written whole to a new file at the link\'s target (not into the old file), the link kept', async () => {
    const d = workdir();
    writeFileSync(join(d, 'real.json'), 'old');
    const before = statSync(join(d, 'real.json')).ino;
    symlinkSync('real.json', join(d, 'link.json'));
    const r = await runCli(['--summary-json', 'link.json', 'in.log'], { cwd: d, timeoutMs: 10_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(join(d, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(d, 'real.json'), 'utf8')).lines).toBe(2);
    expect(statSync(join(d, 'real.json')).ino).not.toBe(before);
  });
});

describe('--target colliding with a field the schema writes: refused at start, exit 2', () => {
  it.each([
    [['--schema', 'ecs', '--target', 'error']],
    [['--schema', 'ecs', '--target', 'cloud']],
    [['--schema', 'otel', '--target', 'error.type']],
    [['--target', 'errenrich']],
    [['--locate', '--target', 'input']],
  ])('%j', async (args) => {
    const r = await runCli(args, { input: '{"Response":{"Error":{"Code":"AuthFailure","Message":"x"}}}\n', timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain('--target');
  });

  it('a name no schema field uses is fine: --schema ecs --target cloud_error', async () => {
    const r = await runCli(['--schema', 'ecs', '--target', 'cloud_error'], { input: '{"Response":{"Error":{"Code":"AuthFailure","Message":"x"}}}\n', timeoutMs: 10_000 });
    expect(r.code, r.stderr).toBe(0);
    const rec = JSON.parse(r.stdout.toString()) as Record<string, unknown>;
    expect(rec.cloud_error).toBeDefined();
    expect(rec.error).toBeDefined();
  });
});
