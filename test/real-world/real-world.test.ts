/**
 * Verbatim real-world text — what the SDKs' exception classes print (read from their source) and
 * what users pasted into public issue threads — run through the library as a user gets it
 * (enrichLine, default options). A positive must yield its expected code; a negative (other
 * clouds, look-alike app logs) must yield nothing. Each entry names its source URL.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { enrichLine } from '../../src/index.js';

interface Entry {
  id: string;
  text: string;
  source_url: string;
  vendor: string | null;
  code: string | null;
  form: string;
}

function load(name: string): Entry[] {
  const text = readFileSync(new URL(`../fixtures/real-world/${name}`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Entry);
}

/** Every code the library reports for a text (one record per line or event). */
export function codesFound(text: string): { vendor: string; code: string }[] {
  const out = enrichLine(text);
  if (out === null) return [];
  const found: { vendor: string; code: string }[] = [];
  for (const line of out.split('\n')) {
    const ve = (JSON.parse(line) as { vendor_error?: { vendor: string; code: string; errors?: { vendor: string; code: string }[] } }).vendor_error;
    if (!ve) continue;
    for (const e of ve.errors ?? [ve]) found.push({ vendor: e.vendor, code: e.code });
  }
  return found;
}

const POSITIVES = load('positives.ndjson');
const NEGATIVES = load('negatives.ndjson');

/**
 * Entries the library does not get today, each with the reason. The test fails when one of them
 * starts passing (remove it here) as much as when any other entry fails: the list only shrinks.
 */
const KNOWN_MISSES: Record<string, string> = {
  'tc-msg-001': 'a vendor message with no Tencent context in the text (message rules need one)',
  'tc-msg-003': 'a vendor message with no Tencent context in the text (message rules need one)',
  'hw-obs-001': 'an OBS body with nothing that tells it from S3 (empty request id, AWS-worded message)',
  'otc-obs-doc-002': 'an OBS body whose request id has 31 hex digits and nothing else that tells it from S3',
  'hw-sms-001': 'Huawei SMS code E000000 has no service prefix: indistinguishable from an application code',
  'tc-cos-v4-001': 'the retired COS JSON API (v4): a negative code in {code,message} with no catalog, only a COS-shaped request id',
  'tc-title-001': 'a dotted Tencent-prefixed code outside the catalog in a line that names no vendor: the public prefixes are shared with other clouds',
};

/**
 * Negatives the library labels today, each with the reason: text no rule can tell from a vendor
 * error without losing that vendor's own bodies. The test fails when one of them stops being
 * labelled (remove it here) as much as when any other negative is labelled: the list only shrinks.
 */
const KNOWN_FALSE_POSITIVES: Record<string, string> = {
  'neg-eip1193-001':
    "MetaMask's EIP-1193 error 4100 as JSON: a bare {code,message} with a Tencent legacy public code, which tencent.legacy takes as Tencent by contract",
};

/** Positives the library finds, out of all: the figure the closing note quotes. */
export function recall(): { found: number; total: number } {
  return { found: POSITIVES.filter((e) => codesFound(e.text).some((f) => f.code === e.code)).length, total: POSITIVES.length };
}

describe('real-world corpus', () => {
  it('every entry names its source, positives their vendor and code', () => {
    for (const e of [...POSITIVES, ...NEGATIVES]) expect(e.source_url, e.id).toMatch(/^https?:\/\//);
    for (const e of POSITIVES) expect([e.vendor, e.code], e.id).not.toContain(null);
  });

  it.each(POSITIVES.map((e) => [e.id, e] as const))('positive %s: the expected code is found', (id, e) => {
    const codes = codesFound(e.text).map((f) => f.code);
    if (KNOWN_MISSES[id] !== undefined) expect(codes, `${id} is found now: remove it from KNOWN_MISSES`).not.toContain(e.code);
    else expect(codes).toContain(e.code);
  });

  it('the known misses are entries of the corpus', () => {
    const ids = new Set(POSITIVES.map((e) => e.id));
    for (const id of Object.keys(KNOWN_MISSES)) expect(ids.has(id), id).toBe(true);
  });

  it.each(NEGATIVES.map((e) => [e.id, e] as const))('negative %s: nothing is found', (id, e) => {
    if (KNOWN_FALSE_POSITIVES[id] !== undefined) expect(codesFound(e.text), `${id} is unlabelled now: remove it from KNOWN_FALSE_POSITIVES`).not.toEqual([]);
    else expect(codesFound(e.text)).toEqual([]);
  });

  it('the known false positives are entries of the corpus', () => {
    const ids = new Set(NEGATIVES.map((e) => e.id));
    for (const id of Object.keys(KNOWN_FALSE_POSITIVES)) expect(ids.has(id), id).toBe(true);
  });
});
