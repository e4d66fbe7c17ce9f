/** Small helpers shared by the detection and enrichment tests. */
import { enrichLine, type EnricherOptions } from '../../src/index.js';
import type { Expected } from './cases.js';

export type Record = { [key: string]: unknown };

/** Every output record for an input (one or more physical lines). */
export function enrichAll(input: string, options: EnricherOptions = {}): Record[] {
  const out = enrichLine(input, options);
  if (out === null) return [];
  return out.split('\n').map((l) => JSON.parse(l) as Record);
}

/** The single output record for an input that must come out as exactly one record. */
export function enrichOne(input: string, options: EnricherOptions = {}): Record {
  const records = enrichAll(input, options);
  if (records.length !== 1) throw new Error(`expected one record, got ${records.length}: ${JSON.stringify(records).slice(0, 500)}`);
  return records[0]!;
}

/** The asserted fields of an enrichment (subcode undefined when the key is absent). */
export function picked(ve: unknown): Expected | undefined {
  if (ve === undefined || ve === null || typeof ve !== 'object') return undefined;
  const v = ve as Record;
  const out = {
    vendor: v.vendor,
    service: v.service,
    code: v.code,
    http_status: v.http_status,
    message: v.message,
    request_id: v.request_id,
    known: v.known,
    fallback: v.fallback,
    category: v.category,
    retryable: v.retryable,
    rule: v.rule,
  } as Expected;
  if ('subcode' in v) out.subcode = v.subcode as string;
  return out;
}
