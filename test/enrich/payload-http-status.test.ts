/**
 * Issue 21 row E: the payload's own HTTP status reaches the enrichment — it is reported as given,
 * picks the documented reading of a code with several statuses, and a disagreement with the
 * catalog is said (`conflict`), never settled silently for the catalog.
 */
import { describe, expect, it } from 'vitest';
import { enrichLine } from '../../src/index.js';

const ve = (line: string) => (JSON.parse(enrichLine(line) ?? '{}') as { vendor_error?: Record<string, unknown> }).vendor_error;

describe("the payload's HTTP status", () => {
  it('NetEase: http_status 502 next to 4030002 (documented 403) is reported, with conflict ["http_status"]', () => {
    expect(ve('{"http_status":502,"code":4030002,"message":"Container quota insufficient."}')).toMatchObject({
      vendor: 'netease',
      code: '4030002',
      http_status: 502,
      conflict: ['http_status'],
    });
  });

  it('NetEase: "status" is read too; the documented status gives no conflict', () => {
    const v = ve('{"status":403,"code":4030002,"message":"Container quota insufficient."}');
    expect(v).toMatchObject({ code: '4030002', http_status: 403 });
    expect(v?.conflict).toBeUndefined();
    // A word under "status" is no HTTP status: the catalog's stands.
    expect(ve('{"status":"error","code":4030002,"message":"Container quota insufficient."}')).toMatchObject({ http_status: 403 });
  });

  it('Huawei: "status" 504 with APIGW.0201 gives the 504 reading (backend timeout), as status_code does', () => {
    for (const key of ['status', 'status_code']) {
      expect(ve(`{"${key}":504,"error_code":"APIGW.0201","error_msg":"Backend timeout.","request_id":"r-1"}`), key).toMatchObject({
        vendor: 'huawei',
        code: 'APIGW.0201',
        http_status: 504,
        category: 'unavailable',
        retryable: true,
      });
    }
  });

  it('Huawei: without a status the code keeps its first documented reading', () => {
    expect(ve('{"error_code":"APIGW.0201","error_msg":"Bad request.","request_id":"r-1"}')).toMatchObject({ code: 'APIGW.0201', http_status: 400 });
  });
});
