/**
 * Byte-level line splitting. Works on Buffers so that no line is decoded unless a later stage
 * needs its text, and so that invalid UTF-8 never reaches a decoder by accident.
 *
 * Memory is bounded by `maxLineBytes`: a line that grows past it is not held but streamed to the
 * sink in pieces (`overlongStart` / `overlongPiece` / `overlongEnd`), so a 100 MB line without a
 * newline costs no more memory than a 1 MiB one. Such a line is never dropped.
 */

export interface Line {
  /** The line's bytes without the trailing "\n" (and without a "\r" before it). */
  bytes: Buffer;
  /** 1-based line number within the current input. */
  number: number;
  /**
   * Known from the chunk-wide scan (lines that lie inside one chunk): does the line contain a
   * trigger literal, and is it valid UTF-8? Undefined when not known (then checked per line).
   */
  triggered?: boolean;
  utf8?: boolean;
}

export interface LineSink {
  line(line: Line): void;
  /**
   * Optional fast lane: a complete line inside a chunk (`chunk[start, end)`, without its line
   * ending) that holds no trigger and is valid UTF-8, offered before a Line is made for it. True:
   * the sink took it (it counts as a line); false: it is delivered through `line` as usual.
   */
  fastLine?(chunk: Buffer, start: number, end: number): boolean;
  /** A line exceeded maxLineBytes: `head` is its first bytes; pieces and the end follow. */
  overlongStart(head: Buffer, number: number): void;
  overlongPiece(piece: Buffer): void;
  overlongEnd(totalBytes: number): void;
}

import { isUtf8 } from 'node:buffer';
import { findCandidates, type TriggerScan } from '../detect/trigger-scan.js';

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lineNumber = 0;
  /** Inside an overlong line that is being streamed to the sink. */
  private inOverlong = false;
  private overlongTotal = 0;
  /** A "\r" at the end of a streamed piece, held back in case the next byte is the "\n". */
  private heldCR = false;

  /** The byte pre-filter, run once per chunk instead of once per line (see Line.triggered). */
  private scan: TriggerScan | null = null;

  constructor(
    private readonly maxLineBytes: number,
    private readonly sink: LineSink,
  ) {}

  setTriggerScan(scan: TriggerScan): void {
    this.scan = scan;
  }

  push(chunk: Buffer): void {
    let start = 0;
    let nl = chunk.indexOf(LF, start);
    if (nl === -1) {
      this.hold(chunk);
      return;
    }
    // One pass per trigger anchor over the whole chunk, and one UTF-8 check up to its last
    // newline: far cheaper than several native calls per line. A line never contains "\n", so a
    // hit starting inside a line lies wholly inside it.
    const hits = this.triggerHits(chunk);
    const chunkUtf8 = isUtf8(chunk.subarray(0, chunk.lastIndexOf(LF) + 1));
    let h = 0;
    while (nl !== -1) {
      if (this.inOverlong) {
        this.finishOverlong(chunk.subarray(start, nl), true);
      } else if (this.pendingBytes > 0) {
        this.pending.push(chunk.subarray(start, nl));
        const bytes = Buffer.concat(this.pending, this.pendingBytes + (nl - start));
        this.pending = [];
        this.pendingBytes = 0;
        this.emitLine(bytes);
      } else {
        while (h < hits.length && hits[h]! < start) h++;
        const triggered = h < hits.length && hits[h]! < nl;
        const end = nl > start && chunk[nl - 1] === CR ? nl - 1 : nl;
        if (!triggered && chunkUtf8 && this.scan !== null && end - start <= this.maxLineBytes && this.sink.fastLine?.(chunk, start, end) === true) this.lineNumber += 1;
        else this.emitLine(chunk.subarray(start, nl), triggered, chunkUtf8 ? true : undefined);
      }
      start = nl + 1;
      nl = chunk.indexOf(LF, start);
    }
    if (start < chunk.length) this.hold(chunk.subarray(start));
  }

  /** End of input: the unterminated last line, if any, is a line too. */
  end(): void {
    if (this.inOverlong) {
      this.finishOverlong(Buffer.alloc(0), false);
    } else if (this.pendingBytes > 0) {
      const bytes = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
      this.emitLine(bytes);
    }
  }

  /** Restart numbering for the next input (files are processed one after another); `firstLine`: the number of the next line (a piece of a file starts past its first line). */
  reset(firstLine = 1): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.inOverlong = false;
    this.overlongTotal = 0;
    this.heldCR = false;
    this.lineNumber = firstLine - 1;
  }

  /** True while part of a line is held waiting for its newline. */
  get holding(): boolean {
    return this.pendingBytes > 0 || this.inOverlong;
  }

  private hold(rest: Buffer): void {
    if (this.inOverlong) {
      this.streamPiece(rest);
      return;
    }
    // Copy: the chunk may be a pooled buffer reused by the stream after we return.
    this.pending.push(Buffer.from(rest));
    this.pendingBytes += rest.length;
    if (this.pendingBytes > this.maxLineBytes + 1) {
      const head = Buffer.concat(this.pending, this.pendingBytes);
      this.pending = [];
      this.pendingBytes = 0;
      this.lineNumber += 1;
      this.inOverlong = true;
      this.overlongTotal = 0;
      this.heldCR = head[head.length - 1] === CR;
      const body = this.heldCR ? head.subarray(0, -1) : head;
      this.overlongTotal = body.length;
      this.sink.overlongStart(body, this.lineNumber);
    }
  }

  private streamPiece(piece: Buffer): void {
    const body = this.withHeldCR(piece);
    if (body.length > 0 && body[body.length - 1] === CR) {
      this.heldCR = true;
      this.sendPiece(body.subarray(0, -1));
    } else {
      this.sendPiece(body);
    }
  }

  /** `beforeNewline`: a "\r" directly before the "\n" is the line ending, not content. */
  private finishOverlong(lastPiece: Buffer, beforeNewline: boolean): void {
    let body = this.withHeldCR(lastPiece);
    if (beforeNewline && body.length > 0 && body[body.length - 1] === CR) body = body.subarray(0, -1);
    this.sendPiece(body);
    this.sink.overlongEnd(this.overlongTotal);
    this.inOverlong = false;
    this.overlongTotal = 0;
  }

  /** Puts a held "\r" back in front of the next piece: it was content after all. */
  private withHeldCR(piece: Buffer): Buffer {
    if (!this.heldCR) return piece;
    this.heldCR = false;
    return Buffer.concat([CR_BYTE, piece]);
  }

  private sendPiece(piece: Buffer): void {
    if (piece.length === 0) return;
    this.overlongTotal += piece.length;
    this.sink.overlongPiece(Buffer.from(piece));
  }

  private triggerHits(chunk: Buffer): number[] {
    return this.scan === null ? [] : findCandidates(chunk, chunk.length, this.scan, false);
  }

  private emitLine(raw: Buffer, triggered?: boolean, utf8?: boolean): void {
    const bytes = raw.length > 0 && raw[raw.length - 1] === CR ? raw.subarray(0, raw.length - 1) : raw;
    this.lineNumber += 1;
    if (bytes.length > this.maxLineBytes) {
      // Complete in one chunk but too long for detection: delivered the same way as a streamed one.
      this.sink.overlongStart(bytes, this.lineNumber);
      this.sink.overlongEnd(bytes.length);
      return;
    }
    const line: Line = { bytes, number: this.lineNumber };
    if (triggered !== undefined && this.scan !== null) line.triggered = triggered;
    if (utf8 !== undefined) line.utf8 = utf8;
    this.sink.line(line);
  }
}

const CR_BYTE = Buffer.from([CR]);
