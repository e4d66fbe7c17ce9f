/** The bench scripts' comma-separated list options, checked where they are parsed. */

/** `0.001,0.01,0.05` → [0.001, 0.01, 0.05]: each a share of events within 0..1. */
export function parseErrorRates(text) {
  const rates = String(text ?? '')
    .split(',')
    .filter(Boolean)
    .map(Number);
  if (rates.length === 0 || rates.some((r) => !Number.isFinite(r) || r < 0 || r > 1)) throw new Error(`--error-rates needs shares within 0..1, comma-separated (got ${text})`);
  return rates;
}

/** `1,2` → [1, 2]: positive integers (`--jobs` values). */
export function parseJobsList(text) {
  const list = String(text ?? '')
    .split(',')
    .filter(Boolean)
    .map(Number);
  if (list.length === 0 || list.some((j) => !Number.isInteger(j) || j < 1)) throw new Error(`--jobs needs positive integers, comma-separated (got ${text})`);
  return list;
}
