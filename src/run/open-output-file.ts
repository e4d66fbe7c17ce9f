/**
 * The --out-dir output file of one input: plain or gzip, written under a temporary name in the same
 * directory (created exclusively, so an existing file or symlink there is never written through)
 * and renamed into place only when the input was read completely.
 */
import { createWriteStream, renameSync, unlinkSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import type { OutputSink } from '../output/open-output.js';
import { createDrainWaiters } from '../output/drain-waiters.js';
import { loadZlib } from '../runtime/load-zlib.js';

/** Writing the output failed (disk full, permissions): the input is fine, its output is not. */
export class OutputWriteError extends Error {
  override name = 'OutputWriteError';
}

export interface OutputFileOptions {
  gzip: boolean;
  /** Temporary name + rename on complete close (else write `path` directly). */
  atomic: boolean;
}

export function openOutputFile(path: string, o: OutputFileOptions): OutputSink {
  const target = o.atomic ? join(dirname(path), `.${basename(path)}.errenrich-${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`) : path;
  const file = createWriteStream(target, { flags: o.atomic ? 'wx' : 'w' });
  const gzip = o.gzip ? loadZlib().createGzip() : null;
  if (gzip) gzip.pipe(file);
  const head: Writable = gzip ?? file;
  let failure: Error | null = null;
  const { wait, wake } = createDrainWaiters();
  const fail = (e: Error) => {
    failure ??= new OutputWriteError(`cannot write its output ${path}: ${e.message}`);
    wake();
  };
  file.on('error', fail);
  gzip?.on('error', fail);
  head.on('drain', wake);
  const removeTemp = () => {
    try {
      unlinkSync(target);
    } catch {
      /* already gone */
    }
  };
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
        if (!file.closed) await once(file, 'close').catch(() => undefined);
      }
      if (failure) {
        if (o.atomic) removeTemp();
        throw failure;
      }
      if (!o.atomic) return;
      if (complete) renameSync(target, path);
      else removeTemp();
    },
  };
}
