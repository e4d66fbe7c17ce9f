/** Declarative rule files (rules/*.json) and their compiled form. See docs/rules.md. */
import type { RuleRegex } from './compile-regex.js';

export type FieldType = 'string' | 'integer' | 'number' | 'object' | 'any';
export type Requirement = FieldType | { equals: string | number | boolean } | { in: (string | number)[] };

/** How far a lookup may fall back and still count as a detection (see LookupFallback). */
export type Accept = 'any' | 'known' | 'known_or_parent' | 'known_or_fallback';

export interface CodeConstraint {
  pattern?: string;
  exclude?: string[];
  exclude_pattern?: string;
  min?: number;
  max?: number;
}

export interface RuleSpecBase {
  id: string;
  description?: string;
  code?: CodeConstraint;
  lookup: { catalogs: string[]; accept: Accept; fallback_requires_hint?: boolean };
  service?: string;
  vendor?: string;
  /** The event must not contain any of these strings (another cloud's error that looks similar). */
  unless_contains?: string[];
}

export interface ObjectRuleSpec extends RuleSpecBase {
  shape: 'object';
  /** The object must be the value of this key in its parent (e.g. "Response"). */
  parent_key?: string;
  require: Record<string, Requirement>;
  require_any?: string[];
  forbid?: string[];
  /**
   * When the object also has one of these keys (an application's own log record: "level",
   * "severity" …), its code alone is not evidence enough: a match then needs corroboration — a
   * subcode, a code_desc, or a hint for the rule's vendor in the event.
   */
  corroborate_if_keys?: string[];
  fields: Partial<Record<FieldName, string | string[]>>;
  subcode?: { from: FieldName; pattern: string };
}

export interface TextRuleSpec extends RuleSpecBase {
  shape: 'text';
  /** A literal that must be present before the (more expensive) pattern runs. */
  trigger: string;
  /** Named groups: code, message, request_id, http_status. */
  pattern: string;
  /** Extra per-field patterns, searched after the match, else anywhere in the window; the field's named group gives the value. */
  fields?: Partial<Record<FieldName, string>>;
  subcode?: { from: FieldName; pattern: string };
}

export type RuleSpec = ObjectRuleSpec | TextRuleSpec;

export type FieldName = 'code' | 'message' | 'request_id' | 'http_status' | 'code_desc' | 'reason';

export interface RuleFile {
  vendor: string;
  version: string;
  description?: string;
  hints?: Record<string, string[]>;
  rules: RuleSpec[];
}

export interface CompiledCommon {
  id: string;
  file: string;
  vendor: string;
  service: string;
  catalogs: string[];
  accept: Accept;
  fallbackRequiresHint: boolean;
  codePattern: RuleRegex | null;
  codeExclude: Set<string>;
  codeExcludePattern: RuleRegex | null;
  codeMin: number | null;
  codeMax: number | null;
  subcode: { from: FieldName; pattern: RuleRegex } | null;
  unlessContains: string[];
}

export interface CompiledObjectRule extends CompiledCommon {
  shape: 'object';
  parentKey: string | null;
  require: { path: string[]; req: Requirement }[];
  requireAny: string[][];
  forbid: string[][];
  corroborateIfKeys: string[];
  fields: Partial<Record<FieldName, string[][]>>;
}

export interface CompiledTextRule extends CompiledCommon {
  shape: 'text';
  trigger: string;
  pattern: RuleRegex;
  fields: Partial<Record<FieldName, RuleRegex>>;
}

export interface CompiledRules {
  objectRules: CompiledObjectRule[];
  textRules: CompiledTextRule[];
  /** service → strings whose presence in an event points at that service. */
  hints: Map<string, { vendor: string; needles: string[] }>;
  /** Byte strings, one of which must be in a line for it to be worth parsing. */
  triggers: Buffer[];
  /** The same literals as strings, for strings found inside parsed values. */
  triggerStrings: string[];
  files: string[];
}
