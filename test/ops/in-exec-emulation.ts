/**
 * What Fluent Bit's exec input does with a command, played in Node for the tests (Fluent Bit itself
 * is not installed here; fluent/fluent-bit plugins/in_exec/in_exec.c is the reference):
 * - the command runs as `/bin/sh -c "<Command>"` in a process group of its own (in_exec_popen:
 *   fork, setpgid(0, 0), execl("/bin/sh", "sh", "-c", cmd));
 * - its stdout is read with `fgets(buf, Buf_Size, …)`: at most Buf_Size − 1 bytes per call, so a
 *   line longer than that arrives in pieces; each piece is chomped and handed to the JSON parser,
 *   and a piece that does not parse is dropped ("parser returned an error");
 * - on shutdown the engine first pauses every input (flb_engine_stop_ingestion), flushes its
 *   outputs for up to Grace seconds, and only then, in the input's pre-exit callback, sends
 *   SIGTERM to the command's process group (in_exec_pre_exit: kill(-child_pid, SIGTERM)). A record
 *   read after the pause is not delivered.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface InExec {
  child: ChildProcess;
  /** Records accepted (parsed while ingestion was active). */
  records: Record<string, unknown>[];
  /** fgets pieces that the JSON parser refused (dropped by Fluent Bit). */
  parseErrors: number;
  /** Lines read after the pause: lost at shutdown. */
  afterPause: number;
  stderr(): string;
  /** Fluent Bit's stop: pause ingestion, wait `graceMs`, SIGTERM the process group, wait for the exit. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Fluent Bit's size units are decimal: "4M" is 4,000,000 bytes (flb_utils_size_to_bytes). */
export const BUF_SIZE_4M = 4_000_000;

export function startInExec(command: string, bufSize: number): InExec {
  const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const records: Record<string, unknown>[] = [];
  let ingesting = true;
  let pending: Buffer = Buffer.alloc(0);
  let err = '';
  const state = { parseErrors: 0, afterPause: 0 };
  const deliver = (piece: Buffer) => {
    const line = piece[piece.length - 1] === 0x0a ? piece.subarray(0, -1) : piece;
    if (!ingesting) {
      state.afterPause++;
      return;
    }
    try {
      const v: unknown = JSON.parse(line.toString('utf8'));
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a map');
      records.push(v as Record<string, unknown>);
    } catch {
      state.parseErrors++;
    }
  };
  /** fgets: up to and including "\n", or Buf_Size − 1 bytes, whichever comes first. */
  const fgets = (eof: boolean) => {
    const max = bufSize - 1;
    for (;;) {
      const nl = pending.indexOf(0x0a);
      if (nl !== -1 && nl < max) {
        deliver(pending.subarray(0, nl + 1));
        pending = pending.subarray(nl + 1);
      } else if (pending.length >= max) {
        deliver(pending.subarray(0, max));
        pending = pending.subarray(max);
      } else break;
    }
    if (eof && pending.length > 0) {
      deliver(pending);
      pending = Buffer.alloc(0);
    }
  };
  child.stdout!.on('data', (c: Buffer) => {
    pending = pending.length === 0 ? c : Buffer.concat([pending, c]);
    fgets(false);
  });
  child.stdout!.on('end', () => fgets(true));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    records,
    get parseErrors() {
      return state.parseErrors;
    },
    get afterPause() {
      return state.afterPause;
    },
    stderr: () => err,
    async stop(graceMs = 200) {
      // Fluent Bit's collector thread is always reading: what is already in the pipe when the stop
      // comes was read before it. Here the pipe's pending 'data' events run first (setImmediate
      // runs after the poll phase), so this process's own scheduling delay does not count.
      await new Promise((r) => setImmediate(r));
      ingesting = false;
      await new Promise((r) => setTimeout(r, graceMs));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 10_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
