import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_TEXT, buildCatalog, serializeCatalogFile } from '../../src/catalog/build-catalogs.js';
import type { SourceRow } from '../../src/catalog/parse-source.js';
import { validateCatalogFile } from '../../src/catalog/validate-catalog.js';

const header = {
  catalog: 'huawei-cci',
  vendor: 'huawei',
  service: 'cci',
  source: 'https://support.huaweicloud.com/api-cci/cci_02_1005.html',
  from_seed: true,
  version: '2026.11.23',
};
const cciRow: SourceRow = {
  code: 'CCI.01.400101',
  http_status: 400,
  message: 'request body error',
  zh_description: '请求错误: 请求体不合法',
  zh_remediation: '按接口文档排查请求体',
};
const cciOverlayEntry = {
  category: 'invalid_request',
  retryable: false,
  description: { en: 'Request error: the request body is invalid.' },
  remediation: { en: 'Check the request body against the API documentation.' },
};

const build = (rows: SourceRow[] | null, overlay: unknown, id = 'huawei-cci') =>
  buildCatalog({ id, rows, overlay, generatedFrom: rows ? `data/sources/${id}.md` : `data/overlays/${id}.json` });

describe('buildCatalog', () => {
  it('vendor text for its language, overlay for the rest, header from the overlay', () => {
    const { catalog, report } = build([cciRow], { ...header, entries: { 'CCI.01.400101': cciOverlayEntry } });
    expect(catalog).toEqual({
      id: 'huawei-cci',
      version: '2026.11.23',
      vendor: 'huawei',
      service: 'cci',
      source: 'https://support.huaweicloud.com/api-cci/cci_02_1005.html',
      from_seed: true,
      generated_from: 'data/sources/huawei-cci.md',
      entries: [
        {
          code: 'CCI.01.400101',
          http_status: 400,
          message: 'request body error',
          description: { zh: '请求错误: 请求体不合法', en: 'Request error: the request body is invalid.' },
          remediation: { zh: '按接口文档排查请求体', en: 'Check the request body against the API documentation.' },
          category: 'invalid_request',
          retryable: false,
          doc_url: 'https://support.huaweicloud.com/api-cci/cci_02_1005.html',
          provenance: {
            description: { zh: 'vendor_document', en: 'project' },
            remediation: { zh: 'vendor_document', en: 'project' },
          },
        },
      ],
    });
    expect(report).toEqual({ catalog: 'huawei-cci', entries: 1, added: [], vanished: [], notes: [], problems: [] });
    expect(validateCatalogFile(catalog, 'data/catalogs/huawei-cci.json')).toEqual([]);
  });

  it("the document's text wins over the overlay's (a zh remediation is supplemented, never replaced); both are reported", () => {
    const overlay = {
      ...header,
      entries: {
        'CCI.01.400101': {
          ...cciOverlayEntry,
          http_status: 422,
          message: 'other message',
          remediation: { zh: '更详细的处理建议', en: 'x' },
        },
      },
    };
    const { catalog, report } = build([cciRow], overlay);
    expect(catalog.entries[0]).toMatchObject({
      http_status: 400,
      message: 'request body error',
      remediation: { zh: '按接口文档排查请求体（补充：更详细的处理建议）', en: 'x' },
    });
    expect(report.notes).toEqual([
      { code: 'CCI.01.400101', field: 'remediation.zh', kind: 'filled', detail: `the overlay's steps are added after the document's "按接口文档排查请求体"` },
      { code: 'CCI.01.400101', field: 'http_status', kind: 'ignored', detail: `the document's 400 wins over the overlay's 422` },
      { code: 'CCI.01.400101', field: 'message', kind: 'ignored', detail: `the document's "request body error" wins over the overlay's "other message"` },
    ]);
  });

  it('"-" remediations (absent in the rows) come from the overlay, http_status too', () => {
    const row: SourceRow = { code: '-222218', zh_description: '超过伸缩组最大值限制' };
    const overlay = {
      ...header,
      catalog: 'tencent-tke-legacy',
      entries: {
        '-222218': {
          category: 'quota',
          retryable: false,
          http_status: 200,
          description: { en: 'The scaling group maximum was exceeded.' },
          remediation: { zh: '调小期望节点数。', en: 'Lower the desired node count.' },
        },
      },
    };
    const { catalog, report } = build([row], overlay, 'tencent-tke-legacy');
    expect(catalog.entries[0]).toEqual({
      code: '-222218',
      http_status: 200,
      description: { zh: '超过伸缩组最大值限制', en: 'The scaling group maximum was exceeded.' },
      remediation: { zh: '调小期望节点数。', en: 'Lower the desired node count.' },
      category: 'quota',
      retryable: false,
      doc_url: 'https://support.huaweicloud.com/api-cci/cci_02_1005.html',
      provenance: {
        description: { zh: 'vendor_document', en: 'project' },
        remediation: { zh: 'project', en: 'project' },
      },
    });
    expect(report.notes).toEqual([]);
  });

  it('a source code without overlay entry is new: category unknown, gaps filled so the catalog loads', () => {
    const neteaseRow: SourceRow = { code: '4000001', http_status: 400, message: 'Invalid parameters.' };
    const { catalog, report } = build([cciRow, neteaseRow], { ...header, entries: {} });
    expect(report.added).toEqual(['CCI.01.400101', '4000001']);
    expect(catalog.entries[0]).toMatchObject({
      description: { zh: '请求错误: 请求体不合法', en: 'request body error' },
      remediation: { zh: '按接口文档排查请求体', en: '按接口文档排查请求体' },
      category: 'unknown',
      retryable: false,
    });
    expect(catalog.entries[1]).toMatchObject({
      description: { zh: 'Invalid parameters.', en: 'Invalid parameters.' },
      remediation: PLACEHOLDER_TEXT.remediation,
    });
    expect(report.notes.filter((note) => note.code === '4000001').map((note) => `${note.field}: ${note.detail}`)).toEqual([
      "description.en: taken from the vendor's English message",
      'description.zh: copied from the English text',
      'remediation.zh: placeholder',
      'remediation.en: placeholder',
    ]);
    expect(validateCatalogFile(catalog, 'data/catalogs/huawei-cci.json')).toEqual([]);
  });

  it('a Chinese "English" message (CKafka 1049) does not become the English description', () => {
    const row: SourceRow = { code: '1049', message: '消费分组不为空，不能进行消费重置', zh_description: '句柄非法', public_code: '4000' };
    const { catalog } = build([row], { ...header, catalog: 'tencent-ckafka', entries: {} }, 'tencent-ckafka');
    expect(catalog.entries[0]?.description).toEqual({ zh: '句柄非法', en: '句柄非法' });
    expect(catalog.entries[0]?.message).toBe('消费分组不为空，不能进行消费重置');
    expect(catalog.entries[0]?.public_code).toBe('4000');
  });

  it('overlay codes not in the document are reported as vanished and left out', () => {
    const { catalog, report } = build([cciRow], { ...header, entries: { 'CCI.01.400101': cciOverlayEntry, 'CCI.09.400999': cciOverlayEntry } });
    expect(report.vanished).toEqual(['CCI.09.400999']);
    expect(catalog.entries.map((entry) => entry.code)).toEqual(['CCI.01.400101']);
  });

  it('an incomplete overlay entry: defaults noted; wrong values pass through for the validator', () => {
    const overlay = { ...header, entries: { 'CCI.01.400101': { category: 'foo', description: { en: 'x' }, remediation: { en: 'y' }, note: 'todo' } } };
    const { catalog, report } = build([cciRow], overlay);
    expect(report.notes).toEqual([
      { code: 'CCI.01.400101', field: 'note', kind: 'ignored', detail: 'not a catalog field' },
      { code: 'CCI.01.400101', field: 'retryable', kind: 'filled', detail: 'overlay entry has no retryable: false (taxonomy default)' },
    ]);
    expect(validateCatalogFile(catalog, 'data/catalogs/huawei-cci.json')).toEqual([
      'data/catalogs/huawei-cci.json: entry #1 (code "CCI.01.400101"): unknown category "foo" (expected one of auth, permission, invalid_request, not_found, conflict, quota, rate_limit, billing, account, state, unsupported, capacity, network, internal, unavailable, unknown, not_a_failure)',
    ]);
  });

  it('overlay structure problems are reported', () => {
    expect(build([cciRow], { ...header, catalog: 'huawei-apigw', entries: [] }).report.problems).toEqual([
      'overlay says catalog "huawei-apigw", expected "huawei-cci"',
      'overlay "entries" is not an object keyed by code',
    ]);
    expect(build([cciRow], { ...header, entries: { 'CCI.01.400101': 'x' } }).report.problems).toEqual([
      'overlay entry "CCI.01.400101" is not an object',
    ]);
  });

  it('a catalog without source document is its overlay (huawei-apigw)', () => {
    const overlay = {
      catalog: 'huawei-apigw',
      vendor: 'huawei',
      service: 'apigw',
      source: 'https://support.huaweicloud.com/devg-apisign/api-sign-errorcode.html',
      source_note: 'not from a seed',
      from_seed: false,
      version: '2026.11.23',
      entries: {
        'APIGW.0308': {
          http_status: 429,
          message: 'The throttling threshold has been reached.',
          category: 'rate_limit',
          retryable: true,
          description: { zh: '超出流控值限制。', en: 'The throttling threshold was reached.' },
          remediation: { zh: '稍后重试。', en: 'Retry later.' },
        },
      },
    };
    const { catalog, report } = build(null, overlay, 'huawei-apigw');
    expect(catalog).toMatchObject({ id: 'huawei-apigw', from_seed: false, generated_from: 'data/overlays/huawei-apigw.json' });
    expect(catalog.entries).toEqual([
      {
        code: 'APIGW.0308',
        ...overlay.entries['APIGW.0308'],
        doc_url: overlay.source,
        provenance: { description: { zh: 'project', en: 'project' }, remediation: { zh: 'project', en: 'project' } },
      },
    ]);
    expect(report).toMatchObject({ entries: 1, added: [], vanished: [], notes: [], problems: [] });
  });
});

describe('serializeCatalogFile', () => {
  it('documented key order whatever the object order, 2-space indent, trailing newline', () => {
    const text = serializeCatalogFile({
      entries: [
        {
          retryable: false,
          category: 'auth',
          remediation: { en: 'b', zh: 'B' },
          description: { en: 'a', zh: 'A' },
          code: '4100',
          http_status: null,
        },
      ],
      from_seed: true,
      source: 'https://x.example',
      service: 'legacy-api',
      vendor: 'tencent',
      version: '1',
      id: 'tencent-legacy-common',
    });
    expect(text).toBe(
      `{
  "id": "tencent-legacy-common",
  "version": "1",
  "vendor": "tencent",
  "service": "legacy-api",
  "source": "https://x.example",
  "from_seed": true,
  "entries": [
    {
      "code": "4100",
      "http_status": null,
      "description": {
        "zh": "A",
        "en": "a"
      },
      "remediation": {
        "zh": "B",
        "en": "b"
      },
      "category": "auth",
      "retryable": false
    }
  ]
}
`,
    );
  });
});
