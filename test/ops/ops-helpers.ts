/** Shared by the operating-mode tests: temp dirs, bounded waits, a follow process and its output. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const CLI = fileURLToPath(new URL('../../dist/bin/errenrich.cjs', import.meta.url));

export const TENCENT = '{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad signature"},"RequestId":"r-1"}}';
export const HUAWEI = '{"error_code":"CCI.02.409101","error_msg":"namespace already exists"}';

const created: string[] = [];

/** A fresh directory under the OS temp dir; `removeTempDirs` (afterAll) deletes them. */
export function tempDir(prefix = 'errenrich-ops-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  created.push(d);
  return d;
}

export function removeTempDirs(): void {
  for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A user catalog overriding the built-in description of AuthFailure.SignatureFailure. */
export function overrideCatalog(description: string): string {
  return JSON.stringify({
    id: 'acme-override',
    version: '2026.12.01',
    vendor: 'tencent',
    service: 'tke',
    entries: [
      {
        code: 'AuthFailure.SignatureFailure',
        description: { zh: 'ACME 说明', en: description },
        remediation: { zh: '联系平台组。', en: 'Contact the platform team.' },
        category: 'auth',
        retryable: false,
      },
    ],
  });
}

/** Polls `check` until it returns a value other than undefined; fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface LiveCli {
  child: ChildProcess;
  /** Complete stdout lines so far. */
  lines: string[];
  stderr(): string;
  /** Resolves with the exit once the process is gone and its pipes are closed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until stdout holds at least `n` lines; returns them. */
  waitForLines(n: number, timeoutMs?: number): Promise<string[]>;
  waitForStderr(re: RegExp, timeoutMs?: number): Promise<void>;
}

/** Starts a long-running process (errenrich --follow, or a shell around it) and watches its output. */
export function startLive(command: string, args: string[], opts: { detached?: boolean; cwd?: string } = {}): LiveCli {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: opts.detached ?? false, cwd: opts.cwd });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => {
    const parts = (partial + c).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitForLines: (n, timeoutMs = 10_000) => waitFor(`${n} output line(s) (have ${lines.length}; stderr: ${err.slice(-500)})`, () => (lines.length >= n ? lines.slice() : undefined), timeoutMs),
    waitForStderr: async (re, timeoutMs = 10_000) => {
      await waitFor(`stderr matching ${re} (stderr: ${err.slice(-500)})`, () => (re.test(err) ? true : undefined), timeoutMs);
    },
  };
}

/** Bounded wait for an exit; kills the process (group) with SIGKILL if it does not come. */
export async function exitWithin(live: LiveCli, timeoutMs = 10_000, group = false): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      try {
        if (group && live.child.pid) process.kill(-live.child.pid, 'SIGKILL');
        else live.child.kill('SIGKILL');
      } catch {
        /* gone */
      }
      reject(new Error(`no exit within ${timeoutMs} ms; stderr: ${live.stderr().slice(-1000)}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([live.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Short flush and poll: a followed line shows up within a few hundred milliseconds. */
const FAST_FOLLOW = ['--flush-ms', '200', '--poll-ms', '100'];

/**
 * For a test file of `errenrich --follow` runs: `follow` starts one (`FAST_FOLLOW` settings unless
 * others are given), `watch` adopts a run started otherwise; after each test, a run the test left
 * going is killed.
 */
export function followPerTest(): { follow: (args: string[], settings?: string[]) => LiveCli; watch: (run: LiveCli) => LiveCli } {
  let live: LiveCli | null = null;
  afterEach(async () => {
    if (live && live.child.exitCode === null && live.child.signalCode === null) {
      live.child.kill('SIGKILL');
      await live.exited;
    }
    live = null;
  });
  const watch = (run: LiveCli) => (live = run);
  return { follow: (args, settings = FAST_FOLLOW) => watch(startLive(process.execPath, [CLI, '--follow', ...settings, ...args])), watch };
}
