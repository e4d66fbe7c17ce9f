/**
 * The enrichment never contradicts the payload (issue rows A–L): each row's input, through the
 * real detection path where a built-in rule reads the payload's fields, gives the documented
 * answer or says what disagrees in `conflict`.
 */
import { describe, expect, it } from 'vitest';
import { formatExplanation } from '../../src/catalog/format-catalog.js';
import { buildCatalogSet, loadBuiltinCatalogs } from '../../src/catalog/load-catalogs.js';
import { lookupCode } from '../../src/catalog/lookup-code.js';
import type { LookupRequest } from '../../src/catalog/types.js';
import { buildEnrichment, type Enrichment } from '../../src/enrich/build-enrichment.js';
import type { Detection } from '../../src/detect/detect-payloads.js';
import { matchesFailOn } from '../../src/fail-on.js';
import { enrichLine, type EnricherOptions } from '../../src/index.js';

const set = buildCatalogSet(loadBuiltinCatalogs());

function enrich(line: string, options: EnricherOptions = {}): Enrichment & Record<string, unknown> {
  const out = enrichLine(line, options);
  expect(out, line).not.toBeNull();
  const record = JSON.parse(out!) as Record<string, unknown>;
  expect(record.vendor_error, line).toBeDefined();
  return record.vendor_error as Enrichment & Record<string, unknown>;
}

/**
 * A detection as the rules make it with the payload's own HTTP status: row E at the enrichment
 * stage, with the lookup the detector makes (through enrichLine: payload-http-status.test.ts).
 */
function detected(request: LookupRequest & { code: string }, fields: Partial<Detection>): Detection {
  return {
    rule: 'test',
    vendor: fields.vendor ?? 'huawei',
    service: fields.service ?? 'unknown',
    code: request.code,
    subcode: null,
    message: fields.message ?? null,
    request_id: null,
    http_status: fields.http_status ?? null,
    code_desc: null,
    candidates: lookupCode(set, request),
  };
}

const enrichDetection = (d: Detection): Enrichment => buildEnrichment(d, () => new Set(), { lang: 'en', prefer: {} });

describe('A: a module code is looked up as the documented (public code, module code) pair', () => {
  const line = '{"code":5100,"message":"(10010)projectId不正确"}';

  it("the TKE legacy document's own example is explained as 5100, not CKafka 4000/10010 nor TKE -10010", () => {
    const e = enrich(line);
    expect(e).toMatchObject({ code: '5100', subcode: '10010', fallback: 'public', known: true, description: 'Resource operation failed.' });
    expect(JSON.stringify(e)).not.toMatch(/Invalid topic name|CIDR/);
  });

  it('with --service tke too: never "Not a valid CIDR block"', () => {
    const e = enrich(line, { service: 'tke' });
    expect(e).toMatchObject({ code: '5100', service: 'tke', fallback: 'public', description: 'Resource operation failed.' });
    expect(e.conflict).toBeUndefined();
  });

  it('with --service ckafka: the CKafka document pairs 10010 with 4000, so the record says pairing', () => {
    const e = enrich(line, { service: 'ckafka' });
    expect(e).toMatchObject({ code: '5100', service: 'ckafka', fallback: 'public', conflict: ['pairing'] });
  });

  it('the documented pair 4000/(10010) is the CKafka module entry', () => {
    expect(enrich('{"code":4000,"message":"(10010)topic name invalid"}')).toMatchObject({ fallback: 'module', service: 'ckafka', category: 'invalid_request' });
  });

  it('explain 5100 with subcode 10010 names the public entry', () => {
    const text = formatExplanation(lookupCode(set, { code: 5100, subcode: 10010 }), { lang: 'en' });
    expect(text.split('\n')[0]).toBe('5100  tencent/legacy-api  [tencent-legacy-common]');
  });
});

describe('C: a parent fallback takes its category from the entries under the parent', () => {
  it('InternalError.CidrOutOfRouteTable: no clear majority under InternalError → unknown, not retryable', () => {
    const e = enrich('{"Response":{"Error":{"Code":"InternalError.CidrOutOfRouteTable","Message":"x"},"RequestId":"r1"}}');
    expect(e).toMatchObject({ fallback: 'parent', category: 'unknown', retryable: false });
    expect(e.remediation).not.toMatch(/unrelated to the request/);
    const [candidate] = lookupCode(set, { code: 'InternalError.CidrOutOfRouteTable' });
    expect(candidate?.evidence).toMatchObject({ basis: 'entries', scope: 'InternalError' });
    expect(candidate!.evidence!.agreeing * 2).toBeLessThanOrEqual(candidate!.evidence!.entries);
  });
});

describe('D: a status fallback takes its category from the entries with that status', () => {
  it('4039999: the catalogued 403xxxx codes are mostly not permission → unknown, not retryable', () => {
    // NetEase's {code,message} shape is many apps' too: the event names NetEase's endpoint.
    const e = enrich('{"code":4039999,"message":"Cluster frozen","url":"https://open.c.163.com/api/v1/clusters"}');
    expect(e).toMatchObject({ fallback: 'http_status', known: false, http_status: 403, category: 'unknown', retryable: false });
  });
});

describe("E: the payload's own HTTP status is reported as given", () => {
  it('NetEase 4030002 sent with 502: status 502, and the disagreement with the documented 403 is said', () => {
    const e = enrichDetection(detected({ code: '4030002' }, { vendor: 'netease', service: 'ncs', http_status: 502 }));
    expect(e).toMatchObject({ http_status: 502, known: true, conflict: ['http_status'] });
  });

  it('APIGW.0201 sent with 504: status 504, the documented 504 reading, no conflict', () => {
    const e = enrichDetection(detected({ code: 'APIGW.0201' }, { http_status: 504, message: 'Backend timeout.' }));
    expect(e).toMatchObject({ http_status: 504, category: 'unavailable', retryable: true, message: 'Backend timeout.' });
    expect(e.description).toMatch(/Backend timeout/);
    expect(e.conflict).toBeUndefined();
  });

  it('a Huawei payload whose status_code the rule reads: status as given', () => {
    const e = enrich('{"error_code":"APIGW.0201","error_msg":"Backend unavailable.","status_code":502}');
    expect(e).toMatchObject({ http_status: 502, category: 'unavailable', retryable: true });
    expect(e.conflict).toBeUndefined();
  });
});

describe('other disagreements the record names', () => {
  it("a status the code encodes that the payload's status contradicts (an unknown CCI code)", () => {
    const e = enrichDetection(detected({ code: 'CCI.01.404999' }, { service: 'cci', http_status: 500 }));
    expect(e).toMatchObject({ known: false, http_status: 500, conflict: ['http_status'] });
  });

  it('a rule of one vendor whose code the catalogs give to another: vendor', () => {
    const e = enrichDetection(detected({ code: '4030002' }, { vendor: 'acme' }));
    expect(e).toMatchObject({ vendor: 'netease', conflict: ['vendor'] });
  });

  it('payload and catalog agreeing: no conflict field at all', () => {
    const e = enrichDetection(detected({ code: '4030002' }, { vendor: 'netease', http_status: 403 }));
    expect(e).not.toHaveProperty('conflict');
  });
});

describe('F: APIG. and APIGW. are one code', () => {
  it('APIG.0301 is the gateway code: huawei/apigw, auth', () => {
    const e = enrich('{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information."}');
    expect(e).toMatchObject({ vendor: 'huawei', service: 'apigw', code: 'APIG.0301', known: true, category: 'auth' });
  });

  it('explain APIG.0301 says huawei/apigw', () => {
    expect(formatExplanation(lookupCode(set, { code: 'APIG.0301' }), { lang: 'en' }).split('\n')[0]).toBe(
      'APIGW.0301 (APIG.0301)  huawei/apigw  [huawei-apigw]',
    );
  });

  it('--fail-on rate_limit matches APIG.0308', () => {
    const e = enrich('{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached."}');
    expect(e.category).toBe('rate_limit');
    expect(matchesFailOn(['rate_limit'], [e])).toBe(true);
  });

  it('an unknown APIG. code is still the gateway family', () => {
    expect(lookupCode(set, { code: 'APIG.0999' })[0]).toMatchObject({ vendor: 'huawei', service: 'apigw', known: false });
  });
});

describe('G: a code documented with several statuses carries each reading', () => {
  it.each([
    [400, 'invalid_request', false],
    [413, 'invalid_request', false],
    [502, 'unavailable', true],
    [504, 'unavailable', true],
  ] as const)('APIGW.0201 with %s → %s, retryable %s', (status, category, retryable) => {
    const e = enrichDetection(detected({ code: 'APIGW.0201' }, { http_status: status }));
    expect(e).toMatchObject({ http_status: status, category, retryable });
    expect(e.conflict).toBeUndefined();
  });

  it('without a status: the first documented reading (400)', () => {
    expect(enrichDetection(detected({ code: 'APIGW.0201' }, {}))).toMatchObject({ http_status: 400, category: 'invalid_request', retryable: false });
  });

  it('a status the code is not documented with: conflict', () => {
    expect(enrichDetection(detected({ code: 'APIGW.0201' }, { http_status: 401 })).conflict).toEqual(['http_status']);
  });
});

describe('H–J: NetEase texts say nothing the documents do not', () => {
  it.each([
    ['4000472', /load.balanc|round robin|least conn|hash|轮询|最少连接|哈希/i],
    ['4000453', /TCP|HTTP,|HTTPS 时|certificate|证书/i],
    ['4000137', /SSD|standard|普通云硬盘/i],
  ])('%s', (code, invented) => {
    for (const lang of ['en', 'zh'] as const) {
      const e = enrich(`{"code":${code},"message":"x","requestId":"r","url":"https://open.c.163.com/api/v1/x"}`, { lang, vendor: 'netease' });
      expect(e.code).toBe(code);
      expect(`${e.description} ${e.remediation}`).not.toMatch(invented);
    }
  });
});

describe('K: a dry run is not a failure', () => {
  it('DryRunOperation: category not_a_failure, --fail-on invalid_request does not match, ECS outcome success', () => {
    const line = '{"Response":{"Error":{"Code":"DryRunOperation","Message":"x"},"RequestId":"r1"}}';
    const e = enrich(line);
    expect(e).toMatchObject({ category: 'not_a_failure', retryable: false });
    expect(matchesFailOn(['invalid_request'], [e])).toBe(false);
    const ecs = JSON.parse(enrichLine(line, { schema: 'ecs' })!) as { event: { outcome: string } };
    expect(ecs.event.outcome).toBe('success');
  });
});

describe('L: no retry advice the document does not give', () => {
  it.each(['APIGW.0103', 'APIGW.0104', 'APIGW.0105'])('%s: not retryable, contact support', (code) => {
    const e = enrich(`{"error_code":"${code}","error_msg":"x"}`);
    expect(e).toMatchObject({ retryable: false });
    expect(e.remediation).toMatch(/technical support/);
    expect(e.remediation).not.toMatch(/retry/i);
  });
});

describe('provenance and doc_url', () => {
  it("a Chinese description from the vendor's document, an English one written by the project", () => {
    const line = '{"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"x"},"RequestId":"r1"}}';
    expect(enrich(line, { lang: 'zh' })).toMatchObject({ provenance: { description: 'vendor_document' }, doc_url: 'https://cloud.tencent.com/document/api/457/31867' });
    expect(enrich(line)).toMatchObject({ provenance: { description: 'project' } });
  });

  it('explain prints where each text comes from and the documentation URL', () => {
    const en = formatExplanation(lookupCode(set, { code: 'CCI.01.400101' }), { lang: 'en' });
    expect(en).toContain('  texts from   description: written by errenrich; remediation: written by errenrich\n');
    expect(en).toContain('  source       https://support.huaweicloud.com/api-cci/cci_02_1005.html\n');
    const zh = formatExplanation(lookupCode(set, { code: 'CCI.01.400101' }), { lang: 'zh' });
    expect(zh).toContain('  文字出处     说明: 厂商错误码文档; 处理措施: 厂商错误码文档\n');
  });
});
