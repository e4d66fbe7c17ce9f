/**
 * Rules and catalogs, loaded and compiled once (at start, and again on SIGHUP). A failed load
 * throws with messages naming the file; the caller decides (exit 2 at start, keep the old set on
 * reload).
 */
import { distinctiveMessages, type CatalogMessage } from '../catalog/catalog-messages.js';
import { buildCatalogSet, loadBuiltinCatalogs, loadCatalogDir } from '../catalog/load-catalogs.js';
import { lookupCode } from '../catalog/lookup-code.js';
import type { LookupCandidate, LookupRequest } from '../catalog/types.js';
import { loadRules } from '../detect/compile-rules.js';
import type { CompiledRules } from '../detect/rule-types.js';

export type CatalogSet = ReturnType<typeof buildCatalogSet>;

export interface Knowledge {
  rules: CompiledRules;
  catalogs: CatalogSet;
  lookup: (req: LookupRequest) => LookupCandidate[];
  /** The distinctive message texts of these catalogs (for rules of shape "message"), read once; without it those rules have only their own texts. */
  catalogMessages?: (catalogIds: readonly string[]) => readonly CatalogMessage[];
}

export interface KnowledgeSources {
  rulesDirs?: readonly string[];
  catalogDirs?: readonly string[];
}

const LOOKUP_CACHE_LIMIT = 10000;

/**
 * Rules and the user's catalogs are loaded (and validated) here, so their errors stop the start.
 * The built-in catalogs, shipped and checked by the tests, are loaded on the first lookup: a run
 * that meets no vendor error (`echo … | errenrich`) never reads them.
 */
export function loadKnowledge(sources: KnowledgeSources = {}): Knowledge {
  const rules = loadRules([...(sources.rulesDirs ?? [])]);
  const user = (sources.catalogDirs ?? []).flatMap((d) => loadCatalogDir(d));
  let set: CatalogSet | null = null;
  const catalogs = (): CatalogSet => (set ??= buildCatalogSet(loadBuiltinCatalogs(), user));
  return {
    rules,
    get catalogs() {
      return catalogs();
    },
    lookup: cachedLookup(catalogs),
    catalogMessages: cachedMessages(catalogs),
  };
}

/** Read from the catalogs at the first event that asks, then kept: a rule's list never changes. */
function cachedMessages(catalogs: () => CatalogSet): (ids: readonly string[]) => readonly CatalogMessage[] {
  const cache = new Map<string, readonly CatalogMessage[]>();
  return (ids) => {
    const key = ids.join(',');
    let hit = cache.get(key);
    if (!hit) cache.set(key, (hit = distinctiveMessages(catalogs().catalogs, ids)));
    return hit;
  };
}

/** Logs repeat the same few codes: remember lookups (bounded). */
function cachedLookup(catalogs: () => CatalogSet): (req: LookupRequest) => LookupCandidate[] {
  const cache = new Map<string, LookupCandidate[]>();
  return (req) => {
    const key = `${req.code}\u0000${req.subcode ?? ''}\u0000${(req.catalogs ?? []).join(',')}\u0000${req.http_status ?? ''}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = lookupCode(catalogs(), req);
      if (cache.size >= LOOKUP_CACHE_LIMIT) cache.clear();
      cache.set(key, hit);
    }
    return hit;
  };
}
