/**
 * Finds what the catalogs know about an error code. Returns every plausible reading, best
 * first; the detector (which knows where the payload came from) picks among them.
 *
 * Order of the rules, the first that yields something wins:
 *  1. Tencent legacy, when a subcode "(10010)…" came with the message: the module code as the
 *     (public code, module code) pair the documents give — a CKafka module code only under the
 *     public code its table pairs it with, a TKE legacy code only when written negative
 *     ("(-10010)"; "(10010)" is never -10010) ("module"), followed by the public code's entry as
 *     the reading left when the event names the other service. An unknown pair → the public
 *     code's entry in tencent-legacy-common ("public"), naming a module code documented under
 *     another public code in `unpaired_module`.
 *  2. The code itself, in every catalog considered ("exact"); Huawei's gateway writes its codes
 *     both "APIG.0301" and "APIGW.0301", one code.
 *  3. Dotted codes: the nearest ancestor, per catalog ("parent": A.B.C → A.B → A); category and
 *     retryable from the catalog's entries below that ancestor (classify-unknown-code.ts).
 *  4. Codes that encode an HTTP status (CCI.xx.SSSnnn, NetEase SSSnnnn): category and retryable
 *     from the catalog's entries documented with that status ("http_status", entry null).
 *  5. The vendor family's reading of an unknown code: its prefix or the payload's HTTP status
 *     ("guess", entry null).
 * Codes longer than MAX_CODE_LENGTH are no vendor's: no ancestor search, so a line's work stays
 * linear in its length.
 */
import { categoryForStatusInCatalog, categoryUnderParent, classifyUnknownCode, type CategoryReading } from './classify-unknown-code.js';
import {
  catalogFamilyById,
  catalogFamilyOfCode,
  codeFitsCatalog,
  documentedSpellings,
  httpStatusFromCode,
  normalizeCode,
  type CatalogFamily,
} from './code-shape.js';
import type { CatalogEntry, CatalogSet, LookupCandidate, LookupFallback, LookupRequest, UnpairedModule } from './types.js';

/** Longer than any vendor's code (the longest documented ones are under 80 characters). */
export const MAX_CODE_LENGTH = 256;

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
    () => parentCandidates(set, code, catalogs),
  ];
  for (const rule of rules) {
    const candidates = withoutRepeatedEntries(rule());
    if (candidates.length > 0) return candidates;
  }
  const family = familyFor(code, set, request.catalogs);
  const status = httpStatusFromCode(code);
  if (status !== null) {
    return [fallbackCandidate(code, 'http_status', categoryForStatusInCatalog(set, family.catalog, status), status, family)];
  }
  const requestStatus = request.http_status ?? null;
  const reading = classifyUnknownCode(set, code, {
    ...(family.vendor !== 'unknown' ? { vendor: family.vendor } : {}),
    http_status: requestStatus,
  });
  return [fallbackCandidate(code, 'guess', reading, requestStatus, family)];
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
  const publicEntry = catalogs.get(LEGACY_PUBLIC)?.get(code);
  // The public code's own reading follows a module reading: it is what remains when the event
  // names the other service (a TKE host for a CKafka module code).
  const withPublic = (moduleEntry: CatalogEntry): LookupCandidate[] => [
    entryCandidate(code, moduleEntry, 'module'),
    ...(publicEntry ? [entryCandidate(code, publicEntry, 'public')] : []),
  ];
  let unpaired: UnpairedModule | undefined;
  if (module.startsWith('-')) {
    const tke = catalogs.get(TKE_LEGACY)?.get(module);
    if (tke) return withPublic(tke);
  } else {
    const ckafka = catalogs.get(CKAFKA_MODULES)?.get(module);
    if (ckafka && ckafka.public_code === code) return withPublic(ckafka);
    if (ckafka?.public_code !== undefined) {
      unpaired = {
        module_code: module,
        catalog: ckafka.catalog,
        service: ckafka.service,
        documented_public_code: ckafka.public_code,
      };
    }
  }
  if (!publicEntry) return [];
  const candidate = entryCandidate(code, publicEntry, 'public');
  if (unpaired) candidate.unpaired_module = unpaired;
  return [candidate];
}

function exactCandidates(code: string, catalogs: ReadonlyMap<string, CodeIndex>): LookupCandidate[] {
  const candidates: LookupCandidate[] = [];
  const spellings = documentedSpellings(code);
  for (const index of catalogs.values()) {
    for (const spelling of spellings) {
      const entry = index.get(spelling);
      if (entry) {
        candidates.push(entryCandidate(code, entry, 'exact'));
        break;
      }
    }
  }
  return candidates;
}

/**
 * Each catalog's nearest ancestor of a dotted code, deeper (closer) ancestors first; category and
 * retryable come from the entries below that ancestor, not from the ancestor alone.
 */
function parentCandidates(set: CatalogSet, code: string, catalogs: ReadonlyMap<string, CodeIndex>): LookupCandidate[] {
  if (code.length > MAX_CODE_LENGTH || !code.includes('.')) return [];
  // `length`: the ancestor's length; a longer ancestor is a closer one.
  const found: { length: number; candidate: LookupCandidate }[] = [];
  for (const index of catalogs.values()) {
    for (let end = code.lastIndexOf('.'); end > 0; end = code.lastIndexOf('.', end - 1)) {
      const entry = index.get(code.slice(0, end));
      if (entry) {
        const candidate = entryCandidate(code, entry, 'parent');
        applyReading(candidate, categoryUnderParent(set, entry));
        found.push({ length: end, candidate });
        break;
      }
    }
  }
  return found.sort((a, b) => b.length - a.length).map(({ candidate }) => candidate);
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
  reading: CategoryReading,
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
    category: reading.category,
    retryable: reading.retryable,
    http_status: httpStatus,
    evidence: reading.evidence,
  };
}

function applyReading(candidate: LookupCandidate, reading: CategoryReading): void {
  candidate.category = reading.category;
  candidate.retryable = reading.retryable;
  candidate.evidence = reading.evidence;
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
