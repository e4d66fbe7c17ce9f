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
  | 'guess' // nothing found; category guessed from the code's prefix or status
  | 'message'; // no code in the payload: inferred from the vendor's message text

export interface LookupCandidate {
  /**
   * The code that was looked up, in its canonical string form ("5100", "-10010").
   * For module/public/parent fallbacks the entry's own code can differ (entry.code).
   */
  code?: string;
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
  /**
   * HTTP status that came with the payload (e.g. a Kubernetes Status "code"), if known.
   * Only used by the guess fallback, for codes that encode no status themselves (APIGW.*).
   */
  http_status?: number | null;
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

/**
 * A catalog set ready for lookups: built-in catalogs with user catalogs applied,
 * indexed once at load time.
 */
export interface CatalogSet {
  /** Built-in catalogs (file name order), then user catalogs with new ids (load order). */
  readonly catalogs: readonly Catalog[];
  /** catalog id → canonical code → entry, user overrides applied. */
  readonly codesByCatalog: ReadonlyMap<string, ReadonlyMap<string, CatalogEntry>>;
}

/** One entry as written in a catalog file (docs/catalogs.md). */
export interface CatalogFileEntry {
  code: string;
  /** Always written by the generator (null when unknown); user files may omit it. */
  http_status?: number | null;
  message?: string;
  description: Bilingual;
  remediation: Bilingual;
  category: Category;
  retryable: boolean;
  public_code?: string;
}

/**
 * A catalog file as on disk. Generated (built-in) files carry every header field;
 * user files need only version, vendor and service.
 */
export interface CatalogFile {
  id?: string;
  version: string;
  vendor: string;
  service: string;
  source?: string;
  from_seed?: boolean;
  generated_from?: string;
  entries: CatalogFileEntry[];
}
