/** `catalog export`: each format read back by a real parser for it; docs/catalog-export.md's configs use what the export has. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
// luaparse ships no types; its AST is checked structurally below.
// @ts-expect-error no declaration file
import luaparse from 'luaparse';
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, EXPORT_INDEX, exportCatalog, exportRows } from '../../src/catalog/export-catalog.js';
import { loadKnowledge } from '../../src/pipeline/load-knowledge.js';
import type { CatalogEntry } from '../../src/catalog/types.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'bin', 'errenrich.cjs');
const DOC = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'catalog-export.md'), 'utf8');
const entries: CatalogEntry[] = [...loadKnowledge().catalogs.codesByCatalog.values()].flatMap((m) => [...m.values()]);
const rows = exportRows(entries, 'en');
const byKey = new Map(rows.map((r) => [r.key, r]));

/** A value no format may mangle: quotes, commas, a newline, a backslash, Chinese text. */
const AWKWARD: CatalogEntry = {
  ...entries[0]!,
  code: 'Test.Awkward',
  description: { en: 'a "quoted", comma\nnew line \\ backslash', zh: '中文，"引号"' },
};

interface LuaNode {
  type: string;
  [k: string]: unknown;
}

/** The table a `return { [k] = { f = v } }` chunk returns, as plain JS (strings, numbers, booleans). */
function luaReturnedTable(source: string): Record<string, Record<string, unknown>> {
  // Lua reads bytes: the UTF-8 file is given to the parser byte for byte.
  const ast = luaparse.parse(Buffer.from(source, 'utf8').toString('latin1'), { luaVersion: '5.1', encodingMode: 'pseudo-latin1' }) as { body: LuaNode[] };
  const ret = ast.body[ast.body.length - 1]!;
  expect(ret.type).toBe('ReturnStatement');
  const table = (ret.arguments as LuaNode[])[0]!;
  expect(table.type).toBe('TableConstructorExpression');
  const value = (n: LuaNode): unknown => {
    if (n.type === 'StringLiteral') return Buffer.from(n.value as string, 'latin1').toString('utf8');
    if (n.type === 'NumericLiteral' || n.type === 'BooleanLiteral') return n.value;
    throw new Error(`unexpected Lua node ${n.type}`);
  };
  const out: Record<string, Record<string, unknown>> = {};
  for (const field of table.fields as LuaNode[]) {
    expect(field.type).toBe('TableKey');
    const inner: Record<string, unknown> = {};
    for (const f of ((field.value as LuaNode).fields as LuaNode[])) inner[(f.key as LuaNode).name as string] = value(f.value as LuaNode);
    out[value(field.key as LuaNode) as string] = inner;
  }
  return out;
}

describe('catalog export', () => {
  it('keys are vendor/service/code and unique; every built-in entry is exported', () => {
    expect(byKey.size).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(400);
    expect(byKey.get('tencent/tke/AuthFailure.SignatureFailure')).toMatchObject({ category: 'auth', retryable: false });
    expect(rows.every((r) => r.doc_url.startsWith('http'))).toBe(true);
  });

  it('csv: csv-parse reads back every row and field, quotes and newlines included', () => {
    const text = exportCatalog([...entries, AWKWARD], 'csv', { lang: 'en' });
    const records = parseCsv(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual(EXPORT_COLUMNS);
    expect(records).toHaveLength(rows.length + 1);
    const awkward = records.find((r) => r.code === 'Test.Awkward')!;
    expect(awkward.description).toBe(AWKWARD.description.en);
    const sig = records.find((r) => r.key === 'tencent/tke/AuthFailure.SignatureFailure')!;
    expect(sig).toMatchObject({ retryable: 'false', category: 'auth', description: byKey.get(sig.key!)!.description });
  });

  it('yaml: the yaml package reads a mapping of key → fields with their types', () => {
    const dict = parseYaml(exportCatalog([...entries, AWKWARD], 'yaml', { lang: 'zh' })) as Record<string, Record<string, unknown>>;
    expect(Object.keys(dict)).toHaveLength(rows.length + 1);
    const awkwardKey = `${AWKWARD.vendor}/${AWKWARD.service}/Test.Awkward`;
    expect(dict[awkwardKey]!.description).toBe(AWKWARD.description.zh);
    const first = rows[0]!;
    expect(dict[first.key]).toMatchObject({ code: first.code, retryable: first.retryable, http_status: first.http_status });
  });

  it('lua: luaparse reads a chunk returning the table, strings escaped (Lua 5.1 as in Fluent Bit)', () => {
    const table = luaReturnedTable(exportCatalog([...entries, AWKWARD], 'lua', { lang: 'zh' }));
    expect(Object.keys(table)).toHaveLength(rows.length + 1);
    expect(table[`${AWKWARD.vendor}/${AWKWARD.service}/Test.Awkward`]!.description).toBe(AWKWARD.description.zh);
    const sig = table['tencent/tke/AuthFailure.SignatureFailure']!;
    expect(sig).toMatchObject({ code: 'AuthFailure.SignatureFailure', retryable: false, category: 'auth' });
  });

  it('ndjson: an Elasticsearch _bulk body, an index action then the document, the key as _id', () => {
    const lines = exportCatalog(entries, 'ndjson', { lang: 'en' }).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(rows.length * 2);
    for (let i = 0; i < lines.length; i += 2) {
      const action = lines[i] as { index: { _index: string; _id: string } };
      expect(action.index._index).toBe(EXPORT_INDEX);
      expect(lines[i + 1]).toEqual(byKey.get(action.index._id));
    }
  });

  it('the CLI writes the export, one vendor with --vendor, and refuses a missing or unknown --format', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [CLI, 'catalog', 'export', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const csv = run(['--format', 'csv', '--vendor', 'netease']);
    expect(csv.status, csv.stderr).toBe(0);
    const records = parseCsv(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(records.length).toBeGreaterThan(0);
    expect(new Set(records.map((r) => r.vendor))).toEqual(new Set(['netease']));
    const missing = run([]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--format is required');
    const wrong = run(['--format', 'jsn']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--format: must be one of csv, yaml, lua, ndjson/);
  });
});

/** The fenced blocks of the doc that follow a heading containing `heading`. */
function blocks(heading: string): string[] {
  const section = DOC.split(/^## /m).find((s) => s.startsWith(heading))!;
  return [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => m[2]!);
}

describe('docs/catalog-export.md matches the export', () => {
  it('Vector: the config parses; its schema fields are CSV columns; the lookup uses the key column', () => {
    const config = parseYaml(blocks('Vector')[1]!) as { enrichment_tables: Record<string, { file: { path: string }; schema: Record<string, string> }>; transforms: Record<string, { source: string }> };
    const table = config.enrichment_tables.vendor_errors!;
    expect(blocks('Vector')[0]).toContain(`--format csv -o ${table.file.path}`);
    for (const field of Object.keys(table.schema)) expect(EXPORT_COLUMNS).toContain(field);
    expect(config.transforms.explain_vendor_errors!.source).toContain('{"key": key}');
    for (const [, field] of config.transforms.explain_vendor_errors!.source.matchAll(/row\.(\w+)/g)) expect(EXPORT_COLUMNS).toContain(field);
  });

  it('Logstash: dictionary_path is the file the export writes; the key is built as vendor/service/code', () => {
    const [command, pipeline] = blocks('Logstash');
    const path = /dictionary_path => "([^"]+)"/.exec(pipeline!)![1]!;
    expect(command).toContain(`--format yaml -o ${path}`);
    expect(pipeline).toContain('%{[vendor_error][vendor]}/%{[vendor_error][service]}/%{[vendor_error][code]}');
  });

  it('Fluent Bit: the filter script parses as Lua, loads the exported file, and reads fields the rows have', () => {
    const [command, script, ini] = blocks('Fluent Bit');
    luaparse.parse(script!, { luaVersion: '5.1' });
    const loaded = /dofile\("([^"]+)"\)/.exec(script!)![1]!;
    expect(command).toContain(`--format lua -o ${loaded}`);
    for (const [, field] of script!.matchAll(/row\.(\w+)/g)) expect(EXPORT_COLUMNS).toContain(field);
    expect(ini).toMatch(/call\s+explain_vendor_error/);
    expect(script).toContain('function explain_vendor_error(');
  });

  it('Elasticsearch: the policy reads the index the _bulk body writes, matching on key, enriching with exported fields', () => {
    const text = blocks('Elasticsearch').join('\n');
    const policy = JSON.parse(/PUT \/_enrich\/policy\/vendor-errors\n(\{[\s\S]*?\n\})/.exec(text)![1]!) as { match: { indices: string; match_field: string; enrich_fields: string[] } };
    expect(policy.match.indices).toBe(EXPORT_INDEX);
    expect(policy.match.match_field).toBe('key');
    for (const f of policy.match.enrich_fields) expect(EXPORT_COLUMNS).toContain(f);
    const pipeline = JSON.parse(/PUT \/_ingest\/pipeline\/explain-vendor-errors\n(\{[\s\S]*?\n\})/.exec(text)![1]!) as { processors: unknown[] };
    expect(JSON.stringify(pipeline.processors)).toContain('{{vendor_error.vendor}}/{{vendor_error.service}}/{{vendor_error.code}}');
  });
});
