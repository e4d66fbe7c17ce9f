import { describe, expect, it } from 'vitest';
import { categoryForStatusInCatalog, categoryFromEntries, categoryUnderParent, classifyUnknownCode } from '../../src/catalog/classify-unknown-code.js';
import { buildCatalogSet } from '../../src/catalog/load-catalogs.js';
import { makeCatalog } from './make-catalog.js';

const v3 = makeCatalog('tencent-tke-v3', { vendor: 'tencent', service: 'tke' }, [
  { code: 'InternalError', category: 'internal', retryable: true },
  { code: 'InternalError.Db', category: 'internal', retryable: true },
  { code: 'InternalError.Cidr', category: 'network' },
  { code: 'InternalError.Vpc', category: 'network' },
  { code: 'AuthFailure', category: 'auth' },
  { code: 'LimitExceeded.A', category: 'quota' },
  { code: 'LimitExceeded.B', category: 'quota' },
  { code: 'LimitExceeded.C', category: 'rate_limit', retryable: true },
]);
const ncs = makeCatalog('netease-ncs', { vendor: 'netease', service: 'ncs' }, [
  { code: '4030001', category: 'permission', http_status: 403 },
  { code: '4030002', category: 'quota', http_status: 403 },
  { code: '4030003', category: 'quota', http_status: 403 },
  { code: '4030004', category: 'quota', http_status: 403 },
  { code: '5000001', category: 'internal', retryable: true, http_status: 500 },
]);
const set = buildCatalogSet([v3, ncs]);
const entry = (code: string) => set.codesByCatalog.get('tencent-tke-v3')!.get(code)!;

describe('categoryFromEntries', () => {
  it('more than half agree: their category; retryable when more than half of those are', () => {
    const quota = v3.entries.filter((e) => e.code.startsWith('LimitExceeded.'));
    expect(categoryFromEntries(quota, 'LimitExceeded')).toEqual({
      category: 'quota',
      retryable: false,
      evidence: { basis: 'entries', scope: 'LimitExceeded', entries: 3, agreeing: 2 },
    });
  });

  it('exactly half is no clear majority: unknown, not retryable', () => {
    const below = v3.entries.filter((e) => e.code.startsWith('InternalError.'));
    expect(categoryFromEntries(below.slice(0, 2), 'x')).toMatchObject({ category: 'unknown', retryable: false });
  });

  it('no entries: unknown', () => {
    expect(categoryFromEntries([], 'x')).toMatchObject({ category: 'unknown', retryable: false, evidence: { entries: 0 } });
  });
});

describe('categoryUnderParent', () => {
  it('the entries below the parent, not the parent itself: one internal and two network → network', () => {
    expect(categoryUnderParent(set, entry('InternalError'))).toMatchObject({ category: 'network', retryable: false, evidence: { entries: 3, agreeing: 2 } });
  });

  it('a parent with nothing below it is its own evidence', () => {
    expect(categoryUnderParent(set, entry('AuthFailure'))).toMatchObject({ category: 'auth', evidence: { entries: 1 } });
  });
});

describe('categoryForStatusInCatalog', () => {
  it('the catalog entries documented with the status', () => {
    expect(categoryForStatusInCatalog(set, 'netease-ncs', 403)).toMatchObject({ category: 'quota', evidence: { entries: 4, agreeing: 3 } });
    expect(categoryForStatusInCatalog(set, 'netease-ncs', 500)).toMatchObject({ category: 'internal', retryable: true });
  });

  it('no entry with that status: the taxonomy reading of the status', () => {
    expect(categoryForStatusInCatalog(set, 'netease-ncs', 429)).toMatchObject({ category: 'rate_limit', retryable: true, evidence: { basis: 'http_status' } });
  });
});

describe('classifyUnknownCode', () => {
  it("a Tencent prefix: the vendor's entries with that prefix first", () => {
    expect(classifyUnknownCode(set, 'LimitExceeded.Z', { vendor: 'tencent' })).toMatchObject({ category: 'quota', evidence: { basis: 'entries', scope: 'LimitExceeded' } });
  });

  it("a Tencent prefix without entries: the prefix's documented meaning", () => {
    expect(classifyUnknownCode(set, 'ResourceNotFound.Z', { vendor: 'tencent' })).toMatchObject({ category: 'not_found', evidence: { basis: 'prefix' } });
  });

  it("another vendor's code with the payload's status: that vendor's entries with the status, else the status", () => {
    expect(classifyUnknownCode(set, 'VPC.0201', { vendor: 'netease', http_status: 403 })).toMatchObject({ category: 'quota', evidence: { basis: 'entries' } });
    expect(classifyUnknownCode(set, 'VPC.0201', { vendor: 'huawei', http_status: 404 })).toMatchObject({ category: 'not_found', evidence: { basis: 'http_status' } });
  });

  it('nothing to go on: unknown, not retryable', () => {
    expect(classifyUnknownCode(set, 'VPC.0201', { vendor: 'huawei' })).toEqual({ category: 'unknown', retryable: false, evidence: { basis: 'none', entries: 0, agreeing: 0 } });
  });
});
