/**
 * "Did you mean": the closest of a set of known words to what was typed, for subcommands,
 * options, codes and categories. Case-insensitive; a swap of two neighbouring letters counts as
 * one edit ("expalin" → "explain"), as people mistype.
 */

/** Edit distance with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++)
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[m]![n]!;
}

/**
 * The known words closest to `typed` (at most `limit`), best first; none when nothing is close:
 * within a third of the word's length in edits (at least one, at most three).
 */
export function closestWords(typed: string, known: Iterable<string>, limit = 3): string[] {
  const t = typed.toLowerCase();
  const maxDistance = Math.min(3, Math.max(1, Math.floor(t.length / 3)));
  const scored: { word: string; distance: number }[] = [];
  for (const word of known) {
    const w = word.toLowerCase();
    if (Math.abs(w.length - t.length) > maxDistance) continue;
    const distance = editDistance(t, w);
    if (distance <= maxDistance) scored.push({ word, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word));
  return scored.slice(0, limit).map((s) => s.word);
}

/** ` (did you mean "x"?)`, ` (did you mean "x" or "y"?)`, or '' when nothing is close. */
export function didYouMean(typed: string, known: Iterable<string>, quote: (w: string) => string = (w) => `"${w}"`): string {
  const words = closestWords(typed, known);
  if (words.length === 0) return '';
  const listed = words.map(quote);
  const text = listed.length === 1 ? listed[0]! : `${listed.slice(0, -1).join(', ')} or ${listed[listed.length - 1]!}`;
  return ` (did you mean ${text}?)`;
}
