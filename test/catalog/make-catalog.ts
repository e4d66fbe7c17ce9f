/** Small in-memory catalogs for tests that must not depend on the overlays' current content. */
import type { Catalog, CatalogEntry, Category } from '../../src/catalog/types.js';

export interface TestEntry {
  code: string;
  category?: Category;
  retryable?: boolean;
  http_status?: number | null;
  public_code?: string;
  text?: string;
}

export function makeCatalog(
  id: string,
  header: { vendor: string; service: string; from_seed?: boolean },
  entries: readonly TestEntry[],
): Catalog {
  const source = `https://example.invalid/${id}`;
  return {
    id,
    version: '2026.11.23',
    vendor: header.vendor,
    service: header.service,
    source,
    from_seed: header.from_seed ?? true,
    file: `data/catalogs/${id}.json`,
    entries: entries.map((entry): CatalogEntry => {
      const text = entry.text ?? `${id} ${entry.code}`;
      const loaded: CatalogEntry = {
        code: entry.code,
        vendor: header.vendor,
        service: header.service,
        catalog: id,
        http_status: entry.http_status ?? null,
        description: { zh: `说明 ${text}`, en: `description ${text}` },
        remediation: { zh: `处理 ${text}`, en: `remediation ${text}` },
        category: entry.category ?? 'unknown',
        retryable: entry.retryable ?? false,
        source,
        doc_url: source,
      };
      if (entry.public_code !== undefined) loaded.public_code = entry.public_code;
      return loaded;
    }),
  };
}

/** A miniature of the seven built-in catalogs. */
export function miniatureCatalogs(): Catalog[] {
  return [
    makeCatalog('huawei-apigw', { vendor: 'huawei', service: 'apigw', from_seed: false }, [
      { code: 'APIGW.0308', category: 'rate_limit', retryable: true, http_status: 429 },
    ]),
    makeCatalog('huawei-cci', { vendor: 'huawei', service: 'cci' }, [
      { code: 'CCI.01.400101', category: 'invalid_request', http_status: 400 },
    ]),
    makeCatalog('netease-ncs', { vendor: 'netease', service: 'ncs' }, [
      { code: '4000001', category: 'invalid_request', http_status: 400 },
    ]),
    makeCatalog('tencent-ckafka', { vendor: 'tencent', service: 'ckafka' }, [
      { code: '10010', category: 'invalid_request', public_code: '4000' },
      { code: '10016', category: 'state', retryable: true, public_code: '4000' },
    ]),
    makeCatalog('tencent-legacy-common', { vendor: 'tencent', service: 'legacy-api' }, [
      { code: '4000', category: 'invalid_request' },
      { code: '5100', category: 'internal', retryable: true },
    ]),
    makeCatalog('tencent-tke-legacy', { vendor: 'tencent', service: 'tke' }, [
      { code: '-10010', category: 'network' },
      { code: '-10011', category: 'network' },
    ]),
    makeCatalog('tencent-tke-v3', { vendor: 'tencent', service: 'tke' }, [
      { code: 'InternalError', category: 'internal', retryable: true },
      { code: 'InternalError.Db', category: 'internal', retryable: true },
      { code: 'InvalidParameter', category: 'invalid_request' },
      { code: 'ResourceNotFound', category: 'not_found' },
    ]),
  ];
}
