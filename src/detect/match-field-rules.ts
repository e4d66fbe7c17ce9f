/**
 * The `fields` rules: a vendor's code grammar, keys and evidence applied to key/value pairs,
 * whatever syntax they were printed in (extract-fields.ts reads text; parsed JSON objects give
 * their own scalar properties). A code counts when its key is a code key of the rule, its value
 * fits the vendor's grammar, and — for grammars other clouds share — the event carries evidence.
 */
import type { LookupCandidate } from '../catalog/types.js';
import type { ExtractedField, ExtractedFields } from './extract-fields.js';
import { normalizeKey } from './extract-fields.js';
import type { CompiledCommon, CompiledFieldsRule, CompiledMessageRule, FieldName } from './rule-types.js';

export interface FieldsMatchContext {
  eventText: string;
  /** The vendors' fixed message texts (rules of shape "message"). */
  messageRules: readonly CompiledMessageRule[];
  /** The rule's catalog candidates for a code (the same lookup the other rules use). */
  lookup: (code: string, rule: CompiledFieldsRule) => LookupCandidate[];
}

/** A code and its neighbours, ready for the common finish (constraints, lookup, acceptance). */
export interface FieldsHit {
  rule: CompiledFieldsRule;
  code: string;
  fields: Partial<Record<FieldName, string | null>>;
}

/**
 * What the byte triggers promise (rules/*.json list them): a bare code key ends in "code"/"Code"
 * and is followed by its separator (`code:`, `ErrorCode=`); a quoted one is one of these
 * spellings right after its quote (`"errorCode`, `'error_code`).
 */
const CODE_KEY_END = /[Cc]ode$/;
const QUOTED_CODE_KEYS = new Set(['code', 'Code', 'errorCode', 'ErrorCode', 'error_code', 'errCode', 'ErrCode', 'err_code']);

function isCodeKey(f: ExtractedField): boolean {
  return f.quotedKey ? QUOTED_CODE_KEYS.has(f.key) : CODE_KEY_END.test(f.key);
}

export function matchFieldsRules(ex: ExtractedFields, text: string, rules: readonly CompiledFieldsRule[], ctx: FieldsMatchContext): FieldsHit[] {
  const hits: FieldsHit[] = [];
  for (const rule of rules) {
    const before = hits.length;
    for (const f of ex.fields) {
      if (!rule.keys.code.has(f.norm) || !isCodeKey(f)) continue;
      const code = f.value.trim();
      if (!fitsGrammar(rule, code)) continue;
      const fields = neighbours(ex, f.group, rule);
      if (!hasEvidence(rule, code, fields, ex, f.group, text, ctx)) continue;
      hits.push({ rule, code, fields });
    }
    // A code without a key is looked for only when one of the rule's literals is in the event:
    // the byte pre-filter holds back every line without them.
    if (hits.length === before && rule.bare !== null && rule.triggers.some((t) => ctx.eventText.includes(t))) {
      for (const m of rule.bare.findAll(text, MAX_BARE_CANDIDATES)) {
        if (hits.length >= before + 8) break;
        const code = m.text;
        // Not part of a longer identifier, number or dotted name.
        if (!standsAlone(text, m.index + code.length)) continue;
        // A string that is nothing but the code is some key's value: that key decides, not prose rules.
        if (code.length === text.trim().length) break;
        const fields = neighbours(ex, 0, rule);
        // `Service error: AuthFailure.X:<message>`: the text after the code is its message.
        if (!fields.message) fields.message = textAfter(text, m.index + code.length);
        if (!hasEvidence(rule, code, fields, ex, 0, text, ctx)) continue;
        hits.push({ rule, code, fields });
      }
    }
  }
  return hits;
}

/** A parsed object's own scalar properties as pairs (one group): a logger's serialised error object. */
export function fieldsOfObject(obj: Record<string, unknown>): ExtractedFields {
  const fields: ExtractedField[] = [];
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (typeof v === 'string' || typeof v === 'number')
      fields.push({ key, norm: normalizeKey(key), value: String(v), quoted: typeof v === 'string', quotedKey: true, group: 0, at: 0 });
  }
  return { fields, parents: [-1] };
}

function fitsGrammar(rule: CompiledCommon, code: string): boolean {
  return code !== '' && code.length <= 80 && (rule.codePattern === null || rule.codePattern.test(code));
}

/** The first pair of each kind in the code's group, else in the groups around it. */
function neighbours(ex: ExtractedFields, group: number, rule: CompiledFieldsRule): Partial<Record<FieldName, string | null>> {
  const out: Partial<Record<FieldName, string | null>> = { message: null, request_id: null, http_status: null, code_desc: null };
  const wanted: [FieldName, Set<string>][] = [
    ['message', rule.keys.message],
    ['request_id', rule.keys.request_id],
    ['http_status', rule.keys.http_status],
  ];
  for (const [name, keys] of wanted) {
    if (keys.size === 0) continue;
    for (let g = group; g !== -1 && out[name] === null; g = ex.parents[g] ?? -1) {
      const f = ex.fields.find((x) => x.group === g && keys.has(x.norm));
      if (f) out[name] = f.value;
    }
  }
  return out;
}

function hasEvidence(
  rule: CompiledFieldsRule,
  code: string,
  fields: Partial<Record<FieldName, string | null>>,
  ex: ExtractedFields,
  group: number,
  text: string,
  ctx: FieldsMatchContext,
): boolean {
  const ev = rule.evidence;
  if (ev === null) return true;
  // The text read (decoded) and the whole event (as written: a marker with quotes may be escaped there).
  if (ev.markers.some((m) => text.includes(m) || ctx.eventText.includes(m))) return true;
  if (ev.keys.length > 0 && ex.fields.some((f) => f.group === group && ev.keys.includes(f.norm) && f.value !== '')) return true;
  for (const { key, value } of ev.keyValues) if (ex.fields.some((f) => f.group === group && f.norm === key && value.test(f.value.trim()))) return true;
  if (ev.knownCode !== null && (ev.knownCode === 'any' || code.includes('.'))) {
    if (ctx.lookup(code, rule).some((c) => c.known && c.fallback === 'exact')) return true;
  }
  if (ev.vendorMessage && fields.message) {
    const said = fields.message;
    for (const mr of ctx.messageRules)
      if (mr.vendor === rule.vendor && mr.messages.some((m) => m.code === code && said.includes(m.text))) return true;
  }
  if (ev.requestId !== null && fields.request_id && ev.requestId.test(fields.request_id)) return true;
  if (ev.catalogMessage && fields.message) {
    const said = comparable(fields.message);
    if (said !== '' && ctx.lookup(code, rule).some((c) => c.known && c.entry?.message !== undefined && comparable(c.entry.message) === said)) return true;
  }
  return false;
}

function comparable(s: string): string {
  return s.trim().replace(/[.。!]+$/, '').toLowerCase();
}

function textAfter(text: string, i: number): string | null {
  let j = i;
  while (j < text.length && (text[j] === ':' || text[j] === ']' || text[j] === ' ' || text[j] === ',')) j++;
  let end = text.indexOf('\n', j);
  if (end === -1) end = text.length;
  const s = text.slice(j, Math.min(end, j + 500)).trim();
  return s === '' ? null : s;
}

/** Codes without a key looked at per event and rule (each is a cheap evidence check). */
const MAX_BARE_CANDIDATES = 64;

/** What follows a code written without a key: not a name character, nor a dot that continues a dotted name. */
function standsAlone(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  if (Number.isNaN(c)) return true;
  if (isNameChar(c) || c === 0x2d /* - */) return false;
  return !(c === 0x2e /* . */ && isAlnum(text.charCodeAt(end + 1)));
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isNameChar(c: number): boolean {
  return isAlnum(c) || c === 0x5f /* _ */;
}
