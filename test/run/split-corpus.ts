/**
 * The input of the split-file tests (a plain file, and gzip files made from it): a block holding
 * every kind of joined event, repeated, so that piece starts fall inside each of them — Docker
 * partials (with the other stream in between), CRI P/F, a pretty-printed JSON payload, a JSON block
 * that never closes, stack traces, SDK exception header blocks, kubectl prefixes, an over-long line, a line without its final
 * newline — and a partial held open for longer than a piece's window, so that whole pieces are
 * read by the worker before them. And the CLI, run asynchronously.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../ops/ops-helpers.js';

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
    read('sdk-exception-field-lines'),
    read('sdk-exception-field-lines-stack'),
    read('kubectl-prefix-timestamps'),
    `plain line ${i}\n`,
    `{"Response":{"Error":{"Code":"InvalidParameter.R${i % 7}","Message":"x"},"RequestId":"r-${i}"}}\n`,
    `${'o'.repeat(700)}\n`,
  ];
  return parts.join('');
}

export function makeFile(dir: string): string {
  let text = '';
  for (let i = 0; i < 12; i++) text += block(i);
  // A Docker stdout partial held open while more lines of the other stream pass than a piece's
  // window (WINDOW_LINES): the pieces that start in there are read by the worker before them.
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
export function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr }));
  });
}

/** Option sets every split test runs: the output must be byte-identical to --jobs 1 with each. */
export const SPLIT_VARIANTS: [string, string[]][] = [
  ['default', []],
  ['--locate --multiline stack', ['--locate', '--multiline', 'stack']],
  ['--errors-only --locate, small --max-line-bytes', ['--errors-only', '--locate', '--max-line-bytes', '600']],
];
