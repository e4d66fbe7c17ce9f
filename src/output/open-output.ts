/**
 * The NDJSON destination: stdout, or a file written under a temporary name and renamed when
 * complete (a crash never leaves a half file that looks whole). Writes respect backpressure;
 * a closed pipe (`| head -1`) is not an error: the run just stops.
 */
import { createWriteStream, openSync, renameSync, unlinkSync, type WriteStream } from 'node:fs';
import { OptionError } from '../options.js';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createDrainWaiters } from './drain-waiters.js';
import { OutputWriteError } from '../run/open-output-file.js';
import { removeStaleTemporaries, temporaryName, type OutputTarget } from './output-target.js';

export interface OutputSink {
  /** Returns false when the caller should wait for `drained()` before producing more. */
  write(chunk: Buffer): boolean;
  drained(): Promise<void>;
  /** The reader went away (EPIPE): stop quietly. */
  readonly closedByReader: boolean;
  /** Finish: flush, and for files rename the temporary file into place (or leave it, if !complete). */
  close(complete: boolean): Promise<void>;
}

export function openStdoutSink(stdout: Writable = process.stdout): OutputSink {
  return streamSink(stdout, async () => {
    // stdout is not ended (other code may still log to stderr); wait until what we wrote is out.
    if (stdout.writableNeedDrain) await once(stdout, 'drain').catch(() => undefined);
  });
}

/** A file planned by planOutputTarget: a device or FIFO written directly, a regular file atomically. */
export function openFileSink(target: OutputTarget): OutputSink {
  if (target.kind !== 'atomic') {
    const direct = target.kind === 'descriptor' ? createWriteStream('', { fd: target.fd, autoClose: false }) : createWriteStream(target.path, { flags: 'w' });
    return streamSink(direct, async () => {
      direct.end();
      await once(direct, target.kind === 'descriptor' ? 'finish' : 'close');
    });
  }
  const path = target.path;
  removeStaleTemporaries(path);
  const temp = temporaryName(path);
  // "wx": never opened through something already at the temporary name (a planted symlink).
  let fd: number;
  try {
    fd = openSync(temp, 'wx');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' ? 'already exists (left by a crashed run, or not ours): remove it and run again' : (code ?? String(e));
    throw new OptionError(`--output: cannot create the temporary file ${temp}: ${why}`);
  }
  const ws: WriteStream = createWriteStream(temp, { fd });
  return streamSink(ws, async (complete) => {
    ws.end();
    await once(ws, 'close');
    if (complete) renameSync(temp, path);
    else
      try {
        // Keep nothing that could be mistaken for a whole output.
        unlinkSync(temp);
      } catch {
        /* already gone */
      }
  });
}

/** A write failure of the output, told apart from a read failure of the input being processed. */
function outputError(e: Error): OutputWriteError {
  return new OutputWriteError(`cannot write the output: ${(e as NodeJS.ErrnoException).code ?? e.message}`);
}

function streamSink(stream: Writable, finish: (complete: boolean) => Promise<void>): OutputSink {
  let closedByReader = false;
  let failure: Error | null = null;
  const { wait, wake } = createDrainWaiters();
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') closedByReader = true;
    else failure = e;
    wake();
  });
  stream.on('drain', wake);
  stream.on('close', wake);
  return {
    write(chunk) {
      if (closedByReader) return true;
      if (failure) throw outputError(failure);
      try {
        return stream.write(chunk);
      } catch (e) {
        // stdout on a file writes synchronously: a full disk throws here (ENOSPC).
        failure = e as Error;
        throw outputError(failure);
      }
    },
    drained() {
      if (closedByReader || failure || !stream.writableNeedDrain) return Promise.resolve();
      return wait();
    },
    get closedByReader() {
      return closedByReader;
    },
    async close(complete) {
      if (failure) throw failure;
      await finish(complete && !closedByReader);
      if (failure) throw failure;
    },
  };
}
