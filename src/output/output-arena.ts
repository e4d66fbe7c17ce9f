/**
 * One growing buffer per input chunk for output records: records are copied in once, as bytes,
 * instead of allocating a Buffer per record and concatenating them.
 */
const SMALL_COPY = 48;

/** The letter after the backslash for the controls JSON.stringify writes short (b t n f r); 0: u00xx. */
const SHORT_ESCAPES = new Uint8Array(32);
SHORT_ESCAPES[0x08] = 0x62;
SHORT_ESCAPES[0x09] = 0x74;
SHORT_ESCAPES[0x0a] = 0x6e;
SHORT_ESCAPES[0x0c] = 0x66;
SHORT_ESCAPES[0x0d] = 0x72;
const HEX_DIGITS = Buffer.from('0123456789abcdef');

export class OutputArena {
  private buf: Buffer;
  private len = 0;
  /**
   * Records that are their input lines as they are, newline included, waiting to be copied in one
   * piece: `run[runStart, runEnd)`. Flushed before anything else is written, and at `take`: a run
   * never outlives the write of the chunk it points into.
   */
  private run: Buffer | null = null;
  private runStart = 0;
  private runEnd = 0;

  constructor(private readonly initial = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  get length(): number {
    return this.len + (this.run === null ? 0 : this.runEnd - this.runStart);
  }

  /**
   * The record `b[start, end)` + "\n". When `b[end]` is that newline (the line's own), records of
   * consecutive lines of one chunk are copied together: one copy for a run of untouched lines.
   */
  lineAsIs(b: Buffer, start: number, end: number): void {
    if (end >= b.length || b[end] !== 0x0a) {
      this.bytes(b, start, end);
      this.byte(0x0a);
      return;
    }
    if (this.run === b && start === this.runEnd) {
      this.runEnd = end + 1;
      return;
    }
    if (this.run !== null) this.flushRun();
    this.run = b;
    this.runStart = start;
    this.runEnd = end + 1;
  }

  bytes(b: Buffer, start = 0, end = b.length): void {
    if (this.run !== null) this.flushRun();
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
    if (this.run !== null) this.flushRun();
    this.ensure(1);
    this.buf[this.len++] = c;
  }

  /**
   * Valid UTF-8 bytes as the inside of a JSON string, escaped exactly as JSON.stringify escapes
   * the decoded text: a backslash before `"` and itself, b t n f r after it for those controls,
   * u00xx for the other controls; every other byte (multi-byte sequences included) as it is. No
   * decode, no re-encode.
   */
  jsonEscaped(b: Buffer, start: number, end: number): void {
    if (this.run !== null) this.flushRun();
    this.ensure((end - start) * 6);
    const buf = this.buf;
    let at = this.len;
    for (let i = start; i < end; i++) {
      const c = b[i]!;
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
        buf[at++] = c;
        continue;
      }
      buf[at++] = 0x5c;
      const short = c < 0x20 ? SHORT_ESCAPES[c]! : c;
      if (short !== 0) {
        buf[at++] = short;
      } else {
        buf[at++] = 0x75; // u00xx
        buf[at++] = 0x30;
        buf[at++] = 0x30;
        buf[at++] = HEX_DIGITS[c >> 4]!;
        buf[at++] = HEX_DIGITS[c & 15]!;
      }
    }
    this.len = at;
  }

  /** Writes a string as UTF-8. */
  text(s: string): void {
    if (this.run !== null) this.flushRun();
    // A JS string of length L needs at most 3L bytes in UTF-8.
    this.ensure(s.length * 3);
    this.len += this.buf.write(s, this.len, 'utf8');
  }

  /** The bytes written so far; the arena starts afresh (the returned buffer is never reused). */
  take(): Buffer {
    if (this.run !== null) this.flushRun();
    const out = this.buf.subarray(0, this.len);
    // Sized for what the last take held, with room to spare: spare capacity is memory that waits,
    // with the record bytes, for the garbage collector.
    this.buf = Buffer.allocUnsafe(Math.max(this.initial, this.len + (this.len >> 2)));
    this.len = 0;
    return out;
  }

  private flushRun(): void {
    const run = this.run!;
    this.run = null;
    this.bytes(run, this.runStart, this.runEnd);
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
}
