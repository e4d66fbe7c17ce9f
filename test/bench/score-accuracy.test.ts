import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fetchLines,
  formatScore,
  parseTruth,
  pickExamples,
  predictionsFromRecord,
  scoreAccuracy,
  scoreFiles,
  type Prediction,
  type TruthEvent,
} from '../../scripts/bench/score-accuracy.mjs';

const t = (line: number, vendor: string, code: string, lines = 1): TruthEvent => ({ line, lines, vendor, code });
const p = (line: number, vendor: string, code: string, lines = 1, rule: string | null = null): Prediction => ({ file: 'c.log', line, lines, vendor, code, rule });

describe('predictionsFromRecord', () => {
  it('gives nothing for a record without an enrichment', () => {
    expect(predictionsFromRecord({ message: 'hello', input: { file: 'c.log', line: 3, lines: 1 } })).toEqual([]);
    expect(predictionsFromRecord('not an object')).toEqual([]);
    expect(predictionsFromRecord(null)).toEqual([]);
  });

  it('reads vendor, code, rule and the input span', () => {
    const rec = { msg: 'x', vendor_error: { vendor: 'tencent', code: 'InternalError', rule: 'tencent.api3.response' }, input: { file: 'c.log', line: 7, lines: 2 } };
    expect(predictionsFromRecord(rec)).toEqual([{ file: 'c.log', line: 7, lines: 2, vendor: 'tencent', code: 'InternalError', rule: 'tencent.api3.response' }]);
  });

  it('turns numeric codes into strings', () => {
    const rec = { vendor_error: { vendor: 'netease', code: 4040999 }, input: { file: '-', line: 1, lines: 1 } };
    expect(predictionsFromRecord(rec)[0]).toMatchObject({ code: '4040999', file: '-', rule: null });
  });

  it('uses errors[] when the record holds several payloads', () => {
    const first = { vendor: 'tencent', code: 'A' };
    const rec = { vendor_error: { ...first, count: 2, errors: [first, { vendor: 'huawei', code: 'CCI.01.400001' }] }, input: { file: 'c.log', line: 4, lines: 1 } };
    expect(predictionsFromRecord(rec).map((x) => `${x.vendor}:${x.code}`)).toEqual(['tencent:A', 'huawei:CCI.01.400001']);
  });

  it('follows a moved target and a moved input field', () => {
    const rec = {
      vendor_error: 'the application already had this field',
      input: 'and this one',
      vendor_error_errenrich: { vendor: 'huawei', code: 'CCI.02.409101' },
      input_errenrich: { file: 'c.log', line: 9, lines: 1 },
    };
    expect(predictionsFromRecord(rec)).toEqual([{ file: 'c.log', line: 9, lines: 1, vendor: 'huawei', code: 'CCI.02.409101', rule: null }]);
  });

  it('honours another --target', () => {
    const rec = { cloud_err: { vendor: 'tencent', code: 'A' }, input: { file: 'c.log', line: 1, lines: 1 } };
    expect(predictionsFromRecord(rec)).toEqual([]);
    expect(predictionsFromRecord(rec, { target: 'cloud_err' })).toHaveLength(1);
  });

  it('refuses an enriched record without --locate', () => {
    expect(() => predictionsFromRecord({ vendor_error: { vendor: 'tencent', code: 'A' } })).toThrow(/--locate/);
  });
});

describe('parseTruth', () => {
  it('reads NDJSON, skips blank lines, stringifies codes', () => {
    const text = '{"line":2,"lines":1,"vendor":"tencent","code":"4000"}\n\n{"line":5,"lines":3,"vendor":"netease","code":4030002}\n';
    expect(parseTruth(text)).toEqual([t(2, 'tencent', '4000'), t(5, 'netease', '4030002', 3)]);
  });
});

describe('scoreAccuracy', () => {
  it('is perfect when every event is found on its line', () => {
    const s = scoreAccuracy([t(1, 'tencent', 'A'), t(10, 'huawei', 'B')], [p(1, 'tencent', 'A'), p(10, 'huawei', 'B')]);
    expect(s).toMatchObject({ truth: 2, predicted: 2, tp: 2, fp: 0, fn: 0, recall: 1, precision: 1 });
    expect(s.misses).toEqual([]);
    expect(s.falsePositives).toEqual([]);
  });

  it('matches when the truth line lies inside the record span [line, line+lines)', () => {
    // A pretty-printed payload on lines 5..8 framed as one record starting at line 4 (context line).
    const s = scoreAccuracy([t(5, 'tencent', 'A', 4)], [p(4, 'tencent', 'A', 5)]);
    expect(s).toMatchObject({ tp: 1, fp: 0, fn: 0 });
  });

  it('does not match at line+lines (exclusive end)', () => {
    const s = scoreAccuracy([t(6, 'tencent', 'A')], [p(4, 'tencent', 'A', 2)]);
    expect(s).toMatchObject({ tp: 0, fp: 1, fn: 1 });
  });

  it('requires equal vendor and code', () => {
    const s = scoreAccuracy([t(3, 'tencent', '4000'), t(4, 'tencent', 'A')], [p(3, 'huawei', '4000'), p(4, 'tencent', 'B')]);
    expect(s).toMatchObject({ tp: 0, fp: 2, fn: 2, recall: 0, precision: 0 });
    expect(s.misses.map((m) => m.kind)).toEqual(['wrong-code', 'wrong-code']);
    expect(s.misses[0]!.got).toEqual([p(3, 'huawei', '4000')]);
    expect(s.falsePositives.map((f) => f.kind)).toEqual(['wrong-code', 'wrong-code']);
    expect(s.falsePositives[1]!.expected).toEqual([t(4, 'tencent', 'A')]);
  });

  it('counts an undetected event as a miss and a detection on a decoy as a false positive', () => {
    const s = scoreAccuracy([t(2, 'netease', '4040999'), t(8, 'tencent', 'A')], [p(8, 'tencent', 'A'), p(20, 'tencent', 'InternalError', 1, 'generic')]);
    expect(s).toMatchObject({ tp: 1, fp: 1, fn: 1, recall: 0.5, precision: 0.5 });
    expect(s.misses).toEqual([{ kind: 'undetected', truth: t(2, 'netease', '4040999'), got: [] }]);
    expect(s.falsePositives).toEqual([{ kind: 'no-truth', prediction: p(20, 'tencent', 'InternalError', 1, 'generic'), expected: [] }]);
  });

  it('uses each prediction once: one record with one error cannot match two events', () => {
    const s = scoreAccuracy([t(3, 'tencent', 'A'), t(4, 'tencent', 'A')], [p(3, 'tencent', 'A', 2)]);
    expect(s).toMatchObject({ tp: 1, fp: 0, fn: 1 });
  });

  it('matches several errors of one record (errors[]) to several events it covers', () => {
    const s = scoreAccuracy([t(3, 'tencent', 'A'), t(4, 'huawei', 'B')], [p(3, 'tencent', 'A', 2), p(3, 'huawei', 'B', 2)]);
    expect(s).toMatchObject({ tp: 2, fp: 0, fn: 0 });
  });

  it('reports the same payload twice as a duplicate false positive', () => {
    const s = scoreAccuracy([t(3, 'tencent', 'A')], [p(3, 'tencent', 'A'), p(3, 'tencent', 'A')]);
    expect(s).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(s.falsePositives[0]!.kind).toBe('duplicate');
  });

  it('classifies a right code on a record that misses the first truth line as misplaced', () => {
    // Truth spans lines 10..12; errenrich framed only lines 11..12 as the record.
    const s = scoreAccuracy([t(10, 'tencent', 'A', 3)], [p(11, 'tencent', 'A', 2)]);
    expect(s).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    expect(s.misses[0]!.kind).toBe('misplaced');
    expect(s.falsePositives[0]!.kind).toBe('misplaced');
  });

  it('does not depend on input order and does not modify its inputs', () => {
    const truth = [t(9, 'tencent', 'B'), t(1, 'tencent', 'A')];
    const preds = [p(9, 'tencent', 'B'), p(1, 'tencent', 'A')];
    const copyT = structuredClone(truth);
    const copyP = structuredClone(preds);
    expect(scoreAccuracy(truth, preds)).toMatchObject({ tp: 2, fp: 0, fn: 0 });
    expect(truth).toEqual(copyT);
    expect(preds).toEqual(copyP);
  });

  it('defines recall and precision as 1 on empty sets', () => {
    expect(scoreAccuracy([], [])).toMatchObject({ tp: 0, fp: 0, fn: 0, recall: 1, precision: 1 });
    expect(scoreAccuracy([t(1, 'tencent', 'A')], [])).toMatchObject({ recall: 0, precision: 1 });
    expect(scoreAccuracy([], [p(1, 'tencent', 'A')])).toMatchObject({ recall: 1, precision: 0 });
  });

  it('finds containing records behind a long earlier record', () => {
    // A 50-line record before a 1-line record; the truth on line 40 lies in the long one.
    const s = scoreAccuracy([t(40, 'tencent', 'A'), t(60, 'tencent', 'B')], [p(10, 'tencent', 'A', 50), p(60, 'tencent', 'B')]);
    expect(s).toMatchObject({ tp: 2, fp: 0, fn: 0 });
  });

  it('groups misses and false positives by kind and code, largest first', () => {
    const s = scoreAccuracy(
      [t(1, 'netease', 'X'), t(2, 'netease', 'X'), t(3, 'huawei', 'Y')],
      [p(50, 'tencent', 'Z', 1, 'r1')],
    );
    expect(s.missKinds).toEqual([{ key: 'undetected', n: 3 }]);
    expect(s.missGroups).toEqual([
      { key: 'undetected netease:X', n: 2 },
      { key: 'undetected huawei:Y', n: 1 },
    ]);
    expect(s.fpGroups).toEqual([{ key: 'no-truth tencent:Z (r1)', n: 1 }]);
  });
});

describe('pickExamples', () => {
  it('takes examples round-robin over groups, largest group first, returned in line order', () => {
    const items = [
      { g: 'a', line: 1 },
      { g: 'a', line: 2 },
      { g: 'a', line: 3 },
      { g: 'b', line: 10 },
      { g: 'c', line: 20 },
    ];
    const got = pickExamples(items, (x) => x.g, (x) => x.line, 3);
    expect(got.map((x) => x.line)).toEqual([1, 10, 20]);
    expect(pickExamples(items, (x) => x.g, (x) => x.line, 4).map((x) => x.line)).toEqual([1, 2, 10, 20]);
    expect(pickExamples(items, (x) => x.g, (x) => x.line, 99)).toHaveLength(5);
    expect(pickExamples(items, (x) => x.g, (x) => x.line, 0)).toEqual([]);
  });
});

describe('formatScore', () => {
  it('prints counts, rates, expected vs got and the line text', () => {
    const s = scoreAccuracy([t(2, 'netease', '4040999'), t(5, 'tencent', 'A')], [p(5, 'tencent', 'A'), p(7, 'huawei', 'CCI.01.400001', 1, 'huawei.json')]);
    const text = formatScore(s, { lineText: (n) => (n === 2 ? '{"code":4040999}' : n === 7 ? 'decoy line' : undefined) });
    expect(text).toContain('TP 1  FP 1  FN 1');
    expect(text).toContain('recall 50.000%  precision 50.000%');
    expect(text).toContain('[undetected] line 2: expected netease:4040999, got nothing');
    expect(text).toContain('      2: {"code":4040999}');
    expect(text).toContain('[no-truth] line 7: got huawei:CCI.01.400001@7 [huawei.json], expected no vendor error');
    expect(text).toContain('      7: decoy line');
  });
});

describe('files (tiny)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'score-accuracy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fetchLines returns only the wanted lines, without \\r', async () => {
    const f = join(dir, 'c.log');
    writeFileSync(f, 'one\r\ntwo\nthree\nfour');
    const got = await fetchLines(f, new Set([2, 4, 9]));
    expect([...got.entries()]).toEqual([
      [2, 'two'],
      [4, 'four'],
    ]);
  });

  it('scoreFiles scores errenrich --locate output against the truth, with line text', async () => {
    const corpus = join(dir, 'corpus.log');
    const truth = join(dir, 'truth.ndjson');
    const output = join(dir, 'out.ndjson');
    writeFileSync(corpus, 'plain\n{"Response":{"Error":{"Code":"A"}}}\n{"code":4040999}\nplain\n');
    writeFileSync(truth, '{"line":2,"lines":1,"vendor":"tencent","code":"A"}\n{"line":3,"lines":1,"vendor":"netease","code":"4040999"}\n');
    writeFileSync(
      output,
      [
        '{"message":"plain","input":{"file":"corpus.log","line":1,"lines":1}}',
        '{"Response":{"Error":{"Code":"A"}},"vendor_error":{"vendor":"tencent","code":"A","rule":"r"},"input":{"file":"corpus.log","line":2,"lines":1}}',
        '{"code":4040999,"input":{"file":"corpus.log","line":3,"lines":1}}',
        '{"message":"plain","input":{"file":"corpus.log","line":4,"lines":1}}',
      ].join('\n') + '\n',
    );
    const r = await scoreFiles({ output, truth, corpus });
    expect(r.score).toMatchObject({ tp: 1, fp: 0, fn: 1 });
    expect(r.outputRecords).toBe(4);
    expect(r.examples.misses).toEqual([{ kind: 'undetected', line: 3, lines: 1, expected: 'netease:4040999', got: [], text: ['{"code":4040999}'] }]);
    expect(r.report).toContain('3: {"code":4040999}');
  });
});
