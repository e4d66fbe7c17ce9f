/**
 * Ambiguity: one body can fit several catalogs (the legacy {code,message} of TKE and CKafka).
 * The lookup orders candidates by code range and module code; hints in the same event (API host,
 * action name) and the user's --vendor/--service narrow them down. What stays undecided is
 * reported as the best candidate plus `candidates`.
 */
import type { LookupCandidate } from '../catalog/types.js';

export interface Preference {
  vendor?: string;
  service?: string;
}

export interface Choice {
  chosen: LookupCandidate;
  /** The service to report: the chosen entry's, refined by hints for shared (legacy public) codes. */
  service: string;
  /** Other plausible candidates, only when hints and preferences could not decide. */
  others: LookupCandidate[];
}

/** Services that share Tencent's legacy public codes (4000…6200). */
const LEGACY_SERVICES = ['tke', 'ckafka'];

const NO_HINTS: ReadonlySet<string> = new Set();

/** `hintsOf` is called only when hints can matter (several candidates, or a shared legacy code). */
export function chooseCandidate(candidates: LookupCandidate[], hintsOf: () => ReadonlySet<string>, prefer: Preference): Choice {
  const hinted = candidates.length > 1 || candidates[0]?.service === 'legacy-api' ? hintsOf() : NO_HINTS;
  let pool = candidates;
  if (prefer.vendor) pool = narrow(pool, (c) => c.vendor === prefer.vendor);
  if (prefer.service) pool = narrow(pool, (c) => servesService(c, prefer.service!));
  if (hinted.size > 0) pool = narrow(pool, (c) => [...hinted].some((s) => servesService(c, s)));
  const chosen = pool[0]!;
  let service = chosen.service;
  if (service === 'legacy-api') {
    const forced = prefer.service && LEGACY_SERVICES.includes(prefer.service) ? prefer.service : undefined;
    const hintedLegacy = LEGACY_SERVICES.filter((s) => hinted.has(s));
    if (forced) service = forced;
    else if (hintedLegacy.length === 1) service = hintedLegacy[0]!;
  }
  // The public code's reading behind a module reading is no alternative to it, only its fallback.
  const readings = chosen.fallback === 'module' ? pool.filter((c) => c.fallback !== 'public') : pool;
  const distinct = new Set(readings.map((c) => `${c.vendor}/${c.service}/${c.entry?.code ?? ''}`));
  let others = distinct.size > 1 ? candidates.filter((c) => c !== chosen && !(chosen.fallback === 'module' && c.fallback === 'public')) : [];
  // A shared public code nothing decided between TKE and CKafka: name both readings.
  if (service === 'legacy-api' && others.length === 0) others = LEGACY_SERVICES.map((s) => ({ ...chosen, service: s }));
  return { chosen, service, others };
}

/** A shared legacy public code serves each legacy service; any other candidate only its own. */
function servesService(c: LookupCandidate, service: string): boolean {
  return c.service === service || (c.service === 'legacy-api' && LEGACY_SERVICES.includes(service));
}

function narrow(pool: LookupCandidate[], keep: (c: LookupCandidate) => boolean): LookupCandidate[] {
  const kept = pool.filter(keep);
  return kept.length > 0 ? kept : pool;
}
