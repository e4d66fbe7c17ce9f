/**
 * Where a piece's worker reads its bytes from (enrich-file-piece.ts): a plain file, read at
 * positions, or bytes the main thread inflated from a gzip file (run/inflate-into-pieces.ts),
 * shared with the worker as SharedArrayBuffers. A piece reads its own bytes and, to find where it
 * hands over, on into the pieces after it: the same two calls serve both sources.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes per read: the engine is given blocks of this size, whatever the source. */
const READ_BYTES = 256 * 1024;

/** Piece k's bytes: [start, end) of the input (decoded bytes for gzip). */
export interface PieceExtent {
  start: number;
  end: number;
  /** False when the piece was cut inside a line (a line longer than a piece): it can never hand over at its start. */
  startsLine: boolean;
}

/** One piece of decoded bytes, as the main thread shares it (plain data: it crosses the worker boundary). */
export interface DecodedPiece extends PieceExtent {
  /** The piece's bytes, written once before it is shared and never changed. */
  bytes: SharedArrayBuffer;
}

export interface PieceSource {
  /** Piece k, once known; null when the input ends before it. */
  extent(k: number): PieceExtent | null | Promise<PieceExtent | null>;
  /**
   * Up to READ_BYTES from `at`, not past `upTo` (both inside one piece whose extent was asked).
   * Never a buffer that is later overwritten: the framer's held lines point into it.
   */
  read(at: number, upTo: number): Buffer;
  /** Bytes read from disk so far (progress); 0 for decoded bytes, whose compressed bytes the main thread counts. */
  readonly rawBytes: number;
  close(): void;
}

/** A plain file; `bounds`: every piece's start, then the file's size (piece k is [bounds[k], bounds[k + 1])). */
export function openFilePieces(path: string, bounds: readonly number[]): PieceSource {
  const fd = openSync(path, 'r');
  let rawBytes = 0;
  return {
    extent: (k) => (k + 1 < bounds.length ? { start: bounds[k]!, end: bounds[k + 1]!, startsLine: true } : null),
    read(at, upTo) {
      // A fresh buffer each time: held lines of the framer point into it.
      const want = Math.min(READ_BYTES, upTo - at);
      const buf = Buffer.allocUnsafe(want);
      const bytesRead = readSync(fd, buf, 0, want, at);
      if (bytesRead === 0) throw new Error(`the file shrank while it was read (at byte ${at})`);
      rawBytes += bytesRead;
      return bytesRead === want ? buf : buf.subarray(0, bytesRead);
    },
    get rawBytes() {
      return rawBytes;
    },
    close: () => closeSync(fd),
  };
}

/**
 * Decoded bytes: piece `own` came with the task; a later piece is asked for with `want` (the main
 * thread answers once it is inflated, or null at the end of the data). Views, never copies.
 */
export function decodedPieces(piece: number, own: DecodedPiece, want: (k: number) => Promise<DecodedPiece | null>): PieceSource {
  const held = new Map<number, DecodedPiece | null>([[piece, own]]);
  // Reads go forward: the piece of the last read is the one asked first.
  let last = own;
  const pieceAt = (at: number): DecodedPiece => {
    if (at >= last.start && at < last.end) return last;
    for (const p of held.values()) if (p !== null && at >= p.start && at < p.end) return (last = p);
    throw new Error(`internal error: byte ${at} is in no piece held here`);
  };
  return {
    extent(k) {
      if (held.has(k)) return held.get(k)!;
      return want(k).then((p) => {
        held.set(k, p);
        return p;
      });
    },
    read(at, upTo) {
      const p = pieceAt(at);
      const to = Math.min(upTo, p.end, at + READ_BYTES);
      return Buffer.from(p.bytes, at - p.start, to - at);
    },
    rawBytes: 0,
    close: () => held.clear(),
  };
}
