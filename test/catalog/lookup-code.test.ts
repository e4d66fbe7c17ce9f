import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeCode } from '../../src/catalog/code-shape.js';
import { buildCatalogSet } from '../../src/catalog/load-catalogs.js';
import { MAX_CODE_LENGTH, lookupCode } from '../../src/catalog/lookup-code.js';
import type { CatalogEntry, Category, LookupCandidate, LookupRequest } from '../../src/catalog/types.js';
import { makeCatalog, miniatureCatalogs } from './make-catalog.js';

const set = buildCatalogSet(miniatureCatalogs());
const emptySet = buildCatalogSet([]);

/** [catalog, entry code, fallback] per candidate: the shape of an answer at a glance. */
const summary = (candidates: readonly LookupCandidate[]) =>
  candidates.map((candidate) => [candidate.catalog, candidate.entry?.code ?? null, candidate.fallback]);
const lookup = (request: LookupRequest, within = set) => lookupCode(within, request);

describe('numeric and string forms are the same code', () => {
  it.each([
    [5100, '5100'],
    [-10010, '-10010'],
    [4000001, '4000001'],
  ])('%s and "%s"', (numeric, text) => {
    expect(lookup({ code: numeric })).toEqual(lookup({ code: text }));
    expect(lookup({ code: numeric })[0]?.known).toBe(true);
  });

  it('subcodes too, also as written in the message', () => {
    expect(lookup({ code: 5100, subcode: -10010 })).toEqual(lookup({ code: '5100', subcode: '-10010' }));
    expect(lookup({ code: 5100, subcode: '(-10010)' })).toEqual(lookup({ code: 5100, subcode: -10010 }));
  });

  it('normalizes signs, zeros and blanks', () => {
    expect(['+5100', '05100', ' 5100 ', 5100].map(normalizeCode)).toEqual(['5100', '5100', '5100', '5100']);
    expect([-10010, '-010010', '-0', 'InternalError '].map(normalizeCode)).toEqual(['-10010', '-10010', '0', 'InternalError']);
  });
});

describe('exact', () => {
  it('the code itself, with the entry and its knowledge', () => {
    const [candidate, ...rest] = lookup({ code: 'InvalidParameter' });
    expect(rest).toEqual([]);
    expect(candidate).toMatchObject({
      code: 'InvalidParameter',
      catalog: 'tencent-tke-v3',
      vendor: 'tencent',
      service: 'tke',
      known: true,
      fallback: 'exact',
      category: 'invalid_request',
      retryable: false,
      http_status: null,
    });
    expect(candidate?.entry?.code).toBe('InvalidParameter');
  });

  it('a code in several catalogs: every candidate, catalogs ordered and restricted by the request', () => {
    const acme = makeCatalog('acme-gateway', { vendor: 'acme', service: 'gateway' }, [{ code: '4000', category: 'unavailable', retryable: true }]);
    const withAcme = buildCatalogSet(miniatureCatalogs(), [acme]);
    expect(summary(lookup({ code: 4000 }, withAcme))).toEqual([
      ['tencent-legacy-common', '4000', 'exact'],
      ['acme-gateway', '4000', 'exact'],
    ]);
    expect(summary(lookup({ code: 4000, catalogs: ['acme-gateway', 'tencent-legacy-common'] }, withAcme))).toEqual([
      ['acme-gateway', '4000', 'exact'],
      ['tencent-legacy-common', '4000', 'exact'],
    ]);
    expect(summary(lookup({ code: 4000, catalogs: ['acme-gateway'] }, withAcme))).toEqual([['acme-gateway', '4000', 'exact']]);
  });
});

describe('Tencent legacy subcode', () => {
  it('a module code under the public code its table pairs it with: that module entry', () => {
    expect(summary(lookup({ code: 4000, subcode: 10010 }))).toEqual([
      ['tencent-ckafka', '10010', 'module'],
      ['tencent-legacy-common', '4000', 'public'],
    ]);
  });

  it('"(10010)" with another public code is no CKafka pair and never TKE -10010: the public code, naming the unpaired module', () => {
    const [candidate, ...rest] = lookup({ code: 5100, subcode: 10010 });
    expect(rest).toEqual([]);
    expect(candidate).toMatchObject({ catalog: 'tencent-legacy-common', fallback: 'public', category: 'internal' });
    expect(candidate?.entry?.code).toBe('5100');
    expect(candidate?.unpaired_module).toEqual({ module_code: '10010', catalog: 'tencent-ckafka', service: 'ckafka', documented_public_code: '4000' });
  });

  it('a negative subcode is the TKE legacy code, whatever the public code', () => {
    expect(summary(lookup({ code: 5100, subcode: -10010 }))).toEqual([
      ['tencent-tke-legacy', '-10010', 'module'],
      ['tencent-legacy-common', '5100', 'public'],
    ]);
    expect(summary(lookup({ code: 5100, subcode: '(-10011)' }))[0]).toEqual(['tencent-tke-legacy', '-10011', 'module']);
  });

  it('only a CKafka module code (then the public reading)', () => {
    const [candidate, ...rest] = lookup({ code: 4000, subcode: '10016' });
    expect(summary(rest)).toEqual([['tencent-legacy-common', '4000', 'public']]);
    expect(candidate).toMatchObject({ code: '4000', catalog: 'tencent-ckafka', fallback: 'module', known: true, category: 'state', retryable: true });
    expect(candidate?.entry?.public_code).toBe('4000');
  });

  it('a positive subcode is never read as negative: 10011 is not "-10011"', () => {
    expect(summary(lookup({ code: 5100, subcode: 10011 }))).toEqual([['tencent-legacy-common', '5100', 'public']]);
    expect(lookup({ code: 5100, subcode: 10011 })[0]?.unpaired_module).toBeUndefined();
  });

  it('unknown module code: the public code', () => {
    const [candidate, ...rest] = lookup({ code: 5100, subcode: 99999 });
    expect(rest).toEqual([]);
    expect(candidate).toMatchObject({ code: '5100', catalog: 'tencent-legacy-common', fallback: 'public', known: true, category: 'internal', retryable: true });
  });

  it('unknown module and public code: the general rules', () => {
    expect(lookup({ code: 5999, subcode: 99999 })).toEqual([
      {
        code: '5999',
        entry: null,
        catalog: 'tencent-legacy-common',
        vendor: 'tencent',
        service: 'legacy-api',
        known: false,
        fallback: 'guess',
        category: 'unknown',
        retryable: false,
        http_status: null,
        evidence: { basis: 'none', entries: 0, agreeing: 0 },
      },
    ]);
  });

  it('the request catalogs restrict the module rules too', () => {
    expect(summary(lookup({ code: 5100, subcode: -10010, catalogs: ['tencent-ckafka', 'tencent-legacy-common'] }))).toEqual([
      ['tencent-legacy-common', '5100', 'public'],
    ]);
    expect(summary(lookup({ code: 4000, subcode: 10010, catalogs: ['tencent-legacy-common'] }))).toEqual([
      ['tencent-legacy-common', '4000', 'public'],
    ]);
  });

  it('no subcode, or a non-numeric one: the code itself', () => {
    expect(summary(lookup({ code: 5100, subcode: null }))).toEqual([['tencent-legacy-common', '5100', 'exact']]);
    expect(summary(lookup({ code: 5100, subcode: 'abc' }))).toEqual([['tencent-legacy-common', '5100', 'exact']]);
  });
});

describe('parent', () => {
  it('InternalError.Foo → InternalError of the same catalog', () => {
    const [candidate] = lookup({ code: 'InternalError.Foo' });
    expect(candidate).toMatchObject({ code: 'InternalError.Foo', fallback: 'parent', known: true, catalog: 'tencent-tke-v3', category: 'internal', retryable: true });
    expect(candidate?.entry?.code).toBe('InternalError');
  });

  it('walks up one level at a time: A.B.C → A.B before A', () => {
    expect(summary(lookup({ code: 'InternalError.Db.Timeout' }))).toEqual([['tencent-tke-v3', 'InternalError.Db', 'parent']]);
    expect(summary(lookup({ code: 'ResourceNotFound.Cluster.Node' }))).toEqual([['tencent-tke-v3', 'ResourceNotFound', 'parent']]);
  });

  it('each catalog answers with its nearest ancestor, closest first', () => {
    const other = makeCatalog('acme-v3', { vendor: 'acme', service: 'api' }, [
      { code: 'InternalError.Db.Timeout', category: 'unavailable', retryable: true },
      { code: 'InternalError.Db.Timeout.Read', category: 'unavailable' },
    ]);
    const withOther = buildCatalogSet(miniatureCatalogs(), [other]);
    expect(summary(lookup({ code: 'InternalError.Db.Timeout.Write' }, withOther))).toEqual([
      ['acme-v3', 'InternalError.Db.Timeout', 'parent'],
      ['tencent-tke-v3', 'InternalError.Db', 'parent'],
    ]);
  });
});

describe('http_status from CCI and NetEase codes', () => {
  it('unknown CCI code: status and category from the code', () => {
    expect(lookup({ code: 'CCI.01.404999' })).toEqual([
      {
        code: 'CCI.01.404999',
        entry: null,
        catalog: 'huawei-cci',
        vendor: 'huawei',
        service: 'cci',
        known: false,
        fallback: 'http_status',
        category: 'not_found',
        retryable: false,
        http_status: 404,
        evidence: { basis: 'http_status', scope: 'http_status 404', entries: 0, agreeing: 0 },
      },
    ]);
  });

  it.each<[string, number, Category, boolean]>([
    ['4000999', 400, 'invalid_request', false],
    ['4010999', 401, 'auth', false],
    ['4030999', 403, 'permission', false],
    ['4040999', 404, 'not_found', false],
    ['4080999', 408, 'unavailable', true],
    ['4090999', 409, 'conflict', false],
    ['4290001', 429, 'rate_limit', true],
    ['5000999', 500, 'internal', true],
    ['5020001', 502, 'internal', true],
    ['5030001', 503, 'unavailable', true],
    ['CCI.02.409999', 409, 'conflict', false],
    ['CCI.03.500999', 500, 'internal', true],
  ])('%s → %s %s', (code, status, category, retryable) => {
    const [candidate, ...rest] = lookup({ code });
    expect(rest).toEqual([]);
    expect(candidate).toMatchObject({ entry: null, known: false, fallback: 'http_status', http_status: status, category, retryable });
    expect(candidate?.vendor).toBe(code.startsWith('CCI') ? 'huawei' : 'netease');
  });
});

describe('guess', () => {
  it.each<[string, Category, boolean]>([
    ['AuthFailure.SignatureExpire', 'auth', false],
    ['UnauthorizedOperation.CamNoAuth', 'permission', false],
    ['InvalidParameter.Foo', 'invalid_request', false],
    ['InvalidParameterValue.Bar', 'invalid_request', false],
    ['MissingParameter', 'invalid_request', false],
    ['UnknownParameter', 'invalid_request', false],
    ['ResourceNotFound.ClusterNotFound', 'not_found', false],
    ['LimitExceeded.NodeQuota', 'quota', false],
    ['RequestLimitExceeded', 'rate_limit', true],
    ['ResourceInUse.Cluster', 'state', false],
    ['ResourceUnavailable.ClusterState', 'state', false],
    ['ResourceInsufficient.Cvm', 'capacity', true],
    ['UnsupportedOperation.ClusterNotSuitEnableVPCCNI', 'unsupported', false],
    ['UnsupportedRegion', 'unsupported', false],
    ['InternalError.Db', 'internal', true],
    ['FailedOperation.RBAC', 'unknown', false],
  ])('%s → %s (retryable %s)', (code, category, retryable) => {
    expect(lookup({ code }, emptySet)).toEqual([
      {
        code,
        entry: null,
        catalog: 'tencent-tke-v3',
        vendor: 'tencent',
        service: 'tke',
        known: false,
        fallback: 'guess',
        category,
        retryable,
        http_status: null,
        evidence: { basis: 'prefix', scope: code.split('.')[0], entries: 0, agreeing: 0 },
      },
    ]);
  });

  it('APIGW.*: by the HTTP status that came with the payload, else unknown', () => {
    expect(lookup({ code: 'APIGW.0999', http_status: 429 })[0]).toMatchObject({
      catalog: 'huawei-apigw',
      vendor: 'huawei',
      service: 'apigw',
      fallback: 'guess',
      category: 'rate_limit',
      retryable: true,
      http_status: 429,
    });
    expect(lookup({ code: 'APIGW.0999' })[0]).toMatchObject({ fallback: 'guess', category: 'unknown', retryable: false, http_status: null });
  });

  it("Huawei codes of other services (SERVICE.NNNN): Huawei's, category from the payload's status", () => {
    expect(lookup({ code: 'VPC.0201' })[0]).toMatchObject({ vendor: 'huawei', service: 'unknown', known: false, category: 'unknown', retryable: false });
    expect(lookup({ code: 'Ecs.0114', http_status: 400 })[0]).toMatchObject({
      vendor: 'huawei',
      category: 'invalid_request',
      evidence: { basis: 'entries', scope: 'http_status 400' },
    });
    expect(lookup({ code: 'CCE.01400001', http_status: 503 })[0]).toMatchObject({ vendor: 'huawei', category: 'unavailable', evidence: { basis: 'http_status' } });
  });

  it('vendor from the shape: negative codes are TKE legacy', () => {
    expect(lookup({ code: -99999 })[0]).toMatchObject({ catalog: 'tencent-tke-legacy', vendor: 'tencent', service: 'tke', fallback: 'guess', category: 'unknown' });
  });

  it('no shape: unknown vendor, unless the request names catalogs', () => {
    expect(lookup({ code: 'weird code!' })[0]).toMatchObject({ catalog: 'unknown', vendor: 'unknown', service: 'unknown', category: 'unknown', known: false });
    expect(lookup({ code: 'weird code!', catalogs: ['netease-ncs'] })[0]).toMatchObject({ catalog: 'netease-ncs', vendor: 'netease', service: 'ncs' });
    expect(lookup({ code: 'weird code!', catalogs: ['netease-ncs'] }, emptySet)[0]).toMatchObject({ catalog: 'netease-ncs', vendor: 'netease', service: 'ncs' });
  });

  it('the request catalogs pick the family a code fits', () => {
    expect(lookup({ code: 'Oops', catalogs: ['netease-ncs', 'tencent-tke-v3'] })[0]).toMatchObject({ catalog: 'tencent-tke-v3', vendor: 'tencent' });
  });
});

describe('user overrides', () => {
  it('a user entry replacing a built-in one is one candidate, from the user catalog', () => {
    const acme = makeCatalog('acme-tencent', { vendor: 'tencent', service: 'legacy-api', from_seed: false }, [{ code: '5100', category: 'quota' }]);
    const overridden = buildCatalogSet(miniatureCatalogs(), [acme]);
    expect(summary(lookup({ code: '5100' }, overridden))).toEqual([['acme-tencent', '5100', 'exact']]);
    expect(lookup({ code: 5100, subcode: 99999 }, overridden)[0]).toMatchObject({ catalog: 'acme-tencent', fallback: 'public', category: 'quota' });
  });
});

describe('dotted codes: the nearest ancestor, with work bounded by the code length', () => {
  const segment = fc.constantFrom('InternalError', 'Db', 'Timeout', 'a', 'ResourceNotFound', 'x', '');
  const dotted = fc.array(segment, { minLength: 1, maxLength: 40 }).map((parts) => parts.join('.'));

  /** The longest proper prefix ending before a dot that the catalog lists: the reference answer. */
  function nearestAncestor(code: string, codes: ReadonlyMap<string, unknown>): string | null {
    for (let end = code.length - 1; end > 0; end -= 1) {
      if (code[end] === '.' && codes.has(code.slice(0, end))) return code.slice(0, end);
    }
    return null;
  }

  it('matches the reference for random dotted codes up to MAX_CODE_LENGTH', () => {
    const v3 = set.codesByCatalog.get('tencent-tke-v3')!;
    fc.assert(
      fc.property(dotted, (code) => {
        fc.pre(code.trim() === code && code.length <= MAX_CODE_LENGTH && !v3.has(code));
        const [first] = lookup({ code, catalogs: ['tencent-tke-v3'] });
        const expected = nearestAncestor(code, v3);
        if (expected === null) expect(first?.fallback).not.toBe('parent');
        else expect([first?.fallback, first?.entry?.code]).toEqual(['parent', expected]);
      }),
      { numRuns: 500 },
    );
  });

  it('looks up at most one key per dot per catalog, never longer than MAX_CODE_LENGTH', () => {
    const counted: { keys: number; longest: number } = { keys: 0, longest: 0 };
    const counting = new Map(
      [...set.codesByCatalog].map(([id, codes]) => [
        id,
        {
          get(key: string) {
            counted.keys += 1;
            counted.longest = Math.max(counted.longest, key.length);
            return codes.get(key);
          },
          has: (key: string) => codes.has(key),
          values: () => codes.values(),
        } as unknown as ReadonlyMap<string, CatalogEntry>,
      ]),
    );
    const countingSet = { catalogs: set.catalogs, codesByCatalog: counting };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), (dots) => {
        counted.keys = 0;
        counted.longest = 0;
        const code = `${'a.'.repeat(dots)}a`;
        lookupCode(countingSet, { code });
        const dotsLooked = Math.min(dots, code.length > MAX_CODE_LENGTH ? 0 : dots);
        expect(counted.keys).toBeLessThanOrEqual(counting.size * (dotsLooked + 2));
        expect(counted.longest === code.length || counted.longest <= MAX_CODE_LENGTH).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('a code longer than MAX_CODE_LENGTH gets no ancestor: it is no vendor code', () => {
    const code = `InternalError.${'a.'.repeat(MAX_CODE_LENGTH)}b`;
    expect(lookup({ code })[0]).toMatchObject({ fallback: 'guess', known: false });
  });
});
