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
  // The vendor says the request would have succeeded (Tencent DryRunOperation): no failure.
  'not_a_failure',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Lang = 'zh' | 'en';
export interface Bilingual {
  zh: string;
  en: string;
}

/**
 * Where a text comes from: the vendor's error-code document (data/sources/), the vendor's public
 * web page the catalog names as its source (doc_url), written by this project, or the vendor
 * document's words followed by a project supplement.
 */
export const PROVENANCES = ['vendor_document', 'vendor_page', 'project', 'vendor_document+project'] as const;
export type Provenance = (typeof PROVENANCES)[number];

/** The provenance of each language of an entry's description and remediation. */
export interface TextProvenance {
  description: { zh: Provenance; en: Provenance };
  remediation: { zh: Provenance; en: Provenance };
}

/**
 * One HTTP status a code is documented with, when the vendor documents the same code with several
 * statuses and meanings (Huawei APIGW.0201: 400, 413, 414, 494, 502, 504). The entry's own fields
 * are its first (primary) reading.
 */
export interface StatusVariant {
  http_status: number;
  message?: string;
  description: Bilingual;
  remediation: Bilingual;
  category: Category;
  retryable: boolean;
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
  /** The vendor documentation page the entry was taken from (the catalog's source unless the entry names its own). */
  doc_url: string;
  /** Where each text comes from; absent for user catalogs that do not say. */
  provenance?: TextProvenance;
  /** Tencent legacy module codes: the public code they are tied to (e.g. "4000"). */
  public_code?: string;
  /** Other documented statuses of the same code, each with its own meaning. */
  statuses?: StatusVariant[];
}

/** How a lookup found (or failed to find) its entry. */
export type LookupFallback =
  | 'exact' // the code itself is in the catalog
  | 'module' // Tencent legacy: the "(module)" code from the message was found
  | 'public' // Tencent legacy: module code unknown, public code found
  | 'parent' // dotted code unknown, an ancestor ("InternalError" for "InternalError.Foo") found
  | 'http_status' // CCI/NetEase code unknown, the catalog's entries with the status it encodes gave the category
  | 'guess' // nothing found; category from the vendor family's code prefix or the payload's status
  | 'message'; // no code in the payload: inferred from the vendor's message text

/**
 * What a fallback's category and retryability rest on (classify-unknown-code.ts):
 * - entries: catalog entries that share the parent, the encoded status or the prefix — `entries`
 *   of them, `agreeing` in the majority category (no clear majority: category unknown);
 * - prefix: the vendor's documented meaning of the code's prefix (Tencent API 3.0), no entries;
 * - http_status: the shared taxonomy's reading of an HTTP status, no entries;
 * - none: nothing to go on.
 */
export interface CategoryEvidence {
  basis: 'entries' | 'prefix' | 'http_status' | 'none';
  /** What the entries share: the parent code, "http_status 403", or the prefix. */
  scope?: string;
  entries: number;
  agreeing: number;
}

/** A module code the payload carries that the documents pair with another public code. */
export interface UnpairedModule {
  module_code: string;
  catalog: string;
  service: string;
  documented_public_code: string;
}

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
  /** Fallbacks: what category and retryable were derived from. */
  evidence?: CategoryEvidence;
  /** Public fallback: the payload's module code is documented, but under another public code. */
  unpaired_module?: UnpairedModule;
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
  /** Written by the generator from the overlay (or the header's source); user files may omit it. */
  doc_url?: string;
  provenance?: TextProvenance;
  statuses?: StatusVariant[];
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
