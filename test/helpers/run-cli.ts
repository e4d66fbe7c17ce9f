/**
 * Runs the built CLI (dist/bin/errenrich.cjs, or $ERRENRICH_CLI) as a child process: feeds stdin, collects
 * stdout/stderr, the exit code, the wall time and the peak RSS (measured inside the child by
 * report-rss.mjs, so it needs no /usr/bin/time). Tests that use it must run after `npm run build`
 * (npm test and npm run test:stress both build first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = process.env.ERRENRICH_CLI ?? join(REPO, 'dist', 'bin', 'errenrich.cjs');
const RSS_REPORTER = fileURLToPath(new URL('./report-rss.mjs', import.meta.url));

export const MiB = 1024 * 1024;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  /** Wall time from spawn to exit, ms. */
  ms: number;
  /** Peak RSS of the CLI process in bytes (null if it did not exit normally). */
  peakRss: number | null;
}

export interface CliOptions {
  /** Bytes for stdin, or a stream piped into it; stdin is closed (empty) when absent. */
  input?: Buffer | string | Readable | AsyncIterable<Buffer>;
  cwd?: string;
  env?: Record<string, string>;
  /** Kill the child (SIGKILL) after this long and fail. Default 60 s. */
  timeoutMs?: number;
  /** Keep stdout in memory (default true); false: count bytes and lines only, for huge outputs. */
  keepStdout?: boolean;
  /** Called with each stdout chunk (e.g. to check lines while streaming). */
  onStdout?: (chunk: Buffer) => void;
  /** Extra node options before the script (e.g. another --import). */
  nodeArgs?: string[];
}

export interface RunningCli {
  child: ChildProcess;
  result: Promise<CliResult>;
  /** Bytes of stdout seen so far. */
  stdoutBytes(): number;
}

/** Starts the CLI; the caller may signal `child` before awaiting `result`. */
export function startCli(args: string[], opts: CliOptions = {}): RunningCli {
  const rssDir = mkdtempSync(join(tmpdir(), 'errenrich-rss-'));
  const rssFile = join(rssDir, 'rss');
  const started = Date.now();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', RSS_REPORTER, CLI, ...args], {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, ...opts.env, ERRENRICH_TEST_RSS_FILE: rssFile },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  let outBytes = 0;
  const keep = opts.keepStdout ?? true;
  child.stdout!.on('data', (c: Buffer) => {
    outBytes += c.length;
    if (keep) out.push(c);
    opts.onStdout?.(c);
  });
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => {
    if (err.length < 1_000_000) err += c;
  });
  child.stdin!.on('error', () => {
    /* the CLI may stop reading early (a signal, a refused rule): not the test's concern here */
  });
  feedStdin(child, opts.input);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const result = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`errenrich ${args.join(' ')}: no exit after ${timeoutMs} ms (hang); stderr: ${err.slice(0, 2000)}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - started;
      let peakRss: number | null = null;
      if (existsSync(rssFile)) peakRss = Number(readFileSync(rssFile, 'utf8'));
      rmSync(rssDir, { recursive: true, force: true });
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: err, ms, peakRss });
    });
  });
  return { child, result, stdoutBytes: () => outBytes };
}

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return startCli(args, opts).result;
}

function feedStdin(child: ChildProcess, input: CliOptions['input']): void {
  const stdin = child.stdin!;
  if (input === undefined) {
    stdin.end();
    return;
  }
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    stdin.end(input);
    return;
  }
  void (async () => {
    try {
      for await (const chunk of input as AsyncIterable<Buffer>) {
        if (stdin.destroyed) return;
        if (!stdin.write(chunk)) await drainedOrClosed(stdin);
      }
      stdin.end();
    } catch {
      stdin.destroy();
    }
  })();
}

function drainedOrClosed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** Splits NDJSON output into lines; throws if the output does not end with "\n" (a cut line). */
export function ndjsonLines(stdout: Buffer | string): string[] {
  const s = typeof stdout === 'string' ? stdout : stdout.toString('utf8');
  if (s === '') return [];
  if (!s.endsWith('\n')) throw new Error(`output does not end with a newline: …${JSON.stringify(s.slice(-200))}`);
  return s.slice(0, -1).split('\n');
}

/** Every output line parsed as JSON; the error names the first line that is not whole JSON. */
export function parseNdjson(stdout: Buffer | string): Record<string, unknown>[] {
  return ndjsonLines(stdout).map((l, i) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`output line ${i + 1} is not JSON (${(e as Error).message}): ${JSON.stringify(l.slice(0, 300))}`);
    }
  });
}

/**
 * With ERRENRICH_BOUNDS_FILE set, appends "name<TAB>ms<TAB>peak RSS MiB" for the run: how the
 * measured bounds in docs/reliability.md are collected.
 */
export function recordBound(name: string, r: Pick<CliResult, 'ms' | 'peakRss'>): void {
  const out = process.env.ERRENRICH_BOUNDS_FILE;
  if (!out) return;
  const rss = r.peakRss === null ? '-' : (r.peakRss / MiB).toFixed(0);
  appendFileSync(out, `${name}\t${r.ms}\t${rss}\n`);
}
