/**
 * Balanced extraction of JSON objects embedded in free text: `… failed: {"Response":{…}} retry`.
 * Several objects on one line are all returned; text around them is ignored.
 */
import { feedBalance, newBalanceState } from './scan-json-balance.js';

export interface EmbeddedJson {
  start: number;
  end: number;
  value: unknown;
}

/** At most this many candidate openers are tried per text (bounds work on hostile lines). */
const MAX_ATTEMPTS = 64;
const SCAN_BUDGET_FACTOR = 4;

export function extractEmbeddedJson(text: string, maxResults = 16): EmbeddedJson[] {
  const found: EmbeddedJson[] = [];
  let from = 0;
  let attempts = 0;
  // Characters scanned in all: an opener that never closes scans to the end of the text, so a
  // hostile line of unclosed braces would cost attempts × length without this bound.
  let budget = SCAN_BUDGET_FACTOR * text.length + 4096;
  while (found.length < maxResults && attempts < MAX_ATTEMPTS && budget > 0) {
    const start = text.indexOf('{', from);
    if (start === -1) break;
    attempts++;
    const state = newBalanceState();
    const end = feedBalance(state, text, start);
    budget -= (end === -1 ? text.length : end) - start;
    if (end === -1) {
      from = start + 1;
      continue;
    }
    const candidate = text.slice(start, end);
    // Only objects whose first key is quoted are JSON candidates; `{foo}` templates are skipped fast.
    if (looksLikeJsonObject(candidate)) {
      try {
        found.push({ start, end, value: JSON.parse(candidate) });
        from = end;
        continue;
      } catch {
        // not JSON: look for an object starting inside this one
      }
    }
    from = start + 1;
  }
  return found;
}

function looksLikeJsonObject(s: string): boolean {
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    return c === 0x22 || c === 0x7d;
  }
  return false;
}
