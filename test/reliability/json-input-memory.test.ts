/**
 * `--input json` memory per record (issue 19, item 13): one JSON document holding a single 60 MB
 * string took about ten times its size (stream-json's Assembler built the string, then the record
 * was re-serialised and copied). A record is now written from its tokens as they come and, past a
 * small hold, streamed on: memory does not grow with the record. The record, longer than
 * --max-line-bytes, goes through as any over-long line does: whole, marked, not detected.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB, recordBound, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'errenrich-json-memory-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('--input json: a huge record', () => {
  it('one 60 MB string between two small records: < 60 s, RSS < 250 MiB; all three out, the big one whole and marked truncated_for_detection', async () => {
    // Escapes and multi-byte characters spread through the string, so chunk edges fall inside them.
    const piece = 'x'.repeat(997) + '"\\é中\u{1f600}\n';
    const big = piece.repeat(Math.ceil((60 * MiB) / piece.length));
    const element = JSON.stringify({ message: big, Response: { Error: { Code: 'AuthFailure' } } });
    const file = join(dir, 'big-string.json');
    writeFileSync(file, `[{"a":1},\n  ${element},\n  {"b":2}]`);
    const r = await runCli(['--input', 'json', file], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.toString().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('{"a":1}');
    const rec = JSON.parse(lines[1]!) as { message: string; errenrich: unknown };
    expect(rec.message === element).toBe(true);
    expect(rec.errenrich).toEqual({ truncated_for_detection: true, bytes: Buffer.byteLength(element) });
    expect(lines[2]).toBe('{"b":2}');
    expect(lines[3]).toBe('');
    recordBound(expect.getState().currentTestName!, r);
    expect(r.peakRss!).toBeLessThan(250 * MiB);
  });
});
