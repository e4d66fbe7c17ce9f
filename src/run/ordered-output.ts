/**
 * The output of a parallel run without --out-dir: the records of every task (a file, a piece of a
 * file, stdin) arrive as chunks from wherever it runs, and are written to the output in task order,
 * so that it is byte-identical to one thread's. The earliest unfinished task's records are written
 * as they come (whole records only: a task that dies mid-record loses its cut record, never leaves
 * half a line); later tasks' chunks wait in memory, bounded by the senders' credit (credit-sink.ts):
 * every chunk is acknowledged once written or dropped. No temporary files. Tasks may be added
 * while it runs (the pieces of a gzip file, as they are inflated): each before a task that stands
 * for the rest of that input and is left waiting until no more come.
 */
import type { OutputSink } from '../output/open-output.js';

type TaskState = 'waiting' | 'running' | 'done' | 'done-partial' | 'skipped';

export class OrderedOutput {
  private readonly states: TaskState[];
  private readonly queues: Buffer[][];
  /** Bytes at the start of a task's output that are not its to write (a piece's overlap). */
  private readonly skip: number[];
  /** Task indices in output order (`head` is a position in it). */
  private readonly order: number[];
  /** The head task's bytes after its last "\n", held until the record is whole. */
  private carry: Buffer[] = [];
  private head = 0;
  private pumping = false;
  private again = false;
  private finish: (() => void) | null = null;
  private readonly done: Promise<void>;

  constructor(
    n: number,
    private readonly sink: OutputSink,
    /** `bytes` of task `index`'s chunks were written or dropped (its sender may send more). */
    private readonly ack: (index: number, bytes: number) => void,
    /** The reader went away: the remaining work is useless. */
    private readonly onReaderGone: () => void,
  ) {
    this.states = new Array<TaskState>(n).fill('waiting');
    this.queues = Array.from({ length: n }, () => []);
    this.skip = new Array<number>(n).fill(0);
    this.order = Array.from({ length: n }, (_, i) => i);
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.pump();
  }

  /**
   * A new task (its index is returned: the next unused one), written right before task `before`,
   * which must not have been written yet (a waiting task holds the place).
   */
  addBefore(before: number): number {
    const at = this.order.indexOf(before, this.head);
    if (at === -1) throw new Error(`internal error: task ${before} is not waiting to be written`);
    const index = this.states.length;
    this.states.push('waiting');
    this.queues.push([]);
    this.skip.push(0);
    this.order.splice(at, 0, index);
    return index;
  }

  /** Its output may be written once it is the earliest; the first `skipBytes` of it are dropped. */
  start(index: number, skipBytes = 0): void {
    if (this.states[index] !== 'waiting') return;
    this.skip[index] = skipBytes;
    this.states[index] = 'running';
    this.pump();
  }

  chunk(index: number, chunk: Buffer): void {
    if (this.states[index] === 'skipped' || this.sink.closedByReader) {
      this.ack(index, chunk.length);
      return;
    }
    this.queues[index]!.push(chunk);
    if (index === this.order[this.head]) this.pump();
  }

  /** All its chunks were sent. `wholeRecordsOnly`: it may end in a cut record (a crashed worker): drop that. */
  finished(index: number, wholeRecordsOnly = false): void {
    if (this.states[index] === 'skipped') return;
    this.states[index] = wholeRecordsOnly ? 'done-partial' : 'done';
    this.pump();
  }

  /** Nothing of it is written (not read, stopped, or a piece another task read). */
  skipped(index: number): void {
    if (this.states[index] === 'done' || this.states[index] === 'done-partial') return;
    this.states[index] = 'skipped';
    this.drop(index);
    this.pump();
  }

  /** Resolves when every task is written or skipped (call `finished` or `skipped` for each). */
  whenDone(): Promise<void> {
    return this.done;
  }

  private drop(index: number): void {
    const q = this.queues[index]!;
    this.queues[index] = [];
    for (const c of q) this.ack(index, c.length);
  }

  /** Something changed: write what can be written (once at a time; a change meanwhile means one more pass). */
  private pump(): void {
    this.again = true;
    if (this.pumping) return;
    this.pumping = true;
    void (async () => {
      while (this.again) {
        this.again = false;
        await this.writeInOrder();
      }
      this.pumping = false;
    })();
  }

  private async writeInOrder(): Promise<void> {
    while (this.head < this.order.length) {
      const i = this.order[this.head]!;
      if (this.sink.closedByReader) {
        this.drop(i);
        this.head++;
        continue;
      }
      if (this.states[i] === 'skipped') {
        this.carry = [];
        this.head++;
        continue;
      }
      if (this.states[i] === 'waiting') return; // its start is not known yet: `start` pumps again
      const q = this.queues[i]!;
      while (q.length > 0) {
        const c = q.shift()!;
        await this.writeWhole(i, c);
        if (this.sink.closedByReader) this.onReaderGone();
      }
      const state = this.states[i];
      if (state === 'running') return; // more to come: `chunk`/`finished` pump again
      if (state === 'done' && this.carry.length > 0) await this.writeOut(Buffer.concat(this.carry));
      this.carry = [];
      this.head++;
    }
    this.finish?.();
  }

  /** Writes the whole records of `c` (after the task's skipped bytes), keeps its cut tail in `carry`. */
  private async writeWhole(i: number, chunk: Buffer): Promise<void> {
    let c = chunk;
    if (this.skip[i]! > 0) {
      const n = Math.min(this.skip[i]!, c.length);
      this.skip[i]! -= n;
      c = c.subarray(n);
    }
    const nl = c.lastIndexOf(0x0a);
    if (nl === -1) {
      if (c.length > 0) this.carry.push(c);
    } else {
      const whole = this.carry.length > 0 ? Buffer.concat([...this.carry, c.subarray(0, nl + 1)]) : c.subarray(0, nl + 1);
      this.carry = nl + 1 < c.length ? [c.subarray(nl + 1)] : [];
      await this.writeOut(whole);
    }
    this.ack(i, chunk.length);
  }

  private async writeOut(b: Buffer): Promise<void> {
    if (b.length === 0 || this.sink.closedByReader) return;
    if (!this.sink.write(b)) await this.sink.drained();
  }
}
