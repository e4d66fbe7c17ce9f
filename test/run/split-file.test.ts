/**
 * One plain file read by several workers in pieces: the output is byte-identical to one thread's,
 * --locate line numbers included, and so is the summary, wherever the pieces start. Pieces here are
 * a few hundred bytes (ERRENRICH_TEST_PIECE_BYTES) and the file repeats a block holding every kind
 * of joined event, so starts fall inside each of them: Docker partials (with the other stream in
 * between), CRI P/F, a pretty-printed JSON payload, a JSON block that never closes, stack traces,
 * kubectl prefixes, an over-long line, a line without its final newline — and a partial held open
 * for longer than a piece's window, so that whole pieces are read by the worker before them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../ops/ops-helpers.js';
import { makeFile, run, SPLIT_VARIANTS } from './split-corpus.js';

afterAll(removeTempDirs);

describe('one file in pieces across workers', () => {
  const dir = tempDir();
  const file = makeFile(dir);

  for (const [name, opts] of SPLIT_VARIANTS) {
    it(`${name}: output and summary byte-identical to --jobs 1, for several piece sizes`, async () => {
      const oneSummary = join(dir, `one-${name.length}.json`);
      const one = await run(['--jobs', '1', '--summary-json', oneSummary, ...opts, file]);
      expect(one.code).toBe(0);
      for (const pieceBytes of [331, 1009, 4099]) {
        const summary = join(dir, `pieces-${name.length}-${pieceBytes}.json`);
        const r = await run(['--jobs', '3', '--verbose', '--summary-json', summary, ...opts, file], { ERRENRICH_TEST_PIECE_BYTES: String(pieceBytes) });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toMatch(/read in \d+ pieces by 3 workers/);
        expect(r.stdout === one.stdout, `piece size ${pieceBytes}: output differs`).toBe(true);
        expect(JSON.parse(readFileSync(summary, 'utf8'))).toEqual(JSON.parse(readFileSync(oneSummary, 'utf8')));
      }
    }, 300_000);
  }

  it('--locate covers every line of the file exactly once', async () => {
    const r = await run(['--jobs', '3', '--locate', file], { ERRENRICH_TEST_PIECE_BYTES: '499' });
    expect(r.code).toBe(0);
    const covered: number[] = [];
    for (const l of r.stdout.trimEnd().split('\n')) {
      const rec = JSON.parse(l) as { input: { line: number; lines: number; line_numbers?: number[] } };
      if (rec.input.line_numbers) covered.push(...rec.input.line_numbers);
      else for (let i = 0; i < rec.input.lines; i++) covered.push(rec.input.line + i);
    }
    const total = readFileSync(file, 'utf8').split('\n').length;
    expect(covered.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  }, 120_000);
});
