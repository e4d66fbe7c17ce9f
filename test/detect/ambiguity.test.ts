/**
 * Ambiguity: Tencent's legacy {code,message} body is shared by TKE and CKafka (same public codes
 * 4000…6200). It is resolved by the module code in the message, read as the (public code, module
 * code) pair the documents give (a CKafka module code under its documented public code; a negative
 * one is TKE's; "(10010)" is never TKE's -10010), by hints in the same event (API host, action
 * name), by the vendor/service options; what stays undecided is reported with `candidates`. A hint
 * or option naming the other service leaves the public code's reading, never another entry.
 */
import { describe, expect, it } from 'vitest';
import type { Enrichment } from '../../src/enrich/build-enrichment.js';
import type { EnricherOptions } from '../../src/index.js';
import { enrichOne } from './helpers.js';

/** The enrichment's fields these tests read. */
type VE = Pick<Enrichment, 'vendor' | 'service' | 'code' | 'subcode' | 'fallback' | 'category' | 'description' | 'candidates'>;

function ve(line: string, options: EnricherOptions = {}): VE {
  const v = enrichOne(line, options).vendor_error as VE | undefined;
  if (!v) throw new Error(`not detected: ${line}`);
  return v;
}
/** [service, catalog, entry code] of each candidate. */
const cands = (v: VE) => (v.candidates ?? []).map((c) => [c.service, c.catalog, c.code]);

describe('by the module code in the message', () => {
  it('a positive module code known only to CKafka → CKafka, nothing else to list', () => {
    const v = ve('{"code":4100,"message":"(10005)vpc or subnet is invalid"}');
    expect([v.vendor, v.service, v.code, v.subcode, v.fallback, v.category]).toEqual(['tencent', 'ckafka', '4100', '10005', 'module', 'network']);
    expect(v.candidates).toBeUndefined();
  });

  it('a negative module code known only to TKE → TKE, nothing else to list', () => {
    const v = ve('{"code":5000,"message":"(-16009)cluster cls-abc12345 not found"}');
    expect([v.vendor, v.service, v.code, v.subcode, v.fallback, v.category]).toEqual(['tencent', 'tke', '5000', '-16009', 'module', 'not_found']);
    expect(v.candidates).toBeUndefined();
  });

  it('a positive module code under its documented public code (4000/10010) → CKafka, nothing listed', () => {
    const v = ve('{"code":4000,"message":"(10010)topic name is invalid"}');
    expect([v.service, v.subcode, v.fallback, v.category]).toEqual(['ckafka', '10010', 'module', 'invalid_request']);
    expect(v.candidates).toBeUndefined();
  });

  it('a positive module code under another public code (5100/10010) → the public code, never TKE -10010', () => {
    const v = ve('{"code":5100,"message":"(10010)projectId不正确"}');
    expect([v.service, v.subcode, v.fallback, v.category]).toEqual(['legacy-api', '10010', 'public', 'internal']);
    expect(cands(v).map((c) => c[0])).toEqual(['tke', 'ckafka']);
  });

  it('a negative module code (-10010) → TKE, nothing listed', () => {
    const v = ve('{"code":5100,"message":"(-10010)cidr 10.0.0.0/33 is invalid"}');
    expect([v.service, v.subcode, v.fallback, v.category]).toEqual(['tke', '-10010', 'module', 'network']);
    expect(v.candidates).toBeUndefined();
  });

  it('a module code neither knows → the public code, service still undecided', () => {
    const v = ve('{"code":5100,"message":"(100004)projectId不正确"}');
    expect([v.service, v.subcode, v.fallback, v.category]).toEqual(['legacy-api', '100004', 'public', 'internal']);
    expect(cands(v).map((c) => c[0])).toEqual(['tke', 'ckafka']);
  });

  it('a bare negative code is TKE', () => {
    const v = ve('{"code":-10011,"message":"cidr conflicts with the VPC"}');
    expect([v.service, v.code, v.fallback, v.category]).toEqual(['tke', '-10011', 'exact', 'network']);
    expect(v.candidates).toBeUndefined();
  });
});

describe('by hints in the same event', () => {
  const body = '{"code":4000,"message":"invalid parameter"}';
  it.each([
    ['TKE API 3.0 host', `{"url":"https://tke.tencentcloudapi.com/","resp":${body}}`, 'tke'],
    ['TKE legacy host', `POST https://tke.api.qcloud.com/v2/index.php failed: ${body}`, 'tke'],
    ['CCS legacy host', `{"endpoint":"ccs.api.qcloud.com","resp":${body}}`, 'tke'],
    ['TKE action (JSON)', `{"Action":"DescribeClusters","resp":${body}}`, 'tke'],
    ['TKE action (query string)', `GET /?Action=DescribeClusters&Region=ap-guangzhou -> ${body}`, 'tke'],
    ['TKE action name in text', `DescribeClusterInstances failed: ${body}`, 'tke'],
    ['CKafka legacy host', `{"url":"https://ckafka.api.qcloud.com/v2/index.php","resp":${body}}`, 'ckafka'],
    ['CKafka API 3.0 host', `{"host":"ckafka.tencentcloudapi.com","resp":${body}}`, 'ckafka'],
    ['CKafka action', `{"action":"CreateTopic","resp":${body}}`, 'ckafka'],
    ['CKafka action in Docker log text', JSON.stringify({ log: `DescribeConsumerGroup failed: ${body}\n`, stream: 'stderr', time: '2024-05-01T10:00:00Z' }), 'ckafka'],
  ])('%s → %s', (_name, line, service) => {
    const v = ve(line);
    expect([v.vendor, v.service, v.code, v.fallback]).toEqual(['tencent', service, '4000', 'exact']);
    expect(v.candidates).toBeUndefined();
  });

  it('a hint for the other service leaves the public code: (10010) at the TKE host → TKE, public 4000', () => {
    const v = ve('{"url":"https://tke.api.qcloud.com/v2/index.php","resp":{"code":4000,"message":"(10010)cidr is invalid"}}');
    expect([v.service, v.subcode, v.fallback, v.category]).toEqual(['tke', '10010', 'public', 'invalid_request']);
    expect(v.candidates).toBeUndefined();
  });

  it('a hint for the other service leaves the public code: (-10010) with CreateTopic → CKafka, public 4000', () => {
    const v = ve('CreateTopic failed: {"code":4000,"message":"(-10010)topic name is invalid"}');
    expect([v.service, v.subcode, v.fallback, v.category]).toEqual(['ckafka', '-10010', 'public', 'invalid_request']);
    expect(v.candidates).toBeUndefined();
  });

  it('a hint for the module code\'s own service keeps its reading: (10005) with CreateTopic', () => {
    const v = ve('{"action":"CreateTopic","resp":{"code":4100,"message":"(10005)subnet is invalid"}}');
    expect([v.service, v.fallback, v.category]).toEqual(['ckafka', 'module', 'network']);
  });
});

describe('by the vendor/service options', () => {
  it('service tke for a CKafka module code: the public code, as TKE', () => {
    const v = ve('{"code":4000,"message":"(10010)x"}', { service: 'tke' });
    expect([v.service, v.fallback, v.category]).toEqual(['tke', 'public', 'invalid_request']);
    expect(v.candidates).toBeUndefined();
  });

  it('service ckafka for a TKE module code: the public code, as CKafka', () => {
    const v = ve('{"code":4000,"message":"(-10010)x"}', { service: 'ckafka' });
    expect([v.service, v.fallback, v.category]).toEqual(['ckafka', 'public', 'invalid_request']);
    expect(v.candidates).toBeUndefined();
  });

  it('service tke/ckafka names the service of a bare public code', () => {
    expect(ve('{"code":4400,"message":"rate limited"}', { service: 'tke' }).service).toBe('tke');
    expect(ve('{"code":4400,"message":"rate limited"}', { service: 'ckafka' }).service).toBe('ckafka');
  });

  it('vendor + service together', () => {
    const v = ve('{"code":4000,"message":"(10000)x"}', { vendor: 'tencent', service: 'tke' });
    expect([v.vendor, v.service, v.fallback, v.category]).toEqual(['tencent', 'tke', 'public', 'invalid_request']);
  });

  it('the option wins over a hint in the event', () => {
    const v = ve('{"action":"CreateTopic","resp":{"code":4000,"message":"(10010)x"}}', { service: 'tke' });
    expect(v.service).toBe('tke');
  });

  it('a preference that fits no candidate is ignored (it never invents a reading)', () => {
    const v = ve('{"code":4000,"message":"(10010)x"}', { vendor: 'huawei' });
    expect([v.vendor, v.service, v.fallback]).toEqual(['tencent', 'ckafka', 'module']);
    expect(v.candidates).toBeUndefined();
  });
});

describe('undecided → candidates listed', () => {
  it('(10000) under 4000: only CKafka documents that pair, so nothing is undecided', () => {
    const v = ve('{"code":4000,"message":"(10000)x"}');
    expect([v.service, v.description]).toEqual(['ckafka', 'The VPC does not exist.']);
    expect(v.candidates).toBeUndefined();
  });

  it('(10000) with hints for both services → the CKafka module reading', () => {
    const v = ve('{"url":"https://tke.tencentcloudapi.com/","next":"ckafka.api.qcloud.com","resp":{"code":4000,"message":"(10000)x"}}');
    expect([v.service, v.fallback]).toEqual(['ckafka', 'module']);
  });

  it('a bare public code with no hint: service "legacy-api", TKE and CKafka listed', () => {
    const v = ve('{"code":4000,"message":"invalid parameter"}');
    expect([v.vendor, v.service, v.code, v.fallback, v.category]).toEqual(['tencent', 'legacy-api', '4000', 'exact', 'invalid_request']);
    expect(cands(v)).toEqual([
      ['tke', 'tencent-legacy-common', '4000'],
      ['ckafka', 'tencent-legacy-common', '4000'],
    ]);
  });

  it('a bare public code with hints for both services: the same', () => {
    const v = ve('{"url":"https://tke.tencentcloudapi.com/","next":"ckafka.api.qcloud.com","resp":{"code":4000,"message":"x"}}');
    expect(v.service).toBe('legacy-api');
    expect(cands(v).map((c) => c[0])).toEqual(['tke', 'ckafka']);
  });

  it('decided events carry no candidates', () => {
    expect(ve('{"code":-16009,"message":"x"}').candidates).toBeUndefined();
    expect(ve('{"Response":{"Error":{"Code":"InvalidParameter","Message":"m"},"RequestId":"r"}}').candidates).toBeUndefined();
  });
});
