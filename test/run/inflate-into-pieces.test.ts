/**
 * InflatedPieces without workers: where pieces are cut, what they hold, and the bound on pieces
 * held while the workers have not finished them; and readChunks/GunzipMembers giving every byte
 * decoded before a truncation even to a reader that waits between chunks.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InflatedPieces } from '../../src/run/inflate-into-pieces.js';
import { gzipFanOutPays } from '../../src/run/plan-file-pieces.js';
import type { DecodedPiece } from '../../src/run/piece-source.js';
import { openFileInput, readChunks } from '../../src/input/open-input.js';
import { removeTempDirs, tempDir } from '../ops/ops-helpers.js';

afterAll(removeTempDirs);

const dir = tempDir();
const lines = Array.from({ length: 3000 }, (_, i) => (i % 500 === 7 ? 'x'.repeat(2500) : `line ${i} ${'y'.repeat(i % 40)}`)).join('\n') + '\nlast without newline';
const text = Buffer.from(lines);
const file = join(dir, 'in.log.gz');
writeFileSync(file, gzipSync(text));

async function inflate(pieceBytes: number, maxHeld: number, finishAfterMs: number) {
  const pieces: { piece: DecodedPiece; firstLine: number }[] = [];
  let finished = 0;
  let mostHeld = 0;
  const inflater: InflatedPieces = new InflatedPieces({
    path: file,
    pieceBytes,
    maxHeld,
    locate: true,
    onRawBytes: () => {},
    wanted: () => true,
    onPiece: (k, piece, firstLine) => {
      pieces.push({ piece, firstLine });
      mostHeld = Math.max(mostHeld, pieces.length - finished);
      setTimeout(() => {
        finished++;
        inflater.finished(k);
      }, finishAfterMs);
    },
  });
  const outcome = await inflater.run();
  return { outcome, pieces, mostHeld };
}

describe('InflatedPieces', () => {
  it('cuts at the first line end after the piece size, inside a line only past twice it; the pieces are the decoded bytes, in order, with their first line numbers', async () => {
    const { outcome, pieces } = await inflate(1000, 4, 0);
    expect(outcome).toEqual({ ok: true });
    expect(Buffer.concat(pieces.map((p) => Buffer.from(p.piece.bytes))).equals(text)).toBe(true);
    let start = 0;
    for (const { piece, firstLine } of pieces) {
      expect(piece.start).toBe(start);
      start = piece.end;
      const before = text.subarray(0, piece.start);
      expect(firstLine).toBe(before.toString().split('\n').length);
      expect(piece.startsLine).toBe(piece.start === 0 || text[piece.start - 1] === 0x0a);
      expect(piece.end - piece.start).toBeLessThanOrEqual(2000);
    }
    expect(pieces.some((p) => !p.piece.startsLine)).toBe(true); // the 2500-byte lines are cut inside
    expect(start).toBe(text.length);
  });

  it('holds at most maxHeld pieces that are not finished: inflation waits for them', async () => {
    const { pieces, mostHeld } = await inflate(700, 3, 5);
    expect(pieces.length).toBeGreaterThan(20);
    expect(mostHeld).toBeLessThanOrEqual(3);
  });

  it('a worker waiting for the next piece gets it even when the bound is reached; null after the end', async () => {
    let inflater: InflatedPieces | null = null;
    const asked: (DecodedPiece | null)[] = [];
    inflater = new InflatedPieces({
      path: file,
      pieceBytes: 5000,
      maxHeld: 1,
      locate: false,
      onRawBytes: () => {},
      wanted: () => true,
      // Nothing is ever finished: only the waiting reader lets inflation go on.
      onPiece: (k) => {
        if (k < 100) void inflater!.piece(k + 1).then((p) => asked.push(p));
      },
    });
    await inflater.run();
    expect(asked.filter((p) => p !== null).length).toBeGreaterThan(5);
    expect(asked[asked.length - 1]).toBeNull();
    expect(asked.filter((p) => p !== null).map((p) => p!.start)).toEqual([...asked.filter((p) => p !== null).map((p) => p!.start)].sort((a, b) => a - b));
  });
});

describe('a truncated gzip file, read by a reader that waits between chunks', () => {
  it('gives every byte `gzip -d` decodes before the cut, then the error', async () => {
    // Very compressible: one read of the file inflates to more than the reader takes at once.
    const big = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `{"log":"e${i}\\n","stream":"stderr"}`).join('\n'));
    const whole = gzipSync(big);
    const cut = join(dir, 'cut.log.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const read = async (waitMs: number) => {
      const got: Buffer[] = [];
      let error = '';
      try {
        for await (const c of readChunks(await openFileInput(cut))) {
          got.push(c);
          if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
        }
      } catch (e) {
        error = (e as Error).message;
      }
      return { bytes: Buffer.concat(got), error };
    };
    const fast = await read(0);
    const slow = await read(3);
    expect(fast.error).toMatch(/unexpected end of file/);
    expect(slow.error).toBe(fast.error);
    expect(fast.bytes.length).toBeGreaterThan(big.length / 2);
    expect(slow.bytes.equals(fast.bytes)).toBe(true);
    expect(big.subarray(0, fast.bytes.length).equals(fast.bytes)).toBe(true);
  });
});

describe('when one gzip file is fanned out', () => {
  it('only with a core for the inflating thread beside the workers (three or more), or when tests set a piece size', () => {
    expect(gzipFanOutPays(null, 2)).toBe(false);
    expect(gzipFanOutPays(null, 1)).toBe(false);
    expect(gzipFanOutPays(null, 3)).toBe(true);
    expect(gzipFanOutPays(null, 16)).toBe(true);
    expect(gzipFanOutPays(4099, 2)).toBe(true);
  });
});
