import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { buildCatalogSet, loadBuiltinCatalogs, loadCatalogDir, parseCatalogText } from '../../src/catalog/load-catalogs.js';
import { lookupCode } from '../../src/catalog/lookup-code.js';
import { makeCatalog, miniatureCatalogs } from './make-catalog.js';

const USER_DIR = 'test/fixtures/catalogs/user';

describe('loadBuiltinCatalogs', () => {
  it('loads the seven generated catalogs of the package, in file name order', () => {
    const catalogs = loadBuiltinCatalogs();
    expect(catalogs.map((catalog) => [catalog.id, catalog.file, catalog.from_seed])).toEqual([
      ['huawei-apigw', 'data/catalogs/huawei-apigw.json', false],
      ['huawei-cci', 'data/catalogs/huawei-cci.json', true],
      ['netease-ncs', 'data/catalogs/netease-ncs.json', true],
      ['tencent-ckafka', 'data/catalogs/tencent-ckafka.json', true],
      ['tencent-legacy-common', 'data/catalogs/tencent-legacy-common.json', true],
      ['tencent-tke-legacy', 'data/catalogs/tencent-tke-legacy.json', true],
      ['tencent-tke-v3', 'data/catalogs/tencent-tke-v3.json', true],
    ]);
  });

  it('copies the header onto every entry', () => {
    const cci = loadBuiltinCatalogs().find((catalog) => catalog.id === 'huawei-cci');
    expect(cci?.entries[0]).toMatchObject({
      code: 'CCI.01.400101',
      vendor: 'huawei',
      service: 'cci',
      catalog: 'huawei-cci',
      http_status: 400,
      message: 'request body error',
      source: cci?.source,
    });
  });

  it('is fast enough for every CLI start (load + index well under the budget)', () => {
    const timings = Array.from({ length: 7 }, () => {
      const start = performance.now();
      buildCatalogSet(loadBuiltinCatalogs());
      return performance.now() - start;
    }).sort((a, b) => a - b);
    // The median of warm runs; a few ms on a laptop, generous for loaded CI machines.
    expect(timings[3]).toBeLessThan(40);
  });
});

describe('user catalogs', () => {
  it('loadCatalogDir: id from the file name, source defaults to the file path', () => {
    const [acme, ...rest] = loadCatalogDir(USER_DIR);
    expect(rest).toEqual([]);
    expect(acme).toMatchObject({
      id: 'acme-tencent',
      vendor: 'tencent',
      service: 'legacy-api',
      version: '2026.12.01',
      source: `${USER_DIR}/acme-tencent.json`,
      from_seed: false,
      file: `${USER_DIR}/acme-tencent.json`,
    });
    expect(acme?.entries.map((entry) => [entry.code, entry.http_status, entry.catalog])).toEqual([
      ['5100', null, 'acme-tencent'],
      ['4999', null, 'acme-tencent'],
    ]);
  });

  it('a user entry overrides the built-in entry with the same code and vendor; a new id is added', () => {
    const builtin = loadBuiltinCatalogs();
    const user = loadCatalogDir(USER_DIR);
    const set = buildCatalogSet(builtin, user);

    const [candidate, ...rest] = lookupCode(set, { code: 5100 });
    expect(rest).toEqual([]);
    expect(candidate).toMatchObject({ catalog: 'acme-tencent', fallback: 'exact', category: 'quota', retryable: false });
    expect(candidate?.entry?.description.en).toBe('Resource operation failed (at ACME: usually the CLB quota).');
    // Also where the legacy rules look for the public code.
    expect(lookupCode(set, { code: 5100, subcode: 77777 })[0]).toMatchObject({ catalog: 'acme-tencent', fallback: 'public' });

    const common = set.catalogs.find((catalog) => catalog.id === 'tencent-legacy-common');
    const builtinCommon = builtin.find((catalog) => catalog.id === 'tencent-legacy-common');
    expect(common?.entries.length).toBe(builtinCommon?.entries.length);
    expect(common?.entries.find((entry) => entry.code === '5100')?.catalog).toBe('acme-tencent');
    expect(builtinCommon?.entries.find((entry) => entry.code === '5100')?.catalog).toBe('tencent-legacy-common');

    expect(set.catalogs.at(-1)?.id).toBe('acme-tencent');
    expect(lookupCode(set, { code: '4999' })[0]).toMatchObject({ catalog: 'acme-tencent', known: true, category: 'internal' });
  });

  it('the same code of another vendor is not overridden', () => {
    const other = makeCatalog('acme-netease', { vendor: 'acme', service: 'x' }, [{ code: '4000001', category: 'internal' }]);
    const set = buildCatalogSet(miniatureCatalogs(), [other]);
    expect(lookupCode(set, { code: '4000001' }).map((candidate) => candidate.catalog)).toEqual(['netease-ncs', 'acme-netease']);
  });

  it('a user catalog with a built-in id merges into it: same codes replaced in place, new codes appended', () => {
    const user = parseCatalogText(
      JSON.stringify({
        id: 'tencent-tke-legacy',
        version: 'local',
        vendor: 'tencent',
        service: 'tke',
        entries: [
          {
            code: '-10011',
            description: { zh: '本地说明', en: 'local text' },
            remediation: { zh: '本地处理', en: 'local fix' },
            category: 'conflict',
            retryable: false,
          },
          {
            code: '-99999',
            description: { zh: '本地新增', en: 'local addition' },
            remediation: { zh: '本地处理', en: 'local fix' },
            category: 'internal',
            retryable: true,
          },
        ],
      }),
      'my/tke.json',
    );
    const set = buildCatalogSet(miniatureCatalogs(), [user]);
    const tke = set.catalogs.find((catalog) => catalog.id === 'tencent-tke-legacy');
    expect(tke?.entries.map((entry) => [entry.code, entry.category])).toEqual([
      ['-10010', 'network'],
      ['-10011', 'conflict'],
      ['-99999', 'internal'],
    ]);
    expect(set.catalogs).toHaveLength(7);
  });
});
