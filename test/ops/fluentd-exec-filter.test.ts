/**
 * Plays Fluentd's exec_filter part (docs/fluent-bit.md §8): the child reads records on stdin and
 * each output record must come back (flushed) before the next input is written; closing stdin
 * (Fluentd's shutdown) ends it with exit 0.
 */
import { describe, expect, it } from 'vitest';
import { CLI, exitWithin, HUAWEI, startLive, TENCENT } from './ops-helpers.js';

describe('Fluentd exec_filter', () => {
  it('one record out per record in, each flushed before the next is written', async () => {
    const live = startLive(process.execPath, [CLI, '--input', 'auto', '--multiline', 'stack']);
    const inputs = [
      '{"message":"GET /healthz 200"}',
      TENCENT,
      '{"log":"plain text through fluentd","stream":"stdout"}',
      HUAWEI,
      'a text line (single_value format)',
    ];
    for (const [i, record] of inputs.entries()) {
      live.child.stdin!.write(record + '\n');
      const lines = await live.waitForLines(i + 1, 5000);
      expect(lines).toHaveLength(i + 1);
    }
    live.child.stdin!.end();
    expect(await exitWithin(live)).toEqual({ code: 0, signal: null });
    const records = live.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toHaveLength(inputs.length);
    expect((records[1]!.vendor_error as { code: string }).code).toBe('AuthFailure.SignatureFailure');
    expect((records[3]!.vendor_error as { code: string }).code).toBe('CCI.02.409101');
    expect(records[4]).toEqual({ message: 'a text line (single_value format)' });
  });
});
