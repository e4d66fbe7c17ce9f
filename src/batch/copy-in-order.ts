/**
 * The ordered output of a parallel batch without --out-dir: every task writes its records to its
 * own temporary file; this copies those files to the output in input order. The file of the
 * earliest unfinished input is copied while it grows (whole records only), so records start
 * flowing at once and a reader that goes away (`| head`) is noticed early; files that finish
 * ahead of it wait on disk. Memory stays bounded: at most one read buffer.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { OutputSink } from '../output/open-output.js';

const CHUNK = 1024 * 1024;
const SCAN_BLOCK = 64 * 1024;
/** How often a growing head file is looked at when no event says it grew. */
const IDLE_WAKE_MS = 200;

type TaskState = 'waiting' | 'running' | 'done' | 'done-partial' | 'skipped';

interface Progress {
  /** Bytes of the file already copied. */
  offset: number;
  /** Bytes searched for the last newline so far. */
  scanned: number;
  /** End of the last complete record found (just after its "\n"). */
  lineEnd: number;
}

export class InOrderCopier {
  private readonly states: TaskState[];
  private readonly progress = new Map<number, Progress>();
  private next = 0;
  private wake: (() => void) | null = null;
  private readonly done: Promise<void>;

  constructor(
    n: number,
    private readonly fileOf: (index: number) => string,
    private readonly sink: OutputSink,
    /** Called when the reader went away: the remaining work is useless. */
    private readonly onReaderGone: () => void,
  ) {
    this.states = new Array<TaskState>(n).fill('waiting');
    this.done = this.copyAll();
  }

  /** The task writes its temporary file from now on. */
  started(index: number): void {
    this.states[index] = 'running';
    this.changed();
  }

  /** Copy task `index`'s file from byte `offset` on (what comes before belongs to another task's output). */
  startAt(index: number, offset: number): void {
    this.progress.set(index, { offset, scanned: offset, lineEnd: offset });
  }

  /** Its file is complete. `wholeRecordsOnly`: it may end in a cut record (a crashed worker): drop that. */
  finished(index: number, wholeRecordsOnly = false): void {
    this.states[index] = wholeRecordsOnly ? 'done-partial' : 'done';
    this.changed();
  }

  /** Nothing to copy for it (not read, or never started). */
  skipped(index: number): void {
    if (this.states[index] === 'waiting') this.states[index] = 'skipped';
    this.changed();
  }

  /** Something may have been written (a progress report). */
  changed(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Resolves when every task's output is copied (call `finished`/`skipped` for all of them). */
  whenDone(): Promise<void> {
    return this.done;
  }

  private async copyAll(): Promise<void> {
    while (this.next < this.states.length) {
      const i = this.next;
      const state = this.states[i]!;
      if (state === 'skipped') {
        this.next++;
        continue;
      }
      if (state === 'waiting') {
        await this.nextChange();
        continue;
      }
      if (state === 'running') {
        await this.copyGrowing(i, false);
        if (this.sink.closedByReader) this.onReaderGone();
        if (this.states[i] === 'running') await this.nextChange();
        continue;
      }
      await this.copyGrowing(i, state === 'done');
      if (this.sink.closedByReader) this.onReaderGone();
      this.progress.delete(i);
      this.next++;
    }
  }

  private nextChange(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.changed(), IDLE_WAKE_MS);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Copies what is new in task `i`'s file: all of it when `complete`, else up to its last whole record. */
  private async copyGrowing(i: number, complete: boolean): Promise<void> {
    if (this.sink.closedByReader) return;
    let fh: FileHandle;
    try {
      fh = await open(this.fileOf(i), 'r');
    } catch {
      return; // not created (the task failed before writing anything)
    }
    try {
      const p = this.progress.get(i) ?? { offset: 0, scanned: 0, lineEnd: 0 };
      this.progress.set(i, p);
      const size = (await fh.stat()).size;
      let end: number;
      if (complete) end = size;
      else {
        p.lineEnd = Math.max(p.lineEnd, await lastLineEnd(fh, p.scanned, size));
        p.scanned = size;
        end = p.lineEnd;
      }
      while (p.offset < end && !this.sink.closedByReader) {
        const want = Math.min(CHUNK, end - p.offset);
        const buf = Buffer.allocUnsafe(want);
        const { bytesRead } = await fh.read(buf, 0, want, p.offset);
        if (bytesRead === 0) break;
        p.offset += bytesRead;
        if (!this.sink.write(bytesRead === want ? buf : buf.subarray(0, bytesRead))) await this.sink.drained();
      }
    } finally {
      await fh.close();
    }
  }
}

/** The offset just after the last "\n" in [from, to) of the file, or 0 when there is none. */
async function lastLineEnd(fh: FileHandle, from: number, to: number): Promise<number> {
  const block = Buffer.allocUnsafe(SCAN_BLOCK);
  let hi = to;
  while (hi > from) {
    const lo = Math.max(from, hi - SCAN_BLOCK);
    const { bytesRead } = await fh.read(block, 0, hi - lo, lo);
    const nl = block.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (nl !== -1) return lo + nl + 1;
    hi = lo;
  }
  return 0;
}
