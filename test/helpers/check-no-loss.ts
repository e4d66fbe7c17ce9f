/**
 * The no-loss contract as one check, shared by the fast property test (test/reliability) and the
 * long one (test/stress): given generated input and the NDJSON errenrich produced with --locate,
 * every output line is whole JSON, every input line is accounted for exactly once, and the text of
 * plain-text lines and JSON object lines is kept.
 *
 * Two strengths of line accounting:
 * - 'contiguous' (the contract as stated): the records' [line, line+lines) ranges cover 1..n
 *   exactly once. Holds for input of one stream.
 * - 'interleaved': the sum of `lines` is n, no two records start at the same line, and the lines
 *   that are not a record's first line can be handed out to records that started before them.
 *   This is what holds today when a joined event (Docker partials, CRI P/F, a JSON block) of one
 *   stream is interleaved with lines of another: errenrich then reports {line: first, lines: count}
 *   for lines that are not contiguous — see the it.fails test in test/reliability/no-loss.test.ts.
 *
 * Invalid UTF-8 in any line: its record is marked "errenrich": {"invalid_utf8": true} (generated
 * records never hold an "errenrich" field of their own: generated keys are at most 8 characters).
 */
import { isUtf8 } from 'node:buffer';
import { checkLineAccounting, locationOf } from './count-lines.js';
import type { GeneratedInput } from './log-line-arbitraries.js';

export type Accounting = 'contiguous' | 'interleaved';

export interface NoLossReport {
  /** First problem found, or null when the contract holds. */
  problem: string | null;
  records: number;
}

export function checkNoLoss(input: GeneratedInput, output: Buffer, accounting: Accounting = 'contiguous'): NoLossReport {
  const text = output.toString('utf8');
  const fail = (problem: string, records = 0): NoLossReport => ({ problem, records });
  if (text !== '' && !text.endsWith('\n')) return fail('output does not end with a newline');
  const raw = text === '' ? [] : text.slice(0, -1).split('\n');
  const records: Record<string, unknown>[] = [];
  for (const [i, l] of raw.entries()) {
    let v: unknown;
    try {
      v = JSON.parse(l);
    } catch (e) {
      return fail(`output line ${i + 1} is not JSON (${(e as Error).message}): ${l.slice(0, 200)}`, i);
    }
    if (!isObject(v)) return fail(`output line ${i + 1} is not a JSON object: ${l.slice(0, 200)}`, i);
    records.push(v);
  }
  const n = input.lines.length;
  const problem = accounting === 'contiguous' ? checkLineAccounting(records, n) : checkInterleavedAccounting(records, n);
  if (problem) return fail(problem, records.length);

  // The record whose first line each input line is (-1: joined into an earlier record).
  const startsAt = new Int32Array(n + 1).fill(-1);
  records.forEach((r, ri) => (startsAt[locationOf(r).line] = ri));
  const containing = (i: number): number => {
    if (accounting === 'contiguous') {
      for (let j = i; j >= 1; j--) if (startsAt[j]! !== -1) return startsAt[j]!;
      return -1;
    }
    return startsAt[i]!;
  };

  for (let i = 1; i <= n; i++) {
    const gen = input.lines[i - 1]!;
    const decoded = gen.bytes.toString('utf8');
    const valid = isUtf8(gen.bytes);
    const ri = containing(i);
    if (gen.kind === 'text') {
      if (ri === -1) {
        // Joined into an earlier record of its stream (interleaved accounting): one of the
        // messages of the records that started before it holds it as one of its lines.
        const held = records.some((r) => locationOf(r).line < i && typeof r.message === 'string' && r.message.split('\n').includes(decoded));
        if (!held) return fail(`text line ${i} (${JSON.stringify(decoded)}) is in no record`, records.length);
        continue;
      }
      const rec = records[ri]!;
      const { line, lines } = locationOf(rec);
      if (typeof rec.message !== 'string') return fail(`text line ${i} became a record without "message": ${raw[ri]!.slice(0, 300)}`, records.length);
      const segment = lines === 1 ? rec.message : rec.message.split('\n')[i - line];
      if (segment !== decoded)
        return fail(`text line ${i} not kept: input ${JSON.stringify(decoded)}, output ${JSON.stringify(segment)} (record ${raw[ri]!.slice(0, 300)})`, records.length);
    }
    if (!valid && ri !== -1 && !hasInvalidUtf8Marker(records[ri]!))
      return fail(`line ${i} (${gen.kind}) has invalid UTF-8 but its record has no errenrich.invalid_utf8: ${raw[ri]!.slice(0, 300)}`, records.length);
    if (ri === -1) continue;
    const rec = records[ri]!;
    const { line, lines } = locationOf(rec);
    const single = line === i && lines === 1;
    if (single && isOverlong(rec)) {
      if (rec.message !== decoded) return fail(`over-long line ${i} not kept whole: ${String(rec.message).length} chars out, ${decoded.length} in`, records.length);
    } else if (single && (gen.kind === 'json' || (gen.kind === 'docker' && typeof rec.log === 'string'))) {
      // A JSON object line (and a whole Docker line) is passed through or appended to: the output
      // starts with its text up to (not including) its closing brace — never re-serialised.
      const close = decoded.lastIndexOf('}');
      if (!raw[ri]!.startsWith(decoded.slice(0, close)))
        return fail(`${gen.kind} line ${i} was rewritten: input ${JSON.stringify(decoded).slice(0, 300)}, output ${raw[ri]!.slice(0, 300)}`, records.length);
    }
  }
  return { problem: null, records: records.length };
}

/**
 * Sum of `lines` is n, first lines are distinct, and every line that is no record's first line
 * can be assigned to a record that started earlier and still has room.
 */
export function checkInterleavedAccounting(records: Record<string, unknown>[], n: number): string | null {
  const room = new Int32Array(n + 2);
  const first = new Uint8Array(n + 2);
  let sum = 0;
  for (const r of records) {
    const { line, lines } = locationOf(r);
    if (line < 1 || line > n) return `record starts at line ${line}, outside 1..${n}`;
    if (lines < 1) return `record with lines=${lines}`;
    if (first[line]) return `two records start at line ${line}`;
    first[line] = 1;
    room[line] = lines - 1;
    sum += lines;
  }
  if (sum !== n) return `sum of input.lines is ${sum}, expected ${n}`;
  let open = 0;
  for (let i = 1; i <= n; i++) {
    if (first[i]) open += room[i]!;
    else if (open === 0) return `line ${i} is in no record`;
    else open--;
  }
  return open === 0 ? null : `records claim ${open} line(s) past the end`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isOverlong(rec: Record<string, unknown>): boolean {
  return isObject(rec.errenrich) && rec.errenrich.truncated_for_detection === true;
}

function hasInvalidUtf8Marker(rec: Record<string, unknown>): boolean {
  return isObject(rec.errenrich) && rec.errenrich.invalid_utf8 === true;
}
