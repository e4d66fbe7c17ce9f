/**
 * The library's record cap (`maxRecordBytes`): the same contract as the CLI's --max-record-bytes —
 * a longer record is shortened (longest strings cut, marked errenrich_cut), never dropped; shorter
 * records are untouched; a bad bound is an OptionError naming the option.
 */
import { describe, expect, it } from 'vitest';
import { createEnricher, enrichLine, OptionError } from '../../src/index.js';
import { CUT_MARKER_KEY } from '../../src/output/cap-record-size.js';

const LONG = JSON.stringify({ Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'm'.repeat(6000) }, RequestId: 'r-1' } });
const SHORT = '{"level":"info","msg":"ok"}';

async function throughEnricher(input: string, options: Parameters<typeof createEnricher>[0]): Promise<string> {
  const t = createEnricher(options);
  const out: Buffer[] = [];
  t.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => t.on('end', resolve));
  // In small pieces: a record's bytes reach the cap over several writes.
  const bytes = Buffer.from(input);
  for (let i = 0; i < bytes.length; i += 700) t.write(bytes.subarray(i, i + 700));
  t.end();
  await done;
  return Buffer.concat(out).toString();
}

describe('library: maxRecordBytes', () => {
  it('createEnricher shortens a longer record to the bound, keeps the enrichment, and leaves short records as they are', async () => {
    const out = await throughEnricher(`${SHORT}\n${LONG}\n${SHORT}\n`, { maxRecordBytes: 2048 });
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(SHORT);
    expect(lines[2]).toBe(SHORT);
    expect(Buffer.byteLength(lines[1]!)).toBeLessThanOrEqual(2048);
    const rec = JSON.parse(lines[1]!) as Record<string, unknown>;
    expect(rec[CUT_MARKER_KEY]).toBeDefined();
    expect((rec.vendor_error as { code: string }).code).toBe('AuthFailure.SignatureFailure');
  });

  it('createEnricher without the option writes the long record whole', async () => {
    const out = await throughEnricher(`${LONG}\n`, {});
    expect(Buffer.byteLength(out.trimEnd())).toBeGreaterThan(6000);
    expect(out).not.toContain(CUT_MARKER_KEY);
  });

  it('enrichLine applies the same bound', () => {
    const capped = enrichLine(LONG, { maxRecordBytes: 1024 })!;
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(1024);
    expect(JSON.parse(capped)).toHaveProperty(CUT_MARKER_KEY);
    expect(enrichLine(SHORT, { maxRecordBytes: 1024 })).toBe(SHORT);
  });

  it('a bound that is not 0 or an integer of at least 1024 is refused, naming maxRecordBytes', () => {
    for (const bad of [-1, 100, 1023, 1500.5, Number.NaN]) {
      expect(() => createEnricher({ maxRecordBytes: bad })).toThrow(OptionError);
      expect(() => enrichLine(SHORT, { maxRecordBytes: bad })).toThrow(/^maxRecordBytes: must be 0 \(no cap\) or an integer ≥ 1024/);
    }
  });
});
