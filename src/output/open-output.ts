/**
 * The NDJSON destinations: stdout, -o FILE, and the --out-dir file of each input; files are
 * written under a temporary name (output-target.ts createTemporaryFile) and renamed when
 * complete (a crash never leaves a half file that looks whole). Writes respect backpressure;
 * a closed pipe (`| head -1`) is not an error: the run just stops.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { OptionError } from '../options.js';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createDrainWaiters } from './drain-waiters.js';
import { loadZlib } from '../runtime/load-zlib.js';
import { createTemporaryFile, removeStaleTemporaries, removeStaleTemporariesIn, temporaryName, type OutputTarget, type TemporaryFile } from './output-target.js';

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
  let file: TemporaryFile;
  try {
    file = createTemporaryFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' ? 'already exists (left by a crashed run, or not ours): remove it and run again' : (code ?? String(e));
    throw new OptionError(`--output: cannot create the temporary file ${temporaryName(path)}: ${why}`);
  }
  const ws: WriteStream = createWriteStream(file.temp, { fd: file.fd });
  return streamSink(ws, async (complete) => {
    ws.end();
    await once(ws, 'close');
    if (complete) file.commit();
    else file.discard();
  });
}

/** Writing the output failed (disk full, permissions): the input is fine, its output is not. */
export class OutputWriteError extends Error {
  override name = 'OutputWriteError';
}

/** Directories whose stale temporaries this process (thread) has removed already. */
const cleanedDirs = new Set<string>();

/**
 * The --out-dir file of one input, plain or gzip: written under a temporary name beside it
 * (createTemporaryFile, unique per output: worker threads share the pid) and renamed into place
 * only when the input was read completely. Open errors are thrown; write errors come back as
 * OutputWriteError from write() or close().
 */
export function openOutDirFile(path: string, o: { gzip: boolean }): OutputSink {
  const dir = dirname(path);
  if (!cleanedDirs.has(dir)) {
    cleanedDirs.add(dir);
    removeStaleTemporariesIn(dir);
  }
  const tmp = createTemporaryFile(path, uniqueSuffix());
  const fileStream = createWriteStream(tmp.temp, { fd: tmp.fd });
  const gzip = o.gzip ? loadZlib().createGzip() : null;
  if (gzip) gzip.pipe(fileStream);
  const head: Writable = gzip ?? fileStream;
  let failure: Error | null = null;
  const { wait, wake } = createDrainWaiters();
  const fail = (e: Error) => {
    failure ??= new OutputWriteError(`cannot write its output ${path}: ${e.message}`);
    wake();
  };
  fileStream.on('error', fail);
  gzip?.on('error', fail);
  head.on('drain', wake);
  return {
    write(chunk) {
      if (failure) throw failure;
      return head.write(chunk);
    },
    drained() {
      if (failure || !head.writableNeedDrain) return Promise.resolve();
      return wait();
    },
    closedByReader: false,
    async close(complete) {
      if (!failure) {
        head.end();
        // An error destroys the stream, which then closes too.
        if (!fileStream.closed) await once(fileStream, 'close').catch(() => undefined);
      }
      if (failure) {
        tmp.discard();
        throw failure;
      }
      if (complete) tmp.commit();
      else tmp.discard();
    },
  };
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

/**
 * A temporary name's part that differs between this thread's outputs (a counter) and between
 * worker threads, which share the pid (eight random hex digits; Math.random is seeded per thread).
 * Not node:crypto: loading it cost every run ~5 ms of start-up; a clash would only make the
 * exclusive create fail loudly.
 */
let temporaries = 0;
function uniqueSuffix(): string {
  temporaries += 1;
  return temporaries.toString(36) + Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
}
