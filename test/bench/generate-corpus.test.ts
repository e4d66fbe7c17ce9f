import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DECOY_RATE,
  ERROR_RATE,
  generateCorpus,
  type CorpusStats,
  type TruthRecord,
} from '../../scripts/bench/generate-corpus.mjs';

const SCRIPT = fileURLToPath(new URL('../../scripts/bench/generate-corpus.mjs', import.meta.url));

interface Generated {
  corpus: Buffer;
  truth: Buffer;
  chunks: Buffer[];
  stats: CorpusStats;
}

async function generate(seed: number | string, bytes: number, batchBytes?: number): Promise<Generated> {
  const chunks: Buffer[] = [];
  const truth: Buffer[] = [];
  const it = generateCorpus({ seed, bytes, batchBytes });
  for await (const c of it) {
    chunks.push(c.corpus);
    truth.push(c.truth);
  }
  return { corpus: Buffer.concat(chunks), truth: Buffer.concat(truth), chunks, stats: it.stats };
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** What the application wrote on a corpus line, and whether the runtime marked it partial. */
function decode(line: string): { text: string; partial: boolean } {
  if (line.startsWith('{"log":')) {
    const o = JSON.parse(line) as { log: string; stream: string; time: string };
    return o.log.endsWith('\n') ? { text: o.log.slice(0, -1), partial: false } : { text: o.log, partial: true };
  }
  const m = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (?:stdout|stderr) ([PF]) (.*)$/s.exec(line);
  if (m) return { text: m[2] ?? '', partial: m[1] === 'P' };
  return { text: line, partial: false };
}

/** The event text of lines [first, first + count): partial records joined without a separator. */
function eventText(lines: string[], first: number, count: number): string {
  let s = '';
  for (let i = first - 1; i < first - 1 + count; i++) {
    const d = decode(lines[i] ?? '');
    s += d.partial ? d.text : `${d.text}\n`;
  }
  return s;
}

// Unmistakable vendor-error signatures: outside the truth spans, no line may carry one.
const SIGNATURES = [
  /\[TencentCloudSDK(?:Error|Exception)\]/,
  /\\?"Error\\?":\s*\{/,
  /CCI\.\d\d\.\d{6}/,
  /APIGW\.\d{4}/,
  /errorCode|error_code/,
  /Code: [\w.]+, Message:/,
  /"code\\?":\s*(?:-\d+|[4-6]\d{3}|\d{7})\b/,
];

describe('generate-corpus: determinism', () => {
  it('same seed and size give byte-identical corpus and truth, whatever the batch size', async () => {
    const a = await generate(7, 512 * 1024);
    const b = await generate(7, 512 * 1024);
    const c = await generate(7, 512 * 1024, 64 * 1024);
    expect(a.corpus.length).toBeGreaterThanOrEqual(512 * 1024);
    expect(sha(a.corpus)).toBe(sha(b.corpus));
    expect(sha(a.truth)).toBe(sha(b.truth));
    expect(sha(a.corpus)).toBe(sha(c.corpus));
    expect(sha(a.truth)).toBe(sha(c.truth));
    expect(c.chunks.length).toBeGreaterThan(a.chunks.length);
  });

  it('different seeds give different corpora', async () => {
    const a = await generate(7, 256 * 1024);
    const b = await generate(8, 256 * 1024);
    const s = await generate('seven', 256 * 1024);
    expect(sha(a.corpus)).not.toBe(sha(b.corpus));
    expect(sha(a.corpus)).not.toBe(sha(s.corpus));
    expect(sha(a.truth)).not.toBe(sha(b.truth));
  });

  it('stops at the first event boundary at or past the target size', async () => {
    const g = await generate(3, 100_000);
    expect(g.corpus.length).toBeGreaterThanOrEqual(100_000);
    expect(g.corpus.length).toBe(g.stats.bytes);
    const empty = await generate(3, 0);
    expect(empty.corpus.length).toBe(0);
  });

  it('the CLI writes the same bytes as the module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'errenrich-corpus-'));
    try {
      const out = join(dir, 'sub', 'corpus.log');
      const truth = join(dir, 'sub', 'truth.ndjson');
      execFileSync(process.execPath, [SCRIPT, '--seed', '5', '--bytes', '300000', '--out', out, '--truth', truth, '--quiet']);
      const m = await generate(5, 300_000);
      expect(sha(readFileSync(out))).toBe(sha(m.corpus));
      expect(sha(readFileSync(truth))).toBe(sha(m.truth));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('generate-corpus: a ~2 MB corpus', () => {
  let g: Generated;
  let lines: string[];
  let truth: TruthRecord[];

  beforeAll(async () => {
    g = await generate(20261123, 2 * 1024 * 1024);
    const text = g.corpus.toString('utf8');
    lines = text.split('\n');
    lines.pop(); // after the final "\n"
    truth = g.truth
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as TruthRecord);
  });
  afterAll(() => {
    lines = [];
  });

  it('consists of complete lines only, in every chunk', () => {
    expect(g.corpus.at(-1)).toBe(0x0a);
    for (const c of g.chunks) expect(c.at(-1)).toBe(0x0a);
    expect(lines.length).toBe(g.stats.lines);
    expect(lines.every((l) => l.length > 0 && !l.includes('\r'))).toBe(true);
    expect(g.corpus.toString('utf8').includes('\uFFFD')).toBe(false);
  });

  it('writes well-formed Docker json-file and CRI records, including partials', () => {
    let docker = 0;
    let dockerPartial = 0;
    let cri = 0;
    let criPartial = 0;
    for (const l of lines) {
      if (l.startsWith('{"log":')) {
        const o = JSON.parse(l) as Record<string, unknown>;
        expect(Object.keys(o)).toEqual(['log', 'stream', 'time']);
        expect(o.stream === 'stdout' || o.stream === 'stderr').toBe(true);
        expect(o.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
        docker++;
        if (!(o.log as string).endsWith('\n')) {
          dockerPartial++;
          expect(Buffer.byteLength(o.log as string)).toBeLessThanOrEqual(16 * 1024);
        }
      } else if (/^\S+Z (?:stdout|stderr) [PF] /.test(l)) {
        cri++;
        if (decode(l).partial) criPartial++;
      }
    }
    expect(docker).toBeGreaterThan(lines.length * 0.2);
    expect(cri).toBeGreaterThan(lines.length * 0.15);
    expect(dockerPartial + criPartial).toBe(g.stats.partialLines);
    expect(dockerPartial + criPartial).toBeGreaterThan(0);
  });

  it('truth lines point at events that contain the error code', () => {
    expect(truth.length).toBe(g.stats.errors);
    expect(truth.reduce((n, t) => n + t.lines, 0)).toBe(g.stats.errorLines);
    let prevEnd = 0;
    for (const t of truth) {
      expect(Object.keys(t)).toEqual(['line', 'lines', 'vendor', 'code']);
      expect(['tencent', 'huawei', 'netease']).toContain(t.vendor);
      expect(typeof t.code).toBe('string');
      expect(t.lines).toBeGreaterThanOrEqual(1);
      expect(t.line).toBeGreaterThan(prevEnd); // ascending, no overlap
      expect(t.line + t.lines - 1).toBeLessThanOrEqual(lines.length);
      prevEnd = t.line + t.lines - 1;
      const text = eventText(lines, t.line, t.lines);
      if (!text.includes(t.code)) throw new Error(`line ${t.line}: code ${t.code} not in ${JSON.stringify(text.slice(0, 300))}`);
    }
  });

  it('no line outside the truth spans carries a vendor error signature', () => {
    const inTruth = new Uint8Array(lines.length + 2);
    for (const t of truth) for (let i = t.line; i < t.line + t.lines; i++) inTruth[i] = 1;
    const leaks: string[] = [];
    lines.forEach((l, i) => {
      if (inTruth[i + 1]) return;
      const text = decode(l).text;
      if (SIGNATURES.some((re) => re.test(text))) leaks.push(`${i + 1}: ${text.slice(0, 200)}`);
    });
    expect(leaks).toEqual([]);
  });

  it('has about 5% error events and 10% decoys, from all three vendors', () => {
    const s = g.stats;
    expect(s.events).toBeGreaterThan(4000);
    expect(s.errors / s.events).toBeGreaterThan(ERROR_RATE * 0.8);
    expect(s.errors / s.events).toBeLessThan(ERROR_RATE * 1.2);
    expect(s.decoys / s.events).toBeGreaterThan(DECOY_RATE * 0.85);
    expect(s.decoys / s.events).toBeLessThan(DECOY_RATE * 1.15);
    expect(s.errors + s.decoys + s.normal).toBe(s.events);
    expect(s.errorRatio).toBeCloseTo(s.errors / s.events, 10);
    for (const v of ['tencent', 'huawei', 'netease'] as const) {
      expect(truth.filter((t) => t.vendor === v).length).toBeGreaterThan(s.errors * 0.1);
    }
    expect(Object.keys(s.errorShapes).length).toBeGreaterThan(30);
    expect(s.multiLineErrors).toBeGreaterThan(0);
  });

  it('covers the listed shapes, codes and decoys', () => {
    const text = g.corpus.toString('utf8');
    for (const needle of [
      '\\"Response\\":{\\"Error\\":', // string-escaped in a field (and in Docker's log)
      '[TencentCloudSDKError] Code=',
      'RequestId=%!d(string=',
      '[TencentCloudSDKException] code:',
      '[TencentCloudSDKException]code:',
      'ClientRequestException - {status_code:',
      '"kind\\":\\"Status\\"',
      'errorCode',
      'error_message',
      '"HostId',
      '__type',
      'An error occurred (',
      'context deadline exceeded',
      'TotalCount',
    ]) {
      expect(text, needle).toContain(needle);
    }
    const codes = new Set(truth.map((t) => t.code));
    expect([...codes].some((c) => /^-\d+$/.test(c))).toBe(true); // TKE legacy
    expect([...codes].some((c) => /^[456]\d{3}$/.test(c))).toBe(true); // legacy public/CKafka
    expect([...codes].some((c) => /^CCI\.\d\d\.\d{6}$/.test(c))).toBe(true);
    expect([...codes].some((c) => /^\d{7}$/.test(c))).toBe(true); // NetEase
    expect([...codes].some((c) => /^[A-Z]\w+\.\w+$/.test(c))).toBe(true); // Tencent 3.0 dotted
    // Line lengths look like logs: most between 80 and 400 bytes.
    const mid = lines.filter((l) => l.length >= 80 && l.length <= 400).length;
    expect(mid / lines.length).toBeGreaterThan(0.7);
  });
});
