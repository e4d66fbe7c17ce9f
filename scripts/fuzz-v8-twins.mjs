/**
 * Differential fuzzer of the V8 twins of rule patterns (src/detect/v8-twin.ts) against RE2 (re2js):
 * random patterns of the syntax rule authors write (escaped metacharacters, classes, \d \w \s \b,
 * `.`, anchors, groups of every kind, alternation, greedy and lazy repeats, flags and escapes
 * outside the twins' subset), random texts made of each pattern's own literals, near misses,
 * Unicode blanks, line terminators, astral characters and lone surrogates, long runs. For each
 * pattern RE2 accepts and a twin exists for, compileRuleRegex (the twin path as detection runs it)
 * must answer test, exec (match, groups, index, named groups) and findAll (patterns with a group 1)
 * exactly as RE2 does. Each mismatch is minimised (pieces of the text, then of the pattern, deleted
 * while a mismatch of the same operation remains) and printed once.
 *
 *   npm run build && node scripts/fuzz-v8-twins.mjs [--seed N] [--patterns N] [--texts N] [--quiet]
 *
 * Exit status 1 when a mismatch was found. test/detect/v8-twin-differential.test.ts runs a bounded
 * fixed-seed round of it on src/.
 */
import { performance } from 'node:perf_hooks';
import { RE2JS } from 're2js';
import { count, FLAG, parseOptions } from './bench/parse-args.mjs';
import { runAsMain } from './bench/run-as-main.mjs';

const FIND_MAX = 64;

let state = 1;
/** mulberry32: a seed gives the same run. */
function rand() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (a) => a[int(a.length)];
const chance = (p) => rand() < p;

// ---- patterns: [source, sampler of a text it (roughly) matches] ---------------------------------

/** Characters a text is made of besides the pattern's own: near misses for ASCII-only classes. */
const NOISE = ['a', 'b', 'x', 'A', 'Z', '0', '9', '_', '-', '.', ' ', '=', ':', '\t', '\n', '\r', '\u000b', '\f', '\u00a0', '\u2028', '\u2029', 'é', 'É', '中', '文', '😀', '\ud800', '\udc00', '\ufffd', 'ſ', '\u212a', 'İ', '٣', '\u0085', '\u3000'];
/** [source, the character it stands for] */
const LITERALS = [
  ['a', 'a'], ['b', 'b'], ['c', 'c'], ['x', 'x'], ['A', 'A'], ['K', 'K'], ['s', 's'], ['0', '0'], ['7', '7'], ['_', '_'], ['-', '-'], [' ', ' '], ['=', '='], [':', ':'], [',', ','],
  ['é', 'é'], ['中', '中'], ['😀', '😀'], ['\u00a0', '\u00a0'], ['\u2028', '\u2028'], ['\ud800', '\ud800'], ['\udc00', '\udc00'], ['\ufffd', '\ufffd'],
  ['\\.', '.'], ['\\*', '*'], ['\\(', '('], ['\\)', ')'], ['\\[', '['], ['\\]', ']'], ['\\{', '{'], ['\\}', '}'], ['\\\\', '\\'], ['\\$', '$'], ['\\^', '^'], ['\\|', '|'],
  ['\\?', '?'], ['\\+', '+'], ['\\/', '/'], ['\\-', '-'], ['\\n', '\n'], ['\\t', '\t'], ['\\r', '\r'], ['\\f', '\f'], ['\\v', '\u000b'], ['\\ ', ' '], ['\\_', '_'], ['\\"', '"'], ['\\#', '#'], ['\\<', '<'], ['\\=', '='],
];
const ESCAPES = {
  '\\d': ['0', '5', '9', '٣'], '\\D': ['a', '-', '٣', '😀'], '\\w': ['a', 'Z', '_', '0', 'é'], '\\W': ['-', ' ', 'é', '中', '😀'],
  '\\s': [' ', '\t', '\n', '\r', '\f', '\u000b', '\u00a0', '\u2028'], '\\S': ['a', '\u00a0', '中', '😀'], '.': ['a', '-', '\n', '\r', '\u2028', '😀', '\ud800'],
};
const CLASS_ITEMS = ['a', 'b', 'c', 'x', 'K', '0', '9', '_', '-', '.', ' ', ':', 'é', '中', '😀', '\\d', '\\w', '\\s', '\\D', '\\W', '\\S', '\\n', '\\]', '\\\\', '\\-', '\\.', 'a-c', '0-9', 'A-Z', 'a-z', 'é-ü', '😀-😂', '\\^', '^', '$', '|', '(', '*', '\u00a0'];
/** [quantifier, rounds at least, at most (a sample's bound)]; rounds -1: RE2 reads the braces as text. */
const QUANTIFIERS = [
  ['?', 0, 1], ['*', 0, 4], ['+', 1, 4], ['{2}', 2, 2], ['{0,2}', 0, 2], ['{1,3}', 1, 3], ['{2,}', 2, 5], ['{0}', 0, 0], ['{1}', 1, 1], ['{0,1}', 0, 1], ['{3,5}', 3, 5], ['{1,}', 1, 4],
  ['{01}', -1, -1], ['{0,01}', -1, -1], ['{,2}', -1, -1],
];
const FLAGS = ['(?i)', '(?s)', '(?m)', '(?U)', '(?i:', '\\pL', '\\A', '\\z', '\\B', '[[:alpha:]]', '\\x41', '\\Qa.b\\E', '\\C'];

/** A pattern-local alphabet: a few literals, so that texts hit them. */
let alphabet = [];

function literal() {
  const [src, ch] = pick(alphabet);
  return [src, () => ch];
}

function charClass() {
  const items = [];
  const n = 1 + int(3);
  for (let i = 0; i < n; i++) items.push(chance(0.5) ? pick(alphabet)[0].replace(/^\\([.*(){}+?/|$^ _"#<=])$/, '$1') : pick(CLASS_ITEMS));
  let body = items.join('');
  if (body.startsWith('^')) body = `\\${body}`;
  if (chance(0.05)) body = `]${body}`;
  const src = `[${chance(0.3) ? '^' : ''}${body}]`;
  let v8 = null;
  try {
    v8 = new RegExp(`^${src}$`, 'u');
  } catch {
    /* a class V8 reads otherwise: sampled from the noise */
  }
  const pool = [...NOISE, ...alphabet.map((l) => l[1])];
  return [
    src,
    () => {
      for (let k = 0; k < 8; k++) {
        const c = pick(pool);
        if (v8?.test(c)) return c;
      }
      return pick(pool);
    },
  ];
}

let groupNames = 0;
function atom(depth) {
  const r = rand();
  if (r < 0.4) return literal();
  if (r < 0.55) return charClass();
  if (r < 0.67) {
    const e = pick(Object.keys(ESCAPES));
    return [e, () => pick(ESCAPES[e])];
  }
  if (r < 0.85 && depth > 0) {
    const [body, sample] = alternation(depth - 1);
    const kind = int(4);
    const open = kind === 0 ? '(' : kind === 1 ? '(?:' : kind === 2 ? `(?<g${++groupNames}>` : `(?P<g${++groupNames}>`;
    return [`${open}${body})`, sample];
  }
  if (r < 0.88) return ['\\b', () => ''];
  if (r < 0.92) return ['$', () => ''];
  if (r < 0.94) return ['^', () => ''];
  if (r < 0.95) return [pick(FLAGS), () => ''];
  if (r < 0.96) return [pick(['()', '(?:)', '(|a)', '(a|)']), () => pick(['', 'a'])];
  return literal();
}

function quantified(depth) {
  const [src, sample] = atom(depth);
  if (!chance(0.3)) return [src, sample];
  const [q, min, max] = pick(QUANTIFIERS);
  if (min === -1) return [`${src}${q}`, () => (chance(0.5) ? sample() + q : sample())];
  return [
    `${src}${q}${chance(0.25) ? '?' : ''}`,
    () => {
      let s = '';
      for (let k = min + int(max - min + 1); k > 0; k--) s += sample();
      return s;
    },
  ];
}

function sequence(depth) {
  const parts = [];
  for (let n = 1 + int(4); n > 0; n--) parts.push(quantified(depth));
  return [parts.map((p) => p[0]).join(''), () => parts.map((p) => p[1]()).join('')];
}

function alternation(depth) {
  const branches = [sequence(depth)];
  while (chance(0.3) && branches.length < 4) branches.push(chance(0.1) ? ['', () => ''] : sequence(depth));
  return [branches.map((b) => b[0]).join('|'), () => pick(branches)[1]()];
}

function pattern() {
  alphabet = Array.from({ length: 2 + int(4) }, () => pick(LITERALS));
  groupNames = 0;
  const [body, sample] = chance(0.15) ? alternation(2) : sequence(2);
  const r = rand();
  // The twins' three kinds: anchored, starting with a literal (or a few), the rest.
  if (r < 0.35) return [`^${body}`, sample];
  if (r < 0.6) {
    const lit = Array.from({ length: 2 + int(3) }, () => literal());
    const src = (chance(0.2) ? '\\b' : '') + lit.map((l) => l[0]).join('');
    return [src + body, () => lit.map((l) => l[1]()).join('') + sample()];
  }
  if (r < 0.7) {
    const a = sequence(0);
    const b = sequence(0);
    return [`(?:${a[0]}|${b[0]})${body}`, () => (chance(0.5) ? a : b)[1]() + sample()];
  }
  if (r < 0.85) return [`(?:^|[^A-Za-z0-9_.-])(${body})`, () => pick(['', ' ', '(', 'x']) + sample()];
  return [body, sample];
}

// ---- texts ------------------------------------------------------------------------------------

function mutate(s) {
  const cps = Array.from(s);
  for (let n = 1 + int(3); n > 0; n--) {
    const i = int(cps.length + 1);
    const c = chance(0.5) ? pick(NOISE) : pick(alphabet)[1];
    const op = int(3);
    if (op === 0) cps.splice(i, 0, c);
    else if (op === 1) cps.splice(i, 1);
    else cps[i] = c;
  }
  return cps.join('');
}

function texts(sample, wanted) {
  const noise = (n) => Array.from({ length: n }, () => (chance(0.5) ? pick(NOISE) : pick(alphabet)[1])).join('');
  const out = new Set(['', ' ', '\n']);
  for (let k = 0; out.size < wanted && k < wanted * 3; k++) {
    const r = rand();
    if (r < 0.25) out.add(sample());
    else if (r < 0.5) out.add(mutate(sample()));
    else if (r < 0.7) out.add(noise(int(4)) + sample() + noise(int(4)));
    else if (r < 0.8) out.add(Array.from({ length: 2 + int(4) }, () => (chance(0.7) ? sample() : mutate(sample()))).join(pick(['', ' ', '\n', noise(1)])));
    else if (r < 0.9) out.add(noise(1 + int(12)));
    else if (r < 0.95) out.add(`${sample()}\n`);
    else out.add(chance(0.5) ? sample().repeat(200) + noise(2) : noise(2000) + sample());
  }
  return [...out];
}

// ---- the comparison ------------------------------------------------------------------------------

function shape(m) {
  if (m === null) return 'null';
  return JSON.stringify({ all: Array.from(m), index: m.index, groups: m.groups === undefined ? null : { ...m.groups } });
}

function re2FindAll(re, text) {
  const m = re.matcher(text);
  const found = [];
  while (found.length < FIND_MAX && m.find()) {
    const g = m.group(1);
    if (g !== null && g !== undefined) found.push({ text: g, index: m.start(1) });
  }
  return JSON.stringify(found);
}

/** The code under test: compile-regex's compileRuleRegex and v8-twin's three makers (from src/ or dist/). */
let engine;

/** The twin compile-regex uses for a pattern, as compileRuleRegex chooses it. */
function twinKind(p) {
  const { anchoredTwin, literalStartTwin, searchTwin } = engine;
  if (p.startsWith('^') && anchoredTwin(p) !== null) return 'anchored';
  if (literalStartTwin(p) !== null) return 'literal';
  if (searchTwin(p) !== null) return 'search';
  return null;
}

/** compile-regex's findAll loop on the search twin, bounded: true when it would not end. */
function searchLoops(p, text) {
  const g = engine.searchTwin(p);
  g.lastIndex = 0;
  let found = 0;
  for (let steps = 0, m = g.exec(text); m !== null && found < FIND_MAX; m = g.exec(text)) {
    if (m[1] !== undefined) found++;
    if (++steps > text.length + FIND_MAX + 2) return true;
  }
  return false;
}

const re2Cache = new Map();
function re2Of(p) {
  let re = re2Cache.get(p);
  if (re === undefined) {
    try {
      re = RE2JS.compile(p);
    } catch {
      re = null;
    }
    re2Cache.set(p, re);
  }
  return re;
}

/** The first difference between the twin path and RE2 on one text, or null. */
function difference(p, text) {
  const re = re2Of(p);
  const kind = twinKind(p);
  if (re === null || kind === null) return null;
  try {
    const rule = engine.compileRuleRegex(p);
    const want = shape(re.exec(text));
    const got = shape(rule.exec(text));
    if (got !== want) return { op: 'exec', kind, want, got };
    if (rule.test(text) !== (want !== 'null')) return { op: 'test', kind, want: String(want !== 'null'), got: String(!(want !== 'null')) };
    // findAll is group 1's (the code-alone rules'): RE2's path has nothing to answer without one.
    if (re.groupCount() < 1) return null;
    const wantAll = re2FindAll(re, text);
    if (kind === 'search' && searchLoops(p, text)) return { op: 'findAll', kind, want: wantAll, got: 'does not end' };
    const gotAll = JSON.stringify(rule.findAll(text, FIND_MAX));
    if (gotAll !== wantAll) return { op: 'findAll', kind, want: wantAll, got: gotAll };
  } catch (e) {
    return { op: 'throws', kind, want: '', got: String(e) };
  }
  return null;
}

/** Deletes pieces of the text, then of the pattern, while some difference of the same operation remains. */
function minimise(p, text, op) {
  const same = (q, t) => difference(q, t)?.op === op;
  const shrink = (s, keep) => {
    for (let size = Math.max(1, s.length >> 1); size >= 1; size = size === 1 ? 0 : size >> 1) {
      for (let i = 0; i + size <= s.length; ) {
        const c = s.slice(0, i) + s.slice(i + size);
        if (keep(c)) s = c;
        else i++;
      }
    }
    return s;
  };
  for (let round = 0; round < 3; round++) {
    text = shrink(text, (t) => same(p, t));
    p = shrink(p, (q) => same(q, text));
  }
  return [p, text];
}

/**
 * One fuzzing round: `patterns` random patterns, up to `texts` texts each. Returns the counts and
 * the minimised mismatches; `onMismatch` sees each as it is found.
 */
export function fuzzTwins(code, { seed = 1, patterns = 2000, texts: perPattern = 40, onMismatch = () => {} } = {}) {
  engine = code;
  state = seed >>> 0 || 1;
  re2Cache.clear();
  const counts = { generated: 0, re2Refused: 0, noTwin: 0, anchored: 0, literal: 0, search: 0, texts: 0, textsMatched: 0 };
  const found = new Map();
  const slow = [];
  for (let i = 0; i < patterns; i++) {
    const [p, sample] = pattern();
    counts.generated++;
    if (re2Of(p) === null) {
      counts.re2Refused++;
      continue;
    }
    const kind = twinKind(p);
    if (kind === null) {
      counts.noTwin++;
      continue;
    }
    counts[kind]++;
    const started = performance.now();
    for (const t of texts(sample, perPattern)) {
      counts.texts++;
      if (re2Of(p).test(t)) counts.textsMatched++;
      const d = difference(p, t);
      if (d === null) continue;
      const [mp, mt] = minimise(p, t, d.op);
      const key = `${d.op} ${mp} ${mt}`;
      if (!found.has(key)) {
        const m = { ...difference(mp, mt), pattern: mp, text: mt, from: { pattern: p, text: t.length > 200 ? `${t.slice(0, 200)}…` : t } };
        found.set(key, m);
        onMismatch(m);
      }
      break;
    }
    // A twin that backtracks badly shows as a pattern whose texts take long (a hint, not a proof).
    const ms = performance.now() - started;
    if (ms > 500) slow.push({ kind, pattern: p, ms: Math.round(ms) });
  }
  return { counts, mismatches: [...found.values()], slow };
}

const USAGE = `usage: node scripts/fuzz-v8-twins.mjs [--seed N] [--patterns N] [--texts N] [--quiet]
  --seed      PRNG seed (default 1)
  --patterns  patterns generated (default 2000)
  --texts     texts per pattern, at most (default 40)
  --quiet     only the summary line, not each mismatch
Tests dist/: run npm run build first.`;

function parseArgs(argv) {
  return parseOptions(argv, { seed: 1, patterns: 2000, texts: 40, quiet: false }, {
    '--seed': ['seed', count],
    '--patterns': ['patterns', count],
    '--texts': ['texts', count],
    '--quiet': ['quiet', FLAG],
  });
}

async function main(o) {
  const code = { ...(await import('../dist/detect/compile-regex.js')), ...(await import('../dist/detect/v8-twin.js')) };
  const onMismatch = (m) => {
    if (!o.quiet) console.log(JSON.stringify(m));
  };
  const { counts, mismatches, slow } = fuzzTwins(code, { seed: o.seed, patterns: o.patterns, texts: o.texts, onMismatch });
  for (const s of slow) console.log(JSON.stringify({ op: 'slow', ...s }));
  console.log(JSON.stringify({ seed: o.seed, ...counts, mismatches: mismatches.length, slow: slow.length }));
  return mismatches.length > 0 ? 1 : 0;
}

runAsMain(import.meta.url, { name: 'fuzz-v8-twins', usage: USAGE, parseArgs, main });
