/**
 * Finds what the catalogs know about an error code. Returns every plausible reading, best
 * first; the detector (which knows where the payload came from) picks among them.
 *
 * Order of the rules, the first that yields something wins:
 *  1. Tencent legacy, when a subcode "(10010)…" came with the message: the module code in
 *     tencent-ckafka (as is) and in tencent-tke-legacy (as "-10010"), sign-consistent catalog
 *     first ("module"); neither → the public code in tencent-legacy-common ("public").
 *  2. The code itself, in every catalog considered ("exact").
 *  3. Dotted codes: the nearest ancestor, per catalog ("parent": A.B.C → A.B → A).
 *  4. Codes that encode an HTTP status (CCI.xx.SSSnnn, NetEase SSSnnnn): the status class
 *     ("http_status", entry null).
 *  5. A guess from the code's prefix or an HTTP status ("guess", entry null).
 */
import {
  catalogFamilyById,
  catalogFamilyOfCode,
  categoryFromCodePrefix,
  codeFitsCatalog,
  httpStatusFromCode,
  normalizeCode,
  type CatalogFamily,
} from './code-shape.js';
import { categoryForHttpStatus, isRetryableByDefault } from './taxonomy.js';
import type { CatalogEntry, CatalogSet, Category, LookupCandidate, LookupFallback, LookupRequest } from './types.js';

/** Catalogs the Tencent legacy rules consult (ids from docs/catalogs.md). */
const CKAFKA_MODULES = 'tencent-ckafka';
const TKE_LEGACY = 'tencent-tke-legacy';
const LEGACY_PUBLIC = 'tencent-legacy-common';

type CodeIndex = ReadonlyMap<string, CatalogEntry>;

export function lookupCode(set: CatalogSet, request: LookupRequest): LookupCandidate[] {
  const code = normalizeCode(request.code);
  const catalogs = consideredCatalogs(set, request.catalogs);
  const rules = [
    () => legacySubcodeCandidates(code, request.subcode, catalogs),
    () => exactCandidates(code, catalogs),
    () => parentCandidates(code, catalogs),
  ];
  for (const rule of rules) {
    const candidates = withoutRepeatedEntries(rule());
    if (candidates.length > 0) return candidates;
  }
  const status = httpStatusFromCode(code);
  if (status !== null) {
    return [fallbackCandidate(code, 'http_status', categoryForHttpStatus(status), status, familyFor(code, set, request.catalogs))];
  }
  const requestStatus = request.http_status ?? null;
  const category =
    categoryFromCodePrefix(code) ?? (requestStatus !== null ? categoryForHttpStatus(requestStatus) : 'unknown');
  return [fallbackCandidate(code, 'guess', category, requestStatus, familyFor(code, set, request.catalogs))];
}

/** Catalog indexes in preference order: request.catalogs (ids not loaded are skipped) or all. */
function consideredCatalogs(set: CatalogSet, only: readonly string[] | undefined): ReadonlyMap<string, CodeIndex> {
  if (only === undefined) return set.codesByCatalog;
  const considered = new Map<string, CodeIndex>();
  for (const id of only) {
    const index = set.codesByCatalog.get(id);
    if (index) considered.set(id, index);
  }
  return considered;
}

function legacySubcodeCandidates(
  code: string,
  subcode: LookupRequest['subcode'],
  catalogs: ReadonlyMap<string, CodeIndex>,
): LookupCandidate[] {
  if (subcode === undefined || subcode === null) return [];
  // The detector may pass the message's "(10010)" as is.
  const module = normalizeCode(String(subcode).trim().replace(/^\((.*)\)$/, '$1'));
  if (!/^-?\d+$/.test(module)) return [];
  const magnitude = module.replace(/^-/, '');
  const ckafka = catalogs.get(CKAFKA_MODULES)?.get(magnitude);
  const tke = catalogs.get(TKE_LEGACY)?.get(`-${magnitude}`);
  const signConsistent = module.startsWith('-') ? [tke, ckafka] : [ckafka, tke];
  const modules = signConsistent.filter((entry) => entry !== undefined);
  if (modules.length > 0) return modules.map((entry) => entryCandidate(code, entry, 'module'));
  const publicEntry = catalogs.get(LEGACY_PUBLIC)?.get(code);
  return publicEntry ? [entryCandidate(code, publicEntry, 'public')] : [];
}

function exactCandidates(code: string, catalogs: ReadonlyMap<string, CodeIndex>): LookupCandidate[] {
  const candidates: LookupCandidate[] = [];
  for (const index of catalogs.values()) {
    const entry = index.get(code);
    if (entry) candidates.push(entryCandidate(code, entry, 'exact'));
  }
  return candidates;
}

/** Each catalog's nearest ancestor of a dotted code; deeper (closer) ancestors first. */
function parentCandidates(code: string, catalogs: ReadonlyMap<string, CodeIndex>): LookupCandidate[] {
  const segments = code.split('.');
  if (segments.length < 2) return [];
  const found: { depth: number; candidate: LookupCandidate }[] = [];
  for (const index of catalogs.values()) {
    for (let depth = segments.length - 1; depth >= 1; depth -= 1) {
      const entry = index.get(segments.slice(0, depth).join('.'));
      if (entry) {
        found.push({ depth, candidate: entryCandidate(code, entry, 'parent') });
        break;
      }
    }
  }
  return found.sort((a, b) => b.depth - a.depth).map(({ candidate }) => candidate);
}

/** An entry reached through several catalogs (a user override) is one candidate. */
function withoutRepeatedEntries(candidates: LookupCandidate[]): LookupCandidate[] {
  const seen = new Set<CatalogEntry>();
  return candidates.filter(({ entry }) => {
    if (entry === null) return true;
    if (seen.has(entry)) return false;
    seen.add(entry);
    return true;
  });
}

function entryCandidate(code: string, entry: CatalogEntry, fallback: LookupFallback): LookupCandidate {
  return {
    code,
    entry,
    catalog: entry.catalog,
    vendor: entry.vendor,
    service: entry.service,
    known: true,
    fallback,
    category: entry.category,
    retryable: entry.retryable,
    http_status: entry.http_status,
  };
}

function fallbackCandidate(
  code: string,
  fallback: LookupFallback,
  category: Category,
  httpStatus: number | null,
  family: CatalogFamily,
): LookupCandidate {
  return {
    code,
    entry: null,
    catalog: family.catalog,
    vendor: family.vendor,
    service: family.service,
    known: false,
    fallback,
    category,
    retryable: isRetryableByDefault(category),
    http_status: httpStatus,
  };
}

const UNKNOWN_FAMILY: CatalogFamily = { catalog: 'unknown', vendor: 'unknown', service: 'unknown' };

/**
 * Where an unknown code most likely belongs: the first requested catalog its shape fits, else
 * the first requested catalog (the caller knows where the payload came from), else the family
 * its shape suggests, else unknown. A catalog that is loaded lends its own vendor/service.
 */
function familyFor(code: string, set: CatalogSet, requested: readonly string[] | undefined): CatalogFamily {
  // The most specific shape first: "CCI.01.400999" also fits Tencent 3.0's dotted names.
  const own = catalogFamilyOfCode(code)?.catalog;
  const id =
    (own !== undefined && (requested === undefined || requested.includes(own)) ? own : undefined) ??
    requested?.find((catalog) => codeFitsCatalog(code, catalog)) ??
    requested?.[0] ??
    own;
  if (id === undefined) return UNKNOWN_FAMILY;
  const loaded = set.catalogs.find((catalog) => catalog.id === id);
  if (loaded) return { catalog: loaded.id, vendor: loaded.vendor, service: loaded.service };
  return catalogFamilyById(id) ?? { ...UNKNOWN_FAMILY, catalog: id };
}
