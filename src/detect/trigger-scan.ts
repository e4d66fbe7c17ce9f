/**
 * The byte pre-filter, in one place: which literals a line must contain to be worth the slow path
 * (derived from the rules), how they are searched (one pass per anchor over a whole chunk), and
 * the check at each hit. Compiled once with the rules (CompiledRules.byteScan).
 *
 * A hit of a vendor marker ("[TencentCloudSDK…", "uawei", …) is a candidate. A hit of a code key
 * (`"code`, `errorCode=`, `Code: ` …) is a candidate unless the bytes after it show a value no rule
 * accepts as a code: another key (`"codeDesc"`), a number of up to three digits that every
 * rule's code constraints reject (`"code":200`), or a quoted word that every rule able to read
 * that quoted key rejects (`"code":"card_declined"`). Every detection goes through those
 * constraints (detect-payloads' codeAllowed), so such a line can hold no payload through that key.
 */
import { digitsTwin, type RuleRegex } from './compile-regex.js';
import { occursAt } from '../input/bytes-at.js';
import type { CompiledCommon, CompiledFieldsRule, CompiledMessageRule, CompiledObjectRule, CompiledTextRule, StringTriggerPlan } from './rule-types.js';

export interface TriggerScan {
  /** Each anchor is searched once per chunk; a hit is confirmed against its member literals. */
  anchors: ScanAnchor[];
  /** Which short numbers some rule accepts as a code; null: a code key's value is not checked (every hit is a candidate). */
  shortNumbers: ShortNumberTable | null;
}

/**
 * Numbers of one to three digits (optionally negative), indexed by shortNumberIndex: 0 not yet
 * asked, 1 no rule accepts it, 2 some rule does. Filled on first sight: a log repeats a few values
 * (200, 404, 0), so each costs one round of the rules' code tests once per run, not at start-up.
 */
export interface ShortNumberTable {
  known: Uint8Array;
  accepts: (code: string) => boolean;
}

interface ScanAnchor {
  anchor: Buffer;
  /** Markers first, then code key literals. */
  members: ScanMember[];
  /** Every code key literal reads its value at the same place relative to the anchor. */
  keysShareValue: boolean;
}

interface ScanMember {
  literal: Buffer;
  /** Where the literal starts relative to its anchor. */
  offset: number;
  /** A code key: where its value check starts, from the literal's start; -1 for a marker. */
  valueAt: number;
  /** A quoted key (`"code`, `'errorCode`): its opening quote, and whether its readers accept a quoted word; else null. */
  word: QuotedWordCheck | null;
}

/**
 * The rules that can read a code at one quoted key, and the words they accept. Only they matter
 * when the key is closed right after its "ode" and its value is a quoted word: no other code key
 * literal can match at the same place (literals never contain one another), and object rules
 * read exact keys (`"Code"` is not `"code"`).
 */
export interface QuotedWordCheck {
  quote: number;
  /** Word → its verdict; filled on first sight, bounded. */
  known: Map<string, WordVerdict>;
  judge: (code: string) => WordVerdict;
}

/**
 * Does some reader accept the word: no, yes, or only with evidence that must be in the line (every
 * reader that accepts it is a fields rule whose evidence is markers or keys: COS's and OBS's
 * capitalised XML codes, which a Node `"code":"ECONNRESET"` also fits).
 */
export type WordVerdict = boolean | EvidenceGate;

/** What the line must hold for one of those readers' evidence: a marker, or a key spelled as one of these (case aside). */
export interface EvidenceGate {
  markers: Buffer[];
  keys: Buffer[];
}

/**
 * The smallest set of literals such that every payload any rule can match contains one of them. An
 * object rule's literal is a quote followed by its code field's key (`"Code`): JSON, escaped JSON
 * (`\"Code\"`) and double-escaped JSON all contain it, while `"statusCode"` does not. A text rule's
 * literal is its trigger; a fields or message rule declares its own. Literals containing another
 * literal are dropped.
 */
export function deriveTriggers(objectRules: CompiledObjectRule[], textRules: CompiledTextRule[], ownTriggers: { triggers: string[] }[]): string[] {
  const lits = new Set<string>();
  for (const r of objectRules) {
    for (const path of r.fields.code ?? []) {
      const last = path[path.length - 1];
      if (last) lits.add('"' + last);
    }
  }
  for (const r of textRules) lits.add(r.trigger);
  for (const r of ownTriggers) for (const t of r.triggers) lits.add(t);
  const list = [...lits].sort((a, b) => a.length - b.length);
  const minimal: string[] = [];
  for (const l of list) if (!minimal.some((m) => l.includes(m))) minimal.push(l);
  return minimal;
}

/**
 * The code keys' shared "ode": a literal holding it can only occur where it does, so the string
 * is searched for "ode" once and each literal is compared at each "ode" found (`anchorAt`: where
 * the literal has its "ode").
 */
export function planStringTriggers(literals: string[]): StringTriggerPlan {
  const anchor = 'ode';
  return {
    anchor,
    withAnchor: literals.filter((l) => l.includes(anchor)).map((literal) => ({ literal, anchorAt: literal.indexOf(anchor) })),
    others: literals.filter((l) => !l.includes(anchor)),
  };
}

/**
 * Fewer needles for the chunk-wide byte scan: literals sharing a long prefix (the
 * `[TencentCloudSDK…` family) are searched as that prefix. A superset is safe: a line it flags
 * in error only takes the slow path, where the exact rules decide.
 */
const MIN_SHARED_PREFIX = 10;
export function coarsenByCommonPrefix(literals: string[]): string[] {
  const sorted = [...literals].sort();
  const out: string[] = [];
  for (const lit of sorted) {
    const prev = out[out.length - 1];
    if (prev !== undefined) {
      let n = 0;
      while (n < prev.length && n < lit.length && prev[n] === lit[n]) n++;
      if (n >= MIN_SHARED_PREFIX) {
        out[out.length - 1] = prev.slice(0, n);
        continue;
      }
    }
    out.push(lit);
  }
  return out;
}

/**
 * A code key literal: an optional quote (or a \u-escaped "c"/"C") and a key ending in "ode",
 * followed only by separators: `"code`, `'errorCode`, `error_code`, `Code: `, `code =`, `\u0043ode`.
 */
const CODE_KEY_LITERAL = /^(?:["']?[A-Za-z_]*|\\u00[46]3)ode[ :=\]>]*$/;

interface ScanRules {
  objectRules: readonly CompiledObjectRule[];
  textRules: readonly CompiledTextRule[];
  fieldsRules: readonly CompiledFieldsRule[];
  messageRules: readonly CompiledMessageRule[];
}

/**
 * The byte pre-filter of a rule set. The value check at a code key consults the rules that read a
 * code there: object rules (their literals are their code keys), text rules with a code key as
 * their trigger, and every fields rule (a bare one reads keyed codes too). A text or message rule
 * reached only through a marker needs that marker in the line, and a marker is always a candidate.
 */
export function compileByteScan(
  triggers: readonly Buffer[],
  rules: ScanRules,
  codeAllowed: (rule: CompiledCommon, code: string, matches: (re: RuleRegex, text: string) => boolean) => boolean,
): TriggerScan {
  const readingKeys: CompiledCommon[] = [
    ...rules.objectRules,
    ...rules.textRules.filter((r) => CODE_KEY_LITERAL.test(r.trigger)),
    // A bare fields rule too: its markers gate only the codes it finds without a key.
    ...rules.fieldsRules,
  ];
  // Short numbers only: each pattern's V8 twin where it has one (compile-regex.ts, digitsTwin).
  const twins = new Map<RuleRegex, RegExp | null>();
  const matches = (re: RuleRegex, text: string) => {
    let twin = twins.get(re);
    if (twin === undefined) twins.set(re, (twin = digitsTwin(re)));
    return twin !== null ? twin.test(text) : re.test(text);
  };
  const accepts = (code: string) => readingKeys.some((r) => codeAllowed(r, code, matches));
  const wordCheck = (literal: string): QuotedWordCheck | null => {
    const readers = quotedKeyReaders(literal, rules);
    if (readers === null) return null;
    const judge = (code: string) => wordVerdict(readers.filter((r) => codeAllowed(r, code, testRegex)), code, rules.messageRules);
    return { quote: literal.charCodeAt(0), known: new Map(), judge };
  };
  return planTriggerScan(triggers, { known: new Uint8Array(SHORT_NUMBER_SLOTS), accepts }, wordCheck);
}

const QUOTED_KEY_LITERAL = /^(["'])([A-Za-z_]*ode)$/;

/**
 * Which rules can read a code at a quoted key literal (`"code`) closed right after it: object rules
 * whose code key is exactly that key; text rules whose trigger holds the literal (their own trigger
 * was dropped for it, deriveTriggers); every fields rule. null (no word check) when some rule
 * reached through it reads its code elsewhere: a fields rule's bare codes, a message rule.
 */
function quotedKeyReaders(literal: string, rules: ScanRules): CompiledCommon[] | null {
  const m = QUOTED_KEY_LITERAL.exec(literal);
  if (!m) return null;
  const key = m[2]!;
  if (rules.messageRules.some((r) => r.triggers.some((t) => t.includes(literal)))) return null;
  if (rules.fieldsRules.some((r) => r.bare !== null && r.triggers.some((t) => t.includes(literal)))) return null;
  return [
    ...rules.objectRules.filter((r) => (r.fields.code ?? []).some((path) => path[path.length - 1] === key)),
    ...rules.textRules.filter((r) => r.trigger.includes(literal)),
    ...rules.fieldsRules,
  ];
}

/**
 * The verdict on a word from the readers that accept it. Evidence a line's bytes can show: markers
 * (written as they are: one with a quote, backslash or slash may be escaped, so it cannot gate),
 * and keys (the key next to the code, the request id's or trace id's key). Evidence that needs a
 * lookup (a catalog code or message) or a message rule's text for this code: no gate, a candidate.
 */
function wordVerdict(accepting: CompiledCommon[], code: string, messageRules: readonly CompiledMessageRule[]): WordVerdict {
  if (accepting.length === 0) return false;
  const gate: EvidenceGate = { markers: [], keys: [] };
  for (const r of accepting) {
    if (r.shape !== 'fields') return true;
    const f = r as CompiledFieldsRule;
    const ev = f.evidence;
    if (ev === null || ev.catalogMessage || ev.knownCode === 'any' || (ev.knownCode === 'dotted' && code.includes('.'))) return true;
    if (ev.vendorMessage && messageRules.some((m) => m.vendor === f.vendor && m.messages.some((t) => t.code === code))) return true;
    if (ev.markers.some((m) => /["\\/]/.test(m))) return true;
    gate.markers.push(...ev.markers.map((m) => Buffer.from(m)));
    const keys = [...ev.keys, ...ev.keyValues.map((k) => k.key), ...(ev.requestId !== null ? f.keys.request_id : [])];
    gate.keys.push(...keys.map((k) => Buffer.from(k.toLowerCase(), 'latin1')));
  }
  return gate;
}

function testRegex(re: RuleRegex, text: string): boolean {
  return re.test(text);
}

const SHORT_NUMBER_SLOTS = 2 * 1110;
function shortNumberIndex(negative: boolean, digits: number, value: number): number {
  return (negative ? 1110 : 0) + (digits === 1 ? 0 : digits === 2 ? 10 : 110) + value;
}

/**
 * Fewer passes over each chunk. The three-byte substring shared by the most trigger literals ("ode"
 * for "Code, "code, code=, Code: …) becomes one anchor for all of them. Literals left over that
 * share a longer run of bytes ("TencentCloudSDK" of "[TencentCloudSDKE" and
 * "TencentCloudSDKHttpException") share that run as their anchor; the others are their own anchors.
 * `shortNumbers`: code key literals get their value checked; null: every
 * hit is a candidate.
 */
export function planTriggerScan(
  literals: readonly Buffer[],
  shortNumbers: ShortNumberTable | null = null,
  wordCheck: (literal: string) => QuotedWordCheck | null = () => null,
): TriggerScan {
  const counts = new Map<string, number>();
  for (const l of literals) {
    const seen = new Set<string>();
    for (let i = 0; i + 3 <= l.length; i++) seen.add(l.toString('latin1', i, i + 3));
    for (const g of seen) counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  let best = '';
  let bestCount = 1;
  for (const [g, n] of counts) if (n > bestCount) [best, bestCount] = [g, n];
  const member = (literal: Buffer, offset: number): ScanMember => {
    const text = literal.toString('latin1');
    const valueAt = shortNumbers !== null && CODE_KEY_LITERAL.test(text) ? text.lastIndexOf('ode') + 3 : -1;
    return { literal, offset, valueAt, word: valueAt >= 0 ? wordCheck(text) : null };
  };
  const shared = { anchor: Buffer.from(best, 'latin1'), members: [] as ScanMember[] };
  const waiting: Buffer[] = [];
  for (const literal of literals) {
    const offset = best === '' ? -1 : literal.indexOf(shared.anchor);
    if (offset >= 0) shared.members.push(member(literal, offset));
    else waiting.push(literal);
  }
  const own: { anchor: Buffer; members: ScanMember[] }[] = [];
  // Each literal left over joins the first group whose anchor it contains, or starts its own; a
  // new group takes the longest run it shares with a literal still waiting (if long enough to be
  // a selective anchor) instead of the whole literal.
  while (waiting.length > 0) {
    const literal = waiting.shift()!;
    const group = own.find((g) => literal.indexOf(g.anchor) >= 0);
    if (group) {
      group.members.push(member(literal, literal.indexOf(group.anchor)));
      continue;
    }
    let anchor = literal;
    for (const other of waiting) {
      const common = longestCommonRun(literal, other);
      if (common.length >= MIN_SHARED_ANCHOR && (anchor === literal || common.length > anchor.length)) anchor = common;
    }
    anchor = startAtRareByte(anchor);
    own.push({ anchor, members: [member(literal, literal.indexOf(anchor))] });
  }
  const groups = shared.members.length > 0 ? [shared, ...own] : own;
  return { anchors: groups.map((g) => planAnchor(g.anchor, g.members)), shortNumbers };
}

/**
 * Markers first: a hit's first code key literal then means no marker is there. When every code
 * key literal of the group reads its value at the same place relative to the anchor (the "ode"
 * they all end in), the first one found decides.
 */
function planAnchor(anchor: Buffer, members: ScanMember[]): ScanAnchor {
  const ordered = [...members.filter((m) => m.valueAt < 0), ...members.filter((m) => m.valueAt >= 0)];
  const valuePlaces = new Set(members.filter((m) => m.valueAt >= 0).map((m) => m.valueAt - m.offset));
  return { anchor, members: ordered, keysShareValue: valuePlaces.size <= 1 };
}

/**
 * Bytes from the most to the least frequent in log text: lower-case letters by English frequency,
 * digits and common punctuation, then capitals. A byte not listed counts as rarest.
 */
const COMMON_BYTES = Buffer.from(' etaoinsrhldcum"0123456789:,.-_/=fpgwybvkxjqzTSEACIRNOLDPMUHBGFYWKVXZJQ', 'latin1');
const BYTE_RARITY = new Uint8Array(256).fill(COMMON_BYTES.length);
COMMON_BYTES.forEach((c, i) => (BYTE_RARITY[c] = i));
/** Buffer#indexOf looks for a short needle (under 7 bytes) by its first byte: longer ones take a slower search. */
const SHORT_NEEDLE_BYTES = 6;
const MIN_ANCHOR_BYTES = 3;

/**
 * The part of a literal to search for: a run of up to six bytes starting at its rarest byte (a
 * scan stops at each place its first byte occurs). Any part is exact: a hit is checked against the
 * whole literal (candidateAt), and every occurrence of the literal contains the part.
 */
export function startAtRareByte(literal: Buffer): Buffer {
  if (literal.length <= MIN_ANCHOR_BYTES) return literal;
  let best = 0;
  for (let k = 1; k + MIN_ANCHOR_BYTES <= literal.length; k++) if (BYTE_RARITY[literal[k]!]! > BYTE_RARITY[literal[best]!]!) best = k;
  return literal.subarray(best, best + Math.min(SHORT_NEEDLE_BYTES, literal.length - best));
}

/** A run shorter than this is too common to be worth one pass for two literals. */
const MIN_SHARED_ANCHOR = 8;

/** The longest run of bytes found in both `a` and `b` (the first such run of `a`). */
function longestCommonRun(a: Buffer, b: Buffer): Buffer {
  let bestStart = 0;
  let bestLength = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let n = 0;
      while (i + n < a.length && j + n < b.length && a[i + n] === b[j + n]) n++;
      if (n > bestLength) [bestStart, bestLength] = [i, n];
    }
  }
  return a.subarray(bestStart, bestStart + bestLength);
}

/**
 * Where candidates start in `bytes[0, end)`, sorted. A literal never spans a newline, so a hit
 * lies wholly inside one line of a chunk; the value check stops at the line's end.
 */
export function findCandidates(bytes: Buffer, end: number, scan: TriggerScan, firstOnly: boolean): number[] {
  const hits: number[] = [];
  for (const group of scan.anchors) {
    const anchor = group.anchor;
    for (let p = bytes.indexOf(anchor); p !== -1 && p < end; p = bytes.indexOf(anchor, p + 1)) {
      const at = candidateAt(bytes, end, p, group, scan.shortNumbers);
      if (at === -1) continue;
      hits.push(at);
      if (firstOnly) return hits;
    }
  }
  // One anchor's hits come in order; several anchors' hits must be merged.
  if (scan.anchors.length > 1) hits.sort((a, b) => a - b);
  return hits;
}

/** Does a line (its bytes, nothing else) hold a candidate? */
export function hasCandidate(bytes: Buffer, scan: TriggerScan): boolean {
  return findCandidates(bytes, bytes.length, scan, true).length > 0;
}

/**
 * The anchor at `p`: which literal, if any, is here, and is it a candidate? Compared byte by byte:
 * a native compare() per candidate costs more than the bytes. Returns the literal's start or -1.
 */
function candidateAt(b: Buffer, end: number, p: number, group: ScanAnchor, shortNumbers: ShortNumberTable | null): number {
  const members = group.members;
  for (let m = 0; m < members.length; m++) {
    const member = members[m]!;
    const start = p - member.offset;
    if (!occursAt(b, start, 0, end, member.literal)) continue;
    // A marker; or a code key (markers come first: none is here) whose value may be a code.
    if (member.valueAt < 0 || shortNumbers === null) return start;
    const valueAt = start + member.valueAt;
    const keyEscapes = member.word !== null ? closedKeyEscapes(b, valueAt, end, member.word.quote) : -1;
    if (keyEscapes >= 0) {
      const verdict = quotedWordVerdict(b, valueAt, end, keyEscapes, member.word!);
      if (verdict === WORD_ACCEPTED) return start;
      if (verdict === WORD_REJECTED) return -1;
    }
    if (mayBeCodeValue(b, valueAt, end, shortNumbers)) return start;
    if (group.keysShareValue) return -1;
  }
  return -1;
}

const MAX_SEPARATOR_BYTES = 32;

/**
 * After a code key (at `i`, just past its "ode"): false only when the bytes show that no rule can
 * read a code here — the key goes on (`"codeDesc"`, `err_code_x`), or the value is a short number
 * no rule accepts. Anything unusual is a candidate.
 */
function mayBeCodeValue(b: Buffer, i: number, end: number, shortNumbers: ShortNumberTable): boolean {
  // Key normalisation drops "_", "-" and "$" (extract-fields' normalizeKey): "code_" is "code".
  while (i < end && (b[i] === 0x5f || b[i] === 0x2d || b[i] === 0x24)) i++;
  if (i < end && isAsciiAlnum(b[i]!)) return false;
  const limit = Math.min(end, i + MAX_SEPARATOR_BYTES);
  while (i < limit && isSeparator(b[i]!)) i++;
  if (i >= limit) return true;
  let negative = false;
  if (b[i] === 0x2d) {
    negative = true;
    i++;
  }
  let value = 0;
  let digits = 0;
  while (i < end && b[i]! >= 0x30 && b[i]! <= 0x39) {
    if (++digits > 3) return true;
    value = value * 10 + (b[i]! - 0x30);
    i++;
  }
  if (digits === 0) return true;
  // "200.5", "200abc", "200_x", "200é": not the plain number the table speaks of.
  if (i < end && (isAsciiAlnum(b[i]!) || b[i]! >= 0x80 || b[i] === 0x2e || b[i] === 0x5f)) return true;
  const slot = shortNumberIndex(negative, digits, value);
  let known = shortNumbers.known[slot]!;
  if (known === 0) {
    known = shortNumbers.accepts((negative ? '-' : '') + String(value).padStart(digits, '0')) ? 2 : 1;
    shortNumbers.known[slot] = known;
  }
  return known === 2;
}

/**
 * The key ends at `i` with its quote (`"code"`), maybe escaped (`\\"code\\"`): how many backslashes
 * before that quote, or -1 when the key does not end there.
 */
function closedKeyEscapes(b: Buffer, i: number, end: number, quote: number): number {
  const from = i;
  while (i < end && b[i] === 0x5c) i++;
  return i < end && b[i] === quote ? i - from : -1;
}

const MAX_WORD_BYTES = 64;
const MAX_KNOWN_WORDS = 4096;

const NOT_A_WORD = 0;
const WORD_REJECTED = 1;
const WORD_ACCEPTED = 2;

/**
 * After a closed quoted key (at `at`): is its value a quoted word — after a ":" or "=", the key's
 * quote, escaped as the key's is (`keyEscapes` backslashes) at both ends, only `[A-Za-z0-9_.-]` between — and does
 * some reader of the key accept it? Anything else (a number, an escape, a blank, a long value) is
 * NOT_A_WORD, left to the number check.
 */
function quotedWordVerdict(b: Buffer, at: number, end: number, keyEscapes: number, check: QuotedWordCheck): number {
  const quote = check.quote;
  const limit = Math.min(end, at + MAX_SEPARATOR_BYTES);
  let i = at;
  let assigned = false;
  for (; i < limit && isSeparator(b[i]!); i++) if (b[i] === 0x3a || b[i] === 0x3d) assigned = true;
  if (!assigned || i >= limit || b[i - 1] !== quote) return NOT_A_WORD;
  let escapes = 0;
  while (i - 2 - escapes > at && b[i - 2 - escapes] === 0x5c) escapes++;
  if (escapes !== keyEscapes) return NOT_A_WORD;
  const from = i;
  const wordEnd = Math.min(end, i + MAX_WORD_BYTES);
  while (i < wordEnd && isWordByte(b[i]!)) i++;
  if (i === from || i >= wordEnd) return NOT_A_WORD;
  for (let k = 0; k < escapes; k++, i++) if (i >= end || b[i] !== 0x5c) return NOT_A_WORD;
  if (i >= end || b[i] !== quote) return NOT_A_WORD;
  const word = b.toString('latin1', from, i - escapes);
  let known = check.known.get(word);
  if (known === undefined) {
    known = check.judge(word);
    if (check.known.size < MAX_KNOWN_WORDS) check.known.set(word, known);
  }
  if (typeof known === 'boolean') return known ? WORD_ACCEPTED : WORD_REJECTED;
  return lineMayHoldEvidence(b, from, end, known) ? WORD_ACCEPTED : WORD_REJECTED;
}

/**
 * The line around `at` (within `[0, end)`) holds a marker of the gate, a key that normalises to
 * one of its keys (letters in order, case aside, `_`, `-`, `$` and blanks between them:
 * `request_id`, `Request ID`), or a `\u` escape (which may spell either).
 */
function lineMayHoldEvidence(b: Buffer, at: number, end: number, gate: EvidenceGate): boolean {
  const lineStart = b.lastIndexOf(LF, at) + 1;
  const nl = b.indexOf(LF, at);
  const lineEnd = nl === -1 || nl > end ? end : nl;
  const line = b.subarray(lineStart, lineEnd);
  if (line.indexOf(BACKSLASH_U) !== -1) return true;
  for (const m of gate.markers) if (line.indexOf(m) !== -1) return true;
  for (const k of gate.keys) if (holdsKey(line, k)) return true;
  return false;
}

const LF = 0x0a;
const BACKSLASH_U = Buffer.from('\\u', 'latin1');

function holdsKey(line: Buffer, key: Buffer): boolean {
  const first = key[0]!;
  for (let p = 0; p < line.length; p++) {
    if ((line[p]! | 0x20) !== first) continue;
    let k = 1;
    for (let j = p + 1; k < key.length && j < line.length; j++) {
      const c = line[j]!;
      if (c === 0x5f || c === 0x2d || c === 0x24 || c === 0x20) continue;
      if ((c | 0x20) !== key[k]) break;
      k++;
    }
    if (k === key.length) return true;
  }
  return false;
}

function isWordByte(c: number): boolean {
  return isAsciiAlnum(c) || c === 0x5f || c === 0x2e || c === 0x2d;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Between a code key and its value: quotes (maybe escaped), blanks, ":", "=", "=>", "]", ">". */
function isSeparator(c: number): boolean {
  return c === 0x22 || c === 0x27 || c === 0x5c || c === 0x20 || c === 0x09 || c === 0x3a || c === 0x3d || c === 0x3e || c === 0x5d;
}
