/**
 * The no-loss contract as one check, shared by the fast property test (test/reliability) and the
 * long one (test/stress): given generated input and the NDJSON errenrich produced with --locate,
 * every output line is whole JSON, every input line is accounted for exactly once, and the text of
 * plain-text lines and JSON object lines is kept.
 *
 * Line accounting is exact for every input: the lines each record holds (its [line, line+lines)
 * range, or its `line_numbers` when lines of another stream came between its own) cover 1..n
 * exactly once.
 *
 * Invalid UTF-8 in any line: its record is marked "errenrich": {"invalid_utf8": true} (generated
 * records never hold an "errenrich" field of their own: generated keys are at most 8 characters).
 */
import { isUtf8 } from 'node:buffer';
import { checkLineAccounting, linesOf, locationOf } from './count-lines.js';
import type { GeneratedInput } from './log-line-arbitraries.js';

export interface NoLossReport {
  /** First problem found, or null when the contract holds. */
  problem: string | null;
  records: number;
}

export function checkNoLoss(input: GeneratedInput, output: Buffer): NoLossReport {
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
  const problem = checkLineAccounting(records, n);
  if (problem) return fail(problem, records.length);

  // For each input line: the record that holds it, and its place among that record's lines.
  const holder = new Int32Array(n + 1).fill(-1);
  const place = new Int32Array(n + 1);
  records.forEach((r, ri) => {
    (linesOf(locationOf(r)) as number[]).forEach((line, k) => {
      holder[line] = ri;
      place[line] = k;
    });
  });

  for (let i = 1; i <= n; i++) {
    const gen = input.lines[i - 1]!;
    const decoded = gen.bytes.toString('utf8');
    const valid = isUtf8(gen.bytes);
    const ri = holder[i]!;
    const rec = records[ri]!;
    const { line, lines } = locationOf(rec);
    if (gen.kind === 'text') {
      if (typeof rec.message !== 'string') return fail(`text line ${i} became a record without "message": ${raw[ri]!.slice(0, 300)}`, records.length);
      const segment = lines === 1 ? rec.message : rec.message.split('\n')[place[i]!];
      if (segment !== decoded)
        return fail(`text line ${i} not kept: input ${JSON.stringify(decoded)}, output ${JSON.stringify(segment)} (record ${raw[ri]!.slice(0, 300)})`, records.length);
    }
    if (!valid && !hasInvalidUtf8Marker(rec))
      return fail(`line ${i} (${gen.kind}) has invalid UTF-8 but its record has no errenrich.invalid_utf8: ${raw[ri]!.slice(0, 300)}`, records.length);
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

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isOverlong(rec: Record<string, unknown>): boolean {
  return isObject(rec.errenrich) && rec.errenrich.truncated_for_detection === true;
}

function hasInvalidUtf8Marker(rec: Record<string, unknown>): boolean {
  return isObject(rec.errenrich) && rec.errenrich.invalid_utf8 === true;
}
