/**
 * One big gzip file across all workers: it is inflated here, in one thread, exactly as `--jobs 1`
 * reads it (open-input.ts: the same decoder, so multi-member files, trailing garbage and a stream
 * corrupt mid-way give the same bytes and the same outcome), and its decoded bytes are cut into
 * pieces that workers enrich like the pieces of a plain file (enrich-file-piece.ts, with the same
 * hand-over rule; piece-chain.ts and ordered-output.ts put their outputs together).
 *
 * A piece ends at the first line end after `pieceBytes` decoded bytes; a line longer than that is
 * cut after twice `pieceBytes` (the next piece then starts inside a line and never hands over at
 * its start). Each piece is copied once into a SharedArrayBuffer that its worker, and the worker
 * of the piece before when it reads past its end, view without copying.
 *
 * Memory bound: a piece is held from when it is inflated until every piece up to it has its
 * result; inflation pauses while `maxHeld` pieces are held, so at most `maxHeld` pieces of at most
 * twice `pieceBytes` each are in memory. Inflation goes on past the bound only while a worker
 * waits for the next piece to read past its end into (an event still open after a window of
 * lines: the bound then grows by the pieces that event spans).
 */
import type { Readable } from 'node:stream';
import { describeError } from '../input/expand-inputs.js';
import { inputWarning, openFileInput, readChunks } from '../input/open-input.js';
import type { EnrichInputOutcome } from './enrich-input.js';
import type { DecodedPiece } from './piece-source.js';

export interface InflateRequest {
  path: string;
  /** Decoded bytes per piece (see the module comment). */
  pieceBytes: number;
  /** Pieces held at most (see the module comment). */
  maxHeld: number;
  /** Count each piece's first line number (--locate). */
  locate: boolean;
  /** Compressed bytes read (progress). */
  onRawBytes: (n: number) => void;
  /** A piece is inflated (pieces come in order, from 0). */
  onPiece: (k: number, piece: DecodedPiece, firstLine: number) => void;
  /** False once the pieces are of no use (a stop, the reader went away, an earlier piece failed): inflation ends. */
  wanted: () => boolean;
}

export class InflatedPieces {
  /** Pieces inflated so far. */
  private count = 0;
  private readonly held = new Map<number, DecodedPiece>();
  private readonly done = new Set<number>();
  private firstUnfinished = 0;
  private ended = false;
  /** Workers waiting for a piece not yet inflated. */
  private readonly waiters = new Map<number, ((p: DecodedPiece | null) => void)[]>();
  private wakeUp: (() => void) | null = null;
  // The decoded bytes not yet in a piece.
  private parts: Buffer[] = [];
  private partsBytes = 0;
  /** Bytes of `parts` already searched for the line end that closes the piece. */
  private searched = 0;
  private start = 0;
  private startsLine = true;
  private firstLine = 1;

  constructor(private readonly req: InflateRequest) {}

  /** Inflates the whole file (or until it is no longer wanted); resolves with the input's outcome, as `--jobs 1` would have it. */
  async run(): Promise<EnrichInputOutcome> {
    let stream: Readable;
    try {
      stream = await openFileInput(this.req.path, this.req.onRawBytes);
    } catch (e) {
      this.end();
      return { ok: false, phase: 'open', reason: describeError(e) };
    }
    let outcome: EnrichInputOutcome = { ok: true };
    try {
      for await (const chunk of readChunks(stream)) {
        await this.take(chunk);
        if (!this.req.wanted()) break;
      }
    } catch (e) {
      if (this.req.wanted()) outcome = { ok: false, phase: 'read', reason: describeError(e) };
    }
    if (this.req.wanted()) {
      // What was decoded before the end (or before an error) is read, as one thread reads it.
      if (this.partsBytes > 0 || this.count === 0) {
        await this.room();
        this.cut(this.partsBytes, this.startsLine);
      }
    } else stream.destroy();
    this.end();
    const warning = outcome.ok ? inputWarning(stream) : null;
    return warning !== null ? { ok: true, warning } : outcome;
  }

  /** Piece k (a worker reads past its end into it): once inflated; null when the data ended before it. */
  piece(k: number): Promise<DecodedPiece | null> {
    if (k < this.count) {
      const p = this.held.get(k);
      if (p === undefined) return Promise.reject(new Error(`internal error: piece ${k} is no longer held`));
      return Promise.resolve(p);
    }
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => {
      const list = this.waiters.get(k) ?? [];
      list.push(resolve);
      this.waiters.set(k, list);
      this.wake();
    });
  }

  /** Piece k has its result: the pieces before the first one without a result are no longer held. */
  finished(k: number): void {
    this.done.add(k);
    while (this.done.delete(this.firstUnfinished)) this.held.delete(this.firstUnfinished++);
    this.wake();
  }

  /** Something changed (a piece finished, the run stopped): look again whether to inflate on. */
  wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }

  private async room(): Promise<void> {
    while (this.req.wanted() && this.held.size >= this.req.maxHeld && !this.waiters.has(this.count)) {
      await new Promise<void>((resolve) => (this.wakeUp = resolve));
    }
  }

  /** Cuts what can be cut, each piece once there is room for it. */
  private async take(chunk: Buffer): Promise<void> {
    this.parts.push(chunk);
    this.partsBytes += chunk.length;
    const target = this.req.pieceBytes;
    while (this.partsBytes >= target) {
      await this.room();
      if (!this.req.wanted()) return;
      const nl = this.lineEndFrom(Math.max(target - 1, this.searched));
      if (nl !== -1 && nl < 2 * target) this.cut(nl + 1, true);
      else if (this.partsBytes >= 2 * target) this.cut(2 * target, false);
      else {
        this.searched = this.partsBytes;
        return;
      }
    }
  }

  /** The first "\n" at or after byte `from` of the decoded bytes not yet in a piece; -1: none yet. */
  private lineEndFrom(from: number): number {
    let base = 0;
    for (const p of this.parts) {
      if (from < base + p.length) {
        const i = p.indexOf(0x0a, Math.max(0, from - base));
        if (i !== -1) return base + i;
      }
      base += p.length;
    }
    return -1;
  }

  /** The first `length` bytes not yet in a piece make the next piece; `nextStartsLine`: the piece after starts a line. */
  private cut(length: number, nextStartsLine: boolean): void {
    const bytes = new SharedArrayBuffer(length);
    const view = Buffer.from(bytes);
    let at = 0;
    while (at < length) {
      const p = this.parts[0]!;
      const n = Math.min(p.length, length - at);
      p.copy(view, at, 0, n);
      at += n;
      if (n === p.length) this.parts.shift();
      else this.parts[0] = p.subarray(n);
    }
    this.partsBytes -= length;
    this.searched = 0;
    const piece: DecodedPiece = { start: this.start, end: this.start + length, startsLine: this.startsLine, bytes };
    const k = this.count++;
    this.held.set(k, piece);
    const firstLine = this.firstLine;
    if (this.req.locate) for (let i = view.indexOf(0x0a); i !== -1; i = view.indexOf(0x0a, i + 1)) this.firstLine++;
    this.start += length;
    this.startsLine = nextStartsLine;
    this.req.onPiece(k, piece, firstLine);
    const waiting = this.waiters.get(k);
    this.waiters.delete(k);
    for (const resolve of waiting ?? []) resolve(piece);
  }

  /** No more pieces: whoever waits for one is told the data ended. */
  private end(): void {
    this.ended = true;
    for (const list of this.waiters.values()) for (const resolve of list) resolve(null);
    this.waiters.clear();
  }
}
