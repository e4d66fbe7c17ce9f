/**
 * The no-loss property of test/reliability/no-loss.test.ts with many more runs and longer inputs
 * (stress suite: npm run test:stress).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { checkNoLoss } from '../helpers/check-no-loss.js';
import { enrichInChunks } from '../helpers/enrich-in-chunks.js';
import { chunking, generatedInput, type LineFamily } from '../helpers/log-line-arbitraries.js';

const options = fc.record({
  maxLineBytes: fc.constantFrom(1024 * 1024, 40, 120, 500),
  maxEventLines: fc.constantFrom(500, 2, 3, 10),
  maxEventBytes: fc.constantFrom(1024 * 1024, 60, 300),
  multiline: fc.constantFrom<'none' | 'stack'>('none', 'stack'),
  input: fc.constantFrom<'auto' | 'text' | 'docker' | 'cri' | 'kubectl'>('auto', 'auto', 'auto', 'text', 'docker', 'cri', 'kubectl'),
  errorsOnly: fc.constant(false),
});

const cases: [LineFamily, number][] = [
  ['line-stream', 1500],
  ['docker-stdout', 800],
  ['cri-stdout', 800],
  ['mixed', 2500],
];

describe('no loss, long property runs', () => {
  for (const [family, runs] of cases) {
    it(`${family}, ${runs} runs of up to 200 lines, random chunks and bounds: every line accounted for once, text kept (< 60 s)`, async () => {
      await fc.assert(
        fc.asyncProperty(generatedInput(200, family), chunking, options, async (input, chunks, opts) => {
          const out = await enrichInChunks(input.bytes, chunks, { ...opts, locate: true });
          const report = checkNoLoss(input, out);
          if (report.problem) {
            const shown = JSON.stringify(input.bytes.toString('utf8')).slice(0, 4000);
            throw new Error(`${report.problem}\noptions: ${JSON.stringify(opts)} chunks: ${JSON.stringify(chunks)}\ninput (as UTF-8): ${shown}`);
          }
        }),
        { numRuns: runs },
      );
    });
  }
});
