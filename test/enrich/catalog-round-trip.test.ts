/**
 * Every catalog entry round-trips: a payload built from the entry — in the shape the vendor
 * returns it, with its documented HTTP status and (public code, module code) pairing — goes
 * through the real detection path (enrichLine) and comes back as exactly that entry, with no
 * conflict. Codes documented with several statuses round-trip once per status.
 */
import { describe, expect, it } from 'vitest';
import { loadBuiltinCatalogs } from '../../src/catalog/load-catalogs.js';
import type { CatalogEntry, StatusVariant } from '../../src/catalog/types.js';
import { enrichLine } from '../../src/index.js';

const catalogs = loadBuiltinCatalogs();

/** The payload the vendor sends for an entry (and one of its documented statuses), as a log line. */
function payloadOf(entry: CatalogEntry, status: number | null): string {
  const message = entry.message ?? 'message';
  switch (entry.catalog) {
    case 'tencent-tke-v3':
      return JSON.stringify({ Response: { Error: { Code: entry.code, Message: message }, RequestId: 'req-1' } });
    case 'tencent-legacy-common':
    case 'tencent-tke-legacy':
      return JSON.stringify({ code: Number(entry.code), message, requestId: 'req-1' });
    case 'tencent-ckafka':
      return JSON.stringify({ code: Number(entry.public_code), message: `(${entry.code})${message}`, requestId: 'req-1' });
    case 'huawei-cci':
      return JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code: status, errorCode: entry.code });
    case 'huawei-apigw':
      return JSON.stringify({ error_code: entry.code, error_msg: message, request_id: 'req-1', status_code: status });
    case 'netease-ncs':
      return JSON.stringify({ code: Number(entry.code), message, requestId: 'req-1' });
    default:
      throw new Error(`no payload shape for catalog ${entry.catalog}`);
  }
}

interface Expected {
  description: string;
  remediation: string;
  category: string;
  retryable: boolean;
}

function roundTrip(entry: CatalogEntry, status: number | null, expected: Expected): void {
  const line = payloadOf(entry, status);
  const out = enrichLine(line);
  expect(out, line).not.toBeNull();
  const ve = (JSON.parse(out!) as { vendor_error?: Record<string, unknown> }).vendor_error;
  expect(ve, line).toBeDefined();
  expect(ve, line).toMatchObject({
    vendor: entry.vendor,
    code: entry.catalog === 'tencent-ckafka' ? entry.public_code : entry.code,
    known: true,
    fallback: entry.catalog === 'tencent-ckafka' ? 'module' : 'exact',
    http_status: status,
    ...expected,
    doc_url: entry.doc_url,
  });
  // A public code shared by TKE and CKafka stays "legacy-api" until a hint decides.
  if (entry.service !== 'legacy-api') expect(ve!.service, line).toBe(entry.service);
  expect(ve!.conflict, line).toBeUndefined();
}

const textsOf = (entry: CatalogEntry | StatusVariant): Expected => ({
  description: entry.description.en,
  remediation: entry.remediation.en,
  category: entry.category,
  retryable: entry.retryable,
});

describe.each(catalogs.map((catalog) => [catalog.id, catalog] as const))('%s', (_id, catalog) => {
  it.each(catalog.entries.map((entry) => [entry.code, entry] as const))('%s', (_code, entry) => {
    roundTrip(entry, entry.http_status, textsOf(entry));
    for (const variant of entry.statuses ?? []) roundTrip(entry, variant.http_status, textsOf(variant));
  });
});

it('covers every entry of every built-in catalog', () => {
  expect(catalogs.reduce((n, catalog) => n + catalog.entries.length, 0)).toBe(429);
});
