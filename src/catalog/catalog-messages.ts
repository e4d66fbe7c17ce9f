/**
 * The catalogs' own message texts (what the vendor documents say the API answers with each code),
 * as a detection rule of shape "message" reads them: an event that names the vendor but prints
 * only the message still gives its code. Only distinctive texts count — long enough to be more
 * than a generic phrase ("Bad request.", "fail.") and belonging to one code of the catalogs read.
 */
import type { Catalog } from './types.js';

export interface CatalogMessage {
  code: string;
  /** Lower case, without surrounding blanks and a final full stop: how it is looked for. */
  text: string;
}

/** Shorter texts are generic phrases many programs print. */
const MIN_MESSAGE_LENGTH = 20;

/** Comparable form of a message: case, surrounding blanks and a final full stop aside. */
export function comparableMessage(s: string): string {
  return s.trim().replace(/[.。!]+$/, '').toLowerCase();
}

/** The distinctive messages of the named catalogs, longest first (a longer text is the more specific). */
export function distinctiveMessages(catalogs: readonly Catalog[], ids: readonly string[]): CatalogMessage[] {
  const codesByText = new Map<string, Set<string>>();
  for (const catalog of catalogs) {
    if (!ids.includes(catalog.id)) continue;
    for (const entry of catalog.entries) {
      if (entry.message === undefined) continue;
      const text = comparableMessage(entry.message);
      if (text.length < MIN_MESSAGE_LENGTH) continue;
      let codes = codesByText.get(text);
      if (!codes) codesByText.set(text, (codes = new Set()));
      codes.add(entry.code);
    }
  }
  const out: CatalogMessage[] = [];
  for (const [text, codes] of codesByText) if (codes.size === 1) out.push({ code: [...codes][0]!, text });
  return out.sort((a, b) => b.text.length - a.text.length);
}
