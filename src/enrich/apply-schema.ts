/**
 * Where the enrichment goes in the output record, per collector schema:
 * - default: everything under the target field (default `vendor_error`);
 * - ecs: Elastic Common Schema fields (error.*, cloud.*, http.response.status_code,
 *   event.outcome, event.reference = doc_url) plus the target field;
 * - otel: OpenTelemetry attribute names (flat dotted keys) plus the target field.
 *
 * Nothing in the record is ever overwritten: a field that already exists is left as it is; the
 * target then moves to `<target>_errenrich`, and schema fields that could not be placed are named
 * in `<target>.schema_conflicts`.
 */
import type { Enrichment } from './build-enrichment.js';

export type Schema = 'default' | 'ecs' | 'otel';

export interface TargetValue extends Enrichment {
  count?: number;
  errors?: Enrichment[];
  schema_conflicts?: string[];
}

const PROVIDERS: Record<string, string> = { tencent: 'tencent_cloud', huawei: 'huawei_cloud', netease: 'netease_cloud' };

/** The [key, value] pairs to add to a record whose existing top-level keys are tested by `has`. */
export function enrichmentFields(errors: Enrichment[], has: (key: string) => boolean, target: string, schema: Schema): [string, unknown][] {
  const first = errors[0]!;
  const main: TargetValue = { ...first };
  if (errors.length > 1) {
    main.count = errors.length;
    main.errors = errors;
  }
  const pairs: [string, unknown][] = [];
  const conflicts: string[] = [];
  const place = (key: string, value: unknown) => {
    if (has(key)) conflicts.push(key);
    else pairs.push([key, value]);
  };
  // Own keys only: a vendor named "constructor" or "__proto__" (a user's rules) is data, not Object's.
  const provider = Object.hasOwn(PROVIDERS, first.vendor) ? PROVIDERS[first.vendor]! : first.vendor;
  // Neither a message nor a description (an unknown code without message): the field is left
  // out rather than null (ECS wants a string, OTel attributes cannot be null).
  const text = first.message ?? first.description;
  if (schema === 'ecs') {
    place('error', text !== null ? { code: first.code, message: text, type: first.category } : { code: first.code, type: first.category });
    place('cloud', { provider, service: { name: first.service } });
    if (first.http_status !== null) place('http', { response: { status_code: first.http_status } });
    // A dry run the vendor says would have succeeded is no failure (category not_a_failure).
    // ECS event.reference: a URL with more information about the event — the vendor's page.
    const outcome = first.category === 'not_a_failure' ? 'success' : 'failure';
    place('event', first.doc_url !== null ? { outcome, reference: first.doc_url } : { outcome });
  } else if (schema === 'otel') {
    place('error.type', first.code);
    place('exception.type', `${first.vendor}.${first.service}.${first.code}`);
    if (text !== null) place('exception.message', text);
    place('cloud.provider', provider);
    place('cloud.platform', `${provider}_${first.service}`);
    if (first.http_status !== null) place('http.response.status_code', first.http_status);
  }
  if (conflicts.length > 0) main.schema_conflicts = conflicts;
  pairs.unshift([freeKey(target, has), main]);
  return pairs;
}

/** The top-level fields each schema writes besides the target (kept in step with enrichmentFields). */
const SCHEMA_FIELDS: Record<Schema, readonly string[]> = {
  default: [],
  ecs: ['error', 'cloud', 'http', 'event'],
  otel: ['error.type', 'exception.type', 'exception.message', 'cloud.provider', 'cloud.platform', 'http.response.status_code'],
};

/**
 * Why `target` cannot be the enrichment's field name with this schema (null: it can). A target
 * equal to a field the schema, `--locate` or the invalid-UTF-8 marker also writes would put two
 * such keys in one record, and a JSON parser keeps only the last: the enrichment would be lost.
 */
export function targetConflict(target: string, schema: Schema, locate: boolean): string | null {
  if (SCHEMA_FIELDS[schema].includes(target)) return `"${target}" is a field the ${schema} schema writes (${SCHEMA_FIELDS[schema].join(', ')})`;
  if (target === 'errenrich') return '"errenrich" is the field errenrich marks records with (invalid UTF-8, over-long lines)';
  if (locate && /^input(_errenrich\d*)?$/.test(target)) return `"${target}" is a field --locate writes`;
  return null;
}

function freeKey(target: string, has: (key: string) => boolean): string {
  if (!has(target)) return target;
  for (let i = 1; ; i++) {
    const k = i === 1 ? `${target}_errenrich` : `${target}_errenrich${i}`;
    if (!has(k)) return k;
  }
}

/**
 * Appends fields to the text of a JSON object without re-serialising it, so every original
 * field and value (big integers, 1e999, duplicate keys, key order) stays exactly as it was.
 */
export function appendToJsonObjectText(objectText: string, pairs: [string, unknown][]): string {
  if (pairs.length === 0) return objectText;
  let end = objectText.length - 1;
  while (end >= 0 && objectText.charCodeAt(end) !== 0x7d) end--;
  let before = end - 1;
  while (before >= 0 && isBlank(objectText.charCodeAt(before))) before--;
  const empty = objectText.charCodeAt(before) === 0x7b;
  let added = '';
  for (const [k, v] of pairs) added += (added === '' && empty ? '' : ',') + JSON.stringify(k) + ':' + JSON.stringify(v);
  return objectText.slice(0, end) + added + objectText.slice(end);
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
