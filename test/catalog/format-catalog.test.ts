import { describe, expect, it } from 'vitest';
import { catalogStats, formatCatalogList, formatCatalogStats, formatExplanation } from '../../src/catalog/format-catalog.js';
import { buildCatalogSet } from '../../src/catalog/load-catalogs.js';
import { lookupCode } from '../../src/catalog/lookup-code.js';
import { makeCatalog, miniatureCatalogs } from './make-catalog.js';

const set = buildCatalogSet(miniatureCatalogs());

describe('formatExplanation', () => {
  it('a known code, in English', () => {
    expect(formatExplanation(lookupCode(set, { code: 'CCI.01.400101' }), { lang: 'en' })).toBe(
      [
        'CCI.01.400101  huawei/cci  [huawei-cci]',
        '  match        known code',
        '  HTTP status  400',
        '  category     invalid_request',
        '  retryable    no',
        '  description  description huawei-cci CCI.01.400101',
        '  remediation  remediation huawei-cci CCI.01.400101',
        '  source       https://example.invalid/huawei-cci',
        '',
      ].join('\n'),
    );
  });

  it('several candidates, in Chinese, the entry code beside the looked-up one', () => {
    const acme = makeCatalog('acme-v3', { vendor: 'acme', service: 'api' }, [{ code: 'InternalError.Db', category: 'unavailable', retryable: true }]);
    const text = formatExplanation(lookupCode(buildCatalogSet(miniatureCatalogs(), [acme]), { code: 'InternalError.Db.Timeout' }), { lang: 'zh' });
    expect(text).toBe(
      [
        '2 个候选结果，最可能的在前：',
        '',
        '1. InternalError.Db (InternalError.Db.Timeout)  tencent/tke  [tencent-tke-v3]',
        '  匹配方式     上级错误码（该错误码本身不在目录中）',
        '  HTTP 状态码  -',
        '  类别         internal',
        '  类别依据     目录中 InternalError.Db 下的 1 个条目（1 个属于最多的类别）',
        '  可重试       是',
        '  说明         说明 tencent-tke-v3 InternalError.Db',
        '  处理措施     处理 tencent-tke-v3 InternalError.Db',
        '  来源         https://example.invalid/tencent-tke-v3',
        '',
        '2. InternalError.Db (InternalError.Db.Timeout)  acme/api  [acme-v3]',
        '  匹配方式     上级错误码（该错误码本身不在目录中）',
        '  HTTP 状态码  -',
        '  类别         unavailable',
        '  类别依据     目录中 InternalError.Db 下的 1 个条目（1 个属于最多的类别）',
        '  可重试       是',
        '  说明         说明 acme-v3 InternalError.Db',
        '  处理措施     处理 acme-v3 InternalError.Db',
        '  来源         https://example.invalid/acme-v3',
        '',
      ].join('\n'),
    );
  });

  it('a module code the documents pair with another public code: the public entry, and the pairing said', () => {
    const text = formatExplanation(lookupCode(set, { code: 5100, subcode: 10010 }), { lang: 'en' });
    expect(text).toContain('  pairing      module code 10010 is documented in tencent-ckafka under public code 4000, not this one\n');
    expect(text.split('\n')[0]).toBe('5100  tencent/legacy-api  [tencent-legacy-common]');
  });

  it('an unknown code: the fallback kind and what it rests on', () => {
    expect(formatExplanation(lookupCode(set, { code: '4290009' }), { lang: 'en' })).toBe(
      [
        '4290009  netease/ncs  [netease-ncs]',
        '  match          unknown code that encodes an HTTP status',
        '  HTTP status    429',
        '  category       rate_limit',
        '  category from  the HTTP status (http_status 429)',
        '  retryable      yes',
        '  description    (not in the catalogs)',
        '',
      ].join('\n'),
    );
  });

  it('JSON: the candidates array', () => {
    const candidates = lookupCode(set, { code: 'InternalError.Foo' });
    expect(JSON.parse(formatExplanation(candidates, { lang: 'en', json: true }))).toEqual(candidates);
  });
});

describe('formatCatalogList', () => {
  const entries = set.catalogs.flatMap((catalog) => catalog.entries);

  it('one line per entry, filtered by vendor and category', () => {
    expect(formatCatalogList(entries, { vendor: 'tencent', category: 'network' })).toBe(
      '-10010  tencent/tke  network          final      description tencent-tke-legacy -10010\n' +
        '-10011  tencent/tke  network          final      description tencent-tke-legacy -10011\n',
    );
    expect(formatCatalogList(entries, { category: 'rate_limit', lang: 'zh' })).toBe(
      'APIGW.0308  huawei/apigw  rate_limit       retryable  说明 huawei-apigw APIGW.0308\n',
    );
    expect(formatCatalogList(entries, { vendor: 'nobody' })).toBe('');
  });

  it('shortens long descriptions by display width', () => {
    const long = makeCatalog('x', { vendor: 'v', service: 's' }, [{ code: 'A', text: '很'.repeat(80) }]);
    const line = formatCatalogList(long.entries, { lang: 'zh' });
    expect(line.endsWith('…\n')).toBe(true);
    expect(line).not.toContain('很'.repeat(30));
  });

  it('JSON: the selected entries', () => {
    expect(JSON.parse(formatCatalogList(entries, { vendor: 'netease', json: true }))).toEqual(entries.filter((entry) => entry.vendor === 'netease'));
  });
});

describe('formatCatalogStats', () => {
  it('counts per catalog, vendor and category, and which catalogs are seeds', () => {
    const text = formatCatalogStats(set);
    expect(text.split('\n').slice(0, 5)).toEqual([
      '13 codes in 7 catalogs (6 from the seed documents)',
      '',
      'per catalog:',
      '  huawei-apigw           huawei/apigw         1  not seed  2026.11.23  data/catalogs/huawei-apigw.json',
      '  huawei-cci             huawei/cci           1  seed      2026.11.23  data/catalogs/huawei-cci.json',
    ]);
    expect(text).toContain('per vendor:\n  huawei                  2\n  netease                 1\n  tencent                10\n');
    expect(text).toContain('per category:\n  invalid_request         5\n');
    expect(text).not.toContain('billing');
  });

  it('JSON: every category present, overrides counted once', () => {
    const acme = makeCatalog('acme', { vendor: 'tencent', service: 'legacy-api' }, [{ code: '5100', category: 'quota' }]);
    const stats = JSON.parse(formatCatalogStats(buildCatalogSet(miniatureCatalogs(), [acme]), { json: true })) as ReturnType<typeof catalogStats>;
    expect(stats.total).toBe(13);
    expect(stats.categories.billing).toBe(0);
    expect(stats.categories.quota).toBe(1);
    expect(stats.catalogs.map((catalog) => [catalog.id, catalog.entries])).toContainEqual(['acme', 1]);
    expect(stats.vendors).toEqual({ huawei: 2, netease: 1, tencent: 10 });
  });
});
