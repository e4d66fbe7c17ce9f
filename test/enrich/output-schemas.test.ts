/**
 * Output layouts: every positive case of test/detect/cases.ts, in every position, validated with
 * ajv against schemas/*.schema.json in all three layouts (default, ecs, otel); the layout fields
 * agree with the enrichment; nothing already in a record is overwritten; errorsOnly, target and
 * lang zh.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { EnricherOptions } from '../../src/index.js';
import { enrichLine } from '../../src/index.js';
import { NODE_SDK_LINES, POSITIVE_CASES, nodeSdkPositions, positions, type Placed } from '../detect/cases.js';
import { enrichOne, type Record } from '../detect/helpers.js';

const SCHEMAS = ['vendor-error', 'record-default', 'record-ecs', 'record-otel'] as const;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
for (const name of SCHEMAS) {
  ajv.addSchema(JSON.parse(readFileSync(new URL(`../../schemas/${name}.schema.json`, import.meta.url), 'utf8')) as object);
}
const validator = (name: (typeof SCHEMAS)[number]): ValidateFunction => ajv.getSchema(`${name}.schema.json`)!;
const LAYOUTS = { default: validator('record-default'), ecs: validator('record-ecs'), otel: validator('record-otel') } as const;
const vendorError = validator('vendor-error');

function expectValid(validate: ValidateFunction, value: unknown): void {
  const ok = validate(value);
  expect(ok ? [] : validate.errors, JSON.stringify(value).slice(0, 400)).toEqual([]);
}

interface VE {
  vendor: string;
  service: string;
  code: string;
  http_status: number | null;
  message: string | null;
  description: string | null;
  remediation: string | null;
  category: string;
  schema_conflicts?: string[];
  candidates?: { description: string | null }[];
  provenance?: { description: string; remediation: string };
  doc_url: string | null;
}

const PROVIDER: { [v: string]: string } = { tencent: 'tencent_cloud', huawei: 'huawei_cloud', netease: 'netease_cloud' };

/** The layout fields say the same as the enrichment. */
function expectLayoutAgrees(schema: 'default' | 'ecs' | 'otel', r: Record): void {
  const ve = r.vendor_error as VE;
  const text = ve.message ?? ve.description;
  if (schema === 'ecs') {
    expect(r.error).toEqual(text === null ? { code: ve.code, type: ve.category } : { code: ve.code, message: text, type: ve.category });
    expect(r.cloud).toEqual({ provider: PROVIDER[ve.vendor], service: { name: ve.service } });
    expect(r.event).toEqual(ve.doc_url !== null ? { outcome: 'failure', reference: ve.doc_url } : { outcome: 'failure' });
    if (ve.http_status !== null) expect(r.http).toEqual({ response: { status_code: ve.http_status } });
  } else if (schema === 'otel') {
    expect(r['error.type']).toBe(ve.code);
    expect(r['exception.type']).toBe(`${ve.vendor}.${ve.service}.${ve.code}`);
    expect(r['exception.message']).toBe(text ?? undefined);
    expect(r['cloud.provider']).toBe(PROVIDER[ve.vendor]);
    expect(r['cloud.platform']).toBe(`${PROVIDER[ve.vendor]}_${ve.service}`);
    expect(r['http.response.status_code']).toBe(ve.http_status ?? undefined);
  }
}

const ALL_PLACED: (Placed & { name: string })[] = [
  ...POSITIVE_CASES.flatMap((c) => positions(c).map((p) => ({ ...p, name: `${c.name} — ${p.position}` }))),
  ...nodeSdkPositions().map((p) => ({ ...p, name: `Node SDK — ${p.position}` })),
];

describe.each(['default', 'ecs', 'otel'] as const)('every positive case validates in the %s layout', (schema) => {
  it.each(ALL_PLACED)('$name', ({ line, options }) => {
    const record = enrichOne(line, { ...options, schema });
    expectValid(LAYOUTS[schema], record);
    expectValid(vendorError, record.vendor_error);
    expectLayoutAgrees(schema, record);
    if (schema !== 'default') {
      // The enrichment itself does not depend on the layout.
      expect(record.vendor_error).toEqual(enrichOne(line, options).vendor_error);
    }
  });
});

describe('other outputs validate too', () => {
  const lines: [string, string, EnricherOptions?][] = [
    ['candidates (undecided legacy public code)', '{"code":4000,"message":"invalid parameter"}'],
    ['candidates (module code both services know)', '{"code":4000,"message":"(10000)x"}'],
    ['several errors in one event', '{"a":{"Response":{"Error":{"Code":"InvalidParameter","Message":"m1"},"RequestId":"r1"}},"b":{"code":4030002,"message":"quota"}}'],
    ['lang zh', '{"kind":"Status","status":"Failure","message":"x","code":409,"errorCode":"CCI.02.409101"}', { lang: 'zh' }],
    ['lang zh with candidates', '{"code":5100,"message":"(-10010)x"}', { lang: 'zh' }],
    ['service preference', '{"code":4000,"message":"(10010)x"}', { service: 'tke' }],
  ];
  it.each(lines.flatMap(([name, line, opts]) => (['default', 'ecs', 'otel'] as const).map((schema) => [`${name}, ${schema}`, line, { ...opts, schema }] as const)))(
    '%s',
    (_name, line, options) => {
      const record = enrichOne(line, options);
      expectValid(LAYOUTS[options.schema], record);
      expectLayoutAgrees(options.schema, record);
    },
  );

  it('the schemas reject what errenrich must never write', () => {
    const good = enrichOne('{"code":4030002,"message":"Container quota insufficient."}', { schema: 'ecs' });
    const ve = good.vendor_error as { [k: string]: unknown };
    const bad = [
      { ...ve, category: 'oops' },
      { ...ve, known: true, fallback: 'guess' },
      { ...ve, known: false, fallback: 'exact', description: null, remediation: null },
      { ...ve, http_status: 42 },
      { ...ve, code: 4030002 },
      { ...ve, extra: 1 },
      { ...ve, count: 2 },
    ];
    for (const b of bad) expect(vendorError(b), JSON.stringify(b)).toBe(false);
    expect(LAYOUTS.ecs({ ...good, event: { outcome: 'success' } })).toBe(false);
    expect(LAYOUTS.ecs({ ...good, event: { outcome: 'unknown' } })).toBe(false);
    expect(LAYOUTS.ecs({ ...good, http: undefined })).toBe(false);
    const { error: _error, ...noError } = good;
    expect(LAYOUTS.ecs(noError)).toBe(false);
  });
});

describe('fields that already exist are never overwritten', () => {
  const body = '"code":4030002,"message":"Container quota insufficient."';

  it('an existing target field stays; the enrichment goes to <target>_errenrich', () => {
    const line = `{"vendor_error":"mine",${body}}`;
    const out = enrichLine(line)!;
    expect(out.startsWith(line.slice(0, -1) + ',')).toBe(true);
    const r = JSON.parse(out) as Record;
    expect(r.vendor_error).toBe('mine');
    expectValid(vendorError, r.vendor_error_errenrich);
    expect((r.vendor_error_errenrich as VE).code).toBe('4030002');
  });

  it('and then <target>_errenrich2, …', () => {
    const r = enrichOne(`{"vendor_error":1,"vendor_error_errenrich":2,${body}}`);
    expect([r.vendor_error, r.vendor_error_errenrich]).toEqual([1, 2]);
    expect((r.vendor_error_errenrich2 as VE).code).toBe('4030002');
  });

  it('ECS: existing error/cloud/http/event stay as they were and are listed in schema_conflicts', () => {
    const line = `{"error":{"code":"E1"},"cloud":"on-prem","http":{"request":{"method":"POST"}},"event":{"dataset":"app"},${body}}`;
    const out = enrichLine(line, { schema: 'ecs' })!;
    expect(out.startsWith(line.slice(0, -1) + ',')).toBe(true);
    const r = JSON.parse(out) as Record;
    expect(r.error).toEqual({ code: 'E1' });
    expect(r.cloud).toBe('on-prem');
    expect(r.http).toEqual({ request: { method: 'POST' } });
    expect(r.event).toEqual({ dataset: 'app' });
    const ve = r.vendor_error as VE;
    expect(ve.schema_conflicts).toEqual(['error', 'cloud', 'http', 'event']);
    expectValid(vendorError, ve);
  });

  it('ECS: only the conflicting fields are skipped, the others are placed', () => {
    const r = enrichOne(`{"cloud":{"region":"cn-north-4"},${body}}`, { schema: 'ecs' });
    expect(r.cloud).toEqual({ region: 'cn-north-4' });
    expect(r.error).toEqual({ code: '4030002', message: 'Container quota insufficient.', type: 'quota' });
    expect(r.event).toEqual({ outcome: 'failure', reference: 'https://www.163yun.com/help/documents' });
    expect((r.vendor_error as VE).schema_conflicts).toEqual(['cloud']);
  });

  it('ECS: target and layout fields conflicting together', () => {
    const r = enrichOne(`{"vendor_error":null,"event":"x",${body}}`, { schema: 'ecs' });
    expect([r.vendor_error, r.event]).toEqual([null, 'x']);
    expect((r.vendor_error_errenrich as VE).schema_conflicts).toEqual(['event']);
    expectValid(vendorError, r.vendor_error_errenrich);
  });

  it('OTel: existing flat keys stay and are listed', () => {
    const r = enrichOne(`{"error.type":"timeout","cloud.provider":"aws",${body}}`, { schema: 'otel' });
    expect([r['error.type'], r['cloud.provider']]).toEqual(['timeout', 'aws']);
    expect(r['exception.type']).toBe('netease.ncs.4030002');
    expect(r['cloud.platform']).toBe('netease_cloud_ncs');
    expect((r.vendor_error as VE).schema_conflicts).toEqual(['error.type', 'cloud.provider']);
  });

  it('OTel: a nested "error" object is not the flat key "error.type" (no conflict)', () => {
    const r = enrichOne(`{"error":{"type":"x"},${body}}`, { schema: 'otel' });
    expect(r.error).toEqual({ type: 'x' });
    expect(r['error.type']).toBe('4030002');
    expect((r.vendor_error as VE).schema_conflicts).toBeUndefined();
  });

  it('no conflicts → no schema_conflicts key', () => {
    for (const schema of ['default', 'ecs', 'otel'] as const)
      expect(enrichOne(`{${body}}`, { schema }).vendor_error).not.toHaveProperty('schema_conflicts');
  });

  it('Docker records: the Docker fields are kept, the target conflict rule applies to them too', () => {
    const line = JSON.stringify({ log: `{${body}}\n`, stream: 'stderr', time: '2024-05-01T10:00:00Z', vendor_error: 'x' });
    const r = enrichOne(line);
    expect([r.log, r.stream, r.vendor_error]).toEqual([`{${body}}\n`, 'stderr', 'x']);
    expect((r.vendor_error_errenrich as VE).code).toBe('4030002');
  });
});

describe('options', () => {
  const error = '{"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"Signature expired"},"RequestId":"9f1c"}}';
  const plain = '{"level":"info","msg":"ok"}';

  it('errorsOnly: enriched records come out unchanged, others not at all', () => {
    expect(enrichLine(error, { errorsOnly: true })).toBe(enrichLine(error));
    expect(enrichLine(plain, { errorsOnly: true })).toBeNull();
    expect(enrichLine('just text', { errorsOnly: true })).toBeNull();
    const out = enrichLine([plain, error, 'text', NODE_SDK_LINES[1], error].join('\n'), { errorsOnly: true })!.split('\n');
    expect(out).toEqual([enrichLine(error), enrichLine(error)]);
  });

  it('target: the enrichment goes under the given field, in every layout', () => {
    for (const schema of ['default', 'ecs', 'otel'] as const) {
      const r = enrichOne(error, { target: 'cloud_err', schema });
      expect(r).not.toHaveProperty('vendor_error');
      expectValid(vendorError, r.cloud_err);
      expect(r.cloud_err).toEqual(enrichOne(error, { schema }).vendor_error);
    }
  });

  it('target: an existing field of that name is kept', () => {
    const r = enrichOne(`{"cloud_err":[1],${error.slice(1)}`, { target: 'cloud_err' });
    expect(r.cloud_err).toEqual([1]);
    expect((r.cloud_err_errenrich as VE).code).toBe('AuthFailure.SignatureExpire');
  });

  it('lang zh: Chinese description and remediation, the same code and knowledge', () => {
    const en = enrichOne(error).vendor_error as VE;
    const zh = enrichOne(error, { lang: 'zh' }).vendor_error as VE;
    const cjk = /[\u4e00-\u9fff]/;
    expect(zh.description).toMatch(cjk);
    expect(zh.remediation).toMatch(cjk);
    expect(en.description).not.toMatch(cjk);
    // Provenance is per language: the Chinese description is the vendor's, the English one the project's.
    expect(zh.provenance).toEqual({ description: 'vendor_document', remediation: 'project' });
    expect(en.provenance).toEqual({ description: 'project', remediation: 'project' });
    const knowledge = (v: VE) => ({ ...v, description: null, remediation: null, provenance: null });
    expect(knowledge(zh)).toEqual(knowledge(en));
  });

  it('lang zh: in the ECS layout the vendor message is kept (not translated)', () => {
    const r = enrichOne(error, { lang: 'zh', schema: 'ecs' });
    expect((r.error as { message: string }).message).toBe('Signature expired');
  });

  it('lang zh: candidates are described in Chinese too', () => {
    const ve = enrichOne('{"code":4000,"message":"x"}', { lang: 'zh' }).vendor_error as VE;
    expect(ve.description).toMatch(/[\u4e00-\u9fff]/);
    expect(ve.candidates![0]!.description).toMatch(/[\u4e00-\u9fff]/);
  });

  it('lang zh: without a vendor message, ECS error.message falls back to the Chinese description', () => {
    const r = enrichOne('{"Response":{"Error":{"Code":"InternalError.Db"},"RequestId":"r"}}', { lang: 'zh', schema: 'ecs' });
    expect((r.error as { message: string }).message).toMatch(/[\u4e00-\u9fff]/);
  });
});
