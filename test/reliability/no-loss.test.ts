/**
 * No loss: for any input bytes, every input line is accounted for exactly once in the output
 * (--locate ranges), and text is kept. The long version (more runs, longer inputs) is
 * test/stress/no-loss-property.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNoLoss } from '../helpers/check-no-loss.js';
import { checkLineAccounting, countInputLines, locationOf } from '../helpers/count-lines.js';
import { enrichInChunks } from '../helpers/enrich-in-chunks.js';
import { chunking, generatedInput, type GeneratedInput } from '../helpers/log-line-arbitraries.js';
import type { EnricherOptions } from '../../src/index.js';

/** Options that move the bounds (over-long lines, event size) into the generated inputs' range. */
const options = fc.record({
  maxLineBytes: fc.constantFrom(1024 * 1024, 1024 * 1024, 40, 120),
  maxEventLines: fc.constantFrom(500, 500, 2, 3),
  maxEventBytes: fc.constantFrom(1024 * 1024, 1024 * 1024, 60),
  multiline: fc.constantFrom<'none' | 'stack'>('none', 'none', 'stack'),
  input: fc.constantFrom<'auto' | 'text'>('auto', 'auto', 'auto', 'text'),
});

async function holds(input: GeneratedInput, chunks: number | number[], opts: EnricherOptions): Promise<void> {
  expect(countInputLines(input.bytes)).toBe(input.lines.length);
  const out = await enrichInChunks(input.bytes, chunks, { ...opts, locate: true });
  const report = checkNoLoss(input, out);
  if (report.problem) {
    const shown = JSON.stringify(input.bytes.toString('utf8')).slice(0, 4000);
    throw new Error(`${report.problem}\noptions: ${JSON.stringify(opts)} chunks: ${JSON.stringify(chunks)}\ninput (as UTF-8): ${shown}\noutput: ${out.toString('utf8').slice(0, 4000)}`);
  }
}

describe('no loss (property, createEnricher with locate)', () => {
  for (const family of ['line-stream', 'docker-stdout', 'cri-stdout'] as const) {
    it(`${family}: random lines (JSON, payloads, broken JSON, text, wrappers, CRLF, empty, hostile), random chunk sizes: [line, line+lines) ranges cover every line exactly once, text kept (150 runs: < 20 s)`, async () => {
      await fc.assert(
        fc.asyncProperty(generatedInput(60, family), chunking, options, async (input, chunks, opts) => holds(input, chunks, opts)),
        { numRuns: 150 },
      );
    });
  }

  it('all kinds interleaved (Docker/CRI stdout+stderr among plain lines): the lines of each record (line_numbers where they have gaps) cover every line exactly once, text kept (300 runs: < 30 s)', async () => {
    await fc.assert(
      fc.asyncProperty(generatedInput(60, 'mixed'), chunking, options, async (input, chunks, opts) => holds(input, chunks, opts)),
      { numRuns: 300 },
    );
  });

  it('the same input in 1-byte chunks and in one chunk gives the same output (200 runs: < 20 s)', async () => {
    await fc.assert(
      fc.asyncProperty(generatedInput(40), async (input) => {
        const whole = await enrichInChunks(input.bytes, 1 << 30, { locate: true });
        const bytewise = await enrichInChunks(input.bytes, 1, { locate: true });
        expect(bytewise.toString('utf8')).toBe(whole.toString('utf8'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('no loss (examples)', () => {
  const lines = (...ls: string[]) => Buffer.from(ls.join('\n'));

  it('empty input: no record; "\\n" alone: one record for the one empty line', async () => {
    expect((await enrichInChunks(Buffer.alloc(0), 1, { locate: true })).toString()).toBe('');
    const out = (await enrichInChunks(Buffer.from('\n'), 1, { locate: true })).toString();
    expect(out).toBe('{"message":"","input":{"file":"-","line":1,"lines":1}}\n');
  });

  it('an unclosed "{" at the end of input: its lines come out as themselves', async () => {
    const input = lines('{', '"a": 1,', 'text', '');
    const out = (await enrichInChunks(input, 3, { locate: true })).toString();
    expect(out).toBe(
      ['{"message":"{","input":{"file":"-","line":1,"lines":1}}', '{"message":"\\"a\\": 1,","input":{"file":"-","line":2,"lines":1}}', '{"message":"text","input":{"file":"-","line":3,"lines":1}}', ''].join('\n'),
    );
  });

  it('CR bytes that are not line endings are kept; CRLF endings are not part of the text', async () => {
    const out = (await enrichInChunks(Buffer.from('a\rb\r\n\r\r\nc\r'), 1, { locate: true })).toString();
    const msgs = out.trim().split('\n').map((l) => (JSON.parse(l) as { message: string }).message);
    // The unterminated last line "c\r": its "\r" is read as a line ending too (split-lines.ts end()).
    expect(msgs).toEqual(['a\rb', '\r', 'c']);
  });

  it('an over-long line inside a held JSON block or CRI partial: the held lines come out first, ranges stay contiguous', async () => {
    const long = 'x'.repeat(200);
    for (const input of [
      lines('{', long, '}', ''),
      lines('2026-11-23T10:00:00Z stdout P part-', long, '2026-11-23T10:00:00Z stdout F end', ''),
      lines('{"log":"{\\n","stream":"stdout","time":"t"}', long, '{"log":"}\\n","stream":"stdout","time":"t"}', ''),
    ]) {
      const out = await enrichInChunks(input, 7, { locate: true, maxLineBytes: 100 });
      const records = out.toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(checkLineAccounting(records, 3), out.toString()).toBeNull();
      // The over-long line is line 2 and comes out whole, in input order.
      expect(records.map((r) => locationOf(r).line)).toEqual(records.map((r) => locationOf(r).line).sort((a, b) => a - b));
    }
  });

  // Was it.fails: the record of lines 1 and 3 said [1, 3), claiming line 2 — the stderr record's.
  it('interleaved streams: a joined record whose lines have a gap lists them in line_numbers (CRI P/F, Docker partials, a JSON block)', async () => {
    const cases: [Buffer, { line: number; lines: number; line_numbers?: number[] }[]][] = [
      [
        lines('2026-11-23T10:00:00Z stdout P part1-', '2026-11-23T10:00:00Z stderr F other', '2026-11-23T10:00:00Z stdout F part2', ''),
        [
          { line: 2, lines: 1 },
          { line: 1, lines: 2, line_numbers: [1, 3] },
        ],
      ],
      [
        lines('{"log":"a","stream":"stdout","time":"t"}', '{"log":"b","stream":"stdout","time":"t"}', '{"log":"x\\n","stream":"stderr","time":"t"}', '{"log":"c\\n","stream":"stdout","time":"t"}', ''),
        [
          { line: 3, lines: 1 },
          { line: 1, lines: 3, line_numbers: [1, 2, 4] },
        ],
      ],
      [
        // A JSON block of stdout CRI records with a stderr record between its lines.
        lines('2026-11-23T10:00:00Z stdout F {', '2026-11-23T10:00:00Z stderr F other', '2026-11-23T10:00:00Z stdout F "code": 4030002', '2026-11-23T10:00:00Z stdout F }', ''),
        [
          { line: 2, lines: 1 },
          { line: 1, lines: 3, line_numbers: [1, 3, 4] },
        ],
      ],
    ];
    for (const [input, expected] of cases) {
      const out = await enrichInChunks(input, 1 << 20, { locate: true });
      const records = out.toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records.map((r) => { const { file: _f, ...where } = locationOf(r); return where; }), out.toString()).toEqual(expected);
      expect(checkLineAccounting(records, countInputLines(input))).toBeNull();
    }
    // Contiguous joins say nothing more than [line, line+lines).
    const plain = await enrichInChunks(lines('2026-11-23T10:00:00Z stdout P a-', '2026-11-23T10:00:00Z stdout F b', ''), 1 << 20, { locate: true });
    expect((JSON.parse(plain.toString()) as { input: unknown }).input).toEqual({ file: '-', line: 1, lines: 2 });
  });

  it('a JSON block holding a CRI partial of 150,000 one-byte parts, each with a stderr line after it: every line accounted for (< 10 s)', async () => {
    const parts = 150_000;
    const stdout = (flag: string, text: string) => `2026-11-23T10:00:00Z stdout ${flag} ${text}\n`;
    const body: string[] = [stdout('F', '{'), stdout('P', '"')];
    for (let i = 0; i < parts; i++) body.push(stdout('P', 'a'), '2026-11-23T10:00:00Z stderr F e\n');
    body.push(stdout('F', '": 1'), stdout('F', '}'));
    const input = Buffer.from(body.join(''));
    const n = countInputLines(input);
    const out = await enrichInChunks(input, 1 << 16, { locate: true });
    const records = out.toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(checkLineAccounting(records, n)).toBeNull();
    expect(records).toHaveLength(parts + 1);
    const block = records.at(-1)!;
    expect(locationOf(block)).toMatchObject({ line: 1, lines: n - parts });
  });
});

describe('the no-loss checker itself (it must catch what it is for)', () => {
  const input: GeneratedInput = {
    lines: [
      { kind: 'text', bytes: Buffer.from('hello') },
      { kind: 'json', bytes: Buffer.from('{"n":1e999}') },
      { kind: 'text', bytes: Buffer.from([0x78, 0xff]) },
    ],
    bytes: Buffer.from('hello\n{"n":1e999}\nx\xff\n', 'latin1'),
  };
  const rec = (o: object) => JSON.stringify(o);
  const good = [
    rec({ message: 'hello', input: { file: '-', line: 1, lines: 1 } }),
    '{"n":1e999,"input":{"file":"-","line":2,"lines":1}}',
    rec({ message: 'x\ufffd', errenrich: { invalid_utf8: true }, input: { file: '-', line: 3, lines: 1 } }),
  ];
  const check = (lines: string[]) => checkNoLoss(input, Buffer.from(lines.join('\n') + '\n')).problem;

  it('accepts the right output', () => {
    expect(check(good)).toBeNull();
  });
  it('catches a lost line, a duplicate, a changed text, a rewritten JSON line, a missing marker, a cut record', () => {
    expect(check([good[0]!, good[2]!])).toMatch(/sum|missing/);
    expect(check([good[0]!, good[0]!, good[1]!, good[2]!])).toMatch(/twice|sum/);
    expect(check([rec({ message: 'hell', input: { file: '-', line: 1, lines: 1 } }), good[1]!, good[2]!])).toMatch(/not kept/);
    expect(check([good[0]!, '{"n":null,"input":{"file":"-","line":2,"lines":1}}', good[2]!])).toMatch(/rewritten/);
    expect(check([good[0]!, good[1]!, rec({ message: 'x\ufffd', input: { file: '-', line: 3, lines: 1 } })])).toMatch(/invalid UTF-8/);
    expect(checkNoLoss(input, Buffer.from(good.join('\n'))).problem).toMatch(/newline/);
    expect(check([good[0]!, good[1]!.slice(0, 10), good[2]!])).toMatch(/not JSON/);
  });
  it('takes line_numbers as the lines a record holds, and catches one that contradicts line/lines or claims a line twice', () => {
    const twoLines: GeneratedInput = {
      lines: [
        { kind: 'text', bytes: Buffer.from('a') },
        { kind: 'text', bytes: Buffer.from('b') },
        { kind: 'text', bytes: Buffer.from('c') },
      ],
      bytes: Buffer.from('a\nb\nc\n'),
    };
    const at = (line: number, lines: number, line_numbers?: number[]) => ({ file: '-', line, lines, ...(line_numbers ? { line_numbers } : {}) });
    const run = (...records: object[]) => checkNoLoss(twoLines, Buffer.from(records.map(rec).join('\n') + '\n')).problem;
    expect(run({ message: 'a\nc', input: at(1, 2, [1, 3]) }, { message: 'b', input: at(2, 1) })).toBeNull();
    // Without line_numbers the same record claims line 2 as well.
    expect(run({ message: 'a\nc', input: at(1, 2) }, { message: 'b', input: at(2, 1) })).toMatch(/twice|missing/);
    // The right lines, in the wrong place of the message.
    expect(run({ message: 'c\na', input: at(1, 2, [1, 3]) }, { message: 'b', input: at(2, 1) })).toMatch(/not kept/);
    expect(run({ message: 'a\nc', input: at(1, 2, [1, 2]) }, { message: 'b', input: at(3, 1) })).toMatch(/contiguous/);
    expect(run({ message: 'a\nc', input: at(1, 2, [3, 1]) }, { message: 'b', input: at(2, 1) })).toMatch(/start at line|ascending/);
    expect(run({ message: 'a\nc', input: at(1, 2, [1, 2, 3]) })).toMatch(/entries/);
  });
});

