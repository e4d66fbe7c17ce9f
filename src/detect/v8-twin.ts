/**
 * V8 RegExp twins of rule patterns, where they provably cannot backtrack badly — so the patterns
 * tested on almost every candidate line do not make each thread load and warm up the RE2 engine
 * (compile-regex.ts), and the SDK-string patterns run as V8's compiled code.
 *
 * Only a subset of RE2's syntax is accepted, and each accepted construct means the same in both
 * engines once written out for V8: `\d`, `\w`, `\s` and `.` become RE2's ASCII/newline-less
 * classes, every other character a `\u{…}` escape in a Unicode-mode class. What is not in the
 * subset (flags, `\pN`, `\B`, `\A`, POSIX classes, a capture inside a repeat — V8 forgets it on
 * each round, RE2 keeps the last one —, a repeat of something that may read nothing — V8 gives
 * up such a round, RE2 keeps it —, a count with a leading zero — RE2 reads `{01}` as text …) has
 * no twin and RE2 runs it.
 *
 * Why no input can make a twin slow — in the pattern's position automaton (Glushkov), V8's search
 * is a walk from position to position, one text character per step:
 * - every node has at most one way to match the empty text (no repeat of something that may be
 *   empty, at most one empty branch per alternation), so a (position, offset) pair is reached
 *   along one path from its predecessor;
 * - anchoredTwin (`^…`): after the `^` the pattern is split into its variants (one per branch of a
 *   first alternation), which V8 searches one after the other; in each, the positions that may
 *   read the next character never share one (deterministic), so each (position, offset) pair is
 *   visited at most once: work linear in the text, times the number of branches;
 * - literalStartTwin (a pattern that begins with a literal, or with one of a few): where two
 *   positions that may come next share a character, one of them must be "short" — from it every
 *   path dies or reaches the end of the pattern (success: the search stops) within a bounded
 *   number of steps (its paths are counted, at most MAX_SHORT_PATHS). So at each offset at most
 *   one long-lived position goes on, and each short side trip costs a bounded number of steps;
 *   once the search may end it succeeds, so that happens once: work linear in the text per
 *   attempt (alternations reached once per attempt split into variants, as for searchTwin). It
 *   is tried at each occurrence of the literals (indexOf), at most MAX_LITERAL_ATTEMPTS times;
 *   RE2 finds the match beyond that;
 * - searchTwin (no literal to start from; `findAll` of the code-alone rules): the same per
 *   attempt, V8 trying every offset; linear in all because no attempt can start where another has
 *   read (see attemptsReadApart), after alternations reached once per attempt are split into
 *   variants as for anchoredTwin.
 * Assertions (`^`, `\b`) only cut routes; a position before one is not one after which the
 * pattern surely matches.
 */

/** Code point ranges, sorted, disjoint; EOS (-1) stands for the end of the text (`$`). */
type Ranges = [number, number][];

type Node =
  | { t: 'chars'; set: Ranges }
  | { t: 'bol' }
  | { t: 'eol' }
  | { t: 'wordBoundary' }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; branches: Node[] }
  | { t: 'group'; capture: boolean; name: string | null; body: Node }
  | { t: 'rep'; body: Node; min: number; max: number; lazy: boolean };

const MAX_CODE_POINT = 0x10ffff;
const EOS = -1;
const MAX_POSITIONS = 4000;
/** Positions that may come next, at most (bounds the analysis of a hostile user pattern: pairs are compared). */
const MAX_FOLLOW = 512;
const MAX_REPEAT = 1000;
const MAX_SHORT_PATHS = 256;
const MAX_VARIANTS = 64;
/** Literals a literal-start twin searches for (each occurrence search scans the text once). */
const MAX_LITERALS = 8;
/** Occurrences of the leading literal a literal-start twin tries before RE2 takes over. */
export const MAX_LITERAL_ATTEMPTS = 8;

class Unsupported extends Error {}

/** Rules share patterns (a vendor's code grammar): each is analysed once per thread. */
const anchoredTwins = new Map<string, RegExp | null>();
const literalTwins = new Map<string, LiteralStartTwin | null>();
const searchTwins = new Map<string, RegExp | null>();

/** The V8 twin of an RE2 pattern that begins with `^`, or null outside the provably safe subset. */
export function anchoredTwin(pattern: string): RegExp | null {
  let twin = anchoredTwins.get(pattern);
  if (twin === undefined) anchoredTwins.set(pattern, (twin = makeAnchoredTwin(pattern)));
  return twin;
}

/**
 * A pattern every match of which starts with one of `literals` (after an optional `\b`): `sticky`,
 * run with lastIndex at an occurrence of one, gives RE2's match starting there, if any.
 */
export interface LiteralStartTwin {
  literals: string[];
  sticky: RegExp;
}

export function literalStartTwin(pattern: string): LiteralStartTwin | null {
  let twin = literalTwins.get(pattern);
  if (twin === undefined) literalTwins.set(pattern, (twin = makeLiteralStartTwin(pattern)));
  return twin;
}

/**
 * A pattern without a literal to start from, searched for at every offset (`global`: flags
 * g, u and d, for the index of group 1): each attempt costs a bounded amount, or reads a region
 * of the text no other attempt can read past its first character (the characters an attempt
 * starts with are none it reads after). Null outside that.
 */
export function searchTwin(pattern: string): RegExp | null {
  let twin = searchTwins.get(pattern);
  if (twin === undefined) searchTwins.set(pattern, (twin = makeSearchTwin(pattern)));
  return twin;
}

function parse(pattern: string): Node | null {
  try {
    return new PatternParser(pattern).parse();
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

function makeAnchoredTwin(pattern: string): RegExp | null {
  const ast = parse(pattern);
  if (ast === null) return null;
  const items = ast.t === 'cat' ? ast.items : [ast];
  if (items[0]?.t !== 'bol' || !analysed(() => isDeterministic(automaton(items.slice(1), true)))) return null;
  return v8RegExp(emit(ast), 'u');
}

function makeLiteralStartTwin(pattern: string): LiteralStartTwin | null {
  const ast = parse(pattern);
  if (ast === null) return null;
  const items = ast.t === 'cat' ? ast.items : [ast];
  const from = items[0]?.t === 'wordBoundary' ? 1 : 0;
  // A first group of literal alternatives (`(?:Client|Server)Exception`) gives one literal each.
  let i = from;
  let literals = [''];
  const alternatives = i < items.length ? literalAlternatives(items[i]!) : null;
  if (alternatives !== null) {
    literals = alternatives;
    i++;
  }
  for (let c = i < items.length ? singleChar(items[i]!) : -1; c !== -1; c = ++i < items.length ? singleChar(items[i]!) : -1) {
    const ch = String.fromCodePoint(c);
    literals = literals.map((l) => l + ch);
  }
  if (literals.length > MAX_LITERALS || literals.some((l) => l.length < 2)) return null;
  if (!analysed(() => eachAttemptLinear(items.slice(from)))) return null;
  const sticky = v8RegExp(emit(ast), 'uy');
  return sticky === null ? null : { literals, sticky };
}

/** The code point a node reads when it is one fixed character, else -1. */
function singleChar(n: Node): number {
  return n.t === 'chars' && n.set.length === 1 && n.set[0]![0] === n.set[0]![1] ? n.set[0]![0] : -1;
}

/** The texts of a group of alternatives that are each a fixed text, else null. */
function literalAlternatives(n: Node): string[] | null {
  if (n.t !== 'group' || n.body.t !== 'alt') return null;
  const out: string[] = [];
  for (const b of n.body.branches) {
    const chars = b.t === 'cat' ? b.items : [b];
    let text = '';
    for (const c of chars) {
      const cp = singleChar(c);
      if (cp === -1) return null;
      text += String.fromCodePoint(cp);
    }
    out.push(text);
  }
  return out;
}

function makeSearchTwin(pattern: string): RegExp | null {
  const ast = parse(pattern);
  // findAll searches on from the end of each match: an empty one (at `$`) would be found again and again.
  if (ast === null || mayMatchEmpty(ast)) return null;
  const items = ast.t === 'cat' ? ast.items : [ast];
  const safe = analysed(() => eachAttemptLinear(items) && (attemptsReadApart(automaton(items, false, true)) || searchVariants(items).every((v) => attemptsReadApart(automaton(v, false, true)))));
  return safe ? v8RegExp(emit(ast), 'gud') : null;
}

/** One attempt's work is linear: the pattern as a whole, else each of its variants (fewer automata to build first). */
function eachAttemptLinear(items: Node[]): boolean {
  return hasShortSideTrips(automaton(items, false)) || searchVariants(items).every((v) => hasShortSideTrips(automaton(v, false)));
}

/**
 * Alternations that each search attempt reaches along a bounded number of routes (only loop-free
 * items before them) split the pattern into variants, which V8 tries one after the other at each
 * offset: an attempt costs at most the sum of the variants' costs.
 */
function searchVariants(items: Node[]): Node[][] {
  for (let k = 0; k < items.length; k++) {
    let n = items[k]!;
    while (n.t === 'group') n = n.body; // groups do not matter to the automaton
    if (n.t === 'alt') {
      const out = n.branches.flatMap((b) => searchVariants([...items.slice(0, k), b, ...items.slice(k + 1)]));
      if (out.length > MAX_VARIANTS) throw new Unsupported();
      return out;
    }
    if (n.t === 'cat') return searchVariants([...items.slice(0, k), ...n.items, ...items.slice(k + 1)]);
    if (hasLoop(n)) break;
  }
  return [items];
}

/** May match the empty text: assertions and `$` read nothing (the automaton's `nullable` counts `$` as a position). */
function mayMatchEmpty(n: Node): boolean {
  switch (n.t) {
    case 'chars':
      return false;
    case 'bol':
    case 'eol':
    case 'wordBoundary':
      return true;
    case 'group':
      return mayMatchEmpty(n.body);
    case 'cat':
      return n.items.every(mayMatchEmpty);
    case 'alt':
      return n.branches.some(mayMatchEmpty);
    case 'rep':
      return n.min === 0 || mayMatchEmpty(n.body);
  }
}

function hasLoop(n: Node): boolean {
  switch (n.t) {
    case 'rep':
      return n.max > 1 || hasLoop(n.body);
    case 'group':
      return hasLoop(n.body);
    case 'cat':
      return n.items.some(hasLoop);
    case 'alt':
      return n.branches.some(hasLoop);
    default:
      return false;
  }
}

/**
 * No character an attempt may start with (away from offset 0) can be read after its first step —
 * but by the pattern's final position: the match ends with it, and the next search begins after.
 */
function attemptsReadApart(a: Automaton): boolean {
  const starts = a.starts.flat();
  const isLast = new Set(a.lastSure);
  const later = new Set<number>();
  const stack = starts.flatMap((p) => a.follow[p]!);
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (later.has(p)) continue;
    later.add(p);
    stack.push(...a.follow[p]!);
  }
  for (const q of later) {
    if (isLast.has(q) && a.follow[q]!.length === 0) continue;
    for (const p of starts) if (overlap(a.sets[p]!, a.sets[q]!)) return false;
  }
  return true;
}

function v8RegExp(source: string, flags: string): RegExp | null {
  try {
    return new RegExp(source, flags);
  } catch {
    return null;
  }
}

function analysed(check: () => boolean): boolean {
  try {
    return check();
  } catch (e) {
    if (e instanceof Unsupported) return false;
    throw e;
  }
}

// ---- the position automaton -------------------------------------------------------------

interface Glushkov {
  /** May match the empty text (maybe only where an assertion holds). */
  nullable: boolean;
  /** May match the empty text with no assertion to pass: nothing on that route can fail. */
  surelyEmpty: boolean;
  first: number[];
  last: number[];
  /** Positions after which the rest of the node surely matches (the empty text, no assertion). */
  lastSure: number[];
}

interface Automaton {
  /** What each position reads (END_OF_TEXT for `$`). */
  sets: Ranges[];
  follow: number[][];
  /** The first positions of each variant (one variant unless the first alternation was split). */
  starts: number[][];
  /** Positions after which the pattern surely ends (no assertion left to pass). */
  lastSure: number[];
  nullable: boolean;
}

/**
 * `splitFirst`: the branches of a first alternation are variants. They share one automaton: a
 * branch's positions follow only its own and the tail's, so checking every follow set once
 * checks every variant; only the start differs — each variant's first positions, not all
 * branches' together.
 */
function automaton(items: Node[], splitFirst: boolean, bolFails = false): Automaton {
  const sets: Ranges[] = [];
  const follow: number[][] = [];
  const link = (from: number[], to: number[]) => {
    if (to.length === 0) return;
    for (const f of from) for (const t of to) follow[f]!.push(t);
  };
  const visit = (n: Node): Glushkov => {
    switch (n.t) {
      case 'chars':
      case 'eol': {
        if (sets.length >= MAX_POSITIONS) throw new Unsupported();
        const p = sets.length;
        sets.push(n.t === 'eol' ? END_OF_TEXT : n.set);
        follow.push([]);
        return { nullable: false, surelyEmpty: false, first: [p], last: [p], lastSure: [p] };
      }
      case 'bol':
        // An assertion reads nothing: it only cuts routes. `bolFails`: the routes of a search
        // attempt that does not start at offset 0.
        return bolFails ? NOTHING : ASSERTION;
      case 'wordBoundary':
        return ASSERTION;
      case 'group':
        return visit(n.body);
      case 'cat': {
        let acc: Glushkov = EMPTY;
        for (const item of n.items) acc = concat(acc, visit(item), link);
        return acc;
      }
      case 'alt': {
        const parts = n.branches.map(visit);
        if (parts.filter((p) => p.nullable).length > 1) throw new Unsupported();
        return {
          nullable: parts.some((p) => p.nullable),
          surelyEmpty: parts.some((p) => p.surelyEmpty),
          first: parts.flatMap((p) => p.first),
          last: parts.flatMap((p) => p.last),
          lastSure: parts.flatMap((p) => p.lastSure),
        };
      }
      case 'rep': {
        // A round that may read nothing: not linear (an empty route per round), and where only `$`
        // makes it empty V8 still differs — it gives up a round that read nothing, with the captures
        // it made (`^a(?:($))?` on "a": group 1 undefined), RE2 keeps it (group 1 "").
        if (mayMatchEmpty(n.body)) throw new Unsupported();
        // Each round is a fresh copy of the body: {2,4} is b b (b (b)?)?; {2,} is b b+.
        const round = (): Glushkov => visit(n.body);
        let acc: Glushkov = EMPTY;
        const fixed = n.max === Infinity ? Math.max(n.min - 1, 0) : n.min;
        for (let i = 0; i < fixed; i++) acc = concat(acc, round(), link);
        if (n.max === Infinity) {
          const loop = round();
          link(loop.last, loop.first);
          return concat(acc, n.min === 0 ? { ...loop, nullable: true, surelyEmpty: true } : loop, link);
        }
        return concat(acc, optionalChain(n.max - n.min, round, link), link);
      }
    }
  };
  const head = items[0];
  const starts: number[][] = [];
  if (splitFirst && head !== undefined && head.t === 'group' && head.body.t === 'alt') {
    // Variants: V8 tries the branches one after the other, each with the tail.
    const branches = head.body.branches.map(visit);
    const tail = visit({ t: 'cat', items: items.slice(1) });
    for (const b of branches) {
      link(b.last, tail.first);
      starts.push(b.nullable ? [...b.first, ...tail.first] : b.first);
    }
    const lastSure = branches.flatMap((b) => (tail.surelyEmpty ? b.lastSure : [])).concat(tail.lastSure);
    return { sets, follow, starts, lastSure, nullable: tail.nullable && branches.some((b) => b.nullable) };
  }
  const g = visit({ t: 'cat', items });
  return { sets, follow, starts: [g.first], lastSure: g.lastSure, nullable: g.nullable };
}

function isDeterministic(a: Automaton): boolean {
  return a.starts.every((f) => disjoint(f, a.sets)) && a.follow.every((f) => disjoint(f, a.sets));
}

/**
 * Competing positions allowed where all but one are short side trips (see the module comment).
 * A position after which the pattern surely matches ends a side trip: the search succeeds from
 * there, and what it still reads on the way obeys the same rule.
 */
function hasShortSideTrips(a: Automaton): boolean {
  if (a.nullable) return false;
  const isLast = new Set(a.lastSure);
  // Paths from a position until they reach a last position (Infinity: through a loop).
  const paths = new Map<number, number>();
  const onPath = new Set<number>();
  const pathsFrom = (p: number): number => {
    if (isLast.has(p)) return 1;
    const known = paths.get(p);
    if (known !== undefined) return known;
    if (onPath.has(p)) return Infinity;
    onPath.add(p);
    let n = 1;
    for (const q of a.follow[p]!) n += pathsFrom(q);
    onPath.delete(p);
    paths.set(p, n);
    return n;
  };
  const short = (p: number) => pathsFrom(p) <= MAX_SHORT_PATHS;
  const fine = (next: number[]) => {
    if (next.length > MAX_FOLLOW) return false;
    for (let i = 0; i < next.length; i++)
      for (let j = i + 1; j < next.length; j++) {
        const p = next[i]!;
        const q = next[j]!;
        if (p === q || (overlap(a.sets[p]!, a.sets[q]!) && !short(p) && !short(q))) return false;
      }
    return true;
  };
  return a.starts.every(fine) && a.follow.every(fine);
}

function overlap(x: Ranges, y: Ranges): boolean {
  for (const [a, b] of x) for (const [c, d] of y) if (a <= d && c <= b) return true;
  return false;
}

const EMPTY: Glushkov = { nullable: true, surelyEmpty: true, first: [], last: [], lastSure: [] };
const ASSERTION: Glushkov = { nullable: true, surelyEmpty: false, first: [], last: [], lastSure: [] };
/** A route that cannot match (`^` away from offset 0). */
const NOTHING: Glushkov = { nullable: false, surelyEmpty: false, first: [], last: [], lastSure: [] };
const END_OF_TEXT: Ranges = [[EOS, EOS]];

function concat(a: Glushkov, b: Glushkov, link: (from: number[], to: number[]) => void): Glushkov {
  link(a.last, b.first);
  return {
    nullable: a.nullable && b.nullable,
    surelyEmpty: a.surelyEmpty && b.surelyEmpty,
    first: a.nullable ? [...a.first, ...b.first] : a.first,
    last: b.nullable ? [...a.last, ...b.last] : b.last,
    lastSure: b.surelyEmpty ? [...a.lastSure, ...b.lastSure] : b.lastSure,
  };
}

/** (b (b (b)?)?)? with k rounds: nested, so no two rounds compete for the same character. */
function optionalChain(k: number, round: () => Glushkov, link: (from: number[], to: number[]) => void): Glushkov {
  if (k === 0) return EMPTY;
  const head = round();
  const tail = optionalChain(k - 1, round, link);
  return { ...concat(head, tail, link), nullable: true, surelyEmpty: true };
}

/** No two of the positions `ps` can read the same character. */
function disjoint(ps: number[], sets: Ranges[]): boolean {
  if (ps.length < 2) return true;
  if (ps.length > MAX_FOLLOW) return false;
  const all: [number, number][] = [];
  for (const p of ps) for (const r of sets[p]!) all.push(r);
  all.sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < all.length; i++) if (all[i]![0] <= all[i - 1]![1]) return false;
  return true;
}

// ---- RE2 syntax (the subset) --------------------------------------------------------------

const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const SPACE: Ranges = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
];
const NOT_NEWLINE: Ranges = [
  [0, 0x09],
  [0x0b, MAX_CODE_POINT],
];
const CONTROL_ESCAPES: Record<string, number> = { n: 0x0a, t: 0x09, r: 0x0d, f: 0x0c, v: 0x0b };

class PatternParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node {
    const n = this.alternation();
    if (this.i !== this.s.length) throw new Unsupported();
    return n;
  }

  private alternation(): Node {
    const branches = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0]! : { t: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') items.push(this.repeated(this.atom()));
    return items.length === 1 ? items[0]! : { t: 'cat', items };
  }

  private repeated(atom: Node): Node {
    const q = this.quantifier();
    if (q === null) return atom;
    if (atom.t === 'bol' || atom.t === 'eol' || atom.t === 'wordBoundary') throw new Unsupported();
    // V8 clears a repeated group's captures on each round, RE2 keeps the last round's.
    if (q.max > 1 && hasCapture(atom)) throw new Unsupported();
    const lazy = this.s[this.i] === '?';
    if (lazy) this.i++;
    if (this.quantifier() !== null) throw new Unsupported();
    return { t: 'rep', body: atom, min: q.min, max: q.max, lazy };
  }

  private quantifier(): { min: number; max: number } | null {
    const c = this.s[this.i];
    if (c === '*' || c === '+' || c === '?') {
      this.i++;
      return { min: c === '+' ? 1 : 0, max: c === '?' ? 1 : Infinity };
    }
    if (c !== '{') return null;
    // RE2 reads a brace that is not a count as a literal, and so a count with a leading zero (`{01}`): left to RE2.
    const m = /^\{(0|[1-9]\d*)(,(0|[1-9]\d*)?)?\}/.exec(this.s.slice(this.i));
    if (m === null) throw new Unsupported();
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === undefined ? Infinity : Number(m[3]);
    if (min > MAX_REPEAT || (max !== Infinity && (max > MAX_REPEAT || max < min))) throw new Unsupported();
    this.i += m[0].length;
    return { min, max };
  }

  private atom(): Node {
    const c = this.s[this.i]!;
    if (c === '(') return this.group();
    if (c === '[') return { t: 'chars', set: this.charClass() };
    this.i++;
    if (c === '^') return { t: 'bol' };
    if (c === '$') return { t: 'eol' };
    if (c === '.') return { t: 'chars', set: NOT_NEWLINE };
    if (c === '\\' && this.s[this.i] === 'b') {
      this.i++;
      return { t: 'wordBoundary' };
    }
    if (c === '\\') return { t: 'chars', set: this.escape() };
    if ('*+?{}'.includes(c)) throw new Unsupported();
    this.i--;
    return { t: 'chars', set: single(this.codePoint()) };
  }

  private group(): Node {
    this.i++;
    let capture = true;
    let name: string | null = null;
    if (this.s[this.i] === '?') {
      const named = /^\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(this.s.slice(this.i));
      if (this.s.startsWith('?:', this.i)) {
        capture = false;
        this.i += 2;
      } else if (named !== null) {
        name = named[1]!;
        this.i += named[0].length;
      } else throw new Unsupported(); // flags
    }
    const body = this.alternation();
    if (this.s[this.i] !== ')') throw new Unsupported();
    this.i++;
    return { t: 'group', capture, name, body };
  }

  private charClass(): Ranges {
    this.i++;
    const negated = this.s[this.i] === '^';
    if (negated) this.i++;
    const parts: Ranges = [];
    let first = true;
    while (this.i < this.s.length && (this.s[this.i] !== ']' || first)) {
      first = false;
      if (this.s.startsWith('[:', this.i)) throw new Unsupported();
      const lo = this.classMember();
      if (lo.length === 1 && lo[0]![0] === lo[0]![1] && this.s[this.i] === '-' && this.s[this.i + 1] !== ']' && this.i + 1 < this.s.length) {
        this.i++;
        const hi = this.classMember();
        if (hi.length !== 1 || hi[0]![0] !== hi[0]![1] || hi[0]![0] < lo[0]![0]) throw new Unsupported();
        parts.push([lo[0]![0], hi[0]![0]]);
      } else parts.push(...lo);
    }
    if (this.s[this.i] !== ']') throw new Unsupported();
    this.i++;
    const set = normalize(parts);
    return negated ? complement(set) : set;
  }

  private classMember(): Ranges {
    if (this.s[this.i] === '\\') {
      this.i++;
      return this.escape();
    }
    return single(this.codePoint());
  }

  /** After a backslash: a class escape or an escaped character. */
  private escape(): Ranges {
    const c = this.s[this.i];
    if (c === undefined) throw new Unsupported();
    this.i++;
    switch (c) {
      case 'd':
        return DIGIT;
      case 'D':
        return complement(DIGIT);
      case 'w':
        return WORD;
      case 'W':
        return complement(WORD);
      case 's':
        return SPACE;
      case 'S':
        return complement(SPACE);
    }
    const control = CONTROL_ESCAPES[c];
    if (control !== undefined) return single(control);
    // Escaped punctuation is itself; letters and digits are escapes outside the subset (\b, \pN, \x41, \1 …).
    const code = c.charCodeAt(0);
    if (code < 0x80 && !/[A-Za-z0-9]/.test(c)) return single(code);
    throw new Unsupported();
  }

  private codePoint(): number {
    const cp = this.s.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return cp;
  }
}

function hasCapture(n: Node): boolean {
  switch (n.t) {
    case 'group':
      return n.capture || hasCapture(n.body);
    case 'cat':
      return n.items.some(hasCapture);
    case 'alt':
      return n.branches.some(hasCapture);
    case 'rep':
      return hasCapture(n.body);
    default:
      return false;
  }
}

function single(cp: number): Ranges {
  return [[cp, cp]];
}

function normalize(parts: Ranges): Ranges {
  const sorted = [...parts].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(set: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of normalize(set)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

// ---- V8 source ------------------------------------------------------------------------------

function emit(n: Node): string {
  switch (n.t) {
    case 'chars': {
      const only = n.set.length === 1 && n.set[0]![0] === n.set[0]![1] ? n.set[0]![0] : -1;
      if (only !== -1 && isAlnum(only)) return String.fromCharCode(only);
      return `[${n.set.map(([lo, hi]) => (lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`)).join('')}]`;
    }
    case 'bol':
      return '^';
    case 'eol':
      return '$';
    case 'wordBoundary':
      return '\\b';
    case 'cat':
      return n.items.map(emit).join('');
    case 'alt':
      return n.branches.map(emit).join('|');
    case 'group':
      return `(${n.capture ? (n.name !== null ? `?<${n.name}>` : '') : '?:'}${emit(n.body)})`;
    case 'rep': {
      const q = n.max === Infinity ? (n.min === 0 ? '*' : n.min === 1 ? '+' : `{${n.min},}`) : n.min === n.max ? `{${n.min}}` : n.min === 0 && n.max === 1 ? '?' : `{${n.min},${n.max}}`;
      return `(?:${emit(n.body)})${q}${n.lazy ? '?' : ''}`;
    }
  }
}

/** Letters and digits as themselves (shorter to parse), anything else as a code point escape. */
function classChar(cp: number): string {
  return isAlnum(cp) ? String.fromCharCode(cp) : `\\u{${cp.toString(16)}}`;
}

function isAlnum(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}
