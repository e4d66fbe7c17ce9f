/**
 * No prototype pollution: "__proto__", "constructor" and "prototype" keys — at the top level and
 * nested, in payloads, in user rule files and in user catalogs, and as error codes, vendor and
 * service names — are kept as data and never change any object's prototype.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEnricher, enrichLine, loadKnowledge, lookupCode } from '../../src/index.js';
import { enrichInChunks } from '../helpers/enrich-in-chunks.js';
import { parseNdjson, runCli } from '../helpers/run-cli.js';

const PROTO_CHECK = fileURLToPath(new URL('../helpers/check-prototypes.mjs', import.meta.url));

/** Lines with prototype keys in every place a payload can have them. */
const HOSTILE_LINES = [
  '{"__proto__":{"polluted":"top"},"code":4030002,"message":"quota"}',
  '{"Response":{"__proto__":{"polluted":"nested"},"Error":{"Code":"AuthFailure.SignatureFailure","Message":"m","__proto__":{"Code":"Forged"}},"RequestId":"r"}}',
  '{"constructor":{"prototype":{"polluted":"ctor"}},"code":4030002,"message":"q"}',
  '{"kind":"Status","status":"Failure","code":409,"errorCode":"CCI.02.409101","message":"m","__proto__":{"errorCode":"x"},"prototype":{"polluted":1}}',
  '{"error_code":"APIGW.0301","error_msg":"m","__proto__":{"polluted":"huawei"},"constructor":"x"}',
  'request failed: {"__proto__":{"polluted":"embedded"},"code":4030002,"message":"q"} retrying',
  'body="{\\"__proto__\\":{\\"polluted\\":\\"escaped\\"},\\"code\\":4030002,\\"message\\":\\"q\\"}"',
  '{"msg":"{\\"__proto__\\":{\\"polluted\\":\\"in-string\\"},\\"code\\":4030002,\\"message\\":\\"q\\"}"}',
  '{"log":"{\\"__proto__\\":{\\"polluted\\":\\"docker\\"},\\"code\\":4030002,\\"message\\":\\"q\\"}\\n","stream":"stdout","time":"t","__proto__":{"polluted":"attrs"}}',
  '{"log":"partial {\\"__proto__\\":{\\"polluted\\":1},","stream":"stderr","time":"t","__proto__":{"polluted":"partial"}}',
  '{"log":"\\"code\\":4030002,\\"message\\":\\"q\\"}\\n","stream":"stderr","time":"t"}',
  '2026-11-23T10:00:00.123456789Z stdout F {"__proto__":{"polluted":"cri"},"code":4030002,"message":"q"}',
  '[pod/a/b] {"__proto__":{"polluted":"kubectl"},"Response":{"Error":{"Code":"InternalError","Message":"m"}}}',
  '{',
  '  "__proto__": {"polluted": "block"},',
  '  "constructor": {"prototype": {"polluted": "block"}},',
  '  "code": 4030002, "message": "q"',
  '}',
  '{"Response":{"Error":{"Code":"constructor","Message":"m"},"RequestId":"r"}}',
  '{"Response":{"Error":{"Code":"toString","Message":"m"},"RequestId":"r"}}',
  '{"Response":{"Error":{"Code":"hasOwnProperty.__proto__","Message":"m"},"RequestId":"r"}}',
  '{"code":4030002,"message":"(constructor) __proto__"}',
  '[TencentCloudSDKError] Code=__proto__, Message=m, RequestId=r',
  'level=error code=constructor msg="x" request_id=__proto__',
  'Code: prototype, Message: __proto__',
];

function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(OBJECT_PROTO_NAMES);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(ARRAY_PROTO_NAMES);
}
const OBJECT_PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
const ARRAY_PROTO_NAMES = Object.getOwnPropertyNames(Array.prototype).sort();

let dir: string;
let rulesDir: string;
let catalogDir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'errenrich-proto-'));
  rulesDir = join(dir, 'rules');
  catalogDir = join(dir, 'catalogs');
  mkdirSync(rulesDir);
  mkdirSync(catalogDir);
  // Written as text: JSON.parse gives these objects own "__proto__" keys, as a user's file would.
  writeFileSync(
    join(rulesDir, 'acme.json'),
    `{"vendor":"__proto__","version":"1","__proto__":{"polluted":"rules-file"},
      "hints":{"__proto__":["acme-host"],"constructor":["acme-ctor"]},
      "rules":[{"id":"__proto__","shape":"object","__proto__":{"shape":"text"},
        "require":{"acme_err.code":"string","__proto__":"object"},
        "fields":{"code":"acme_err.code","message":"acme_err.__proto__"},
        "lookup":{"catalogs":["constructor"],"accept":"any"},"service":"constructor"}]}`,
  );
  const entry = (code: string, en: string) =>
    `{"code":${JSON.stringify(code)},"description":{"zh":"z","en":${JSON.stringify(en)}},"remediation":{"zh":"z","en":"r"},"category":"auth","retryable":false,"__proto__":{"category":"internal","polluted":"entry"}}`;
  writeFileSync(
    join(catalogDir, 'constructor.json'),
    `{"id":"constructor","version":"1","vendor":"__proto__","service":"constructor","__proto__":{"polluted":"catalog"},
      "entries":[${entry('toString', 'acme toString code')},${entry('__proto__', 'acme proto code')},${entry('constructor', 'acme constructor code')}]}`,
  );
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => expectNoPollution());
afterEach(() => expectNoPollution());

describe('payloads with prototype keys (library)', () => {
  it('every hostile line, in every schema: records parse, "__proto__"/"constructor"/"prototype" keys kept as own data, no prototype changed', async () => {
    const input = Buffer.from(HOSTILE_LINES.join('\n') + '\n');
    for (const schema of ['default', 'ecs', 'otel'] as const) {
      for (const chunk of [1, 13, 1 << 20]) {
        const out = await enrichInChunks(input, chunk, { schema, locate: true });
        const recs = parseNdjson(out);
        expect(recs.length).toBeGreaterThan(10);
        for (const r of recs) expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
        // The first line: passed through, its "__proto__" an own key of the record.
        const first = recs[0]!;
        expect(Object.prototype.hasOwnProperty.call(first, '__proto__')).toBe(true);
        expect(Object.getOwnPropertyDescriptor(first, '__proto__')!.value).toEqual({ polluted: 'top' });
        expect(out.toString()).toContain('{"__proto__":{"polluted":"top"},"code":4030002,"message":"quota"');
      }
    }
  });

  it('a payload whose own "__proto__" holds a forged Error.Code: the real code is used', () => {
    const out = JSON.parse(enrichLine(HOSTILE_LINES[1]!)!) as { vendor_error: { code: string } };
    expect(out.vendor_error.code).toBe('AuthFailure.SignatureFailure');
  });

  it('library options parsed from JSON with "__proto__" do not pollute', async () => {
    const options = JSON.parse('{"__proto__":{"polluted":"options","errorsOnly":true},"locate":true}') as Record<string, unknown>;
    const e = createEnricher(options);
    const out: Buffer[] = [];
    e.on('data', (c: Buffer) => out.push(c));
    e.end('plain\n');
    await new Promise((r) => e.on('end', r));
    expect(Buffer.concat(out).toString()).toBe('{"message":"plain","input":{"file":"-","line":1,"lines":1}}\n');
  });
});

describe('user rule files and catalogs with prototype keys (library)', () => {
  it('load without polluting; codes "toString", "__proto__", "constructor" are found as data', () => {
    const k = loadKnowledge({ rulesDirs: [rulesDir], catalogDirs: [catalogDir] });
    for (const [code, en] of [['toString', 'acme toString code'], ['__proto__', 'acme proto code'], ['constructor', 'acme constructor code']]) {
      const found = lookupCode(k.catalogs, { code: code!, catalogs: ['constructor'] });
      expect(found[0]?.known, code).toBe(true);
      expect(found[0]?.entry?.description.en).toBe(en);
      expect(found[0]?.entry?.category).toBe('auth');
    }
    // A code the catalog does not have is not found through Object.prototype.
    expect(lookupCode(k.catalogs, { code: 'valueOf', catalogs: ['constructor'] }).some((c) => c.known)).toBe(false);
  });

  it('a rule whose id, vendor and service are prototype names detects and enriches; the vendor is reported as "__proto__" in every schema', () => {
    const line = '{"acme_err":{"code":"toString","__proto__":{"detail":"d"}},"__proto__":{"polluted":"payload"},"host":"acme-host"}';
    for (const schema of ['default', 'ecs', 'otel'] as const) {
      const out = enrichLine(line, { rulesDirs: [rulesDir], catalogDirs: [catalogDir], schema })!;
      expect(out.startsWith(line.slice(0, -1))).toBe(true);
      const rec = JSON.parse(out) as Record<string, Record<string, unknown>>;
      const ve = rec.vendor_error!;
      expect(ve.vendor).toBe('__proto__');
      expect(ve.service).toBe('constructor');
      expect(ve.code).toBe('toString');
      expect(ve.description).toBe('acme toString code');
      expect(ve.rule).toBe('__proto__');
      expect(ve.message).toBe('{"detail":"d"}');
      if (schema === 'ecs') expect((rec.cloud as { provider: unknown }).provider).toBe('__proto__');
      if (schema === 'otel') {
        expect(rec['cloud.provider']).toBe('__proto__');
        expect(rec['cloud.platform']).toBe('__proto___constructor');
      }
    }
  });
});

describe('the CLI process (prototypes checked inside it at exit)', () => {
  async function runChecked(args: string[], input: string) {
    const protoFile = join(dir, `proto-${Math.random().toString(36).slice(2)}.json`);
    const r = await runCli(args, { input, nodeArgs: ['--import', PROTO_CHECK], env: { ERRENRICH_TEST_PROTO_FILE: protoFile }, timeoutMs: 20_000 });
    const check = JSON.parse(readFileSync(protoFile, 'utf8')) as { changes: string[]; polluted: string | null };
    return { r, check };
  }

  it('hostile lines with user rules and catalogs, --summary-json: no prototype changed in the CLI, summary counts the "__proto__" vendor as data', async () => {
    const summaryFile = join(dir, 'summary.json');
    const input = [...HOSTILE_LINES, '{"acme_err":{"code":"__proto__","__proto__":{}},"__proto__":{"polluted":1}}', ''].join('\n');
    const { r, check } = await runChecked(['--rules', rulesDir, '--catalog', catalogDir, '--schema', 'otel', '--summary-json', summaryFile], input);
    expect(r.code, r.stderr).toBe(0);
    expect(check).toEqual({ changes: [], polluted: null });
    parseNdjson(r.stdout);
    const summaryText = readFileSync(summaryFile, 'utf8');
    const summary = JSON.parse(summaryText) as { by_vendor: Record<string, number> };
    expect(Object.prototype.hasOwnProperty.call(summary.by_vendor, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(summary.by_vendor, '__proto__')!.value).toBe(1);
  });

  it('catalog list --stats --json with the user catalog: the "__proto__" vendor is counted as data; catalog check passes', async () => {
    const { r, check } = await runChecked(['catalog', 'list', '--stats', '--json', '--catalog', catalogDir], '');
    expect(r.code, r.stderr).toBe(0);
    expect(check).toEqual({ changes: [], polluted: null });
    const stats = JSON.parse(r.stdout.toString()) as { vendors: Record<string, number> };
    expect(Object.getOwnPropertyDescriptor(stats.vendors, '__proto__')?.value).toBe(3);
    const { r: r2, check: check2 } = await runChecked(['catalog', 'check', catalogDir], '');
    expect(r2.code, r2.stderr).toBe(0);
    expect(check2).toEqual({ changes: [], polluted: null });
  });

  it('rules check on the user rules: accepted, no prototype changed', async () => {
    const { r, check } = await runChecked(['rules', 'check', rulesDir], '');
    expect(r.code, r.stderr).toBe(0);
    expect(check).toEqual({ changes: [], polluted: null });
  });
});
