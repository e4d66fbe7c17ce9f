/** The input-line count the no-loss contract is stated in (see docs/reliability.md). */

/**
 * Lines as errenrich numbers them: split on "\n" (a "\r" before it belongs to the line ending);
 * an unterminated last line counts; an empty input has no lines.
 */
export function countInputLines(input: Buffer): number {
  if (input.length === 0) return 0;
  let n = 0;
  for (let at = input.indexOf(0x0a); at !== -1; at = input.indexOf(0x0a, at + 1)) n++;
  return input[input.length - 1] === 0x0a ? n : n + 1;
}

/** The input's lines as Buffers (without "\n" and a "\r" before it). */
export function inputLines(input: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let at = input.indexOf(0x0a); at !== -1; at = input.indexOf(0x0a, start)) {
    lines.push(stripCR(input.subarray(start, at)));
    start = at + 1;
  }
  if (start < input.length) lines.push(stripCR(input.subarray(start)));
  return lines;
}

function stripCR(b: Buffer): Buffer {
  return b.length > 0 && b[b.length - 1] === 0x0d ? b.subarray(0, -1) : b;
}

export interface Located {
  file: string;
  line: number;
  lines: number;
  /** Present only when the record's lines are not contiguous (interleaved streams). */
  line_numbers?: number[];
}

/**
 * The location --locate added: `input`, or `input_errenrich` when the record already had an
 * `input` field of its own (generated inputs never hold an `input_errenrich` field themselves).
 */
export function locationOf(record: Record<string, unknown>): Located {
  const loc = (Object.prototype.hasOwnProperty.call(record, 'input_errenrich') ? record.input_errenrich : record.input) as Partial<Located> | undefined;
  if (!loc || typeof loc !== 'object' || typeof loc.line !== 'number' || typeof loc.lines !== 'number') {
    throw new Error(`record without a location: ${JSON.stringify(record).slice(0, 300)}`);
  }
  return loc as Located;
}

/**
 * The input lines a record says it holds: `line_numbers` when present, else [line, line+lines).
 * Returns a problem instead when `line_numbers` contradicts `line`/`lines`: it must start at
 * `line`, have `lines` entries, ascend strictly, and be there only when the lines have a gap.
 */
export function linesOf(loc: Located): number[] | string {
  const { line, lines } = loc;
  if (loc.line_numbers === undefined) return Array.from({ length: Math.max(0, lines) }, (_, i) => line + i);
  const numbers = loc.line_numbers;
  const at = `line_numbers ${JSON.stringify(numbers).slice(0, 200)} of {line: ${line}, lines: ${lines}}`;
  if (!Array.isArray(numbers) || !numbers.every((x) => Number.isInteger(x))) return `${at}: not an array of integers`;
  if (numbers.length !== lines) return `${at}: ${numbers.length} entries`;
  if (numbers[0] !== line) return `${at}: does not start at line`;
  for (let i = 1; i < numbers.length; i++) if (numbers[i]! <= numbers[i - 1]!) return `${at}: not ascending`;
  if (numbers[numbers.length - 1] === line + lines - 1) return `${at}: contiguous (then it must be absent)`;
  return numbers;
}

/**
 * Checks the accounting: the lines the records hold (linesOf) cover 1..n exactly once.
 * Returns a description of the first problem, or null.
 */
export function checkLineAccounting(records: Record<string, unknown>[], n: number): string | null {
  const seen = new Uint8Array(n + 1);
  let sum = 0;
  for (const r of records) {
    const loc = locationOf(r);
    sum += loc.lines;
    if (loc.lines < 1) return `record with lines=${loc.lines}: ${JSON.stringify(r).slice(0, 200)}`;
    const numbers = linesOf(loc);
    if (typeof numbers === 'string') return numbers;
    for (const i of numbers) {
      if (i < 1 || i > n) return `line ${i} out of range 1..${n}`;
      if (seen[i]) return `line ${i} accounted for twice`;
      seen[i] = 1;
    }
  }
  if (sum !== n) return `sum of input.lines is ${sum}, expected ${n}`;
  for (let i = 1; i <= n; i++) if (!seen[i]) return `line ${i} missing`;
  return null;
}
