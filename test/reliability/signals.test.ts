/**
 * Signals and pipes: SIGTERM and SIGINT at random moments, and a reader that goes away early
 * (`| head -1`: EPIPE), leave stdout with only whole lines (each one JSON) and exit 0 — quietly
 * for EPIPE.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, parseNdjson, startCli } from '../helpers/run-cli.js';

let dir: string;
let bigFile: string;
const BIG_LINES = 300_000;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'errenrich-signals-'));
  bigFile = join(dir, 'big.log');
  const lines: string[] = [];
  for (let i = 0; i < BIG_LINES; i++) lines.push(i % 50 === 0 ? `{"i":${i},"code":4030002,"message":"quota"}` : `{"i":${i},"msg":"line ${i}"}`);
  writeFileSync(bigFile, lines.join('\n') + '\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A small deterministic PRNG, so a failing run can be repeated from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Lines of every kind that makes the framer hold something: blocks, partials, stacks, long lines. */
function mixedLine(r: () => number, i: number): string {
  const k = Math.floor(r() * 10);
  switch (k) {
    case 0:
      return `{\n  "Response": {"Error": {"Code": "InternalError", "Message": "m${i}"},\n  "RequestId": "r${i}"}\n}`;
    case 1:
      return `{"log":"partial ${i} ","stream":"stdout","time":"2026-11-23T10:00:00Z"}\n{"log":"end ${i}\\n","stream":"stdout","time":"2026-11-23T10:00:00Z"}`;
    case 2:
      return `2026-11-23T10:00:00.1Z stderr P part-${i}-\n2026-11-23T10:00:00.2Z stderr F end`;
    case 3:
      return 'x'.repeat(200_000 + Math.floor(r() * 2_000_000)); // over-long: streamed in pieces
    case 4:
      return `plain text line ${i} with "quotes" and \\ and {braces`;
    case 5:
      return `{"code":4030002,"message":"quota ${i}"}`;
    default:
      return `{"i":${i},"msg":"ok"}`;
  }
}

/** Feeds mixed lines in random-sized chunks until stopped; the caller signals in between. */
function feeder(seed: number): { stream: PassThrough; stop: () => void } {
  const r = rng(seed);
  const stream = new PassThrough();
  let stopped = false;
  let i = 0;
  const tick = () => {
    if (stopped || stream.destroyed) return;
    let buf = '';
    while (buf.length < 64 * 1024) buf += mixedLine(r, i++) + '\n';
    // Cut anywhere: the signal may land between two halves of a line.
    const cut = Math.floor(r() * buf.length);
    stream.write(buf.slice(0, cut));
    stream.write(buf.slice(cut));
    setTimeout(tick, Math.floor(r() * 15));
  };
  tick();
  return {
    stream,
    stop: () => {
      stopped = true;
    },
  };
}

function expectWholeJsonLines(stdout: Buffer): number {
  const recs = parseNdjson(stdout); // throws naming the first line that is not whole JSON
  return recs.length;
}

describe('SIGTERM / SIGINT at random moments', () => {
  for (const [sig, seeds] of [
    ['SIGTERM', [11, 12, 13, 14, 15]],
    ['SIGINT', [21, 22, 23, 24, 25]],
  ] as const) {
    it(`${sig} after the first record, at a random moment while mixed input streams in (${seeds.length} runs): exit 0, stdout only whole JSON lines, < 10 s each`, async () => {
      for (const seed of seeds) {
        const r = rng(seed * 7919);
        const feed = feeder(seed);
        let firstAt = 0;
        const run = startCli(['--locate'], {
          input: feed.stream,
          timeoutMs: 10_000,
          keepStdout: true,
          onStdout: () => {
            if (firstAt === 0) firstAt = Date.now();
          },
        });
        while (firstAt === 0) await new Promise((res) => setTimeout(res, 10));
        await new Promise((res) => setTimeout(res, Math.floor(r() * 1000)));
        run.child.kill(sig);
        const result = await run.result;
        feed.stop();
        feed.stream.destroy();
        expect({ seed, code: result.code, signal: result.signal }).toEqual({ seed, code: 0, signal: null });
        expect(result.stderr).not.toMatch(/internal error|"level":50/);
        expect(expectWholeJsonLines(result.stdout), `seed ${seed}`).toBeGreaterThan(0);
      }
    });
  }

  it('SIGTERM while a 40 MB over-long line is being streamed out: its record is closed whole (truncated_for_detection), exit 0', async () => {
    const stdin = new PassThrough();
    let seen = 0;
    const run = startCli([], { input: stdin, timeoutMs: 15_000, onStdout: (c) => (seen += c.length) });
    stdin.write('{"first":1}\n');
    const piece = Buffer.alloc(1024 * 1024, 'y');
    for (let i = 0; i < 40; i++) stdin.write(piece);
    while (seen < 8 * 1024 * 1024) await new Promise((res) => setTimeout(res, 10));
    run.child.kill('SIGTERM');
    const r = await run.result;
    stdin.destroy();
    expect(r.code).toBe(0);
    const recs = parseNdjson(r.stdout);
    expect(recs[0]).toEqual({ first: 1 });
    expect(recs).toHaveLength(2);
    const long = recs[1]!;
    expect((long.errenrich as { truncated_for_detection: boolean }).truncated_for_detection).toBe(true);
    expect((long.message as string).length).toBe((long.errenrich as { bytes: number }).bytes);
  });

  it('SIGTERM while a multi-line JSON block is held: its lines come out as records, exit 0', async () => {
    const stdin = new PassThrough();
    let seen = 0;
    const run = startCli(['--locate', '--flush-ms', '0'], { input: stdin, timeoutMs: 10_000, onStdout: (c) => (seen += c.length) });
    stdin.write('{"before":1}\n{\n  "Response": {\n    "Error": {"Code": "InternalError",\n');
    while (seen === 0) await new Promise((res) => setTimeout(res, 10));
    await new Promise((res) => setTimeout(res, 100));
    run.child.kill('SIGTERM');
    const r = await run.result;
    stdin.destroy();
    expect(r.code).toBe(0);
    const recs = parseNdjson(r.stdout);
    expect(recs.map((x) => (x.input as { line: number }).line)).toEqual([1, 2, 3, 4]);
  });

  // src/cli.ts installs SIGINT/SIGTERM handlers as its first statements, before importing the
  // rest (~0.3 s of module and rules/catalog loading). A preload sends SIGTERM as soon as that
  // listener exists — while the entry still awaits its imports — so the signal lands in the middle
  // of start-up, deterministically. (A signal before Node.js runs any of our code at
  // all is the runtime's default action; nothing in JavaScript can catch that.)
  it('SIGTERM during start-up (while modules load, before any record): exit 0, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'errenrich-early-'));
    const preload = join(dir, 'early-sigterm.mjs');
    // As soon as the entry's first statements have run (a SIGTERM listener exists), signal.
    writeFileSync(
      preload,
      "const t = setInterval(() => { const l = process.listeners('SIGTERM'); if (l.length > 0) { clearInterval(t); process.stderr.write('first listener: ' + l[0].name + '\\n'); process.kill(process.pid, 'SIGTERM'); } }, 1);\n",
    );
    const child = spawn(process.execPath, ['--import', preload, CLI], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) => child.on('close', (c, sg) => res([c, sg])));
    rmSync(dir, { recursive: true, force: true });
    // The signal came while only the entry's early handler existed, i.e. during start-up.
    expect(err).toContain('first listener: remember');
    expect(out).toBe('');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });

  it('SIGPIPE sent as a signal is ignored: the run completes (every line of the file), exit 0', async () => {
    let newlines = 0;
    const run = startCli([bigFile], {
      timeoutMs: 20_000,
      keepStdout: false,
      onStdout: (c) => {
        for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) newlines++;
      },
    });
    await new Promise((res) => setTimeout(res, 600));
    run.child.kill('SIGPIPE');
    const r = await run.result;
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 0, signal: null });
    expect(newlines).toBe(BIG_LINES);
  });
});

describe('the reader goes away (EPIPE)', () => {
  for (const via of ['file', 'stdin'] as const) {
    it(`reader closes after the first line (${via} input, ${BIG_LINES} lines): exit 0, nothing on stderr, < 10 s`, async () => {
      let got = '';
      const run = startCli(via === 'file' ? [bigFile] : [], {
        input: via === 'stdin' ? (await import('node:fs')).createReadStream(bigFile) : undefined,
        timeoutMs: 10_000,
        onStdout: (c) => {
          got += c.toString('utf8');
          if (got.includes('\n')) run.child.stdout!.destroy();
        },
      });
      const r = await run.result;
      expect({ code: r.code, signal: r.signal }).toEqual({ code: 0, signal: null });
      expect(r.stderr).toBe('');
      expect(JSON.parse(got.slice(0, got.indexOf('\n')))).toMatchObject({ i: 0 });
    });
  }

  it('a real shell pipe, errenrich FILE | head -1: errenrich exits 0 quietly (bash PIPESTATUS), < 10 s', async () => {
    const script = `set -o pipefail; "${process.execPath}" "${CLI}" "${bigFile}" 2>"${join(dir, 'err.txt')}" | head -1; echo "status=\${PIPESTATUS[0]}"`;
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((resolve) => child.on('close', resolve));
    const [first, status] = out.trim().split('\n');
    expect(JSON.parse(first!)).toMatchObject({ i: 0 });
    expect(status).toBe('status=0');
    expect((await import('node:fs')).readFileSync(join(dir, 'err.txt'), 'utf8')).toBe('');
  });
});
