/**
 * The engine's fast lane (a line inside a chunk written straight from the chunk's bytes) must give
 * exactly the records the per-line path gives. A line cut by a chunk boundary takes the per-line
 * path, so feeding the same input in one chunk and in 1-byte chunks compares the two. Without
 * --locate: the lane is off where records carry per-line data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enrichInChunks } from '../helpers/enrich-in-chunks.js';
import { generatedInput } from '../helpers/log-line-arbitraries.js';
import type { EnricherOptions } from '../../src/index.js';

const laneOptions = fc.record({
  maxLineBytes: fc.constantFrom(1024 * 1024, 40, 120),
  input: fc.constantFrom<'auto' | 'text' | 'docker' | 'cri'>('auto', 'auto', 'text', 'docker', 'cri'),
  errorsOnly: fc.boolean(),
  multiline: fc.constantFrom<'none' | 'stack'>('none', 'stack'),
});

async function sameBothWays(input: Buffer, options: EnricherOptions = {}): Promise<string> {
  const whole = (await enrichInChunks(input, 1 << 30, options)).toString('utf8');
  const bytewise = (await enrichInChunks(input, 1, options)).toString('utf8');
  expect(whole).toBe(bytewise);
  return whole;
}

describe('fast lane', () => {
  it('random lines of every kind: one chunk and 1-byte chunks give the same output (200 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(generatedInput(60, 'mixed'), laneOptions, async (input, opts) => {
        await sameBothWays(input.bytes, opts);
      }),
      { numRuns: 200 },
    );
  });

  // Each line is followed by bytes that would complete it: a check that read past the line's end
  // into the next line of the chunk would answer differently.
  const cutShort: [string, string][] = [
    ['{"a":1.', '5}'],
    ['{"a":1e', '5}'],
    ['{"a":-', '1}'],
    ['{"a":"\\u00', '41"}'],
    ['{"a":"x\\', '""}'],
    ['{"a":tru', 'e}'],
    ['{"log":"x\\n","stream"', ':"stdout","time":"2026-11-23T10:00:00Z"}'],
    ['2026-11-23T10:00:00.123456789Z stdout', ' F message'],
    ['2026-11-23T10:00:00', '.123Z stdout F message'],
    ['\ufeff', '{"a":1}'],
    ['  ', '{"a":1}'],
    ['<Error', '>'],
    ['java.lang.IllegalStateException', ': boom'],
  ];
  for (const [line, next] of cutShort) {
    it(`a line is judged on its own bytes, not the next line's: ${JSON.stringify(line)} + ${JSON.stringify(next)}`, async () => {
      const out = await sameBothWays(Buffer.from(`${line}\n${next}\nlast\n`));
      // The first line's record is the one it gets alone.
      const alone = await sameBothWays(Buffer.from(`${line}\n`));
      expect(out.startsWith(alone)).toBe(true);
    });
  }

  it('lines while an event is held take the per-line path: a JSON object printed over several lines stays one record', async () => {
    const out = await sameBothWays(Buffer.from('response {\n  "Response": {\n    "RequestId": "r-1"\n  }\n}\nafter\n'));
    const records = out.trim().split('\n');
    expect(records).toHaveLength(2);
    expect(records[1]).toBe('{"message":"after"}');
  });

  it('with --multiline stack, lines that may begin a stack trace take the per-line path: an exception and its frames stay one record', async () => {
    const input = Buffer.from(
      [
        '{"level":"info","msg":"ok"}',
        'java.lang.IllegalStateException: boom',
        '\tat com.example.A.run(A.java:10)',
        '\tat com.example.B.run(B.java:20)',
        'plain line after',
        'Traceback (most recent call last):',
        '  File "x.py", line 1, in <module>',
        'ValueError: bad',
        'done',
      ].join('\n') + '\n',
    );
    const out = await sameBothWays(input, { multiline: 'stack' });
    const records = out.trim().split('\n').map((l) => JSON.parse(l) as { message?: string; level?: string });
    expect(records.map((r) => r.message ?? r.level)).toEqual([
      'info',
      'java.lang.IllegalStateException: boom\n\tat com.example.A.run(A.java:10)\n\tat com.example.B.run(B.java:20)',
      'plain line after',
      'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\nValueError: bad',
      'done',
    ]);
  });

  it('writes the records the per-line path writes for each line form (JSON, BOM + JSON, padded JSON, Docker, CRI, text, CRLF)', async () => {
    const input = Buffer.from(
      [
        '{"level":"info","code":200}',
        '\ufeff{"a":1}',
        '  {"a":2}',
        '{"log":"GET /healthz\\n","stream":"stdout","time":"2026-11-23T10:00:00Z"}',
        '2026-11-23T10:00:00.123456789Z stderr F tab\there "quoted" \\ back',
        '2026-11-23T10:00:00Z stdout F',
        'plain text with a control \u0001 byte',
        '{"broken": ',
        'crlf line\r',
        '',
      ].join('\n') + '\n',
    );
    const out = await sameBothWays(input);
    expect(out.split('\n').slice(0, 7)).toEqual([
      '{"level":"info","code":200}',
      '{"a":1}',
      '  {"a":2}',
      '{"log":"GET /healthz\\n","stream":"stdout","time":"2026-11-23T10:00:00Z"}',
      '{"time":"2026-11-23T10:00:00.123456789Z","stream":"stderr","message":"tab\\there \\"quoted\\" \\\\ back"}',
      '{"time":"2026-11-23T10:00:00Z","stream":"stdout","message":""}',
      '{"message":"plain text with a control \\u0001 byte"}',
    ]);
  });
});
