/**
 * The category and retryability of a code the catalogs do not list, from evidence rather than a
 * blanket rule. The detection side relies on this for unknown codes of a known vendor family
 * (`known: false`): what the catalog's own entries say about codes like it comes first, the
 * vendor's documented prefix meanings and the HTTP status only when no entry is like it.
 *
 * Evidence is a set of entries (those under a parent code, those documented with an HTTP status,
 * those sharing a Tencent API 3.0 prefix): its category is the one more than half of them have,
 * retryable when more than half of those are retryable. Without a clear majority the category is
 * `unknown` and the code is not retryable — a resend is advised only where the documents make it
 * plausible.
 */
import { categoryFromCodePrefix } from './code-shape.js';
import { categoryForHttpStatus, isRetryableByDefault } from './taxonomy.js';
import type { CatalogEntry, CatalogSet, Category, CategoryEvidence } from './types.js';

export interface CategoryReading {
  category: Category;
  retryable: boolean;
  evidence: CategoryEvidence;
}

/** The majority reading of a set of entries; unknown and not retryable without a clear majority. */
export function categoryFromEntries(entries: readonly CatalogEntry[], scope: string): CategoryReading {
  const counts = new Map<Category, CatalogEntry[]>();
  for (const entry of entries) {
    const same = counts.get(entry.category);
    if (same) same.push(entry);
    else counts.set(entry.category, [entry]);
  }
  let top: { category: Category; entries: CatalogEntry[] } | undefined;
  for (const [category, members] of counts) if (!top || members.length > top.entries.length) top = { category, entries: members };
  const agreeing = top?.entries.length ?? 0;
  const evidence: CategoryEvidence = { basis: 'entries', scope, entries: entries.length, agreeing };
  if (!top || agreeing * 2 <= entries.length) return { category: 'unknown', retryable: false, evidence };
  const retryable = top.entries.filter((entry) => entry.retryable).length * 2 > agreeing;
  return { category: top.category, retryable, evidence };
}

interface EvidenceIndex {
  /** catalog id → ancestor code ("InternalError") → the entries below it. */
  byAncestor: Map<string, Map<string, CatalogEntry[]>>;
  /** catalog id → documented HTTP status → entries. */
  byStatus: Map<string, Map<number, CatalogEntry[]>>;
  /** vendor → first segment of a dotted code ("InternalError") → entries of that vendor. */
  byPrefix: Map<string, Map<string, CatalogEntry[]>>;
  /** vendor → documented HTTP status → entries of that vendor. */
  byVendorStatus: Map<string, Map<number, CatalogEntry[]>>;
}

/** Built once per catalog set, on first use. */
const INDEXES = new WeakMap<CatalogSet, EvidenceIndex>();

function indexOf(set: CatalogSet): EvidenceIndex {
  const cached = INDEXES.get(set);
  if (cached) return cached;
  const index: EvidenceIndex = { byAncestor: new Map(), byStatus: new Map(), byPrefix: new Map(), byVendorStatus: new Map() };
  for (const [catalog, codes] of set.codesByCatalog) {
    for (const entry of new Set(codes.values())) {
      let dot = entry.code.indexOf('.');
      while (dot > 0) {
        push(index.byAncestor, catalog, entry.code.slice(0, dot), entry);
        dot = entry.code.indexOf('.', dot + 1);
      }
      if (entry.http_status !== null) push(index.byStatus, catalog, entry.http_status, entry);
    }
  }
  const unique = new Set(set.catalogs.flatMap((catalog) => catalog.entries));
  for (const entry of unique) {
    const first = entry.code.indexOf('.');
    if (first > 0) push(index.byPrefix, entry.vendor, entry.code.slice(0, first), entry);
    if (entry.http_status !== null) push(index.byVendorStatus, entry.vendor, entry.http_status, entry);
  }
  INDEXES.set(set, index);
  return index;
}

function push<K>(outer: Map<string, Map<K, CatalogEntry[]>>, key: string, inner: K, entry: CatalogEntry): void {
  let map = outer.get(key);
  if (!map) outer.set(key, (map = new Map()));
  const list = map.get(inner);
  if (list) list.push(entry);
  else map.set(inner, [entry]);
}

/**
 * A parent fallback: the entries of the catalog below the parent code; when the parent has none
 * below it, the parent entry itself is the only evidence.
 */
export function categoryUnderParent(set: CatalogSet, parent: CatalogEntry): CategoryReading {
  const below = indexOf(set).byAncestor.get(parent.catalog)?.get(parent.code);
  return categoryFromEntries(below && below.length > 0 ? below : [parent], parent.code);
}

/** A status fallback (codes that encode their status): the catalog's entries documented with it. */
export function categoryForStatusInCatalog(set: CatalogSet, catalog: string, status: number): CategoryReading {
  const same = indexOf(set).byStatus.get(catalog)?.get(status);
  if (same && same.length > 0) return categoryFromEntries(same, `http_status ${status}`);
  return statusReading(status);
}

export interface UnknownCodeContext {
  /** The vendor family the code belongs to ("tencent", "huawei"), when known. */
  vendor?: string;
  /** The HTTP status the payload came with, if any. */
  http_status?: number | null;
}

/**
 * An unknown code of a known vendor family: the vendor's entries sharing its prefix (Tencent API
 * 3.0 prefixes such as AuthFailure or LimitExceeded are shared by every Tencent product), else the
 * prefix's documented meaning, else the vendor's entries documented with the payload's HTTP
 * status (Huawei codes of other services), else the status alone, else unknown.
 */
export function classifyUnknownCode(set: CatalogSet, code: string, context: UnknownCodeContext = {}): CategoryReading {
  const index = indexOf(set);
  const first = code.indexOf('.');
  const prefix = first > 0 ? code.slice(0, first) : code;
  const prefixCategory = categoryFromCodePrefix(prefix);
  if (prefixCategory !== null) {
    const alike = context.vendor !== undefined ? index.byPrefix.get(context.vendor)?.get(prefix) : undefined;
    if (alike && alike.length > 0) return categoryFromEntries(alike, prefix);
    return {
      category: prefixCategory,
      retryable: isRetryableByDefault(prefixCategory),
      evidence: { basis: 'prefix', scope: prefix, entries: 0, agreeing: 0 },
    };
  }
  const status = context.http_status ?? null;
  if (status !== null) {
    const same = context.vendor !== undefined ? index.byVendorStatus.get(context.vendor)?.get(status) : undefined;
    if (same && same.length > 0) return categoryFromEntries(same, `http_status ${status}`);
    return statusReading(status);
  }
  return { category: 'unknown', retryable: false, evidence: { basis: 'none', entries: 0, agreeing: 0 } };
}

function statusReading(status: number): CategoryReading {
  const category = categoryForHttpStatus(status);
  return {
    category,
    retryable: isRetryableByDefault(category),
    evidence: { basis: 'http_status', scope: `http_status ${status}`, entries: 0, agreeing: 0 },
  };
}
