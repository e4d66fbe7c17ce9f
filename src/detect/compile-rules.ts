/**
 * Loads rules/*.json (built-in, then user directories), validates them with messages that name
 * the file and the rule, and compiles them once: regexes built, paths split, triggers derived.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../runtime/package-root.js';
import { checkRuleRegex, compileRuleRegex } from './compile-regex.js';
import { codeAllowed } from './detect-payloads.js';
import { coarsenByCommonPrefix, compileByteScan, deriveTriggers, planStringTriggers } from './trigger-scan.js';
import type {
  Accept,
  CompiledFieldsRule,
  CompiledMessageRule,
  CompiledObjectRule,
  CompiledRules,
  CompiledTextRule,
  FieldName,
  FieldsRuleSpec,
  MessageRuleSpec,
  ObjectRuleSpec,
  Requirement,
  RuleFile,
  RuleSpec,
  TextRuleSpec,
} from './rule-types.js';

export class RuleError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'RuleError';
  }
}

const ACCEPTS: Accept[] = ['any', 'known', 'known_or_parent', 'known_or_fallback'];
const FIELD_NAMES: FieldName[] = ['code', 'message', 'request_id', 'http_status', 'code_desc', 'reason'];
const FIELD_TYPES = ['string', 'integer', 'number', 'object', 'any'];
const NO_FILES: ReadonlySet<string> = new Set();

/** The package's own rules/ directory. */
export function builtinRulesDir(): string {
  return resolve(PACKAGE_ROOT, 'rules');
}

export interface LoadedRuleFile {
  file: string;
  spec: RuleFile;
}

/** Reads every *.json in a directory (sorted); errors name the file. */
export function readRuleDir(dir: string): LoadedRuleFile[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new RuleError([`${dir}: not a directory`]);
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (e) {
    if (e instanceof RuleError) throw e;
    throw new RuleError([`${dir}: cannot read rules directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  return names.map((n) => readRuleFile(join(dir, n)));
}

export function readRuleFile(file: string): LoadedRuleFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new RuleError([`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  try {
    return { file, spec: JSON.parse(text) as RuleFile };
  } catch (e) {
    throw new RuleError([`${file}: not valid JSON: ${(e as Error).message}`]);
  }
}

/**
 * Validates rule files; returns every problem found (empty when all is well). Every regular
 * expression must compile on the linear-time engine (compile-regex.ts); those of files in
 * `trusted` (the package's own rules, compiled by its tests) are compiled when first used, which
 * keeps start-up short.
 */
export function validateRuleFiles(files: LoadedRuleFile[], trusted: ReadonlySet<string> = NO_FILES): string[] {
  const problems: string[] = [];
  for (const { file, spec } of files) {
    const analyse = !trusted.has(file);
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
      problems.push(`${file}: must be a JSON object with "vendor", "version" and "rules"`);
      continue;
    }
    if (typeof spec.vendor !== 'string' || spec.vendor === '') problems.push(`${file}: "vendor" must be a non-empty string`);
    if (typeof spec.version !== 'string' || spec.version === '') problems.push(`${file}: "version" must be a non-empty string`);
    if (!Array.isArray(spec.rules)) {
      problems.push(`${file}: "rules" must be an array`);
      continue;
    }
    if (spec.hints !== undefined) {
      if (spec.hints === null || typeof spec.hints !== 'object') problems.push(`${file}: "hints" must be an object of service → [strings]`);
      else
        for (const [svc, needles] of Object.entries(spec.hints))
          if (!Array.isArray(needles) || needles.some((n) => typeof n !== 'string' || n === ''))
            problems.push(`${file}: hints."${svc}" must be an array of non-empty strings`);
    }
    const ids = new Set<string>();
    spec.rules.forEach((rule, i) => {
      const where = `${file}: rule #${i + 1}${rule && typeof rule.id === 'string' ? ` ("${rule.id}")` : ''}`;
      if (rule === null || typeof rule !== 'object') {
        problems.push(`${where}: must be an object`);
        return;
      }
      if (typeof rule.id !== 'string' || rule.id === '') problems.push(`${where}: "id" must be a non-empty string`);
      else if (ids.has(rule.id)) problems.push(`${where}: duplicate rule id "${rule.id}"`);
      else ids.add(rule.id);
      validateCommon(rule, where, problems, analyse);
      if (rule.shape === 'object') validateObjectRule(rule, where, problems, analyse);
      else if (rule.shape === 'text') validateTextRule(rule, where, problems, analyse);
      else if (rule.shape === 'fields') validateFieldsRule(rule, where, problems, analyse);
      else if (rule.shape === 'message') validateMessageRule(rule, where, problems);
      else problems.push(`${where}: "shape" must be "object", "text", "fields" or "message"`);
    });
  }
  return problems;
}

function validateCommon(rule: RuleSpec, where: string, problems: string[], analyse: boolean): void {
  const lookup = rule.lookup as RuleSpec['lookup'] | undefined;
  if (!lookup || !Array.isArray(lookup.catalogs) || lookup.catalogs.some((c) => typeof c !== 'string'))
    problems.push(`${where}: "lookup.catalogs" must be an array of catalog ids`);
  if (!lookup || !ACCEPTS.includes(lookup.accept)) problems.push(`${where}: "lookup.accept" must be one of ${ACCEPTS.join(', ')}`);
  if (rule.code?.pattern !== undefined) checkPattern(rule.code.pattern, `${where}: code.pattern`, problems, analyse);
  if (rule.code?.exclude_pattern !== undefined) checkPattern(rule.code.exclude_pattern, `${where}: code.exclude_pattern`, problems, analyse);
  if (rule.unless_contains !== undefined && (!Array.isArray(rule.unless_contains) || rule.unless_contains.some((s) => typeof s !== 'string')))
    problems.push(`${where}: "unless_contains" must be an array of strings`);
}

function validateObjectRule(rule: ObjectRuleSpec, where: string, problems: string[], analyse: boolean): void {
  if (!rule.require || typeof rule.require !== 'object' || Object.keys(rule.require).length === 0)
    problems.push(`${where}: "require" must name at least one path`);
  else
    for (const [path, req] of Object.entries(rule.require)) {
      const ok =
        (typeof req === 'string' && FIELD_TYPES.includes(req)) ||
        (typeof req === 'object' && req !== null && ('equals' in req || ('in' in req && Array.isArray(req.in))));
      if (!ok) problems.push(`${where}: require."${path}" must be a type (${FIELD_TYPES.join(', ')}) or {"equals": …} or {"in": […]}`);
    }
  if (!rule.fields || typeof rule.fields !== 'object' || !rule.fields.code) problems.push(`${where}: "fields.code" is required`);
  else
    for (const k of Object.keys(rule.fields))
      if (!FIELD_NAMES.includes(k as FieldName)) problems.push(`${where}: unknown field "${k}" (expected ${FIELD_NAMES.join(', ')})`);
  if (rule.subcode) checkPattern(rule.subcode.pattern, `${where}: subcode.pattern`, problems, analyse);
  if (rule.corroborate_if_keys !== undefined && (!Array.isArray(rule.corroborate_if_keys) || rule.corroborate_if_keys.some((k) => typeof k !== 'string')))
    problems.push(`${where}: "corroborate_if_keys" must be an array of key names`);
  if (rule.corroborate_always !== undefined && typeof rule.corroborate_always !== 'boolean') problems.push(`${where}: "corroborate_always" must be true or false`);
  if (rule.corroborate_if_printed !== undefined && typeof rule.corroborate_if_printed !== 'boolean') problems.push(`${where}: "corroborate_if_printed" must be true or false`);
}

function validateTextRule(rule: TextRuleSpec, where: string, problems: string[], analyse: boolean): void {
  if (typeof rule.trigger !== 'string' || rule.trigger.length < 3) problems.push(`${where}: "trigger" must be a literal of at least 3 characters`);
  if (typeof rule.pattern !== 'string') {
    problems.push(`${where}: "pattern" must be a regular expression string`);
    return;
  }
  checkPattern(rule.pattern, `${where}: pattern`, problems, analyse);
  const hasCode = rule.pattern.includes('(?<code>') || (rule.fields?.code ?? '').includes('(?<code>');
  if (!hasCode) problems.push(`${where}: the pattern (or fields.code) must have a named group (?<code>…)`);
  for (const [k, p] of Object.entries(rule.fields ?? {})) {
    if (!FIELD_NAMES.includes(k as FieldName)) problems.push(`${where}: unknown field "${k}"`);
    else checkPattern(p as string, `${where}: fields.${k}`, problems, analyse);
  }
  if (rule.subcode) checkPattern(rule.subcode.pattern, `${where}: subcode.pattern`, problems, analyse);
}

const FIELDS_KEYS = ['code', 'message', 'request_id', 'http_status'];
const EVIDENCE_KINDS = ['markers', 'keys', 'key_values', 'known_code', 'catalog_message', 'request_id', 'vendor_message'];

function validateFieldsRule(rule: FieldsRuleSpec, where: string, problems: string[], analyse: boolean): void {
  const isStrings = (v: unknown, min = 1) => Array.isArray(v) && v.length >= min && v.every((s) => typeof s === 'string' && s !== '');
  if (!isStrings(rule.triggers) || rule.triggers.some((t) => Buffer.byteLength(t) < 3)) problems.push(`${where}: "triggers" must be an array of literals of at least 3 bytes`);
  if (!rule.keys || typeof rule.keys !== 'object' || !isStrings(rule.keys.code)) problems.push(`${where}: "keys.code" must name at least one key`);
  else
    for (const [k, v] of Object.entries(rule.keys)) {
      if (!FIELDS_KEYS.includes(k)) problems.push(`${where}: unknown key list "keys.${k}" (expected ${FIELDS_KEYS.join(', ')})`);
      else if (!isStrings(v)) problems.push(`${where}: "keys.${k}" must be an array of key names`);
      else if ((v as string[]).some((n) => n !== n.toLowerCase() || /[_$-]/.test(n)))
        problems.push(`${where}: "keys.${k}" names keys normalised: lower case, without "_", "-" or "$"`);
    }
  const pattern = rule.code?.pattern;
  if (typeof pattern !== 'string' || !pattern.startsWith('^') || !pattern.endsWith('$'))
    problems.push(`${where}: "code.pattern" (the vendor's code grammar) is required and must be anchored with ^…$`);
  if (rule.bare !== undefined && typeof rule.bare !== 'boolean') problems.push(`${where}: "bare" must be true or false`);
  const ev = rule.evidence;
  if (ev !== undefined) {
    if (ev === null || typeof ev !== 'object') problems.push(`${where}: "evidence" must be an object`);
    else {
      for (const k of Object.keys(ev)) if (!EVIDENCE_KINDS.includes(k)) problems.push(`${where}: unknown evidence "${k}" (expected ${EVIDENCE_KINDS.join(', ')})`);
      if (ev.markers !== undefined && !isStrings(ev.markers)) problems.push(`${where}: "evidence.markers" must be an array of strings`);
      if (ev.keys !== undefined && !isStrings(ev.keys)) problems.push(`${where}: "evidence.keys" must be an array of key names`);
      if (ev.key_values !== undefined) {
        if (ev.key_values === null || typeof ev.key_values !== 'object' || Array.isArray(ev.key_values)) problems.push(`${where}: "evidence.key_values" must be an object of key name → value pattern`);
        else for (const [k, v] of Object.entries(ev.key_values)) checkPattern(v, `${where}: evidence.key_values.${k}`, problems, analyse);
      }
      if (ev.known_code !== undefined && ev.known_code !== 'any' && ev.known_code !== 'dotted') problems.push(`${where}: "evidence.known_code" must be "any" or "dotted"`);
      if (ev.catalog_message !== undefined && typeof ev.catalog_message !== 'boolean') problems.push(`${where}: "evidence.catalog_message" must be true or false`);
      if (ev.vendor_message !== undefined && typeof ev.vendor_message !== 'boolean') problems.push(`${where}: "evidence.vendor_message" must be true or false`);
      if (ev.request_id !== undefined) checkPattern(ev.request_id, `${where}: evidence.request_id`, problems, analyse);
    }
  }
  if (rule.bare === true && ev === undefined) problems.push(`${where}: a "bare" rule needs "evidence" (a code without a key says little by itself)`);
}

function validateMessageRule(rule: MessageRuleSpec, where: string, problems: string[]): void {
  if (!Array.isArray(rule.triggers) || rule.triggers.length === 0 || rule.triggers.some((t) => typeof t !== 'string' || Buffer.byteLength(t) < 3))
    problems.push(`${where}: "triggers" must be an array of literals of at least 3 bytes`);
  const fromCatalogs = rule.messages_from_catalogs;
  if (fromCatalogs !== undefined && (!Array.isArray(fromCatalogs) || fromCatalogs.length === 0 || fromCatalogs.some((c) => typeof c !== 'string' || c === '')))
    problems.push(`${where}: "messages_from_catalogs" must be a non-empty array of catalog ids`);
  else if (fromCatalogs !== undefined && fromCatalogs.some((c) => !rule.lookup?.catalogs?.includes(c)))
    problems.push(`${where}: every catalog of "messages_from_catalogs" must be one of "lookup.catalogs"`);
  if (rule.messages === undefined && fromCatalogs !== undefined) return;
  if (!Array.isArray(rule.messages) || rule.messages.length === 0)
    problems.push(`${where}: "messages" must be a non-empty array of {"code", "text"} (or give "messages_from_catalogs")`);
  else
    rule.messages.forEach((m, i) => {
      if (m === null || typeof m !== 'object' || typeof m.code !== 'string' || m.code === '' || typeof m.text !== 'string' || m.text.length < 16)
        problems.push(`${where}: messages[${i}] must be {"code": "…", "text": "…"} with a text of at least 16 characters`);
    });
}

/** `analyse`: false for trusted files (the built-in rules, whose patterns the tests compile): checked when first used. */
function checkPattern(pattern: unknown, where: string, problems: string[], analyse: boolean): void {
  if (typeof pattern !== 'string') {
    problems.push(`${where}: must be a string`);
    return;
  }
  if (!analyse) return;
  try {
    checkRuleRegex(pattern);
  } catch (e) {
    problems.push(`${where}: refused: ${(e as Error).message}`);
  }
}

/** Merges built-in and user files: a user rule with the same id replaces the built-in one. */
export function compileRules(files: LoadedRuleFile[], trusted: ReadonlySet<string> = NO_FILES): CompiledRules {
  const problems = validateRuleFiles(files, trusted);
  if (problems.length > 0) throw new RuleError(problems);
  const byId = new Map<string, CompiledRule>();
  const hints = new Map<string, { vendor: string; needles: string[] }>();
  for (const { file, spec } of files) {
    for (const [service, needles] of Object.entries(spec.hints ?? {})) {
      const prev = hints.get(service);
      hints.set(service, { vendor: spec.vendor, needles: [...(prev?.needles ?? []), ...needles] });
    }
    for (const rule of spec.rules) {
      byId.delete(rule.id); // keep file order for overrides: the user's rule goes last
      byId.set(rule.id, compileRule(rule, file, spec.vendor));
    }
  }
  const all = [...byId.values()];
  const objectRules = all.filter((r): r is CompiledObjectRule => r.shape === 'object');
  const textRules = all.filter((r): r is CompiledTextRule => r.shape === 'text');
  const fieldsRules = all.filter((r): r is CompiledFieldsRule => r.shape === 'fields');
  const messageRules = all.filter((r): r is CompiledMessageRule => r.shape === 'message');
  const triggerStrings = deriveTriggers(objectRules, textRules, [...fieldsRules, ...messageRules]);
  const triggers = coarsenByCommonPrefix(triggerStrings).map((t) => Buffer.from(t));
  const stringTriggerPlan = planStringTriggers(triggerStrings);
  const byteScan = compileByteScan(triggers, { objectRules, textRules, fieldsRules, messageRules }, codeAllowed);
  return { objectRules, textRules, fieldsRules, messageRules, hints, triggers, triggerStrings, stringTriggerPlan, byteScan, files: files.map((f) => f.file) };
}

type CompiledRule = CompiledObjectRule | CompiledTextRule | CompiledFieldsRule | CompiledMessageRule;

function compileRule(rule: RuleSpec, file: string, fileVendor: string): CompiledRule {
  const common = {
    id: rule.id,
    file,
    vendor: rule.vendor ?? fileVendor,
    service: rule.service ?? 'unknown',
    catalogs: rule.lookup.catalogs,
    accept: rule.lookup.accept,
    fallbackRequiresHint: rule.lookup.fallback_requires_hint === true,
    codePattern: rule.code?.pattern ? compileRuleRegex(rule.code.pattern) : null,
    codeExclude: new Set(rule.code?.exclude ?? []),
    codeExcludePattern: rule.code?.exclude_pattern ? compileRuleRegex(rule.code.exclude_pattern) : null,
    codeMin: rule.code?.min ?? null,
    codeMax: rule.code?.max ?? null,
    subcode: (rule.shape === 'object' || rule.shape === 'text') && rule.subcode ? { from: rule.subcode.from, pattern: compileRuleRegex(rule.subcode.pattern) } : null,
    unlessContains: rule.unless_contains ?? [],
  };
  if (rule.shape === 'object') {
    const fields: CompiledObjectRule['fields'] = {};
    for (const [k, v] of Object.entries(rule.fields)) {
      const paths = Array.isArray(v) ? v : [v as string];
      fields[k as FieldName] = paths.map((p) => p.split('.'));
    }
    return {
      ...common,
      shape: 'object',
      parentKey: rule.parent_key ?? null,
      require: Object.entries(rule.require).map(([p, req]) => ({ path: p.split('.'), req: req as Requirement })),
      requireAny: (rule.require_any ?? []).map((p) => p.split('.')),
      forbid: (rule.forbid ?? []).map((p) => p.split('.')),
      corroborateIfKeys: rule.corroborate_if_keys ?? [],
      corroborateAlways: rule.corroborate_always === true,
      corroborateIfPrinted: rule.corroborate_if_printed === true,
      fields,
    };
  }
  if (rule.shape === 'message')
    return { ...common, shape: 'message', triggers: rule.triggers, messages: rule.messages ?? [], messagesFromCatalogs: rule.messages_from_catalogs ?? [] };
  if (rule.shape === 'fields') {
    const keys = (list: string[] | undefined) => new Set(list ?? []);
    const ev = rule.evidence;
    const grammar = rule.code!.pattern!.slice(1, -1);
    return {
      ...common,
      shape: 'fields',
      triggers: rule.triggers,
      keys: { code: keys(rule.keys.code), message: keys(rule.keys.message), request_id: keys(rule.keys.request_id), http_status: keys(rule.keys.http_status) },
      // A code on its own: not part of a longer identifier, number or dotted name.
      // Group 1 is the code; what may follow it is checked by the matcher (RE2 has no look-around).
      bare: rule.bare === true ? compileRuleRegex(`(?:^|[^A-Za-z0-9_.-])(${grammar})`) : null,
      evidence: ev
        ? { markers: ev.markers ?? [], keys: ev.keys ?? [], keyValues: Object.entries(ev.key_values ?? {}).map(([key, value]) => ({ key, value: compileRuleRegex(value) })), knownCode: ev.known_code ?? null, catalogMessage: ev.catalog_message === true, requestId: ev.request_id !== undefined ? compileRuleRegex(ev.request_id) : null, vendorMessage: ev.vendor_message === true }
        : null,
    };
  }
  const fields: CompiledTextRule['fields'] = {};
  for (const [k, v] of Object.entries(rule.fields ?? {})) fields[k as FieldName] = compileRuleRegex(v as string);
  return { ...common, shape: 'text', trigger: rule.trigger, pattern: compileRuleRegex(rule.pattern), fields };
}

/** Built-in rules plus user directories, compiled. Throws RuleError naming files and rules. */
export function loadRules(userDirs: string[] = []): CompiledRules {
  const files = readRuleDir(builtinRulesDir());
  const trusted = new Set(files.map((f) => f.file));
  for (const dir of userDirs) files.push(...readRuleDir(dir));
  return compileRules(files, trusted);
}
