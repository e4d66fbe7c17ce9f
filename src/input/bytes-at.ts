/**
 * Does `literal` occur in `b` at `at`, wholly inside `[start, end)`? Byte by byte: for the few bytes
 * of a marker or keyword a native compare() costs more than the bytes (the pre-filter and the
 * framer's fast path ask this per hit and per line).
 */
export function occursAt(b: Buffer, at: number, start: number, end: number, literal: Buffer): boolean {
  if (at < start || at + literal.length > end) return false;
  for (let k = 0; k < literal.length; k++) if (b[at + k] !== literal[k]) return false;
  return true;
}
