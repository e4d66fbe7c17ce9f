/**
 * One plain file read by several workers in pieces: the output is byte-identical to one thread's,
 * --locate line numbers included, and so is the summary, wherever the pieces start. Pieces here are
 * a few hundred bytes (ERRENRICH_TEST_PIECE_BYTES) and the file repeats a block holding every kind
 * of joined event, so starts fall inside each of them: Docker partials (with the other stream in
 * between), CRI P/F, a pretty-printed JSON payload, a JSON block that never closes, stack traces,
 * kubectl prefixes, an over-long line, a line without its final newline — and a partial held open
 * for longer than a piece's window, so that whole pieces are read by the worker before them.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, removeTempDirs, tempDir } from '../ops/ops-helpers.js';

afterAll(removeTempDirs);

const FRAMING = new URL('../fixtures/framing/', import.meta.url);
const read = (name: string) => readFileSync(new URL(`${name}/input.log`, FRAMING), 'utf8');

function docker(log: string, stream: 'stdout' | 'stderr'): string {
  return JSON.stringify({ log, stream, time: '2026-11-23T10:00:00.000000001Z' });
}

/** Every kind of joined event, and plain lines between them (so pieces also start on easy lines). */
function block(i: number): string {
  const parts = [
    read('docker-three-partials'),
    read('docker-interleaved-streams'),
    read('cri-p-p-f'),
    read('cri-pretty-tencent-error'),
    read('never-closing-brace'),
    read('stack-node-sdk'),
    read('kubectl-prefix-timestamps'),
    `plain line ${i}\n`,
    `{"Response":{"Error":{"Code":"InvalidParameter.R${i % 7}","Message":"x"},"RequestId":"r-${i}"}}\n`,
    `${'o'.repeat(700)}\n`,
  ];
  return parts.join('');
}

function makeFile(dir: string): string {
  let text = '';
  for (let i = 0; i < 12; i++) text += block(i);
  // A Docker stdout partial held open while more lines of the other stream pass than a piece's
  // window (4096 lines): the pieces that start in there are read by the worker before them.
  text += docker('held stdout start {"code":4030002,', 'stdout') + '\n';
  for (let i = 0; i < 4200; i++) text += docker(`e${i}\n`, 'stderr') + '\n';
  text += docker('"message":"Container quota insufficient."} end\n', 'stdout') + '\n';
  for (let i = 12; i < 20; i++) text += block(i);
  text += 'no final newline';
  const path = join(dir, 'big.log');
  writeFileSync(path, text);
  return path;
}

/** Asynchronous: a blocked test process cannot answer the test runner while the CLI works. */
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr }));
  });
}

describe('one file in pieces across workers', () => {
  const dir = tempDir();
  const file = makeFile(dir);

  const variants: [string, string[]][] = [
    ['default', []],
    ['--locate --multiline stack', ['--locate', '--multiline', 'stack']],
    ['--errors-only --locate, small --max-line-bytes', ['--errors-only', '--locate', '--max-line-bytes', '600']],
  ];
  for (const [name, opts] of variants) {
    it(`${name}: output and summary byte-identical to --jobs 1, for several piece sizes`, async () => {
      const oneSummary = join(dir, `one-${name.length}.json`);
      const one = await run(['--jobs', '1', '--summary-json', oneSummary, ...opts, file]);
      expect(one.code).toBe(0);
      for (const pieceBytes of [331, 1009, 4099]) {
        const summary = join(dir, `pieces-${name.length}-${pieceBytes}.json`);
        const r = await run(['--jobs', '3', '--verbose', '--summary-json', summary, ...opts, file], { ERRENRICH_TEST_PIECE_BYTES: String(pieceBytes) });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toMatch(/read in \d+ pieces by 3 workers/);
        expect(r.stdout === one.stdout, `piece size ${pieceBytes}: output differs`).toBe(true);
        expect(JSON.parse(readFileSync(summary, 'utf8'))).toEqual(JSON.parse(readFileSync(oneSummary, 'utf8')));
      }
    }, 300_000);
  }

  it('--locate covers every line of the file exactly once', async () => {
    const r = await run(['--jobs', '3', '--locate', file], { ERRENRICH_TEST_PIECE_BYTES: '499' });
    expect(r.code).toBe(0);
    const covered: number[] = [];
    for (const l of r.stdout.trimEnd().split('\n')) {
      const rec = JSON.parse(l) as { input: { line: number; lines: number; line_numbers?: number[] } };
      if (rec.input.line_numbers) covered.push(...rec.input.line_numbers);
      else for (let i = 0; i < rec.input.lines; i++) covered.push(rec.input.line + i);
    }
    const total = readFileSync(file, 'utf8').split('\n').length;
    expect(covered.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  }, 120_000);
});
