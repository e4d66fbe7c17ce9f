import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/types.js';
import { loadCatalogDir, loadCatalogFile, parseCatalogText } from '../../src/catalog/load-catalogs.js';
import { CatalogFileError, assertValidCatalogFile, validateCatalogFile } from '../../src/catalog/validate-catalog.js';

const BROKEN = 'test/fixtures/catalogs/broken';
const ALL_CATEGORIES = CATEGORIES.join(', ');

/** The messages a load attempt throws (fails the test when it does not throw). */
function loadProblems(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof CatalogFileError) return error.problems;
    throw error;
  }
  throw new Error('expected the load to fail');
}

const validEntry = {
  code: '4000001',
  http_status: 400,
  description: { zh: '请求参数无效。', en: 'Invalid parameters.' },
  remediation: { zh: '修正参数。', en: 'Fix the parameter.' },
  category: 'invalid_request',
  retryable: false,
};
const validFile = {
  id: 'netease-ncs',
  version: '2026.11.23',
  vendor: 'netease',
  service: 'ncs',
  source: 'https://example.invalid/ncs',
  from_seed: true,
  entries: [validEntry],
};

describe('broken catalog fixtures', () => {
  it('unknown category: file, entry position and code, the allowed values', () => {
    expect(loadProblems(() => loadCatalogFile(`${BROKEN}/unknown-category.json`))).toEqual([
      `${BROKEN}/unknown-category.json: entry #3 (code "CCI.01.400103"): unknown category "foo" (expected one of ${ALL_CATEGORIES})`,
    ]);
  });

  it('duplicate code: names both positions', () => {
    expect(loadProblems(() => loadCatalogFile(`${BROKEN}/duplicate-code.json`))).toEqual([
      `${BROKEN}/duplicate-code.json: entry #3 (code "-10000"): duplicate code (first at entry #1)`,
    ]);
  });

  it('missing zh remediation', () => {
    expect(loadProblems(() => loadCatalogFile(`${BROKEN}/missing-zh-remediation.json`))).toEqual([
      `${BROKEN}/missing-zh-remediation.json: entry #1 (code "4000001"): missing remediation.zh`,
    ]);
  });

  it('not JSON: line and column of the failure', () => {
    expect(loadProblems(() => loadCatalogFile(`${BROKEN}/not-json.json`))).toEqual([
      `${BROKEN}/not-json.json: not valid JSON: unexpected end of file at line 8, column 1`,
    ]);
    expect(loadProblems(() => parseCatalogText('{\n  "id": "x",\n  "version" 1\n}', 'x.json'))).toEqual([
      'x.json: not valid JSON at line 3, column 13',
    ]);
  });

  it('a directory load reports every broken file at once, in file name order', () => {
    const problems = loadProblems(() => loadCatalogDir(BROKEN));
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      `${BROKEN}/duplicate-code.json`,
      `${BROKEN}/missing-zh-remediation.json`,
      `${BROKEN}/not-json.json`,
      `${BROKEN}/unknown-category.json`,
    ]);
  });

  it('a missing directory is a one-line error too', () => {
    expect(loadProblems(() => loadCatalogDir('test/fixtures/catalogs/nope'))).toEqual([
      'test/fixtures/catalogs/nope: cannot read catalog directory (ENOENT)',
    ]);
  });
});

describe('validateCatalogFile', () => {
  it('accepts a valid built-in file', () => {
    expect(validateCatalogFile(validFile, 'data/catalogs/netease-ncs.json')).toEqual([]);
  });

  it('requires the built-in header fields and an id matching the file name', () => {
    const { version: _v, from_seed: _f, ...header } = validFile;
    expect(validateCatalogFile({ ...header, vendor: '' }, 'data/catalogs/other.json')).toEqual([
      'data/catalogs/other.json: header: missing version',
      'data/catalogs/other.json: header: vendor must be a non-empty string (got "")',
      'data/catalogs/other.json: header: missing from_seed',
      'data/catalogs/other.json: header: id "netease-ncs" does not match the file name (expected "other")',
    ]);
  });

  it('lets user files omit id, source, from_seed and http_status', () => {
    const { http_status: _s, ...entry } = validEntry;
    const user = { version: '1', vendor: 'netease', service: 'ncs', entries: [entry] };
    expect(validateCatalogFile(user, 'my/ncs.json', 'user')).toEqual([]);
    expect(validateCatalogFile(user, 'data/catalogs/ncs.json', 'builtin')).toEqual([
      'data/catalogs/ncs.json: header: missing id',
      'data/catalogs/ncs.json: header: missing source',
      'data/catalogs/ncs.json: header: missing from_seed',
    ]);
  });

  it('checks every entry field, one line each', () => {
    const entries = [
      { ...validEntry, code: 5100 },
      { ...validEntry, code: '4000002', retryable: 'yes', http_status: 400.5 },
      { ...validEntry, code: '4000003', description: { zh: '', en: 'x' }, remediation: 'fix it', message: 3 },
      'not an entry',
    ];
    expect(validateCatalogFile({ ...validFile, entries }, 'data/catalogs/netease-ncs.json')).toEqual([
      'data/catalogs/netease-ncs.json: entry #1: code must be a non-empty string (got 5100)',
      'data/catalogs/netease-ncs.json: entry #2 (code "4000002"): retryable must be a boolean (got "yes")',
      'data/catalogs/netease-ncs.json: entry #2 (code "4000002"): http_status must be an integer or null (got 400.5)',
      'data/catalogs/netease-ncs.json: entry #3 (code "4000003"): description.zh must be a non-empty string (got "")',
      'data/catalogs/netease-ncs.json: entry #3 (code "4000003"): remediation must be an object with zh and en (got "fix it")',
      'data/catalogs/netease-ncs.json: entry #3 (code "4000003"): message must be a non-empty string (got 3)',
      'data/catalogs/netease-ncs.json: entry #4: not an object (got "not an entry")',
    ]);
  });

  it('rejects what is not a catalog object at all', () => {
    expect(validateCatalogFile([], 'a.json')).toEqual(['a.json: not a JSON object (got an array)']);
    expect(validateCatalogFile({ ...validFile, id: 'a', entries: {} }, 'a.json')).toEqual([
      'a.json: entries must be an array (got an object)',
    ]);
  });

  it('assertValidCatalogFile throws one Error with every message joined', () => {
    const file = { ...validFile, entries: [{ ...validEntry, category: 'foo', retryable: 1 }] };
    expect(() => assertValidCatalogFile(file, 'data/catalogs/netease-ncs.json')).toThrow(
      [
        `data/catalogs/netease-ncs.json: entry #1 (code "4000001"): unknown category "foo" (expected one of ${ALL_CATEGORIES})`,
        'data/catalogs/netease-ncs.json: entry #1 (code "4000001"): retryable must be a boolean (got 1)',
      ].join('\n'),
    );
    expect(() => assertValidCatalogFile(validFile, 'data/catalogs/netease-ncs.json')).not.toThrow();
  });
});
