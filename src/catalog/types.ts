/**
 * Shapes shared by the catalog loader, the lookup and the enricher.
 * The on-disk format is described in docs/catalogs.md; this is its in-memory form.
 */

/** One fixed taxonomy shared by all vendors (docs/catalogs.md explains each). */
export const CATEGORIES = [
  'auth',
  'permission',
  'invalid_request',
  'not_found',
  'conflict',
  'quota',
  'rate_limit',
  'billing',
  'account',
  'state',
  'unsupported',
  'capacity',
  'network',
  'internal',
  'unavailable',
  'unknown',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Lang = 'zh' | 'en';
export interface Bilingual {
  zh: string;
  en: string;
}

/** A catalog entry after loading: header fields (vendor, service, source) are copied onto it. */
export interface CatalogEntry {
  code: string;
  vendor: string;
  service: string;
  /** id of the catalog file the entry came from, e.g. "tencent-tke-v3". */
  catalog: string;
  http_status: number | null;
  /** The vendor's own English message text, verbatim, where the document has one. */
  message?: string;
  description: Bilingual;
  remediation: Bilingual;
  category: Category;
  retryable: boolean;
  source: string;
  /** Tencent legacy module codes: the public code they are tied to (e.g. "4000"). */
  public_code?: string;
}

/** How a lookup found (or failed to find) its entry. */
export type LookupFallback =
  | 'exact' // the code itself is in the catalog
  | 'module' // Tencent legacy: the "(module)" code from the message was found
  | 'public' // Tencent legacy: module code unknown, public code found
  | 'parent' // dotted code unknown, an ancestor ("InternalError" for "InternalError.Foo") found
  | 'http_status' // CCI/NetEase code unknown, its HTTP status class gave the category
  | 'guess'; // nothing found; category guessed from the code's prefix or status

export interface LookupCandidate {
  /** The entry found; null for http_status and guess fallbacks. */
  entry: CatalogEntry | null;
  catalog: string;
  vendor: string;
  service: string;
  known: boolean;
  fallback: LookupFallback;
  category: Category;
  retryable: boolean;
  http_status: number | null;
}

export interface LookupRequest {
  code: string | number;
  /** Tencent legacy module code taken from "(10010)…" at the start of the message. */
  subcode?: string | number | null;
  /** Restrict to these catalog ids (in preference order). Omitted: all catalogs. */
  catalogs?: readonly string[];
}

export interface Catalog {
  id: string;
  version: string;
  vendor: string;
  service: string;
  source: string;
  /** false for catalogs not taken from a seed document (e.g. Huawei API gateway). */
  from_seed: boolean;
  file: string;
  entries: CatalogEntry[];
}
