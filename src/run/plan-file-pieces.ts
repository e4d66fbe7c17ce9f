/**
 * One big plain file shared by several workers: where its pieces start, and (for --locate) the
 * number of each piece's first line. A piece starts just after a "\n", never inside a line; which
 * piece a multi-line event straddling a start belongs to is settled later (enrich-file-piece.ts).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const SCAN_BLOCK = 64 * 1024;

/** A plain file is split into pieces only when each piece would have at least this much; a gzip file's pieces hold this much. */
export const PIECE_MIN_BYTES = 16 * 1024 * 1024;

/**
 * Decoded bytes per compressed byte, at least, assumed of a gzip file (text logs inflate 5 to 20
 * times): its decoded size is not known before it is inflated.
 */
const GZIP_MIN_RATIO = 4;

/**
 * Big enough to be read in pieces of `pieceBytes` (at least two of them): a plain file by its
 * size, a gzip file (`gzip`) by its compressed size times GZIP_MIN_RATIO.
 */
export function holdsTwoPieces(size: number, gzip: boolean, pieceBytes: number): boolean {
  return (gzip ? size * GZIP_MIN_RATIO : size) >= 2 * pieceBytes;
}

/**
 * The start offsets of up to `pieces` pieces of the file, ascending, the first one 0, followed by
 * the file's size: piece k is [starts[k], starts[k + 1]). A line longer than a piece makes fewer pieces.
 */
export function planFilePieces(path: string, size: number, pieces: number): number[] {
  const bounds = [0];
  const fd = openSync(path, 'r');
  try {
    const block = Buffer.allocUnsafe(SCAN_BLOCK);
    for (let k = 1; k < pieces; k++) {
      let at = Math.max(Math.floor((size * k) / pieces), bounds[bounds.length - 1]!);
      let start = -1;
      while (at < size && start === -1) {
        const n = readSync(fd, block, 0, Math.min(SCAN_BLOCK, size - at), at);
        if (n === 0) break;
        const nl = block.subarray(0, n).indexOf(0x0a);
        if (nl !== -1) start = at + nl + 1;
        else at += n;
      }
      if (start === -1 || start >= size) break;
      if (start > bounds[bounds.length - 1]!) bounds.push(start);
    }
  } finally {
    closeSync(fd);
  }
  bounds.push(size);
  return bounds;
}

/** The number of the first line of each piece: 1 + the newlines before its start (one read of the file up to the last start). */
export function countFirstLines(path: string, bounds: readonly number[]): number[] {
  const firstLines = [1];
  const fd = openSync(path, 'r');
  try {
    const block = Buffer.allocUnsafe(1024 * 1024);
    let newlines = 0;
    let pos = 0;
    for (let k = 1; k < bounds.length - 1; k++) {
      const to = bounds[k]!;
      while (pos < to) {
        const n = readSync(fd, block, 0, Math.min(block.length, to - pos), pos);
        if (n === 0) break;
        const view = block.subarray(0, n);
        for (let i = view.indexOf(0x0a); i !== -1; i = view.indexOf(0x0a, i + 1)) newlines++;
        pos += n;
      }
      firstLines.push(newlines + 1);
    }
  } finally {
    closeSync(fd);
  }
  return firstLines;
}

/** One big gzip file is fanned out to the workers only on a machine with at least this many cores. */
export const GZIP_FAN_OUT_MIN_CORES = 3;

/**
 * Is one big gzip file worth inflating in the main thread for the workers? Only when that thread
 * has a core of its own beside theirs: on two cores, inflating while two workers enrich was slower
 * and dearer than one worker doing both (docs/bench-results.md). `testPieceBytes`: tests split
 * small files on any machine.
 */
export function gzipFanOutPays(testPieceBytes: number | null, cores = availableParallelism()): boolean {
  return testPieceBytes !== null || cores >= GZIP_FAN_OUT_MIN_CORES;
}
