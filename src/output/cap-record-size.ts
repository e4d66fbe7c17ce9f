/**
 * The output size contract (`--max-record-bytes`): no NDJSON record is longer than the bound. A
 * record that would be is emitted shortened, never dropped: its longest string values are cut
 * (at a character boundary, never inside an escape) until it fits, and a marker says what was cut
 * and how long the record was:
 *
 *   {"message":"aaaa…","errenrich_cut":{"record_bytes":5242936,"fields":{"message":5242880}}}
 *
 * `fields` maps each cut string's path (keys joined by ".", "[]" for array elements) to its
 * original length in bytes as written (escaped). The result is valid JSON whenever the input was,
 * so a downstream JSON parser with a fixed line buffer (Fluent Bit's exec input: Buf_Size) accepts it.
 *
 * This works on finished record bytes only, so it does not care which stage built the record: it
 * sits in front of the output and every record passes it. Records that fit pass through as the
 * same Buffer (one length check per output chunk in the common case). A record that does not fit
 * is scanned once; of each string value at most `maxBytes` bytes are kept while scanning, so an
 * over-long line streamed in pieces is shortened in memory bounded by the cap, not by the line.
 */

/** The key added to a shortened record. */
export const CUT_MARKER_KEY = 'errenrich_cut';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;

/** Shortens one complete record (without its "\n") to at most `maxBytes` bytes; unchanged if it fits. */
export function capRecord(record: Buffer, maxBytes: number): Buffer {
  if (record.length <= maxBytes) return record;
  const cutter = new RecordCutter(maxBytes);
  cutter.feed(record);
  return cutter.finish();
}

/**
 * The streaming form, in front of a writer: chunks of NDJSON in (records may span chunks), chunks
 * out with every record within `maxBytes` (plus its "\n"). `cut` counts shortened records.
 */
export class RecordSizeCap {
  cut = 0;
  /** Bytes of the current record not written yet (it may still turn out too long). */
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** Set once the current record is known to be too long. */
  private cutter: RecordCutter | null = null;

  constructor(
    private readonly maxBytes: number,
    private readonly write: (chunk: Buffer) => boolean,
  ) {}

  /** Returns the writer's backpressure answer for the last write (true if nothing was written). */
  push(chunk: Buffer): boolean {
    if (this.heldBytes === 0 && this.cutter === null && chunk.length <= this.maxBytes + 1 && chunk[chunk.length - 1] === LF) return this.write(chunk);
    let ok = true;
    let passFrom = 0;
    let at = 0;
    while (at < chunk.length) {
      const nl = chunk.indexOf(LF, at);
      const end = nl === -1 ? chunk.length : nl;
      if (this.cutter !== null) {
        this.cutter.feed(chunk.subarray(at, end));
        if (nl === -1) return ok;
        ok = this.write(Buffer.concat([this.cutter.finish(), NEWLINE]));
        this.cut += 1;
        this.cutter = null;
        passFrom = at = nl + 1;
        continue;
      }
      const recordBytes = this.heldBytes + (end - at);
      if (recordBytes <= this.maxBytes) {
        if (nl === -1) {
          // An unterminated record at the chunk's end: hold it until its end shows whether it fits.
          if (at > passFrom) ok = this.write(chunk.subarray(passFrom, at));
          this.held.push(Buffer.from(chunk.subarray(at)));
          this.heldBytes += chunk.length - at;
          return ok;
        }
        if (this.heldBytes > 0) {
          ok = this.write(Buffer.concat([...this.held, chunk.subarray(at, nl + 1)]));
          this.held = [];
          this.heldBytes = 0;
          passFrom = nl + 1;
        }
        at = nl + 1;
        continue;
      }
      // Too long: what came before it goes out as it is; the record goes through the cutter.
      if (at > passFrom) ok = this.write(chunk.subarray(passFrom, at));
      this.cutter = new RecordCutter(this.maxBytes);
      for (const h of this.held) this.cutter.feed(h);
      this.held = [];
      this.heldBytes = 0;
      passFrom = at; // re-entered below with the cutter set
    }
    if (passFrom < chunk.length) ok = this.write(chunk.subarray(passFrom));
    return ok;
  }

  /** End of output: an unterminated last record goes out as it is (shortened if needed). */
  end(): void {
    if (this.cutter !== null) {
      this.write(this.cutter.finish());
      this.cut += 1;
      this.cutter = null;
    } else if (this.heldBytes > 0) {
      this.write(Buffer.concat(this.held));
    }
    this.held = [];
    this.heldBytes = 0;
  }
}

const NEWLINE = Buffer.from('\n');

/** A string value seen while scanning: its path, its length, and the bytes kept of it. */
interface StringPart {
  path: string;
  total: number;
  kept: Buffer[];
  keptBytes: number;
}

type Part = Buffer | StringPart;

/**
 * Scans one record's bytes (in any number of pieces) and keeps its structure plus at most
 * `maxBytes` of each string value; `finish` decides how much of which strings to keep.
 */
class RecordCutter {
  private readonly parts: Part[] = [];
  private raw: Buffer[] = [];
  private total = 0;
  /** Containers: for an object the key of its current member, for an array null. */
  private readonly stack: { key: string | null; isArray: boolean }[] = [];
  private inString = false;
  private stringIsKey = false;
  private escaped = false;
  private keyBytes: number[] = [];
  private afterColon = false;
  private current: StringPart | null = null;

  constructor(private readonly maxBytes: number) {}

  feed(piece: Buffer): void {
    this.total += piece.length;
    let rawFrom = 0;
    for (let i = 0; i < piece.length; i++) {
      const c = piece[i]!;
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
        } else if (c === BACKSLASH) {
          this.escaped = true;
        } else if (c === QUOTE) {
          this.inString = false;
          if (this.current !== null) {
            this.keep(piece.subarray(rawFrom, i));
            this.parts.push(this.current);
            this.current = null;
            rawFrom = i; // the closing quote is structure
          } else if (this.stringIsKey) {
            const top = this.stack[this.stack.length - 1];
            if (top) top.key = Buffer.from(this.keyBytes).toString('utf8');
          }
          continue;
        }
        if (this.stringIsKey && this.keyBytes.length < 200) this.keyBytes.push(c);
        continue;
      }
      switch (c) {
        case QUOTE: {
          const top = this.stack[this.stack.length - 1];
          this.inString = true;
          this.stringIsKey = top !== undefined && !top.isArray && !this.afterColon;
          if (this.stringIsKey) {
            this.keyBytes = [];
          } else {
            this.flushRaw(piece.subarray(rawFrom, i + 1));
            this.sealRaw();
            rawFrom = i + 1;
            this.current = { path: this.path(), total: 0, kept: [], keptBytes: 0 };
          }
          break;
        }
        case 0x7b: // {
          this.stack.push({ key: null, isArray: false });
          this.afterColon = false;
          break;
        case 0x5b: // [
          this.stack.push({ key: null, isArray: true });
          break;
        case 0x7d: // }
        case 0x5d: // ]
          this.stack.pop();
          this.afterColon = false;
          break;
        case 0x3a: // :
          this.afterColon = true;
          break;
        case 0x2c: // ,
          this.afterColon = false;
          break;
      }
    }
    if (this.current !== null) this.keep(piece.subarray(rawFrom));
    else this.flushRaw(piece.subarray(rawFrom));
  }

  /** The shortened record. */
  finish(): Buffer {
    if (this.current !== null) {
      // Ended inside a string (not JSON we wrote): what was kept of it is kept.
      this.parts.push(this.current);
      this.current = null;
    }
    this.sealRaw();
    const strings = this.parts.filter((p): p is StringPart => !Buffer.isBuffer(p));
    const fixed = this.parts.reduce((s, p) => s + (Buffer.isBuffer(p) ? p.length : 0), 0);
    // Water-filling: the largest L such that every string cut to at most L bytes, plus the
    // structure and the marker, fits. The marker names the strings longer than L, so it is
    // recomputed until the set of cut strings stops growing.
    let marker = '';
    let limit = 0;
    for (let round = 0; round < 4; round++) {
      limit = largestFittingLimit(
        strings.map((s) => s.total),
        // +1: the comma before the marker
        this.maxBytes - fixed - (marker === '' ? 0 : Buffer.byteLength(marker) + 1),
      );
      const next = this.marker(strings.filter((s) => s.total > limit));
      if (next.length <= marker.length) break;
      marker = next;
    }
    const out: Buffer[] = [];
    for (const p of this.parts) {
      if (Buffer.isBuffer(p)) out.push(p);
      else if (p.total <= limit) out.push(...p.kept);
      else out.push(safePrefix(Buffer.concat(p.kept, p.keptBytes), limit));
    }
    let body = Buffer.concat(out);
    const close = body.lastIndexOf(0x7d);
    if (close > 0 && marker !== '') {
      let last = close - 1;
      while (last > 0 && (body[last] === 0x20 || body[last] === 0x09 || body[last] === 0x0d)) last--;
      const separator = body[last] === 0x7b ? '' : ',';
      body = Buffer.concat([body.subarray(0, close), Buffer.from(separator + marker), body.subarray(close)]);
    }
    if (body.length > this.maxBytes) {
      // The structure alone (keys, numbers, nesting) does not fit: say so rather than drop it.
      body = Buffer.from(`{"${CUT_MARKER_KEY}":${JSON.stringify({ record_bytes: this.total, fields: {}, structure_too_large: true })}}`);
    }
    return body;
  }

  private marker(cut: StringPart[]): string {
    const fields: Record<string, number> = {};
    for (const s of cut) fields[s.path] = s.total;
    return `"${CUT_MARKER_KEY}":${JSON.stringify({ record_bytes: this.total, fields })}`;
  }

  private keep(content: Buffer): void {
    const s = this.current!;
    s.total += content.length;
    const room = this.maxBytes - s.keptBytes;
    if (room <= 0 || content.length === 0) return;
    const piece = Buffer.from(content.subarray(0, room));
    s.kept.push(piece);
    s.keptBytes += piece.length;
  }

  private flushRaw(b: Buffer): void {
    if (b.length > 0) this.raw.push(Buffer.from(b));
  }

  /** Structure scanned so far becomes a part of its own (a string value starts after it). */
  private sealRaw(): void {
    if (this.raw.length > 0) this.parts.push(Buffer.concat(this.raw));
    this.raw = [];
  }

  private path(): string {
    const names: string[] = [];
    for (const c of this.stack) names.push(c.isArray ? '[]' : (c.key ?? ''));
    return names.join('.').replace(/\.\[\]/g, '[]');
  }
}

/** The largest L with sum(min(len, L)) <= budget (0 if even that does not fit). */
function largestFittingLimit(lengths: number[], budget: number): number {
  if (budget <= 0) return 0;
  const sorted = [...lengths].sort((a, b) => a - b);
  let used = 0;
  for (let i = 0; i < sorted.length; i++) {
    const rest = sorted.length - i;
    // Can every remaining string keep sorted[i] bytes?
    if (used + sorted[i]! * rest > budget) return Math.max(0, Math.floor((budget - used) / rest));
    used += sorted[i]!;
  }
  return Number.MAX_SAFE_INTEGER;
}

/**
 * The longest prefix of escaped JSON string content of at most `limit` bytes that ends between two
 * characters: never inside an escape (`\n`, `\u00e9`) or a UTF-8 sequence.
 */
function safePrefix(content: Buffer, limit: number): Buffer {
  let i = 0;
  let end = 0;
  while (i < content.length) {
    const c = content[i]!;
    const step = c === BACKSLASH ? escapeLength(content, i) : c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    if (i + step > limit) break;
    i += step;
    end = i;
  }
  return content.subarray(0, end);
}

/** Bytes of the escape at `i`; a surrogate pair (`\ud83d\ude00`) counts as one, so no cut splits it. */
function escapeLength(content: Buffer, i: number): number {
  if (content[i + 1] !== 0x75) return 2;
  const high = content.toString('latin1', i + 2, i + 6).toLowerCase();
  return high >= 'd800' && high <= 'dbff' && content[i + 6] === BACKSLASH ? 12 : 6;
}

/** Below this a cap leaves too little room for a record's structure and the marker. */
export const MIN_RECORD_CAP = 1024;

/** `sink` with every record capped at `maxBytes` (0: no cap); `cut()` tells how many were shortened. */
export function capOutput<S extends { write(chunk: Buffer): boolean; close(complete: boolean): Promise<void> }>(sink: S, maxBytes: number): S & { cut(): number } {
  if (maxBytes === 0) return Object.assign(sink, { cut: () => 0 });
  const cap = new RecordSizeCap(maxBytes, (chunk) => sink.write(chunk));
  // The other members (drained, closedByReader) stay the sink's own, through the prototype.
  return Object.assign(Object.create(sink) as S, {
    write: (chunk: Buffer) => cap.push(chunk),
    close: (complete: boolean) => {
      cap.end();
      return sink.close(complete);
    },
    cut: () => cap.cut,
  });
}
