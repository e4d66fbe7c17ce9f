#!/usr/bin/env node
/**
 * Recall and precision of errenrich against the corpus generator's ground truth.
 *
 *   node dist/bin/errenrich.cjs --locate corpus.log > out.ndjson
 *   node scripts/bench/score-accuracy.mjs --output out.ndjson --truth truth.ndjson [--corpus corpus.log]
 *        [--target vendor_error] [--file NAME] [--limit 20] [--json FILE]
 *
 * Predictions: every output record that carries an enrichment (under `--target`, or
 * `<target>_errenrich…` when the record already had that field) gives one predicted event per
 * error — the elements of `<target>.errors[]` when there are several, else the object itself —
 * each with the record's `input: {file, line, lines}` (or `input_errenrich`) span.
 *
 * Truth: the generator's NDJSON, `{"line","lines","vendor","code"}` per vendor error event.
 *
 * Matching: a truth entry is matched by an unmatched prediction whose span [line, line+lines)
 * contains the truth's first line and whose vendor and code are equal (codes compared as
 * strings). Each truth entry and each prediction is used at most once. TP = matched pairs,
 * FN = unmatched truth, FP = unmatched predictions; recall = TP/(TP+FN), precision = TP/(TP+FP).
 *
 * For debugging, misses and false positives are classified:
 *   misses    wrong-code  a record covering the truth line was enriched, with another vendor/code
 *             misplaced   the right vendor+code was found on a record that overlaps the truth
 *                         span but does not contain its first line
 *             undetected  nothing enriched anywhere on the truth span
 *   FPs       wrong-code / misplaced  the other side of the misses above
 *             duplicate   right vendor+code on the right record, but the truth entry was already
 *                         matched (the same payload reported twice)
 *             no-truth    no vendor error there at all (decoy or normal line)
 * and the listing picks examples round-robin over (class, vendor, code) groups, largest first, so
 * that 20 examples show 20 different problems rather than one problem 20 times.
 *
 * The scoring itself (predictionsFromRecord, scoreAccuracy, pickExamples) is pure; file reading
 * is in scoreFiles and the CLI.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { runAsMain } from './run-as-main.mjs';
import { parseOptions, text } from './parse-args.mjs';

// ------------------------------------------------------------------------------------------------
// Pure part

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The key holding errenrich's enrichment: `target`, or the last `target_errenrich[N]`. */
function enrichmentKey(record, target) {
  let found;
  for (const k of Object.keys(record)) {
    if (k === target || (k.startsWith(`${target}_errenrich`) && /^\d*$/.test(k.slice(target.length + 10)))) {
      if (isObject(record[k]) && 'vendor' in record[k] && 'code' in record[k]) found = k;
    }
  }
  return found;
}

function locationOf(record) {
  for (const k of ['input_errenrich', 'input']) {
    const v = record[k];
    if (isObject(v) && Number.isInteger(v.line) && Number.isInteger(v.lines)) return v;
  }
  return undefined;
}

/**
 * The predicted error events of one output record (already parsed). Records without an
 * enrichment give []. Records with an enrichment but without `input` (errenrich not run with
 * --locate) throw: they cannot be scored.
 * @returns {{file: string|null, line: number, lines: number, vendor: string, code: string, rule: string|null}[]}
 */
export function predictionsFromRecord(record, { target = 'vendor_error' } = {}) {
  if (!isObject(record)) return [];
  const key = enrichmentKey(record, target);
  if (key === undefined) return [];
  const loc = locationOf(record);
  if (loc === undefined) throw new Error('an enriched record has no input {file, line, lines}: run errenrich with --locate');
  const main = record[key];
  const list = Array.isArray(main.errors) && main.errors.length > 0 ? main.errors : [main];
  const out = [];
  for (const e of list) {
    if (!isObject(e)) continue;
    out.push({
      file: typeof loc.file === 'string' ? loc.file : null,
      line: loc.line,
      lines: Math.max(1, loc.lines),
      vendor: String(e.vendor),
      code: String(e.code),
      rule: typeof e.rule === 'string' ? e.rule : null,
    });
  }
  return out;
}

/** Parses truth NDJSON text into records (blank lines skipped). */
export function parseTruth(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const t = JSON.parse(line);
    out.push({ line: t.line, lines: Math.max(1, t.lines ?? 1), vendor: String(t.vendor), code: String(t.code) });
  }
  return out;
}

const keyOf = (x) => `${x.vendor}:${x.code}`;
const endOf = (x) => x.line + x.lines;
const ratio = (a, b) => (b === 0 ? 1 : a / b);

/** Index of the last element with .line <= n in an array sorted by .line, or -1. */
function lastAtOrBefore(sorted, n) {
  let lo = 0;
  let hi = sorted.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].line <= n) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** Elements of `sorted` (by .line; longest span maxLines) whose span overlaps [from, to). */
function overlapping(sorted, maxLines, from, to) {
  const out = [];
  for (let i = lastAtOrBefore(sorted, to - 1); i >= 0 && sorted[i].line > from - maxLines; i--) {
    if (endOf(sorted[i]) > from) out.push(sorted[i]);
  }
  return out.reverse();
}

/**
 * Scores predictions against the truth. Pure; inputs are not modified.
 * @param {{line:number, lines:number, vendor:string, code:string}[]} truth
 * @param {{line:number, lines:number, vendor:string, code:string, rule?:string|null, file?:string|null}[]} predictions
 */
export function scoreAccuracy(truth, predictions) {
  const T = truth.map((t, i) => ({ ...t, lines: Math.max(1, t.lines ?? 1), code: String(t.code), vendor: String(t.vendor), i, matched: null }));
  const P = predictions.map((p, i) => ({ ...p, lines: Math.max(1, p.lines ?? 1), code: String(p.code), vendor: String(p.vendor), i, matched: null }));
  T.sort((a, b) => a.line - b.line || a.i - b.i);
  P.sort((a, b) => a.line - b.line || a.i - b.i);
  const maxT = T.reduce((m, t) => Math.max(m, t.lines), 1);
  const maxP = P.reduce((m, p) => Math.max(m, p.lines), 1);

  // Greedy matching in line order: predictions that contain the truth's first line, same key.
  for (const t of T) {
    const k = keyOf(t);
    for (const p of overlapping(P, maxP, t.line, t.line + 1)) {
      if (p.matched === null && keyOf(p) === k) {
        p.matched = t;
        t.matched = p;
        break;
      }
    }
  }

  const strip = (x) => {
    const { i: _i, matched: _m, ...rest } = x;
    return rest;
  };
  const misses = [];
  for (const t of T) {
    if (t.matched !== null) continue;
    const near = overlapping(P, maxP, t.line, endOf(t));
    const containing = near.filter((p) => p.line <= t.line && t.line < endOf(p));
    let kind;
    if (near.some((p) => keyOf(p) === keyOf(t) && !(p.line <= t.line && t.line < endOf(p)))) kind = 'misplaced';
    else if (containing.length > 0) kind = 'wrong-code';
    else kind = 'undetected';
    misses.push({ kind, truth: strip(t), got: near.map(strip) });
  }
  const falsePositives = [];
  for (const p of P) {
    if (p.matched !== null) continue;
    const near = overlapping(T, maxT, p.line, endOf(p));
    const containedTruth = near.filter((t) => p.line <= t.line && t.line < endOf(p));
    let kind;
    if (containedTruth.some((t) => keyOf(t) === keyOf(p))) kind = 'duplicate';
    else if (near.some((t) => keyOf(t) === keyOf(p))) kind = 'misplaced';
    else if (near.length > 0) kind = 'wrong-code';
    else kind = 'no-truth';
    falsePositives.push({ kind, prediction: strip(p), expected: near.map(strip) });
  }

  const tp = T.length - misses.length;
  const count = (items, f) => {
    const m = new Map();
    for (const x of items) m.set(f(x), (m.get(f(x)) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key, n]) => ({ key, n }));
  };
  return {
    truth: T.length,
    predicted: P.length,
    tp,
    fn: misses.length,
    fp: falsePositives.length,
    recall: ratio(tp, T.length),
    precision: ratio(tp, P.length),
    misses,
    falsePositives,
    missKinds: count(misses, (m) => m.kind),
    fpKinds: count(falsePositives, (f) => f.kind),
    missGroups: count(misses, (m) => `${m.kind} ${keyOf(m.truth)}`),
    fpGroups: count(falsePositives, (f) => `${f.kind} ${keyOf(f.prediction)}${f.prediction.rule ? ` (${f.prediction.rule})` : ''}`),
  };
}

/**
 * Up to `limit` items, round-robin over groups (largest group first, then line order inside a
 * group), returned in line order.
 */
export function pickExamples(items, groupOf, lineOf, limit = 20) {
  const groups = new Map();
  for (const x of items) {
    const g = groupOf(x);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(x);
  }
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length);
  for (const g of ordered) g.sort((a, b) => lineOf(a) - lineOf(b));
  const out = [];
  for (let round = 0; out.length < limit; round++) {
    let any = false;
    for (const g of ordered) {
      if (round < g.length && out.length < limit) {
        out.push(g[round]);
        any = true;
      }
    }
    if (!any) break;
  }
  return out.sort((a, b) => lineOf(a) - lineOf(b));
}

export const missExamples = (score, limit = 20) =>
  pickExamples(score.misses, (m) => `${m.kind} ${keyOf(m.truth)}`, (m) => m.truth.line, limit);
export const fpExamples = (score, limit = 20) =>
  pickExamples(score.falsePositives, (f) => `${f.kind} ${keyOf(f.prediction)} ${f.prediction.rule}`, (f) => f.prediction.line, limit);

const span = (x) => (x.lines > 1 ? `${x.line}-${endOf(x) - 1}` : `${x.line}`);
const describe = (x) => `${keyOf(x)}@${span(x)}${x.rule ? ` [${x.rule}]` : ''}`;
const pct = (x) => `${(x * 100).toFixed(3)}%`;

/** Human report. `lineText(n)` returns the corpus text of line n, or undefined. */
export function formatScore(score, { limit = 20, lineText = () => undefined, maxChars = 400, maxLines = 3 } = {}) {
  const out = [];
  out.push(`truth events ${score.truth}, predicted ${score.predicted}`);
  out.push(`TP ${score.tp}  FP ${score.fp}  FN ${score.fn}`);
  out.push(`recall ${pct(score.recall)}  precision ${pct(score.precision)}`);
  const groups = (title, g) => {
    if (g.length === 0) return;
    out.push(`${title}:`);
    for (const { key, n } of g.slice(0, 15)) out.push(`  ${String(n).padStart(6)}  ${key}`);
    if (g.length > 15) out.push(`  … ${g.length - 15} more groups`);
  };
  groups('misses by kind', score.missKinds);
  groups('misses by kind and expected code', score.missGroups);
  groups('false positives by kind', score.fpKinds);
  groups('false positives by kind, code and rule', score.fpGroups);
  const text = (first, lines) => {
    for (let n = first; n < first + Math.min(lines, maxLines); n++) {
      const s = lineText(n);
      if (s === undefined) continue;
      out.push(`      ${n}: ${s.length > maxChars ? `${s.slice(0, maxChars)}… (${s.length} chars)` : s}`);
    }
    if (lines > maxLines) out.push(`      … ${lines - maxLines} more lines`);
  };
  const misses = missExamples(score, limit);
  if (misses.length > 0) {
    out.push(`misses (${misses.length} of ${score.fn}):`);
    for (const m of misses) {
      out.push(`  [${m.kind}] line ${span(m.truth)}: expected ${keyOf(m.truth)}, got ${m.got.length ? m.got.map(describe).join(', ') : 'nothing'}`);
      text(m.truth.line, m.truth.lines);
    }
  }
  const fps = fpExamples(score, limit);
  if (fps.length > 0) {
    out.push(`false positives (${fps.length} of ${score.fp}):`);
    for (const f of fps) {
      out.push(`  [${f.kind}] line ${span(f.prediction)}: got ${describe(f.prediction)}, expected ${f.expected.length ? f.expected.map(describe).join(', ') : 'no vendor error'}`);
      text(f.prediction.line, f.prediction.lines);
    }
  }
  return out.join('\n');
}

// ------------------------------------------------------------------------------------------------
// Files

/** Yields the lines (strings, without \n / \r\n) of a file, with their 1-based numbers. */
export async function* readLines(path) {
  let rest = null;
  let n = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    let buf = rest === null ? chunk : Buffer.concat([rest, chunk]);
    let start = 0;
    let nl;
    while ((nl = buf.indexOf(10, start)) !== -1) {
      let end = nl;
      if (end > start && buf[end - 1] === 13) end--;
      yield { n: ++n, text: buf.toString('utf8', start, end) };
      start = nl + 1;
    }
    rest = start < buf.length ? buf.subarray(start) : null;
    buf = null;
  }
  if (rest !== null && rest.length > 0) yield { n: ++n, text: rest.toString('utf8') };
}

/** The text of the wanted line numbers (Set<number>) of a file. Only those lines are decoded. */
export async function fetchLines(path, wanted) {
  const found = new Map();
  if (wanted.size === 0) return found;
  const last = Math.max(...wanted);
  let n = 0;
  let parts = [];
  outer: for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    let start = 0;
    let nl;
    while ((nl = chunk.indexOf(10, start)) !== -1) {
      n++;
      if (wanted.has(n)) {
        parts.push(chunk.subarray(start, nl));
        found.set(n, Buffer.concat(parts).toString('utf8').replace(/\r$/, ''));
      }
      parts = [];
      start = nl + 1;
      if (n >= last) break outer;
    }
    if (wanted.has(n + 1) && start < chunk.length) parts.push(chunk.subarray(start));
  }
  if (parts.length > 0 && wanted.has(n + 1)) found.set(n + 1, Buffer.concat(parts).toString('utf8'));
  return found;
}

/**
 * Reads errenrich --locate output and the truth, scores, and fetches corpus text for the listed
 * examples. Returns { score, report, examples } (examples: misses / falsePositives with text).
 */
export async function scoreFiles({ output, truth, corpus, target = 'vendor_error', file, limit = 20 }) {
  const truthRecords = [];
  for await (const { text } of readLines(truth)) if (text.trim() !== '') truthRecords.push(...parseTruth(text));
  const predictions = [];
  const needle = `"${target}`;
  let records = 0;
  for await (const { n, text } of readLines(output)) {
    if (text === '') continue;
    records++;
    if (!text.includes(needle)) continue;
    let rec;
    try {
      rec = JSON.parse(text);
    } catch (e) {
      throw new Error(`${output}:${n}: not JSON: ${e.message}`);
    }
    for (const p of predictionsFromRecord(rec, { target })) if (file === undefined || p.file === file) predictions.push(p);
  }
  const score = scoreAccuracy(truthRecords, predictions);
  const misses = missExamples(score, limit);
  const fps = fpExamples(score, limit);
  let texts = new Map();
  if (corpus !== undefined) {
    const wanted = new Set();
    const add = (x) => {
      for (let k = 0; k < Math.min(x.lines, 3); k++) wanted.add(x.line + k);
    };
    for (const m of misses) add(m.truth);
    for (const f of fps) add(f.prediction);
    texts = await fetchLines(corpus, wanted);
  }
  const textOf = (x) => {
    const lines = [];
    for (let k = 0; k < Math.min(x.lines, 3); k++) if (texts.has(x.line + k)) lines.push(texts.get(x.line + k));
    return lines;
  };
  const examples = {
    misses: misses.map((m) => ({ kind: m.kind, line: m.truth.line, lines: m.truth.lines, expected: keyOf(m.truth), got: m.got.map(describe), text: textOf(m.truth) })),
    falsePositives: fps.map((f) => ({ kind: f.kind, line: f.prediction.line, lines: f.prediction.lines, got: describe(f.prediction), expected: f.expected.map(describe), text: textOf(f.prediction) })),
  };
  const report = formatScore(score, { limit, lineText: (n) => texts.get(n) });
  return { score, report, examples, outputRecords: records };
}

/** The JSON-friendly summary of a score (without the full miss/FP arrays). */
export function scoreSummary(score) {
  const { misses: _m, falsePositives: _f, ...rest } = score;
  return rest;
}

// ------------------------------------------------------------------------------------------------
// CLI

const USAGE = `usage: node scripts/bench/score-accuracy.mjs --output OUT.ndjson --truth TRUTH.ndjson [--corpus CORPUS.log]
       [--target vendor_error] [--file NAME] [--limit 20] [--json FILE]
OUT is errenrich's output run with --locate.`;

function parseArgs(argv) {
  const o = parseOptions(argv, { target: 'vendor_error', limit: 20 }, {
    '--output': ['output', text],
    '--truth': ['truth', text],
    '--corpus': ['corpus', text],
    '--target': ['target', text],
    '--file': ['file', text],
    '--limit': ['limit', Number],
    '--json': ['json', text],
  });
  if (!o.help && (!o.output || !o.truth)) throw new Error('--output and --truth are required');
  if (!(o.limit >= 0)) throw new Error('--limit must be a number >= 0');
  return o;
}

async function main(o) {
  const r = await scoreFiles(o);
  process.stdout.write(`${r.report}\n`);
  if (o.json) writeFileSync(o.json, `${JSON.stringify({ ...scoreSummary(r.score), examples: r.examples }, null, 2)}\n`);
  return 0;
}

runAsMain(import.meta.url, { name: 'score-accuracy', usage: USAGE, parseArgs, main });
