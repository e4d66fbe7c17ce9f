/**
 * Key/value pairs out of any printed form of an error, without knowing which form it is: JSON
 * (also escaped inside a string), JS object literals and Node's util.inspect (unquoted keys,
 * single quotes), Python dicts and reprs, Go %v/%+v/%#v struct prints, Java toString, logfmt,
 * XML bodies (<Code>…</Code>) and `Key: value` / `Key=value` prose. The vendor rules then read the
 * pairs by key (see match-field-rules.ts), so a new wrapper around a known payload needs no rule.
 *
 * Pure and bounded: one left-to-right pass with linear-time patterns, at most MAX_FIELDS pairs.
 */

export interface ExtractedField {
  /** The key as written ("ErrorCode", "error_code", "Code"). */
  key: string;
  /** Lower case, without "_", "-", "$" and any dotted prefix ("err.ErrorCode" → "errorcode"). */
  norm: string;
  value: string;
  /** Written in quotes (a string), or bare (a number, an identifier, prose up to the next key). */
  quoted: boolean;
  /** The key was written in quotes ("code", 'code', \"code\"). */
  quotedKey: boolean;
  /** Index of the innermost {…} or (…) group holding the key; 0 is the whole text. */
  group: number;
  /** Where the key starts in the text. */
  at: number;
}

export interface ExtractedFields {
  fields: ExtractedField[];
  /** parents[g]: the group enclosing group g (parents[0] = -1). */
  parents: number[];
}

const MAX_FIELDS = 400;
const MAX_VALUE = 2000;
/**
 * A key — in quotes (also escaped: \"code\"), or bare (PHP's `[Code] =>` too) — then ":", "=" or
 * "=>", at most one space before it (`code = Unavailable`). So a quoted code key is always preceded
 * by a quote and a bare one followed by one of a few bytes: the rules' byte triggers list both.
 */
const KEY_RE = /(?<![A-Za-z0-9_$.-])(?:\\{0,7}["']([A-Za-z_$][A-Za-z0-9_$.-]{0,63})\\{0,7}["']|([A-Za-z_$][A-Za-z0-9_$.-]{0,63})\]?) ?(?:=>|:|=)(?![/=])[ \t]{0,4}/g;
/** The key of the next pair in prose, which ends a bare message value. */
const NEXT_KEY_RE = /(?:,[ \t]*|[ \t]+)\\{0,7}["']?[A-Za-z_][A-Za-z0-9_]{0,40}\\{0,7}["']?[ \t]?(?::|=)/g;
const XML_RE = /<([A-Za-z][A-Za-z0-9_]{0,40})>([^<]{0,2000})<\/\1>/g;
/**
 * A comma-joined run of two or more `Key[value]` pairs, as the OBS Hadoop connector prints its
 * errors (`ResponseCode[403],ErrorCode[AccessDenied],ErrorMessage[…],RequestId[…]`). One pair alone
 * is an index expression (`errorCode[i]`), not a pair.
 */
const BRACKET_RUN_RE = /(?<![A-Za-z0-9_$.])[A-Za-z_][A-Za-z0-9_]{0,40}\[[^[\]\n]{0,2000}\](?:,[A-Za-z_][A-Za-z0-9_]{0,40}\[[^[\]\n]{0,2000}\])+/g;
const BRACKET_PAIR_RE = /([A-Za-z_][A-Za-z0-9_]{0,40})\[([^[\]\n]{0,2000})\]/g;
const BARE_TOKEN_RE = /-?[A-Za-z0-9_.-]+/y;
const UNICODE_KEY_ESCAPE_RE = /\\u00(?:43|63)(?=ode)/g;
/**
 * The word before a bare `ID`/`id` key, when that word starts the pair: the AWS SDKs (which reach
 * COS and OBS too) print `Request ID: …` and `request id: …, host id: …`. A word inside a longer
 * name (`S3 Extended Request ID`) does not start the pair, so that key stays `id`.
 */
const ID_KEY_WORD_RE = /(?:^|[;,({[\n\t]|[;,({[] )([A-Za-z]{2,20}) $/;

/** Message-like keys take a bare value up to the next key (prose: `message:Y requestId:Z`). */
function isProseKey(norm: string): boolean {
  return norm.includes('message') || norm.includes('msg') || norm === 'desc' || norm === 'description' || norm === 'detail';
}

const PLAIN_LOWER_KEY = /^[a-z0-9]+$/;

export function normalizeKey(key: string): string {
  if (PLAIN_LOWER_KEY.test(key)) return key;
  const dot = key.lastIndexOf('.');
  const last = dot >= 0 && dot < key.length - 1 ? key.slice(dot + 1) : key;
  return last.replace(/[_$-]/g, '').toLowerCase();
}

export function extractFields(input: string): ExtractedFields {
  // A key written as "\u0043ode" (an escaping JSON writer) reads as "Code".
  const text = input.includes('\\u00') ? input.replace(UNICODE_KEY_ESCAPE_RE, (m) => (m.endsWith('43') ? 'C' : 'c')) : input;
  const { groupAt, parents } = mapGroups(text);
  const fields: ExtractedField[] = [];
  KEY_RE.lastIndex = 0;
  for (let m = KEY_RE.exec(text); m !== null && fields.length < MAX_FIELDS; m = KEY_RE.exec(text)) {
    const quotedKey = m[1] !== undefined;
    let key = quotedKey ? m[1]! : m[2]!;
    let at = m.index;
    if (!quotedKey && (key === 'ID' || key === 'id' || key === 'Id')) {
      const word = ID_KEY_WORD_RE.exec(text.slice(Math.max(0, at - 24), at));
      if (word !== null) {
        key = `${word[1]!} ${key}`;
        at -= key.length - 2;
      }
    }
    const norm = normalizeKey(key.replace(' ', ''));
    const start = KEY_RE.lastIndex;
    const v = readValue(text, start, isProseKey(norm));
    if (v === null) continue;
    fields.push({ key, norm, value: v.value, quoted: v.quoted, quotedKey, group: groupAt(at), at });
    // Continue after a quoted value (its text is not keys), else right after the separator:
    // a bare value may itself be followed by more pairs (`Code=X, Message=Y`).
    if (v.quoted) KEY_RE.lastIndex = Math.max(start, v.end);
  }
  if (text.includes('</')) {
    XML_RE.lastIndex = 0;
    for (let m = XML_RE.exec(text); m !== null && fields.length < MAX_FIELDS; m = XML_RE.exec(text)) {
      const key = m[1]!;
      fields.push({ key, norm: normalizeKey(key), value: decodeXml(m[2]!.trim()), quoted: true, quotedKey: false, group: 0, at: m.index });
    }
  }
  if (text.includes('Code[')) {
    BRACKET_RUN_RE.lastIndex = 0;
    for (let m = BRACKET_RUN_RE.exec(text); m !== null && fields.length < MAX_FIELDS; m = BRACKET_RUN_RE.exec(text)) {
      BRACKET_PAIR_RE.lastIndex = 0;
      for (let p = BRACKET_PAIR_RE.exec(m[0]); p !== null && fields.length < MAX_FIELDS; p = BRACKET_PAIR_RE.exec(m[0])) {
        const at = m.index + p.index;
        fields.push({ key: p[1]!, norm: normalizeKey(p[1]!), value: p[2]!.trim(), quoted: true, quotedKey: false, group: groupAt(at), at });
      }
    }
  }
  return { fields, parents };
}

interface Value {
  value: string;
  quoted: boolean;
  end: number;
}

function readValue(text: string, i: number, prose: boolean): Value | null {
  let j = i;
  while (text.charCodeAt(j) === 0x5c) j++; // escaped quotes: \" \\\"
  const q = text[j];
  if (q === '"' || q === "'") {
    const closing = text.slice(i, j + 1);
    if (j > i) {
      // \"…\": ends at the same escaped quote.
      const end = text.indexOf(closing, j + 1);
      if (end === -1) return null;
      return { value: unescape(text.slice(j + 1, Math.min(end, j + 1 + MAX_VALUE))), quoted: true, end: end + closing.length };
    }
    for (let k = j + 1; k < text.length && k < j + 1 + MAX_VALUE; k++) {
      const c = text[k];
      if (c === '\\') k++;
      else if (c === q) return { value: q === '"' ? unescape(text.slice(j + 1, k)) : text.slice(j + 1, k), quoted: true, end: k + 1 };
      else if (c === '\n') break;
    }
    return null;
  }
  if (prose) {
    let end = text.indexOf('\n', i);
    if (end === -1 || end > i + MAX_VALUE) end = Math.min(text.length, i + MAX_VALUE);
    NEXT_KEY_RE.lastIndex = i;
    const next = NEXT_KEY_RE.exec(text);
    if (next !== null && next.index < end) end = next.index;
    const brace = text.indexOf('}', i);
    if (brace !== -1 && brace < end) end = brace;
    const value = text.slice(i, end).trim();
    return value === '' ? null : { value, quoted: false, end };
  }
  BARE_TOKEN_RE.lastIndex = i;
  const m = BARE_TOKEN_RE.exec(text);
  if (m === null) return null;
  return { value: m[0], quoted: false, end: i + m[0].length };
}

function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, c: string) => {
    if (c.length === 5) return String.fromCharCode(Number.parseInt(c.slice(1), 16));
    return c === 'n' ? '\n' : c === 't' ? '\t' : c;
  });
}

function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos);/g, (_m, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] ?? e);
}

/**
 * Which {…}/(…) group each position is in. Quotes are not tracked: a brace inside a message only
 * makes grouping coarser, and escaped JSON inside a string is meant to open its own group.
 */
function mapGroups(text: string): { groupAt: (pos: number) => number; parents: number[] } {
  const opens: number[] = []; // position where each group starts
  const ends: number[] = [];
  const parents: number[] = [-1];
  opens.push(0);
  ends.push(text.length);
  const stack: { group: number; closer: string }[] = [{ group: 0, closer: '' }];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '(') {
      const g = opens.length;
      opens.push(i);
      ends.push(text.length);
      parents.push(stack[stack.length - 1]!.group);
      stack.push({ group: g, closer: c === '{' ? '}' : ')' });
    } else if ((c === '}' || c === ')') && stack.length > 1) {
      // Pop to the matching opener; a stray closer is ignored.
      for (let s = stack.length - 1; s >= 1; s--) {
        if (stack[s]!.closer === c) {
          while (stack.length > s) ends[stack.pop()!.group] = i;
          break;
        }
      }
    }
  }
  return {
    parents,
    groupAt: (pos) => {
      // The innermost group containing pos: the latest-opened one that spans it.
      let best = 0;
      for (let g = opens.length - 1; g >= 1; g--) {
        if (opens[g]! < pos && ends[g]! >= pos) {
          best = g;
          break;
        }
      }
      return best;
    },
  };
}
