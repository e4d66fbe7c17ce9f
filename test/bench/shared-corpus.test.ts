import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseErrorRates, parseJobsList } from '../../scripts/bench/parse-lists.mjs';
import {
  code200Line,
  ensureCode200Log,
  evaluateSharedTargets,
  markdownTable,
  median,
  parseGnuTimeLine,
  scoreLocateFile,
  scoreLocateRecords,
  sharedBenchMissing,
  sharedCorpusName,
  type ToolRow,
} from '../../scripts/bench/shared-corpus.mjs';

const dir = mkdtempSync(join(tmpdir(), 'errenrich-shared-corpus-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseGnuTimeLine', () => {
  it('reads `%e %U %S %M` from the last stderr line, CPU as user+sys and RSS in MiB', () => {
    const t = parseGnuTimeLine('some warning from the command\n1.25 2.50 0.25 102400\n');
    expect(t).toEqual({ wallS: 1.25, userS: 2.5, sysS: 0.25, cpuS: 2.75, peakRssMiB: 100 });
  });

  it('returns null when the last line is not GNU time output (e.g. the command was killed before)', () => {
    expect(parseGnuTimeLine('Command terminated by signal 9')).toBeNull();
    expect(parseGnuTimeLine('')).toBeNull();
  });
});

describe('median', () => {
  it('takes the middle of an odd count and the mean of the middle two of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('skips values that were not measured; null when none was', () => {
    expect(median([null, 5, undefined, Number.NaN, 1, 3])).toBe(3);
    expect(median([null, undefined])).toBeNull();
  });
});

describe('markdownTable', () => {
  it('renders header, alignment row and cells; escapes pipes in cells; shows a dash for a missing value', () => {
    const md = markdownTable(['tool', 'wall s'], [['cat | tee', '0.10'], ['jq', null]], ['l', 'r']);
    expect(md.split('\n')).toEqual(['| tool | wall s |', '| --- | ---: |', '| cat \\| tee | 0.10 |', '| jq | — |']);
  });
});

describe('list options', () => {
  it('error rates are shares within 0..1', () => {
    expect(parseErrorRates('0.001,0.01,0.05')).toEqual([0.001, 0.01, 0.05]);
    expect(() => parseErrorRates('1.5')).toThrow(/within 0..1/);
    expect(() => parseErrorRates('')).toThrow(/--error-rates/);
    expect(() => parseErrorRates('0.01,x')).toThrow(/--error-rates/);
  });

  it('--jobs values are positive integers', () => {
    expect(parseJobsList('1,2,16')).toEqual([1, 2, 16]);
    expect(() => parseJobsList('0')).toThrow(/positive integers/);
    expect(() => parseJobsList('1.5')).toThrow(/positive integers/);
  });
});

describe('the cached corpora', () => {
  it('a shared corpus is keyed by size, rate, seed and the generator version', () => {
    const a = sharedCorpusName({ mb: 50, errorRate: 0.01, seed: 7, generatorSha256: 'a'.repeat(64) });
    expect(a).toBe(`shared-mixed-50mb-rate0.01-seed7-${'a'.repeat(12)}.log`);
    expect(sharedCorpusName({ mb: 50, errorRate: 0.01, seed: 7, generatorSha256: 'b'.repeat(64) })).not.toBe(a);
    expect(sharedCorpusName({ mb: 50, errorRate: 0.05, seed: 7, generatorSha256: 'a'.repeat(64) })).not.toBe(a);
  });

  it('the shared bench is reported missing, by file, when its folder is absent', () => {
    expect(sharedBenchMissing(join(dir, 'no-such-folder'))).toMatch(/gen-corpus\.mjs is absent/);
  });

  it('every app-log line is one JSON object at info level with "code":200 and nothing else that looks like an error', () => {
    for (let i = 0; i < 50; i++) {
      const line = code200Line(i);
      expect(line.endsWith('}\n')).toBe(true);
      const o = JSON.parse(line) as Record<string, unknown>;
      expect(o).toMatchObject({ level: 'info', code: 200 });
      expect(Object.keys(o).filter((k) => /code|err/i.test(k))).toEqual(['code']);
    }
  });

  it('the app log is cut at a line end at or just past the size asked for', async () => {
    const { corpus, bytes } = await ensureCode200Log({ mb: 0.05, dir });
    const text = readFileSync(corpus, 'utf8');
    expect(bytes).toBe(text.length);
    expect(bytes).toBeGreaterThanOrEqual(0.05 * 2 ** 20);
    expect(bytes).toBeLessThan(0.05 * 2 ** 20 + 200);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n').filter(Boolean).every((l) => JSON.parse(l).code === 200)).toBe(true);
  });
});

describe('scoreLocateRecords (as independent-check.mjs scores)', () => {
  const truth = [
    { line: 3, lines: 1, code: 'AuthFailure' },
    { line: 10, lines: 3, code: '4100' },
    { line: 20, lines: 1, code: 'APIGW.0301' },
  ];

  it('a record matches a truth event with the same code (as strings) on a line of its input range', () => {
    const records = [
      { input: { line: 3, lines: 1 }, vendor_error: { code: 'AuthFailure' } },
      { input: { line: 11, lines: 1 }, vendor_error: { code: 4100 } },
    ];
    expect(scoreLocateRecords(records, truth)).toEqual({ truth: 3, detections: 2, matched: 2, recall: 2 / 3, precision: 1 });
  });

  it('each code of `errors[]` is one detection; a wrong code or a second hit on one event is a false positive', () => {
    const records = [
      { input: { line: 3, lines: 1 }, vendor_error: { errors: [{ code: 'AuthFailure' }, { code: 'AuthFailure' }] } },
      { input: { line: 20, lines: 1 }, vendor_error: { code: 'APIGW.0302' } },
    ];
    expect(scoreLocateRecords(records, truth)).toMatchObject({ detections: 3, matched: 1 });
  });

  it('records without vendor_error are not detections; a detection without `input` cannot match', () => {
    const records = [{ input: { line: 3, lines: 1 } }, { vendor_error: { code: 'AuthFailure' } }];
    expect(scoreLocateRecords(records, truth)).toMatchObject({ detections: 1, matched: 0, precision: 0 });
  });

  it('scores an output file, counting lines that are not JSON', async () => {
    const out = join(dir, 'out.ndjson');
    const t = join(dir, 'truth.ndjson');
    writeFileSync(out, `${JSON.stringify({ input: { line: 3, lines: 1 }, vendor_error: { code: 'AuthFailure' } })}\nnot json\n`);
    writeFileSync(t, `${truth.map((x) => JSON.stringify(x)).join('\n')}\n`);
    expect(await scoreLocateFile(out, t)).toMatchObject({ truth: 3, detections: 1, matched: 1, unparsedLines: 1 });
  });
});

describe('evaluateSharedTargets', () => {
  const rows = (d: number, j1: number, nv: number, jq: number, j1Cpu: number, nvCpu: number): ToolRow[] => [
    { name: 'errenrich default', wallS: d, cpuS: d * 1.5 },
    { name: 'errenrich --jobs 1', wallS: j1, cpuS: j1Cpu },
    { name: 'naive Node', wallS: nv, cpuS: nvCpu },
    { name: 'jq', wallS: jq, cpuS: jq },
  ];

  it('wall ratios against jq and naive Node per error rate; --jobs 1 CPU only at 0.1% and 1%', () => {
    const list = evaluateSharedTargets({
      shared: { rates: [
        { errorRate: 0.001, rows: rows(0.5, 0.8, 0.8, 2.0, 0.8, 0.9) },
        { errorRate: 0.05, rows: rows(1.0, 1.2, 0.8, 2.0, 1.5, 0.9) },
      ] },
      code200: null,
    });
    const by = Object.fromEntries(list.map((t) => [t.name, t]));
    expect(by['shared 0.1%: default wall vs jq']).toMatchObject({ value: '4.00×', pass: true });
    expect(by['shared 0.1%: default wall vs naive Node']).toMatchObject({ value: '1.60×', pass: true });
    expect(by['shared 0.1%: --jobs 1 CPU s ÷ naive Node\'s']).toMatchObject({ value: '0.89×', pass: true });
    expect(by['shared 5%: default wall vs jq']).toMatchObject({ value: '2.00×', pass: false });
    expect(by['shared 5%: default wall vs naive Node']).toMatchObject({ value: '0.80×', pass: false });
    expect(by['shared 5%: --jobs 1 CPU s ÷ naive Node\'s']).toBeUndefined();
    expect(by['code-200 log targets']).toMatchObject({ pass: null });
  });

  it('the code-200 log: default no slower than --jobs 1, and both at least 2× naive Node', () => {
    const pass = evaluateSharedTargets({ shared: null, code200: { rows: rows(1.0, 1.0, 2.5, 3, 1, 2) } });
    const fail = evaluateSharedTargets({ shared: null, code200: { rows: rows(3.0, 1.0, 2.5, 3, 1, 2) } });
    const get = (l: typeof pass, n: string) => l.find((t) => t.name.startsWith(n));
    expect(get(pass, 'code-200 log: default wall ÷')).toMatchObject({ value: '1.00×', pass: true });
    expect(get(pass, 'code-200 log: wall vs naive')).toMatchObject({ value: '2.50×; 2.50×', pass: true });
    expect(get(fail, 'code-200 log: default wall ÷')).toMatchObject({ value: '3.00×', pass: false });
    expect(get(fail, 'code-200 log: wall vs naive')).toMatchObject({ pass: false });
  });

  it('the code-200 log has no vendor error: any record from --errors-only fails the target', () => {
    const none = evaluateSharedTargets({ code200: { rows: rows(1, 1, 2, 3, 1, 2), falsePositives: 0 } });
    const some = evaluateSharedTargets({ code200: { rows: rows(1, 1, 2, 3, 1, 2), falsePositives: 3 } });
    const notRun = evaluateSharedTargets({ code200: { rows: rows(1, 1, 2, 3, 1, 2), falsePositives: null } });
    const fp = (l: typeof none) => l.find((t) => t.name === 'code-200 log: records from --errors-only');
    expect(fp(none)).toMatchObject({ value: '0', pass: true });
    expect(fp(some)).toMatchObject({ value: '3', pass: false });
    expect(fp(notRun)).toBeUndefined();
  });

  it('recall and precision are checked against the goals when the accuracy run was made', () => {
    const list = evaluateSharedTargets({
      shared: { rates: [{ errorRate: 0.01, rows: rows(1, 1, 1, 1, 1, 1), accuracy: { truth: 1000, detections: 990, matched: 990, recall: 0.99, precision: 1 } }] },
    });
    expect(list.find((t) => t.name === 'shared 1%: recall / precision')).toMatchObject({ value: '99.000% / 100.000% (990/1000; 990/990)', pass: false });
  });

  it('a skipped shared section says why', () => {
    expect(evaluateSharedTargets({ shared: { note: 'shared corpus skipped: ../shared/bench is absent' } })[0]).toMatchObject({ pass: null, note: 'shared corpus skipped: ../shared/bench is absent' });
  });
});
