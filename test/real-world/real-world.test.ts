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

describe('real-world corpus', () => {
  it('every entry names its source, positives their vendor and code', () => {
    for (const e of [...POSITIVES, ...NEGATIVES]) expect(e.source_url, e.id).toMatch(/^https?:\/\//);
    for (const e of POSITIVES) expect([e.vendor, e.code], e.id).not.toContain(null);
  });

  it.each(POSITIVES.map((e) => [e.id, e] as const))('positive %s: the expected code is found', (_id, e) => {
    expect(codesFound(e.text).map((f) => f.code)).toContain(e.code);
  });

  it.each(NEGATIVES.map((e) => [e.id, e] as const))('negative %s: nothing is found', (_id, e) => {
    expect(codesFound(e.text)).toEqual([]);
  });
});
