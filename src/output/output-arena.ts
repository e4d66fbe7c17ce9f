/**
 * One growing buffer per input chunk for output records: records are copied in once, as bytes,
 * instead of allocating a Buffer per record and concatenating them.
 */
const SMALL_COPY = 48;

export class OutputArena {
  private buf: Buffer;
  private len = 0;

  constructor(private readonly initial = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  get length(): number {
    return this.len;
  }

  bytes(b: Buffer, start = 0, end = b.length): void {
    const n = end - start;
    this.ensure(n);
    if (n <= SMALL_COPY) {
      // Buffer#copy costs a fixed ~100 ns a call; short pieces are cheaper copied by hand.
      const buf = this.buf;
      let at = this.len;
      for (let i = start; i < end; i++) buf[at++] = b[i]!;
    } else {
      b.copy(this.buf, this.len, start, end);
    }
    this.len += n;
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.len++] = c;
  }

  /** Writes a string as UTF-8. */
  text(s: string): void {
    // A JS string of length L needs at most 3L bytes in UTF-8.
    this.ensure(s.length * 3);
    this.len += this.buf.write(s, this.len, 'utf8');
  }

  /** The bytes written so far; the arena starts afresh (the returned buffer is never reused). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.len);
    // Sized for what the last take held, with room to spare: spare capacity is memory that waits,
    // with the record bytes, for the garbage collector.
    this.buf = Buffer.allocUnsafe(Math.max(this.initial, this.len + (this.len >> 2)));
    this.len = 0;
    return out;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
}
