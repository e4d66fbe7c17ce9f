/**
 * The generator's merge, as a pure function: rows parsed from a vendor document + the
 * hand-written overlay → the catalog file object and a report of what did not line up.
 *
 * Merge rule (docs/catalogs.md): the vendor's text wins for the language it is written in —
 * the Chinese description/remediation of Tencent and Huawei, the vendor's message (kept
 * verbatim in `message`, never replaced by the overlay's). The overlay supplies everything the
 * document lacks: the other language, remediations the document has none of ("-"), category,
 * retryable, http_status where the document has none. An overlay value the vendor text
 * overrides is reported as "ignored", never silently dropped.
 *
 * A source code without overlay entry is "added": it gets category unknown, and its missing
 * texts are filled (the vendor's English message for description.en, else the other
 * language's text, else a placeholder) so the catalog stays loadable; "filled" notes say so.
 * Values of the wrong type are passed through unchanged: validate-catalog.ts reports them.
 */
import { mergeRowsByCode, type SourceRow } from './parse-source.js';
import { isCategory, isRetryableByDefault } from './taxonomy.js';
import type { Bilingual, CatalogFile, CatalogFileEntry, Provenance } from './types.js';

/** The provenance of one bilingual text, language by language. */
interface BilingualProvenance {
  zh: Provenance;
  en: Provenance;
}

export interface BuildCatalogInput {
  id: string;
  /** Rows parsed from the source document; null for a catalog without one (overlay only). */
  rows: readonly SourceRow[] | null;
  /** The overlay file's parsed JSON, shape unchecked; null when there is no overlay. */
  overlay: unknown;
  /** Repository-relative path recorded as generated_from. */
  generatedFrom: string;
}

export interface BuildNote {
  code: string;
  /** "description.en", "category", … */
  field: string;
  /**
   * ignored: the overlay's value lost to the vendor's (or is not a catalog field);
   * filled: neither document nor overlay had it, a fallback was used;
   * duplicate: the code is listed more than once in the document.
   */
  kind: 'ignored' | 'filled' | 'duplicate';
  detail: string;
}

export interface BuildReport {
  catalog: string;
  entries: number;
  /** Codes in the document without an overlay entry (new codes). */
  added: string[];
  /** Overlay codes the document does not list (removed or misspelt). */
  vanished: string[];
  notes: BuildNote[];
  /** Overlay structure errors (wrong catalog id, entries not an object, …). */
  problems: string[];
}

export interface BuiltCatalog {
  /** To be checked with validate-catalog.ts before it is written. */
  catalog: CatalogFile;
  report: BuildReport;
}

/** Texts used when neither the document nor the overlay gives one, so the gap stays visible. */
export const PLACEHOLDER_TEXT: Readonly<{ description: Bilingual; remediation: Bilingual }> = {
  description: { zh: '（暂无说明）', en: '(not described yet)' },
  remediation: { zh: '（暂无处理建议，请参考厂商文档）', en: '(no remediation yet; see the vendor documentation)' },
};

const OVERLAY_ENTRY_FIELDS = new Set([
  'doc_url',
  'statuses',
  'category',
  'retryable',
  'http_status',
  'message',
  'description',
  'remediation',
  'public_code',
]);

const HAN = /\p{Script=Han}/u;

export function buildCatalog(input: BuildCatalogInput): BuiltCatalog {
  const problems: string[] = [];
  const notes: BuildNote[] = [];
  const overlay = asRecord(input.overlay);
  if (input.overlay !== null && overlay === undefined) problems.push('overlay is not a JSON object');
  if (overlay?.catalog !== undefined && overlay.catalog !== input.id) {
    problems.push(`overlay says catalog ${JSON.stringify(overlay.catalog)}, expected "${input.id}"`);
  }
  const overlayEntries = readOverlayEntries(overlay, problems);

  const rows = input.rows === null ? null : uniqueRows(input.rows, notes);
  const sourceRows = rows ?? [...overlayEntries.keys()].map((code) => ({ code }));
  const sourceCodes = new Set(sourceRows.map((row) => row.code));

  const added: string[] = [];
  const entries = sourceRows.map((row) => {
    const overlayEntry = overlayEntries.get(row.code);
    if (overlayEntry === undefined) added.push(row.code);
    return mergeEntry(row, overlayEntry, notes, docUrlOf(overlay));
  });
  const vanished = rows === null ? [] : [...overlayEntries.keys()].filter((code) => !sourceCodes.has(code));

  // Header values are copied as the overlay has them (typed here, checked by the validator).
  const header = overlay ?? {};
  const catalog = {
    id: input.id,
    version: header.version,
    vendor: header.vendor,
    service: header.service,
    source: header.source,
    from_seed: header.from_seed ?? input.rows !== null,
    generated_from: input.generatedFrom,
    entries,
  } as CatalogFile;
  return { catalog, report: { catalog: input.id, entries: entries.length, added, vanished, notes, problems } };
}

function readOverlayEntries(overlay: Record<string, unknown> | undefined, problems: string[]): Map<string, Record<string, unknown>> {
  const entries = new Map<string, Record<string, unknown>>();
  if (overlay === undefined || overlay.entries === undefined) return entries;
  const byCode = asRecord(overlay.entries);
  if (byCode === undefined) {
    problems.push('overlay "entries" is not an object keyed by code');
    return entries;
  }
  for (const [key, value] of Object.entries(byCode)) {
    const entry = asRecord(value);
    if (entry === undefined) problems.push(`overlay entry "${key}" is not an object`);
    else entries.set(key.trim(), entry);
  }
  return entries;
}

function uniqueRows(rows: readonly SourceRow[], notes: BuildNote[]): SourceRow[] {
  const seen = new Map<string, number>();
  for (const row of rows) seen.set(row.code, (seen.get(row.code) ?? 0) + 1);
  for (const [code, count] of seen) {
    if (count > 1) {
      notes.push({ code, field: 'code', kind: 'duplicate', detail: `listed ${count} times in the document; first row kept` });
    }
  }
  return mergeRowsByCode(rows);
}

/** The catalog's source page, every entry's doc_url unless the entry names its own. */
function docUrlOf(overlay: Record<string, unknown> | undefined): string | undefined {
  return typeof overlay?.source === 'string' && overlay.source.trim() !== '' ? overlay.source : undefined;
}

/**
 * Texts the overlay supplies are written by this project: the overlays' descriptions and
 * remediations are the project's words, also where they restate a vendor page.
 */
const OVERLAY_TEXT: Provenance = 'project';

function mergeEntry(row: SourceRow, overlay: Record<string, unknown> | undefined, notes: BuildNote[], catalogDocUrl: string | undefined): CatalogFileEntry {
  const code = row.code;
  const note = (field: string, kind: BuildNote['kind'], detail: string): void => {
    notes.push({ code, field, kind, detail });
  };
  for (const field of Object.keys(overlay ?? {})) {
    if (!OVERLAY_ENTRY_FIELDS.has(field)) note(field, 'ignored', 'not a catalog field');
  }
  const overlayDescription = asRecord(overlay?.description) ?? {};
  const overlayRemediation = asRecord(overlay?.remediation) ?? {};
  const vendorEnglish = row.message !== undefined && !HAN.test(row.message) ? row.message : undefined;

  const vendorWins = (field: string, vendor: unknown, fromOverlay: unknown): unknown => {
    const overlayValue = present(fromOverlay);
    if (vendor === undefined) return overlayValue;
    if (overlayValue !== undefined && overlayValue !== vendor) {
      note(field, 'ignored', `the document's ${quoteShort(vendor)} wins over the overlay's ${quoteShort(overlayValue)}`);
    }
    return vendor;
  };

  // A remediation the overlay improves on (the document often says only "contact support")
  // keeps the vendor's words first, verbatim, and adds the overlay's concrete steps after them.
  const vendorPlusSupplement = (vendor: unknown, fromOverlay: unknown): unknown => {
    const overlayValue = present(fromOverlay);
    if (vendor === undefined) return overlayValue;
    if (overlayValue === undefined || overlayValue === vendor || typeof vendor !== 'string') return vendor;
    note('remediation.zh', 'filled', `the overlay's steps are added after the document's ${quoteShort(vendor)}`);
    return `${vendor}（补充：${String(overlayValue)}）`;
  };

  const remediationZh = vendorPlusSupplement(row.zh_remediation, overlayRemediation.zh);
  const [description, descriptionFrom] = fillBilingual(
    'description',
    {
      zh: vendorWins('description.zh', row.zh_description, overlayDescription.zh),
      en: present(overlayDescription.en),
    },
    { zh: row.zh_description !== undefined ? 'vendor_document' : OVERLAY_TEXT, en: OVERLAY_TEXT },
    vendorEnglish,
    note,
  );
  const [remediation, remediationFrom] = fillBilingual(
    'remediation',
    {
      zh: remediationZh,
      en: present(overlayRemediation.en),
    },
    {
      zh: row.zh_remediation === undefined ? OVERLAY_TEXT : remediationZh === row.zh_remediation ? 'vendor_document' : 'vendor_document+project',
      en: OVERLAY_TEXT,
    },
    undefined,
    note,
  );

  let category = present(overlay?.category);
  if (category === undefined) {
    category = 'unknown';
    if (overlay) note('category', 'filled', 'overlay entry has no category: unknown');
  }
  let retryable = overlay?.retryable;
  if (retryable === undefined) {
    retryable = isCategory(category) && isRetryableByDefault(category);
    if (overlay) note('retryable', 'filled', `overlay entry has no retryable: ${String(retryable)} (taxonomy default)`);
  }

  const entry: Record<string, unknown> = {
    code,
    http_status: vendorWins('http_status', row.http_status, overlay?.http_status) ?? null,
  };
  const message = vendorWins('message', row.message, overlay?.message);
  if (message !== undefined) entry.message = message;
  entry.description = description;
  entry.remediation = remediation;
  entry.category = category;
  entry.retryable = retryable;
  const publicCode = vendorWins('public_code', row.public_code, overlay?.public_code);
  if (publicCode !== undefined) entry.public_code = publicCode;
  const docUrl = present(overlay?.doc_url) ?? catalogDocUrl;
  if (docUrl !== undefined) entry.doc_url = docUrl;
  entry.provenance = { description: descriptionFrom, remediation: remediationFrom };
  if (overlay?.statuses !== undefined) entry.statuses = overlay.statuses;
  return entry as unknown as CatalogFileEntry;
}

/**
 * Completes a bilingual text: a missing English description takes the vendor's English
 * message, then either language takes the other's text, then the placeholder.
 */
function fillBilingual(
  field: 'description' | 'remediation',
  text: { zh: unknown; en: unknown },
  from: BilingualProvenance,
  vendorEnglish: string | undefined,
  note: (field: string, kind: BuildNote['kind'], detail: string) => void,
): [Bilingual, BilingualProvenance] {
  let { zh, en } = text;
  const provenance = { ...from };
  if (en === undefined && vendorEnglish !== undefined) {
    en = vendorEnglish;
    provenance.en = 'vendor_document';
    note(`${field}.en`, 'filled', "taken from the vendor's English message");
  }
  if (zh === undefined && typeof en === 'string') {
    zh = en;
    provenance.zh = provenance.en;
    note(`${field}.zh`, 'filled', 'copied from the English text');
  } else if (en === undefined && typeof zh === 'string') {
    en = zh;
    provenance.en = provenance.zh;
    note(`${field}.en`, 'filled', 'copied from the Chinese text');
  }
  if (zh === undefined) {
    zh = PLACEHOLDER_TEXT[field].zh;
    provenance.zh = 'project';
    note(`${field}.zh`, 'filled', 'placeholder');
  }
  if (en === undefined) {
    en = PLACEHOLDER_TEXT[field].en;
    provenance.en = 'project';
    note(`${field}.en`, 'filled', 'placeholder');
  }
  return [{ zh, en } as Bilingual, provenance];
}

/** A value for a one-line note: JSON, long strings cut to 40 characters. */
function quoteShort(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 42 ? `${text.slice(0, 40)}…"` : text;
}

/** An overlay value that says something: null, undefined and blank strings say nothing. */
function present(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

const HEADER_ORDER = ['id', 'version', 'vendor', 'service', 'source', 'from_seed', 'generated_from'] as const;
const ENTRY_ORDER = [
  'code',
  'http_status',
  'message',
  'description',
  'remediation',
  'category',
  'retryable',
  'public_code',
  'statuses',
  'doc_url',
  'provenance',
] as const;

/**
 * The catalog file text: keys in the documented order whatever order the object has,
 * 2-space indent, trailing newline, so regenerating unchanged inputs changes no byte.
 */
export function serializeCatalogFile(catalog: CatalogFile): string {
  const ordered: Record<string, unknown> = {};
  for (const key of HEADER_ORDER) if (catalog[key] !== undefined) ordered[key] = catalog[key];
  ordered.entries = catalog.entries.map((entry) => {
    const orderedEntry: Record<string, unknown> = {};
    for (const key of ENTRY_ORDER) {
      const value = key === 'description' || key === 'remediation' ? bilingualInOrder(entry[key]) : entry[key];
      if (value !== undefined) orderedEntry[key] = value;
    }
    return orderedEntry;
  });
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function bilingualInOrder(text: Bilingual): Bilingual {
  return { zh: text.zh, en: text.en };
}
