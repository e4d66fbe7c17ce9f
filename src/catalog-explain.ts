/**
 * `errenrich explain CODE…`: each code as people paste it — any case (`cci.02.409101`), the Tencent
 * legacy form `4000(10011)` that --summary prints — looked up and rendered; for a code the
 * catalogs do not have, the closest codes they do have.
 */
import { formatExplanation } from './catalog/format-catalog.js';
import { lookupCode } from './catalog/lookup-code.js';
import type { CatalogSet, Lang, LookupCandidate } from './catalog/types.js';
import { closestWords } from './did-you-mean.js';

export interface ExplainOptions {
  lang: Lang;
  json: boolean;
  vendor?: string | undefined;
  service?: string | undefined;
}

export interface ExplainOutcome {
  /** For stdout. */
  text: string;
  /** For stderr: one line per code the catalogs do not have. */
  hints: string[];
  /** Every code was found in a catalog. */
  allKnown: boolean;
}

/** `4000(10011)` → code 4000 with module code 10011; anything else is the code alone. */
export function parseCodeWithSubcode(typed: string): { code: string; subcode: string | null } {
  const m = /^\s*(.+?)\s*\(\s*(-?\d+)\s*\)\s*$/.exec(typed);
  return m ? { code: m[1]!, subcode: m[2]! } : { code: typed.trim(), subcode: null };
}

export function explainCodes(set: CatalogSet, typed: readonly string[], options: ExplainOptions): ExplainOutcome {
  const allCodes = new Map<string, string>();
  for (const codes of set.codesByCatalog.values()) for (const code of codes.keys()) if (!allCodes.has(code.toLowerCase())) allCodes.set(code.toLowerCase(), code);
  const hints: string[] = [];
  const results: { query: string; candidates: LookupCandidate[] }[] = [];
  for (const query of typed) {
    const { code, subcode } = parseCodeWithSubcode(query);
    const canonical = hasCode(set, code) ? code : (allCodes.get(code.toLowerCase()) ?? code);
    let candidates = lookupCode(set, { code: canonical, subcode });
    if (options.vendor) candidates = candidates.filter((c) => c.vendor === options.vendor);
    if (options.service) candidates = candidates.filter((c) => c.service === options.service);
    if (!candidates.some((c) => c.known)) {
      const near = closestWords(code, allCodes.values());
      hints.push(`"${query}" is not in the catalogs${near.length ? ` (did you mean ${near.map((w) => `"${w}"`).join(', ')}?)` : ''}`);
    }
    results.push({ query, candidates });
  }
  const allKnown = results.every((r) => r.candidates.some((c) => c.known));
  if (options.json) {
    // One code: the candidates array, as before; several: one object per code asked.
    const value = results.length === 1 ? results[0]!.candidates : results;
    return { text: `${JSON.stringify(value, null, 2)}\n`, hints, allKnown };
  }
  const text = results.map((r) => formatExplanation(r.candidates, { lang: options.lang })).join('\n');
  return { text, hints, allKnown };
}

function hasCode(set: CatalogSet, code: string): boolean {
  for (const codes of set.codesByCatalog.values()) if (codes.has(code)) return true;
  return false;
}
