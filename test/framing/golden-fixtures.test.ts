/**
 * Golden fixtures: test/fixtures/framing/<case>/input.log (+ options.json) → expected.ndjson.
 * Each case runs in-process at several chunk sizes (the output must not depend on where the
 * chunks split) and through the built CLI. UPDATE_GOLDEN=1 rewrites the expected files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EnricherOptions } from '../../src/index.js';
import { enrichInChunks as enrichBytes } from '../helpers/enrich-in-chunks.js';
import { checkLineAccounting, countInputLines } from '../helpers/count-lines.js';

/** size 0: the whole input as one chunk. */
const enrichInChunks = async (input: Buffer, size: number, options: EnricherOptions) =>
  (await enrichBytes(input, size <= 0 ? Math.max(1, input.length) : size, options)).toString('utf8');

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'framing');
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'bin', 'errenrich.cjs');
const CHUNK_SIZES = [0, 1, 7, 64];

const CLI_FLAGS: Record<string, (v: unknown) => string[]> = {
  maxEventLines: (v) => ['--max-event-lines', String(v)],
  maxLineBytes: (v) => ['--max-line-bytes', String(v)],
  multiline: (v) => ['--multiline', String(v)],
  input: (v) => ['--input', String(v)],
};

const cases = readdirSync(ROOT).sort();

describe('golden fixtures', () => {
  it('has fixtures', () => expect(cases.length).toBeGreaterThan(10));
  for (const name of cases) {
    const dir = join(ROOT, name);
    const input = readFileSync(join(dir, 'input.log'));
    const optionsFile = join(dir, 'options.json');
    const options = (existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {}) as EnricherOptions;
    const expectedFile = join(dir, 'expected.ndjson');

    it(`${name}: same output at chunk sizes ${CHUNK_SIZES.join(', ')}`, async () => {
      const whole = await enrichInChunks(input, 0, { ...options, locate: true });
      if (process.env.UPDATE_GOLDEN) writeFileSync(expectedFile, whole);
      const expected = readFileSync(expectedFile, 'utf8');
      expect(whole).toBe(expected);
      for (const size of CHUNK_SIZES.slice(1)) {
        expect(await enrichInChunks(input, size, { ...options, locate: true }), `chunk size ${size}`).toBe(expected);
      }
    });

    it(`${name}: every output line is a JSON object and the input lines add up`, () => {
      const expected = readFileSync(expectedFile, 'utf8');
      const records = expected.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const r of records) expect(typeof r).toBe('object');
      // Every line in exactly one record (line_numbers where a record's lines have a gap).
      expect(checkLineAccounting(records, countInputLines(input))).toBeNull();
    });

    it(`${name}: the built CLI gives the same output`, () => {
      const flags = Object.entries(options).flatMap(([k, v]) => CLI_FLAGS[k]?.(v) ?? []);
      const out = execFileSync(process.execPath, [CLI, '--locate', ...flags], { input, encoding: 'utf8' });
      expect(out).toBe(readFileSync(expectedFile, 'utf8'));
    });
  }
});
