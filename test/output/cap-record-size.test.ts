import { describe, expect, it } from 'vitest';
import { capRecord, CUT_MARKER_KEY, RecordSizeCap } from '../../src/output/cap-record-size.js';

const cap = (record: string, max: number) => capRecord(Buffer.from(record), max).toString();

/** Runs `input` through the streaming cap in pieces of `size` bytes. */
function streamed(input: string, max: number, size: number): { out: string; cut: number } {
  const parts: Buffer[] = [];
  const c = new RecordSizeCap(max, (b) => {
    parts.push(Buffer.from(b));
    return true;
  });
  const bytes = Buffer.from(input);
  for (let i = 0; i < bytes.length; i += size) c.push(bytes.subarray(i, i + size));
  c.end();
  return { out: Buffer.concat(parts).toString(), cut: c.cut };
}

describe('capRecord', () => {
  it('returns a record that fits unchanged (the same bytes)', () => {
    const r = Buffer.from('{"message":"hello"}');
    expect(capRecord(r, r.length)).toBe(r);
  });

  it('cuts the longest string, marks the field and the original sizes, and stays valid JSON', () => {
    const record = JSON.stringify({ message: 'x'.repeat(5000), vendor_error: { code: 'AuthFailure', description: 'short' } }).replace(/}$/, ',"n":12345678901234567890123}');
    const out = cap(record, 1000);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(1000);
    const parsed = JSON.parse(out) as Record<string, unknown>;
    expect(parsed[CUT_MARKER_KEY]).toEqual({ record_bytes: Buffer.byteLength(record), fields: { message: 5002 - 2 } });
    expect(parsed.vendor_error).toEqual({ code: 'AuthFailure', description: 'short' });
    expect((parsed.message as string).startsWith('xxxx')).toBe(true);
    // Big integers are copied as written, not re-encoded.
    expect(out).toContain('"n":12345678901234567890123');
  });

  it('never cuts inside an escape, a surrogate pair or a UTF-8 sequence', () => {
    for (const unit of ['\\"', '\\u0001', '😀', 'é', '中', '\n']) {
      const message = unit.repeat(3000);
      const record = JSON.stringify({ message });
      for (let max = 200; max < 260; max++) {
        const out = cap(record, max);
        expect(Buffer.byteLength(out)).toBeLessThanOrEqual(max);
        const parsed = JSON.parse(out) as { message: string };
        expect(message.startsWith(parsed.message)).toBe(true);
        expect(parsed.message).not.toMatch(/[\ud800-\udbff]$/);
      }
    }
  });

  it('cuts several long strings evenly and names each by its path', () => {
    const record = JSON.stringify({ a: 'a'.repeat(3000), nested: { list: ['b'.repeat(3000)] }, short: 'ok' });
    const parsed = JSON.parse(cap(record, 2000)) as { a: string; nested: { list: string[] }; short: string; errenrich_cut: { fields: Record<string, number> } };
    expect(parsed.short).toBe('ok');
    expect(Object.keys(parsed.errenrich_cut.fields).sort()).toEqual(['a', 'nested.list[]']);
    expect(Math.abs(parsed.a.length - parsed.nested.list[0]!.length)).toBeLessThan(4);
  });

  it('when the structure alone cannot fit, still emits a record that says so', () => {
    const record = JSON.stringify({ numbers: Array.from({ length: 500 }, (_, i) => i) });
    const parsed = JSON.parse(cap(record, 300)) as Record<string, { structure_too_large?: boolean; record_bytes: number }>;
    expect(parsed[CUT_MARKER_KEY]).toMatchObject({ structure_too_large: true, record_bytes: Buffer.byteLength(record) });
  });
});

describe('RecordSizeCap (streaming)', () => {
  const records = [
    JSON.stringify({ message: 'first' }),
    JSON.stringify({ message: 'y'.repeat(10_000), errenrich: { truncated_for_detection: true, bytes: 10_000 } }),
    JSON.stringify({ message: 'between' }),
    JSON.stringify({ message: 'z'.repeat(700) }),
    JSON.stringify({ message: 'last' }),
  ];
  const input = records.join('\n') + '\n';

  it('gives the same output at any chunk size, one line per record, each within the cap', () => {
    const whole = streamed(input, 512, input.length);
    expect(whole.cut).toBe(2);
    const lines = whole.out.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(records.length);
    for (const l of lines) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(512);
    expect(lines[0]).toBe(records[0]);
    expect(lines[2]).toBe(records[2]);
    expect(lines[4]).toBe(records[4]);
    expect(JSON.parse(lines[1]!)).toMatchObject({ errenrich: { truncated_for_detection: true, bytes: 10_000 }, errenrich_cut: { fields: { message: 10_000 } } });
    for (const size of [1, 7, 64, 511, 513, 4096]) expect(streamed(input, 512, size).out).toBe(whole.out);
  });

  it('passes records that fit exactly at the cap untouched', () => {
    const r = JSON.stringify({ message: 'q'.repeat(100) });
    expect(streamed(r + '\n', Buffer.byteLength(r), 10)).toEqual({ out: r + '\n', cut: 0 });
  });

  it('ends an unterminated last record at end of output', () => {
    expect(streamed('{"a":"b"}\n{"c":"d"}', 100, 3).out).toBe('{"a":"b"}\n{"c":"d"}');
  });
});
