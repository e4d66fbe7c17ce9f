/** Declarative rule files (rules/*.json) and their compiled form. See docs/rules.md. */
import type { RuleRegex } from './compile-regex.js';
import type { TriggerScan } from './trigger-scan.js';

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
  /**
   * A shape other payloads share (NetEase's {code,message}): a match always needs corroboration —
   * the above, or a message equal to the catalog's message for the code.
   */
  corroborate_always?: boolean;
  /**
   * When the object was read from a program's print of it (Node util.inspect, a Python dict, a Go
   * or Java print) rather than from JSON, a match needs corroboration as with corroborate_if_keys:
   * a bare {code,message} printed that way is an application's own object (Discord RPC's close
   * frame `{ code: 4000, message: 'Invalid Client ID' }`) more often than a response body.
   */
  corroborate_if_printed?: boolean;
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

/**
 * A vendor's code grammar and keys, applied to the key/value pairs read from any printed form
 * (JSON, JS/Python/Go/Java prints, logfmt, XML, prose: see extract-fields.ts).
 */
export interface FieldsRuleSpec extends RuleSpecBase {
  shape: 'fields';
  /**
   * Literals, one of which is in every line this rule can detect (the byte pre-filter's share of
   * the rule): the code keys as written, each with the byte that can follow it, and for bare
   * codes the vendor markers.
   */
  triggers: string[];
  /** Normalised key names (lower case, no "_", "-", "$"): which pair holds what. */
  keys: { code: string[]; message?: string[]; request_id?: string[]; http_status?: string[] };
  /** Also codes written without a key (`[APIGW.0301]`, `error: AuthFailure.X:…`); needs evidence. */
  bare?: boolean;
  /** When set, one of these must hold: the event names the vendor, the payload has one of the keys, … */
  evidence?: FieldsEvidence;
}

export interface FieldsEvidence {
  /** Strings in the event (as written, case counts) that name the vendor: host, SDK, product. */
  markers?: string[];
  /** Normalised keys next to the code that only this vendor's payloads have. */
  keys?: string[];
  /**
   * Normalised keys next to the code whose value has the vendor's shape (a regular expression):
   * for keys other payloads share (`traceid`: COS's TraceId is long base64, OpenTelemetry's 32 hex).
   */
  key_values?: Record<string, string>;
  /** The code is in one of the rule's catalogs as it is; "dotted": only codes with a ".". */
  known_code?: 'any' | 'dotted';
  /** The message next to the code is the catalog's own message for that code. */
  catalog_message?: boolean;
  /** The request id next to the code has the vendor's own shape (a regular expression). */
  request_id?: string;
  /** The message next to the code holds the text a `message` rule of the vendor gives for that code. */
  vendor_message?: boolean;
}

/**
 * A vendor's fixed message texts, for payloads printed without their code (an SDK exception that
 * shows only the message). Looked at only when nothing else was found in the event, and only in
 * the vendor's context (one of `triggers` in the event).
 */
export interface MessageRuleSpec extends RuleSpecBase {
  shape: 'message';
  /** Literals naming the vendor; one must be in the event. */
  triggers: string[];
  /** The text (or its fixed beginning, up to a parameter) the vendor sends with each code. */
  messages?: { code: string; text: string }[];
  /**
   * Catalogs whose entries' own `message` texts (the vendor documents' messages) also count, read
   * from the catalogs when they load: distinctive ones only (long enough, one code each).
   */
  messages_from_catalogs?: string[];
}

export type RuleSpec = ObjectRuleSpec | TextRuleSpec | FieldsRuleSpec | MessageRuleSpec;

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
  shape: RuleSpec['shape'];
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
  corroborateAlways: boolean;
  corroborateIfPrinted: boolean;
  fields: Partial<Record<FieldName, string[][]>>;
}

export interface CompiledTextRule extends CompiledCommon {
  shape: 'text';
  trigger: string;
  pattern: RuleRegex;
  fields: Partial<Record<FieldName, RuleRegex>>;
}

export interface CompiledFieldsRule extends CompiledCommon {
  shape: 'fields';
  triggers: string[];
  keys: { code: Set<string>; message: Set<string>; request_id: Set<string>; http_status: Set<string> };
  /** The code grammar without anchors, for codes written without a key; null unless `bare`. */
  bare: RuleRegex | null;
  evidence: {
    markers: string[];
    keys: string[];
    keyValues: { key: string; value: RuleRegex }[];
    knownCode: 'any' | 'dotted' | null;
    catalogMessage: boolean;
    requestId: RuleRegex | null;
    vendorMessage: boolean;
  } | null;
}

export interface CompiledMessageRule extends CompiledCommon {
  shape: 'message';
  triggers: string[];
  messages: { code: string; text: string }[];
  messagesFromCatalogs: string[];
}

export interface CompiledRules {
  objectRules: CompiledObjectRule[];
  textRules: CompiledTextRule[];
  fieldsRules: CompiledFieldsRule[];
  messageRules: CompiledMessageRule[];
  /** service → strings whose presence in an event points at that service. */
  hints: Map<string, { vendor: string; needles: string[] }>;
  /** Byte strings, one of which must be in a line for it to be worth parsing. */
  triggers: Buffer[];
  /** The same literals as strings, for strings found inside parsed values. */
  triggerStrings: string[];
  /**
   * triggerStrings split by a substring most of them share ("ode" of the code keys): a string
   * without it needs only the others tested.
   */
  stringTriggerPlan: StringTriggerPlan;
  /** The byte pre-filter over `triggers`, with the value check at code keys (trigger-scan.ts). */
  byteScan: TriggerScan;
  files: string[];
}

/** See CompiledRules.stringTriggerPlan (built by trigger-scan.ts, planStringTriggers). */
export interface StringTriggerPlan {
  anchor: string;
  /** The literals holding `anchor`, each with the index of its first `anchor`. */
  withAnchor: { literal: string; anchorAt: number }[];
  others: string[];
}
