/**
 * One piece of a file (enrichFilePiece) reports events detection failed on as one thread does: the
 * count at each mark of its window (so that the main thread can leave out those before the
 * hand-over) and the reason of the first one (the warning names it).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../ops/ops-helpers.js';
import { enrichFilePiece } from '../../src/run/enrich-file-piece.js';
import { openFilePieces } from '../../src/run/piece-source.js';
import { createStopSignal } from '../../src/run/stop-signal.js';
import { loadKnowledge } from '../../src/pipeline/load-knowledge.js';
import { resolveOptions } from '../../src/options.js';
import type { OutputSink } from '../../src/output/open-output.js';

afterAll(removeTempDirs);

const sink: OutputSink = { write: () => true, drained: () => Promise.resolve(), closedByReader: false, close: () => Promise.resolve() };

describe('enrichFilePiece', () => {
  it('events detection failed on: counted at each mark, the first reason kept', async () => {
    const k = loadKnowledge();
    // Detection made to throw on one code (what a bug in a rule or a catalog lookup would do).
    const failing = {
      ...k,
      lookup: (req: Parameters<typeof k.lookup>[0]) => {
        if (req.code === 'Boom') throw new RangeError('Maximum call stack size exceeded');
        return k.lookup(req);
      },
    };
    const first = 'plain\n';
    const text = `${first}{"Response":{"Error":{"Code":"Boom","Message":"x"}}}\n{"Response":{"Error":{"Code":"AuthFailure","Message":"x"}}}\n`;
    const file = join(tempDir(), 'piece.log');
    writeFileSync(file, text);
    const bounds = [0, first.length, text.length];
    const result = await enrichFilePiece(
      { index: 1, input: { path: file, relative: 'piece.log' }, outPath: '', gzip: false, outDir: null, toMain: true, piece: { piece: 1, firstLine: 2, from: { bounds } } },
      { options: resolveOptions({}), knowledge: () => failing, failOn: null, stop: createStopSignal().signal },
      sink,
      () => openFilePieces(file, bounds),
    );
    expect(result.outcome).toEqual({ ok: true });
    expect(result.summary.failed_events).toBe(1);
    expect(result.piece!.marks.map((m) => [m.lines, m.failedEvents])).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(result.firstEventFailure).toBe('Maximum call stack size exceeded');
  });
});
