/**
 * What is held at the end (or at an idle flush) comes out in input order: by the first line each
 * stream holds, not by when the stream was first seen. A piece of a split file starts with a fresh
 * framer, so any history-dependent order would differ from the framer that read the whole file.
 */
import { describe, expect, it } from 'vitest';
import { enrichInChunks } from '../helpers/enrich-in-chunks.js';

const docker = (log: string, stream: string) => JSON.stringify({ log, stream, time: '2026-11-23T10:00:00Z' });

/** The first input line of each record, in output order. */
async function firstLinesOfRecords(input: Buffer): Promise<number[]> {
  const out = (await enrichInChunks(input, 1 << 30, { locate: true })).toString('utf8');
  return out
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { input: { line: number } }).input.line);
}

describe('held events at the end of input', () => {
  it('two streams holding partials: the one whose held line comes first is emitted first, whichever stream was seen first', async () => {
    const input = Buffer.from(
      [
        docker('part', 'stderr'), // line 1: stderr seen first
        docker('rest\n', 'stderr'), // line 2: completes it
        docker('x', 'stdout'), // line 3: a stdout partial, held to the end
        docker('y', 'stderr'), // line 4: a stderr partial, held to the end
      ].join('\n') + '\n',
    );
    expect(await firstLinesOfRecords(input)).toEqual([1, 3, 4]);
  });

  it('a JSON block and a partial of another stream, both open at the end: in the order of their first lines', async () => {
    const input = Buffer.from(
      [
        docker('a {\n', 'stdout'), // line 1: stdout seen first, opens a block
        docker('}\n', 'stdout'), // line 2: closes it
        docker('p', 'stderr'), // line 3: stderr partial, held
        docker('b {\n', 'stdout'), // line 4: stdout block, never closed
      ].join('\n') + '\n',
    );
    expect(await firstLinesOfRecords(input)).toEqual([1, 3, 4]);
  });
});
