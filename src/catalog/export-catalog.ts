/**
 * `errenrich catalog export`: the catalogs as the lookup tables log pipelines load themselves —
 * a Vector enrichment table (CSV), a Logstash `translate` dictionary (YAML), a Fluent Bit Lua
 * table, Elasticsearch enrich-index documents (an NDJSON `_bulk` body). docs/catalog-export.md
 * shows each engine's configuration. Pure: entries in, text out.
 *
 * One row per catalog entry, keyed `vendor/service/code`: a code alone is not unique (several
 * catalogs share "InternalError"), and the enrichment carries all three, so a pipeline can build
 * the key from the record.
 */
import type { CatalogEntry, Lang } from './types.js';

export type ExportFormat = 'csv' | 'yaml' | 'lua' | 'ndjson';

/** The Elasticsearch index the `_bulk` body writes to (docs/catalog-export.md creates the enrich policy on it). */
export const EXPORT_INDEX = 'errenrich-vendor-errors';

export interface ExportRow {
  key: string;
  code: string;
  vendor: string;
  service: string;
  catalog: string;
  category: string;
  retryable: boolean;
  http_status: number | null;
  description: string;
  remediation: string;
  doc_url: string;
}

/** The columns, in order (CSV header, Lua and YAML field order). */
export const EXPORT_COLUMNS: readonly (keyof ExportRow)[] = ['key', 'code', 'vendor', 'service', 'catalog', 'category', 'retryable', 'http_status', 'description', 'remediation', 'doc_url'];

export function exportRows(entries: readonly CatalogEntry[], lang: Lang): ExportRow[] {
  const rows = new Map<string, ExportRow>();
  for (const e of entries) {
    const key = `${e.vendor}/${e.service}/${e.code}`;
    // The first catalog to define a key wins, as in a lookup (built-in before user catalogs with new ids).
    if (rows.has(key)) continue;
    const docUrl = (e as CatalogEntry & { doc_url?: string }).doc_url ?? (/^https?:\/\//.test(e.source) ? e.source : '');
    rows.set(key, {
      key,
      code: e.code,
      vendor: e.vendor,
      service: e.service,
      catalog: e.catalog,
      category: e.category,
      retryable: e.retryable,
      http_status: e.http_status,
      description: e.description[lang],
      remediation: e.remediation[lang],
      doc_url: docUrl,
    });
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function exportCatalog(entries: readonly CatalogEntry[], format: ExportFormat, options: { lang: Lang }): string {
  const rows = exportRows(entries, options.lang);
  switch (format) {
    case 'csv':
      return toCsv(rows);
    case 'yaml':
      return toYaml(rows);
    case 'lua':
      return toLua(rows);
    case 'ndjson':
      return toBulk(rows);
  }
}

/** RFC 4180: every field quoted when it holds a comma, quote, CR or LF; quotes doubled. */
function csvField(v: unknown): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toCsv(rows: readonly ExportRow[]): string {
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const r of rows) lines.push(EXPORT_COLUMNS.map((c) => csvField(r[c])).join(','));
  return lines.join('\n') + '\n';
}

/**
 * YAML: a mapping of key → mapping of fields. Every string is written as a JSON string, which is
 * valid YAML (double-quoted scalars), so no value can be read as another type or break the layout.
 */
function toYaml(rows: readonly ExportRow[]): string {
  const out: string[] = ['# errenrich catalog export: a Logstash translate dictionary (docs/catalog-export.md)'];
  for (const r of rows) {
    out.push(`${JSON.stringify(r.key)}:`);
    for (const c of EXPORT_COLUMNS) if (c !== 'key') out.push(`  ${c}: ${JSON.stringify(r[c])}`);
  }
  return out.join('\n') + '\n';
}

/** A Lua string literal: quotes, backslashes and control bytes escaped; UTF-8 text kept as its bytes. */
function luaString(s: string): string {
  return `"${s.replace(/[\\"\x00-\x1f\x7f]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : `\\${String(c.charCodeAt(0)).padStart(3, '0')}`))}"`;
}

function luaValue(v: string | number | boolean | null): string {
  if (v === null) return 'nil';
  if (typeof v === 'string') return luaString(v);
  return String(v);
}

function toLua(rows: readonly ExportRow[]): string {
  const out: string[] = ['-- errenrich catalog export: a Lua table for Fluent Bit (docs/catalog-export.md)', 'return {'];
  for (const r of rows) {
    const fields = EXPORT_COLUMNS.filter((c) => c !== 'key' && r[c] !== null).map((c) => `${c} = ${luaValue(r[c])}`);
    out.push(`  [${luaString(r.key)}] = { ${fields.join(', ')} },`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** An Elasticsearch `_bulk` body: an index action, then the document, per row; the key is the id. */
function toBulk(rows: readonly ExportRow[]): string {
  const out: string[] = [];
  for (const r of rows) {
    out.push(JSON.stringify({ index: { _index: EXPORT_INDEX, _id: r.key } }));
    out.push(JSON.stringify(r));
  }
  return out.join('\n') + '\n';
}
