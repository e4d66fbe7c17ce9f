/**
 * Memory per distinct error code is bounded (issue 19, item 3): 400k distinct codes held 382 MB
 * without --summary (every code kept in the summary rows), 1.2M aborted a 256 MB heap, and codes
 * over 16 KiB collide in V8's string hash. Now: at most MAX_SUMMARY_ROWS rows, the rest in an
 * "(other codes)" row per vendor and service, totals exact; a "code" longer than MAX_CODE_LENGTH is
 * not taken as a code; the lookup cache and each regex memo are bounded in entries.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CODE_LENGTH } from '../../src/detect/detect-payloads.js';
import type { Enrichment } from '../../src/enrich/build-enrichment.js';
import { enrichLine } from '../../src/index.js';
import { MAX_SUMMARY_ROWS, OTHER_CODES, SummaryCounter } from '../../src/output/summary.js';
import { runCli } from '../helpers/run-cli.js';

function enrichment(code: string, category = 'invalid_request', vendor = 'tencent'): Enrichment {
  return { vendor, service: 'tke', code, http_status: null, message: null, request_id: null, known: false, fallback: 'guess', description: null, category, retryable: false, remediation: null, rule: 'r' } as unknown as Enrichment;
}

describe('the summary counter', () => {
  it('orders rows by count, then code, vendor and service in code-unit order, whatever order they were counted in', () => {
    const seen: [string, string][] = [
      ['tencent', 'b.Code'],
      ['huawei', 'B.Code'],
      ['tencent', 'B.Code'],
      ['huawei', 'a.Code'],
      ['tencent', 'a.Code'],
    ];
    const orders = [seen, [...seen].reverse(), [seen[2]!, seen[0]!, seen[4]!, seen[1]!, seen[3]!]];
    const rows = orders.map((order) => {
      const s = new SummaryCounter();
      for (const [vendor, code] of order) s.addErrors([enrichment(code, 'auth', vendor)]);
      s.addErrors([enrichment('z.Code', 'auth', 'netease')]);
      s.addErrors([enrichment('z.Code', 'auth', 'netease')]);
      return s.toJSON().by_code.map((r) => `${r.count} ${r.vendor} ${r.code}`);
    });
    // Upper case before lower case ("B" < "a"), as in every locale-free sort.
    expect(rows[0]).toEqual(['2 netease z.Code', '1 huawei B.Code', '1 tencent B.Code', '1 huawei a.Code', '1 tencent a.Code', '1 tencent b.Code']);
    expect(rows[1]).toEqual(rows[0]);
    expect(rows[2]).toEqual(rows[0]);
  });

  it(`keeps at most ${MAX_SUMMARY_ROWS} code rows plus one "(other codes)" row per vendor and service; totals, vendors and categories exact`, () => {
    const s = new SummaryCounter();
    const distinct = 3 * MAX_SUMMARY_ROWS;
    for (let i = 0; i < distinct; i++) s.addErrors([enrichment(`InvalidParameter.Req${i}`, i % 2 === 0 ? 'invalid_request' : 'quota')]);
    for (let i = 0; i < 10; i++) s.addErrors([enrichment('InvalidParameter.Req0')]);
    s.addErrors([enrichment('Other.Vendor', 'auth', 'huawei')]);
    const j = s.toJSON();
    expect(j.by_code.filter((r) => r.code !== OTHER_CODES)).toHaveLength(MAX_SUMMARY_ROWS);
    const others = j.by_code.filter((r) => r.code === OTHER_CODES);
    expect(others).toEqual([
      expect.objectContaining({ vendor: 'tencent', service: 'tke', count: distinct - MAX_SUMMARY_ROWS }),
      expect.objectContaining({ vendor: 'huawei', service: 'tke', count: 1 }),
    ]);
    expect(j.by_code.reduce((n, r) => n + r.count, 0)).toBe(distinct + 11);
    expect(j.errors).toBe(distinct + 11);
    expect(j.by_vendor).toEqual({ tencent: distinct + 10, huawei: 1 });
    expect(j.by_category).toEqual({ invalid_request: distinct / 2 + 10, quota: distinct / 2, auth: 1 });
    expect(j.by_code[0]).toMatchObject({ code: 'InvalidParameter.Req0', count: 11 });
  });

  it('merging worker summaries keeps the bound and the exact totals', () => {
    const parts = [0, 1, 2].map((w) => {
      const s = new SummaryCounter();
      for (let i = 0; i < MAX_SUMMARY_ROWS; i++) s.addErrors([enrichment(`W${w}.C${i}`)]);
      return s.toJSON();
    });
    const total = new SummaryCounter();
    for (const p of parts) total.merge(p);
    const j = total.toJSON();
    expect(j.by_code.length).toBe(MAX_SUMMARY_ROWS + 1);
    expect(j.by_code.reduce((n, r) => n + r.count, 0)).toBe(3 * MAX_SUMMARY_ROWS);
    expect(j.by_vendor).toEqual({ tencent: 3 * MAX_SUMMARY_ROWS });
  });
});

describe('code length cap', () => {
  const line = (code: string) => `{"Response":{"Error":{"Code":"${code}","Message":"m","RequestId":"r"}}}`;

  it(`a code of ${MAX_CODE_LENGTH} characters is taken, one longer is not (the line passes through untouched)`, () => {
    const ok = 'InvalidParameter.' + 'A'.repeat(MAX_CODE_LENGTH - 'InvalidParameter.'.length);
    expect(JSON.parse(enrichLine(line(ok))!).vendor_error?.code).toBe(ok);
    const long = ok + 'A';
    expect(enrichLine(line(long))).toBe(line(long));
    const huge = 'InvalidParameter.' + 'x'.repeat(20_000);
    expect(enrichLine(line(huge))).toBe(line(huge));
  });
});

describe('the CLI', () => {
  it(`5,000 distinct codes: --summary-json has ${MAX_SUMMARY_ROWS} code rows and one "(other codes)" row, every error counted`, async () => {
    const input = Array.from({ length: 5000 }, (_, i) => `{"Response":{"Error":{"Code":"InvalidParameter.Req${String(i).padStart(8, '0')}","Message":"x","RequestId":"r"}}}`).join('\n') + '\n';
    const dir = mkdtempSync(join(tmpdir(), 'errenrich-codes-'));
    const r = await runCli(['--errors-only', '--summary-json', join(dir, 's.json')], { input, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')) as { errors: number; by_code: { code: string; count: number }[] };
    expect(summary.errors).toBe(5000);
    expect(summary.by_code).toHaveLength(MAX_SUMMARY_ROWS + 1);
    expect(summary.by_code.at(-1)).toMatchObject({ code: OTHER_CODES, count: 5000 - MAX_SUMMARY_ROWS });
    rmSync(dir, { recursive: true, force: true });
  });
});
