/**
 * Detection: finds every vendor error payload in an event, wherever it hides — the whole value,
 * a nested object, a string field holding (once or twice escaped) JSON, JSON embedded in text,
 * or an SDK exception string — and turns each into a Detection with its catalog candidates.
 *
 * Pure: the compiled rules and the catalog lookup come in through DetectContext.
 */
import type { CatalogMessage } from '../catalog/catalog-messages.js';
import type { LookupCandidate, LookupRequest } from '../catalog/types.js';
import { extractEmbeddedJson } from '../framing/extract-embedded-json.js';
import { extractFields, type ExtractedFields } from './extract-fields.js';
import { fieldsOfObject, matchFieldsRules, type FieldsMatchContext } from './match-field-rules.js';
import type { RuleRegex } from './compile-regex.js';
import type { CompiledCommon, CompiledMessageRule, CompiledObjectRule, CompiledRules, CompiledTextRule, FieldName, Requirement } from './rule-types.js';

export interface Detection {
  rule: string;
  vendor: string;
  /** The rule's service; the enricher refines it from the chosen catalog entry and hints. */
  service: string;
  code: string;
  subcode: string | null;
  message: string | null;
  request_id: string | null;
  http_status: number | null;
  code_desc: string | null;
  /** Catalog candidates the rule accepted, best first (never empty). */
  candidates: LookupCandidate[];
}

export interface DetectContext {
  rules: CompiledRules;
  lookup: (req: LookupRequest) => LookupCandidate[];
  /** The whole event's text, for `unless_contains` and hints. */
  eventText: string;
  /** Services whose hint strings occur in the event (computed lazily, shared per event). */
  hintedServices?: Set<string>;
  /** The catalogs' distinctive message texts, for message rules with `messages_from_catalogs`. */
  catalogMessages?: (catalogIds: readonly string[]) => readonly CatalogMessage[];
}

const MAX_DEPTH = 24;
const MAX_ARRAY_ITEMS = 1000;
const MAX_DETECTIONS = 32;
/** Text rules run on a window this big around their trigger (bounds regex work per line). */
const WINDOW_BEFORE = 256;
const WINDOW_AFTER = 4096;
/**
 * A vendor error code is a short identifier; a longer "code" is not one, and is not taken (nor
 * looked up, cached or counted): this bounds the memory every per-code structure holds per code.
 */
export const MAX_CODE_LENGTH = 256;
/** Strings shorter than this cannot hold a payload. */
const MIN_PAYLOAD_LENGTH = 8;

/** Detect in a parsed JSON value (the whole record, or a value taken from it). */
export function detectInValue(value: unknown, ctx: DetectContext): Detection[] {
  const out: Detection[] = [];
  walk(value, null, 0, ctx, out);
  return dedupe(out);
}

/**
 * Detect in free text: embedded JSON first, then the text rules. `searchedAsValue`: the text is
 * one JSON document whose value was already searched and held nothing — its embedded-JSON pass
 * would find that same document again (one level deeper: a subset of the same search), and its
 * pairs were read there, so only JSON escaped inside it and the text rules are left to try.
 */
export function detectInText(text: string, ctx: DetectContext, searchedAsValue = false): Detection[] {
  const out: Detection[] = [];
  scanText(text, 0, ctx, out, searchedAsValue);
  return dedupe(out);
}

/**
 * Nothing found in the event: a vendor's fixed message text in the vendor's context gives its
 * code (fallback "message"). The rule's own texts are matched as written; the catalogs' messages
 * (see catalog-messages.ts) in any case and with or without a final full stop. The first message
 * in the text wins (at one place, the longer), one detection per event.
 */
export function detectByMessage(text: string, ctx: DetectContext): Detection[] {
  const found: { best: { rule: CompiledMessageRule; code: string; at: number; length: number } | null } = { best: null };
  const consider = (rule: CompiledMessageRule, code: string, at: number, length: number) => {
    const b = found.best;
    if (at !== -1 && (b === null || at < b.at || (at === b.at && length > b.length))) found.best = { rule, code, at, length };
  };
  let lower: string | null = null;
  for (const rule of ctx.rules.messageRules) {
    if (!rule.triggers.some((t) => text.includes(t))) continue;
    for (const m of rule.messages) consider(rule, m.code, text.indexOf(m.text), m.text.length);
    if (rule.messagesFromCatalogs.length === 0 || !ctx.catalogMessages) continue;
    lower ??= text.toLowerCase();
    for (const m of ctx.catalogMessages(rule.messagesFromCatalogs)) consider(rule, m.code, lower.indexOf(m.text), m.text.length);
  }
  const best = found.best;
  if (best === null) return [];
  const d = finish(best.rule, best.code, { message: messageAt(text, best.at), request_id: null, http_status: null, code_desc: null }, ctx);
  if (!d) return [];
  d.candidates = d.candidates.map((c) => ({ ...c, fallback: 'message' }));
  return [d];
}

/** The message as the event has it: from the known beginning to the end of its line. */
function messageAt(text: string, at: number): string {
  let end = text.indexOf('\n', at);
  if (end === -1) end = text.length;
  return text.slice(at, Math.min(end, at + 500)).trim();
}

/** Cheap test on a string: could it hold a payload at all? (the same literals as the byte pre-filter) */
export function stringHasTrigger(s: string, rules: CompiledRules): boolean {
  const plan = rules.stringTriggerPlan;
  const anchor = plan.anchor;
  // A literal occurs only where its anchor does: compared there, not searched for in all of s.
  if (plan.withAnchor.length > 0) {
    for (let i = s.indexOf(anchor); i !== -1; i = s.indexOf(anchor, i + 1)) {
      for (const t of plan.withAnchor) {
        const at = i - t.anchorAt;
        if (at >= 0 && s.startsWith(t.literal, at)) return true;
      }
    }
  }
  for (const t of plan.others) if (s.includes(t)) return true;
  return false;
}

/** `listItem`: an element of an array — a result row (a task's ErrorCode in a TaskSet), not a response. */
function walk(value: unknown, parentKey: string | null, depth: number, ctx: DetectContext, out: Detection[], listItem = false): void {
  if (depth > MAX_DEPTH || out.length >= MAX_DETECTIONS || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const n = Math.min(value.length, MAX_ARRAY_ITEMS);
    for (let i = 0; i < n; i++) {
      const v = value[i];
      if (typeof v === 'string') scanString(v, depth + 1, ctx, out);
      else walk(v, parentKey, depth + 1, ctx, out, true);
    }
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const rule of ctx.rules.objectRules) {
    const d = matchObjectRule(rule, obj, parentKey, ctx);
    if (d) {
      out.push(d);
      return; // a payload's own fields are not searched again
    }
  }
  // An object no shape rule knows (a logger's serialised SDK error): its pairs, by the vendors' grammars.
  if (!listItem && mayHoldFieldsCode(obj, ctx.rules) && applyFieldsRules(fieldsOfObject(obj), '', ctx, out)) return;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (typeof v === 'string') scanString(v, depth + 1, ctx, out);
    else if (v !== null && typeof v === 'object') walk(v, key, depth + 1, ctx, out);
  }
}

function scanString(s: string, depth: number, ctx: DetectContext, out: Detection[]): void {
  if (s.length < MIN_PAYLOAD_LENGTH || !stringHasTrigger(s, ctx.rules)) return;
  const first = firstNonBlank(s);
  if (first === 0x7b || first === 0x5b || first === 0x22) {
    // A JSON document serialised into a string, maybe twice ("\"{\\\"code\\\":…}\"").
    let parsed: unknown = tryParse(s);
    if (typeof parsed === 'string') parsed = tryParse(parsed);
    if (parsed !== undefined && typeof parsed === 'object' && parsed !== null) {
      walk(parsed, null, depth + 1, ctx, out);
      return;
    }
  }
  scanText(s, depth, ctx, out);
}

function scanText(text: string, depth: number, ctx: DetectContext, out: Detection[], searchedAsValue = false): void {
  if (depth > MAX_DEPTH) return;
  const before = out.length;
  if (text.includes('{')) {
    if (!searchedAsValue) for (const e of extractEmbeddedJson(text)) walk(e.value, null, depth + 1, ctx, out);
    // JSON escaped inside text that is not itself JSON: `body="{\"code\":5100,…}"`.
    if (out.length === before && text.includes('{\\"')) {
      const unescaped = text.replace(/\\\\/g, '\u0000').replace(/\\"/g, '"').replace(/\u0000/g, '\\');
      for (const e of extractEmbeddedJson(unescaped)) walk(e.value, null, depth + 1, ctx, out);
    }
  }
  const fromJson = new Set(out.slice(before).map((d) => d.code));
  for (const rule of ctx.rules.textRules) {
    if (out.length >= MAX_DETECTIONS) return;
    const at = text.indexOf(rule.trigger);
    if (at === -1) continue;
    const d = matchTextRule(rule, text, at, ctx);
    if (d && !fromJson.has(d.code)) out.push(d);
  }
  if (out.length > before || searchedAsValue || !pairsWorthReading(text, ctx.rules)) return;
  // No JSON and no SDK string: the pairs however they were printed (JS/Python/Go/Java prints,
  // logfmt, XML, prose), read by the object rules and then by the vendors' grammars.
  const ex = extractFields(text);
  for (const obj of groupObjects(ex)) {
    for (const rule of ctx.rules.objectRules) {
      const d = matchObjectRule(rule, obj, null, ctx, true);
      if (d) {
        out.push(d);
        break;
      }
    }
  }
  if (out.length === before) applyFieldsRules(ex, text, ctx, out);
}

/**
 * Cheap first look at a text: a code key followed by a value that could be a vendor code (every
 * grammar's codes begin with a capital letter, the numeric ones have 4+ digits; `ErrorCode[…]` too,
 * the OBS Hadoop connector's bracket pairs), or a code-alone rule's literal. `{"code":0}`,
 * `code=200` and `"code":"ok"` are not worth reading as pairs.
 */
const CODE_PAIR_AFTER_ODE = /ode(?:\\{0,7}["'\]])? ?(?:=>|:|=|>|\[)[ \t]{0,4}(?:\\{0,7}["'])?(?:[A-Z]|-?\d{4})/y;

function pairsWorthReading(text: string, rules: CompiledRules): boolean {
  // indexOf finds the few "ode"s fast; the pattern is tried only there.
  for (let i = text.indexOf('ode'); i !== -1; i = text.indexOf('ode', i + 3)) {
    const before = text.charCodeAt(i - 1);
    if (before !== 0x43 && before !== 0x63 && !(i >= 6 && /\\u00[46]3$/.test(text.slice(i - 6, i)))) continue;
    CODE_PAIR_AFTER_ODE.lastIndex = i;
    if (CODE_PAIR_AFTER_ODE.test(text)) return true;
  }
  for (const r of rules.fieldsRules) if (r.bare !== null && r.triggers.some((t) => text.includes(t))) return true;
  return false;
}

/** Cheap first look: a key ending in "code"/"Code" whose value fits some fields rule's grammar. */
function mayHoldFieldsCode(obj: Record<string, unknown>, rules: CompiledRules): boolean {
  if (rules.fieldsRules.length === 0) return false;
  // for…in, not Object.keys(): no array per object on the slow path's hottest loop.
  for (const key in obj) {
    if (!key.endsWith('ode') || !Object.prototype.hasOwnProperty.call(obj, key)) continue;
    const v = obj[key];
    // Every fields grammar begins with a capital letter: `"code":200` and `"code":"ok"` end here.
    if (typeof v !== 'string' || v.length < 3) continue;
    const c = v.charCodeAt(0);
    if (c >= 0x41 && c <= 0x5a && rules.fieldsRules.some((r) => r.codePattern === null || r.codePattern.test(v))) return true;
  }
  return false;
}


function applyFieldsRules(ex: ExtractedFields, text: string, ctx: DetectContext, out: Detection[]): boolean {
  const mctx: FieldsMatchContext = {
    eventText: ctx.eventText,
    messageRules: ctx.rules.messageRules,
    lookup: (code, rule) => ctx.lookup({ code, subcode: null, catalogs: rule.catalogs }),
  };
  let found = false;
  for (const hit of matchFieldsRules(ex, text, ctx.rules.fieldsRules, mctx)) {
    if (out.length >= MAX_DETECTIONS) break;
    const d = finish(hit.rule, hit.code, hit.fields, ctx);
    if (d) {
      out.push(d);
      found = true;
    }
  }
  return found;
}

/**
 * Each {…} group's pairs as an object (bare integers as numbers), so the object rules read a
 * Python dict or a Node util.inspect print as they read JSON. Groups with fewer than two pairs
 * cannot hold a payload.
 */
function groupObjects(ex: ExtractedFields): Record<string, unknown>[] {
  const byGroup = new Map<number, Record<string, unknown>>();
  for (const f of ex.fields) {
    let obj = byGroup.get(f.group);
    if (!obj) byGroup.set(f.group, (obj = Object.create(null) as Record<string, unknown>));
    if (f.key in obj) continue;
    obj[f.key] = !f.quoted && /^-?\d{1,15}$/.test(f.value) ? Number(f.value) : f.value;
  }
  return [...byGroup.values()].filter((o) => Object.keys(o).length >= 2);
}

/** `printed`: the object was read from a program's print of it (util.inspect, a Python dict …), not from JSON. */
function matchObjectRule(rule: CompiledObjectRule, obj: Record<string, unknown>, parentKey: string | null, ctx: DetectContext, printed = false): Detection | null {
  if (rule.parentKey !== null && rule.parentKey !== parentKey) return null;
  for (const { path, req } of rule.require) if (!meets(get(obj, path), req)) return null;
  if (rule.requireAny.length > 0 && !rule.requireAny.some((p) => get(obj, p) !== undefined)) return null;
  for (const p of rule.forbid) if (get(obj, p) !== undefined) return null;
  const rawCode = pick(obj, rule.fields.code);
  if (rawCode === undefined || rawCode === null || typeof rawCode === 'object' || typeof rawCode === 'boolean') return null;
  const fields: Partial<Record<FieldName, string | null>> = {};
  for (const name of ['message', 'request_id', 'http_status', 'code_desc'] as const) {
    const v = pick(obj, rule.fields[name]);
    fields[name] = v === undefined || v === null ? null : typeof v === 'object' ? stringifyFieldValue(v) : String(v);
  }
  const d = finish(rule, String(rawCode), fields, ctx);
  const needsCorroboration =
    rule.corroborateAlways || (printed && rule.corroborateIfPrinted) || rule.corroborateIfKeys.some((k) => Object.prototype.hasOwnProperty.call(obj, k));
  if (d && needsCorroboration && !corroborated(d, rule, ctx)) return null;
  return d;
}

/** A subcode, a code description, a hint for the rule's vendor in the event, or the catalog's own message. */
function corroborated(d: Detection, rule: CompiledObjectRule, ctx: DetectContext): boolean {
  if (d.subcode !== null || d.code_desc !== null) return true;
  for (const service of hintedServices(ctx)) if (ctx.rules.hints.get(service)?.vendor === rule.vendor) return true;
  if (rule.corroborateAlways && d.message !== null) {
    const said = sameMessage(d.message);
    return d.candidates.some((c) => c.known && c.entry?.message !== undefined && sameMessage(c.entry.message) === said);
  }
  return false;
}

/** Messages compared as people retype them: case, surrounding blanks and a final full stop aside. */
function sameMessage(s: string): string {
  return s.trim().replace(/[.。!]+$/, '').toLowerCase();
}

function matchTextRule(rule: CompiledTextRule, text: string, at: number, ctx: DetectContext): Detection | null {
  const windowStart = Math.max(0, at - WINDOW_BEFORE);
  const window = text.slice(windowStart, at + WINDOW_AFTER);
  const m = rule.pattern.exec(window);
  if (!m) return null;
  const groups: Record<string, string | undefined> = { ...(m.groups ?? {}) };
  const after = window.slice(m.index);
  for (const [name, re] of Object.entries(rule.fields)) {
    if (groups[name] !== undefined) continue;
    // After the match first (the SDK's own fields), else anywhere in the window: logfmt puts
    // msg= before code=.
    const fm = re.exec(after) ?? re.exec(window);
    if (fm?.groups) groups[name] = firstGroup(fm.groups, name);
  }
  const code = groups.code;
  if (code === undefined || code === '') return null;
  const fields: Partial<Record<FieldName, string | null>> = {
    message: groups.message?.trim() ?? null,
    request_id: groups.request_id || null,
    http_status: groups.http_status ?? null,
    code_desc: null,
  };
  return finish(rule, code, fields, ctx);
}

/** Code constraints, subcode, catalog lookup and the rule's acceptance level. */
function finish(rule: CompiledCommon, code: string, fields: Partial<Record<FieldName, string | null>>, ctx: DetectContext): Detection | null {
  if (code.length > MAX_CODE_LENGTH || !codeAllowed(rule, code)) return null;
  for (const s of rule.unlessContains) if (ctx.eventText.includes(s)) return null;
  let subcode: string | null = null;
  if (rule.subcode) {
    const src = fields[rule.subcode.from];
    const m = src ? rule.subcode.pattern.exec(src) : null;
    if (m) subcode = m[1] !== undefined && m[1].length <= MAX_CODE_LENGTH ? m[1] : null;
  }
  const status = fields.http_status !== null && fields.http_status !== undefined ? Number.parseInt(fields.http_status, 10) : NaN;
  const httpStatus = Number.isInteger(status) && status >= 100 && status <= 599 ? status : null;
  // The payload's own HTTP status goes with the lookup: it picks the documented reading of a code
  // with several statuses, gives the category of a code outside the catalogs, and lets the
  // enrichment say when the catalog's status disagrees.
  const all = ctx.lookup({ code, subcode, catalogs: rule.catalogs, ...(httpStatus !== null ? { http_status: httpStatus } : {}) });
  const candidates = all.filter((c) => accepts(rule, c, ctx)).map((c) => ownedByRule(rule, c));
  if (candidates.length === 0) return null;
  return {
    rule: rule.id,
    vendor: rule.vendor === 'any' ? candidates[0]!.vendor : rule.vendor,
    service: rule.service,
    code,
    subcode,
    message: fields.message ?? null,
    request_id: fields.request_id ?? null,
    http_status: httpStatus,
    code_desc: fields.code_desc ?? null,
    candidates,
  };
}

/**
 * A code no catalog holds belongs to the vendor whose rule found it: the lookup's guess of a family
 * from the code's shape ("NoSuchKey" looks like a Tencent 3.0 name) must not relabel an OBS error.
 */
function ownedByRule(rule: CompiledCommon, c: LookupCandidate): LookupCandidate {
  if (rule.vendor === 'any' || c.entry !== null) return c;
  if (c.vendor === rule.vendor && (rule.service === 'unknown' || c.service === rule.service)) return c;
  return { ...c, vendor: rule.vendor, service: rule.service === 'unknown' ? c.service : rule.service };
}

function accepts(rule: CompiledCommon, c: LookupCandidate, ctx: DetectContext): boolean {
  switch (rule.accept) {
    case 'any':
      return true;
    case 'known':
      return c.known;
    case 'known_or_parent':
      return c.known || c.fallback === 'parent' || isPrefixGuess(c);
    case 'known_or_fallback':
      if (c.known || c.fallback === 'parent' || isPrefixGuess(c)) return true;
      if (c.fallback !== 'http_status') return false;
      return !rule.fallbackRequiresHint || hintedServices(ctx).size > 0;
  }
}

/**
 * An unknown code whose namespace the catalogs' vendor documents define
 * ("OperationDenied.ClusterInDeletionProtection": Tencent's OperationDenied → permission) is as
 * good as a parent match: the lookup guessed its category from that prefix, not from nothing.
 */
function isPrefixGuess(c: LookupCandidate): boolean {
  return c.fallback === 'guess' && c.category !== 'unknown' && c.vendor !== 'unknown';
}

/**
 * A rule's code constraints (the byte pre-filter relies on every detection passing them).
 * `matches`: how a pattern is tested (the pre-filter's short numbers use a faster twin).
 */
export function codeAllowed(rule: CompiledCommon, code: string, matches: (re: RuleRegex, text: string) => boolean = testRuleRegex): boolean {
  if (rule.codeExclude.has(code)) return false;
  if (rule.codePattern && !matches(rule.codePattern, code)) return false;
  if (rule.codeExcludePattern && matches(rule.codeExcludePattern, code)) return false;
  if (rule.codeMin !== null || rule.codeMax !== null) {
    const n = Number(code);
    if (!Number.isFinite(n)) return false;
    if (rule.codeMin !== null && n < rule.codeMin) return false;
    if (rule.codeMax !== null && n > rule.codeMax) return false;
  }
  return true;
}

function testRuleRegex(re: RuleRegex, text: string): boolean {
  return re.test(text);
}

/** Services named by hint strings present in the event. */
export function hintedServices(ctx: DetectContext): Set<string> {
  if (!ctx.hintedServices) {
    const found = new Set<string>();
    for (const [service, { needles }] of ctx.rules.hints) {
      if (needles.some((n) => ctx.eventText.includes(n))) found.add(service);
    }
    ctx.hintedServices = found;
  }
  return ctx.hintedServices;
}

function meets(v: unknown, req: Requirement): boolean {
  if (typeof req === 'string') {
    switch (req) {
      case 'string':
        return typeof v === 'string';
      case 'integer':
        return typeof v === 'number' && Number.isInteger(v);
      case 'number':
        return typeof v === 'number';
      case 'object':
        return v !== null && typeof v === 'object' && !Array.isArray(v);
      case 'any':
        return v !== undefined;
    }
  }
  if ('equals' in req) return v === req.equals;
  return (req.in as unknown[]).includes(v);
}

function get(obj: unknown, path: string[]): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, k)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function pick(obj: unknown, paths: string[][] | undefined): unknown {
  if (!paths) return undefined;
  for (const p of paths) {
    const v = get(obj, p);
    if (v !== undefined) return v;
  }
  return undefined;
}

function firstGroup(groups: Record<string, string | undefined>, name: string): string | undefined {
  for (const [k, v] of Object.entries(groups)) if (k.startsWith(name) && v !== undefined) return v;
  return undefined;
}

/**
 * An object-valued field (a message that is itself JSON) as text. JSON.parse accepts nesting deeper
 * than JSON.stringify's recursion can go back down: such a value has no usable text (null), and
 * the payload is still detected.
 */
function stringifyFieldValue(v: object): string | null {
  try {
    return JSON.stringify(v);
  } catch {
    return null;
  }
}

function tryParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function firstNonBlank(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c;
  }
  return -1;
}

/** The same error seen twice in one event (e.g. an SDK string and its JSON body) counts once. */
function dedupe(ds: Detection[]): Detection[] {
  if (ds.length < 2) return ds;
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.vendor}|${d.code}|${d.subcode ?? ''}|${d.request_id ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
