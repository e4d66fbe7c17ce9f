/**
 * No crash, no hang on hostile input (the fast cases; 100 MB lines, 10^6 open lines and the gzip
 * bomb are in test/stress/). Each test names its time bound and, when it runs the CLI, its
 * memory bound (peak RSS of the CLI process, measured in the child by test/helpers/report-rss.mjs).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichLine } from '../../src/index.js';
import { checkLineAccounting, locationOf } from '../helpers/count-lines.js';
import { enrichInChunks } from '../helpers/enrich-in-chunks.js';
import { MiB, parseNdjson, recordBound, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'errenrich-hostile-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: Buffer | string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const records = (out: Buffer) => parseNdjson(out);

describe('long lines and deep structures (CLI)', () => {
  it('5 MB line without newline: < 10 s, RSS < 160 MiB; one whole record marked truncated_for_detection with every byte', async () => {
    const line = Buffer.alloc(5 * MiB, 'x');
    line.write('{"code":4030002,"message":"quota"} ', 1000); // a payload inside: not detected, not lost
    const r = await runCli(['--locate', file('five-mb.log', line)], { timeoutMs: 10_000 });
    expect(r.code, r.stderr).toBe(0);
    const [rec, ...rest] = records(r.stdout);
    expect(rest).toEqual([]);
    expect(rec!.errenrich).toEqual({ truncated_for_detection: true, bytes: 5 * MiB });
    expect(rec!.message).toBe(line.toString('latin1'));
    expect(rec!.input).toEqual({ file: join(dir, 'five-mb.log'), line: 1, lines: 1 });
    recordBound(expect.getState().currentTestName!, r);
    expect(r.peakRss!).toBeLessThan(160 * MiB);
  });

  it('a line of 10^6 "{" then "]{" (unbalanced, ends with an opener): < 5 s, RSS < 200 MiB, kept as one text record', async () => {
    // BUG fixed (src/framing/scan-json-balance.ts, findOpeningBracket): each opener was re-scanned
    // to the end of the line — quadratic (10^4 "{": 1 s, 2·10^4: 12 s, 10^6: hours).
    const text = '{'.repeat(1_000_000) + ']{';
    const r = await runCli(['--locate'], { input: text + '\nnext\n', timeoutMs: 5_000 });
    expect(r.code, r.stderr).toBe(0);
    const recs = records(r.stdout);
    expect(recs.map((x) => x.message)).toEqual([text, 'next']);
    recordBound(expect.getState().currentTestName!, r);
    expect(r.peakRss!).toBeLessThan(200 * MiB);
  });

  it('the same with vendor trigger words in it, 180 KB (detection tries 64 openers for embedded JSON): < 5 s, RSS < 200 MiB', async () => {
    // The 1 MiB version (about 10 s: 64 bounded scans of the line) is in test/stress/huge-input.test.ts.
    const text = '{"code":4030002,"message":"' + '{'.repeat(100_000) + ']{"Response":{"Error":{"Code":' + '['.repeat(80_000) + '}{';
    const r = await runCli([], { input: text + '\n', timeoutMs: 5_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(records(r.stdout).map((x) => x.message)).toEqual([text]);
    recordBound(expect.getState().currentTestName!, r);
    expect(r.peakRss!).toBeLessThan(200 * MiB);
  });

  it('JSON nested 10^6 deep ("[[[…]]]", and inside a payload object), parsed (--max-line-bytes 4 MiB): < 10 s, RSS < 250 MiB, bytes kept', async () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    const payload = '{"code":4030002,"message":"Container quota insufficient.","x":' + '['.repeat(500_000) + ']'.repeat(500_000) + '}';
    const open = '['.repeat(1_000_000);
    const r = await runCli(['--max-line-bytes', String(4 * MiB)], { input: [deep, payload, open, ''].join('\n'), timeoutMs: 10_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout.toString('utf8').split('\n');
    expect(JSON.parse(out[0]!)).toEqual({ message: deep });
    // The payload object is passed through byte for byte and enriched at its top level.
    expect(out[1]!.startsWith(payload.slice(0, -1))).toBe(true);
    expect((JSON.parse(out[1]!) as { vendor_error: { code: string } }).vendor_error.code).toBe('4030002');
    expect(JSON.parse(out[2]!)).toEqual({ message: open });
    recordBound(expect.getState().currentTestName!, r);
    expect(r.peakRss!).toBeLessThan(250 * MiB);
  });

  it('10^5 keys in one object with a payload in it (--max-line-bytes 4 MiB): < 10 s, RSS < 250 MiB, detected, bytes kept', async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(',');
    const line = `{${keys},"code":4030002,"message":"Container quota insufficient."}`;
    const r = await runCli(['--max-line-bytes', String(4 * MiB)], { input: line + '\n', timeoutMs: 10_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout.toString('utf8');
    expect(out.startsWith(line.slice(0, -1) + ',"vendor_error":{')).toBe(true);
    recordBound(expect.getState().currentTestName!, r);
    expect(r.peakRss!).toBeLessThan(250 * MiB);
  });

  it('"{" followed by 10^5 lines that never close: < 10 s, RSS < 200 MiB, every line a record of its own', async () => {
    const n = 100_000;
    const body = '{\n' + Array.from({ length: n }, (_, i) => `"k${i}": ${i},`).join('\n') + '\n';
    const r = await runCli(['--locate'], { input: body, timeoutMs: 10_000 });
    expect(r.code, r.stderr).toBe(0);
    const recs = records(r.stdout);
    expect(checkLineAccounting(recs, n + 1)).toBeNull();
    expect(recs.every((x) => locationOf(x).lines === 1)).toBe(true);
    recordBound(expect.getState().currentTestName!, r);
    expect(r.peakRss!).toBeLessThan(200 * MiB);
  });
});

describe('bytes and values that trip parsers (library, < 2 s each)', () => {
  it('NUL bytes and every control character in a text line: kept exactly in "message"', () => {
    const ctl = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i))
      .filter((c) => c !== '\n' && c !== '\r')
      .join('');
    const text = `x${ctl}\u007f\u0085\u2028\u2029\ufeff end`;
    const out = enrichLine(text)!;
    expect(JSON.parse(out)).toEqual({ message: text });
    // U+2028/2029 inside the record are escaped or raw, but the record is one line.
    expect(out.includes('\n')).toBe(false);
  });

  it('NUL escapes and control characters inside a JSON payload line: passed through byte for byte and enriched', () => {
    // A NetEase hint: the message is not the catalog's, and NetEase's {code,message} shape needs corroboration.
    const line = '{"a":"\\u0000\\u001f\\u007f","host":"open.c.163.com","code":4030002,"message":"quota\\u0000"}';
    const out = enrichLine(line)!;
    expect(out.startsWith(line.slice(0, -1) + ',"vendor_error":')).toBe(true);
    expect((JSON.parse(out) as { vendor_error: { message: string } }).vendor_error.message).toBe('quota\u0000');
  });

  it('invalid UTF-8 in a text line and in a JSON line: U+FFFD, "errenrich": {"invalid_utf8": true}, output is valid UTF-8', async () => {
    const input = Buffer.concat([Buffer.from('bad \xff here\n', 'latin1'), Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('","code":4030002,"message":"Container quota insufficient."}\n')]);
    const out = await enrichInChunks(input, 1);
    expect(Buffer.from(out.toString('utf8'), 'utf8').equals(out)).toBe(true); // well-formed UTF-8
    const [a, b] = records(out);
    expect(a).toEqual({ message: 'bad \ufffd here', errenrich: { invalid_utf8: true } });
    expect(b!.a).toBe('\ufffd(\ufffd\ufffd\ufffd');
    expect(b!.errenrich).toEqual({ invalid_utf8: true });
    expect((b!.vendor_error as { code: string }).code).toBe('4030002');
  });

  it('lone surrogates (\\ud800, \\udc00) escaped in JSON strings: the line is kept as it was, the enrichment escapes them (well-formed JSON, no raw surrogate)', () => {
    const line = '{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad \\ud800 sig \\udc00"},"RequestId":"\\ud83d"}}';
    const out = enrichLine(line)!;
    expect(out.startsWith(line.slice(0, -1))).toBe(true);
    const enriched = (JSON.parse(out) as { vendor_error: { message: string; request_id: string } }).vendor_error;
    expect(enriched.message).toBe('bad \ud800 sig \udc00');
    expect(enriched.request_id).toBe('\ud83d');
    // Encoded as UTF-8 the output must not contain a raw surrogate (they would become U+FFFD).
    expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
  });

  it('1e999, -0, 2^64+1, 1.0, 1E+2 and duplicate keys: the record bytes are appended to, never re-serialised', () => {
    for (const line of [
      '{"n":1e999,"z":-0,"big":18446744073709551617,"f":1.0,"e":1E+2,"k":1,"k":2,"code":4030002,"message":"Container quota insufficient."}',
      '{"code":4030002,"message":"first","code":4030002,"message":"Container quota insufficient."}',
      '{ "code" : 4030002 , "message" : "Container quota insufficient."  ,"n":-0.0e-0 }',
    ]) {
      const out = enrichLine(line, { locate: true })!;
      expect(out.startsWith(line.slice(0, line.lastIndexOf('}')))).toBe(true);
      expect(out).toContain('"vendor_error":{');
    }
    // Without a payload, with --locate (slow path): still the same bytes, plus "input".
    const plain = '{"n":1e999,"z":-0,"k":1,"k":2}';
    expect(enrichLine(plain, { locate: true })).toBe('{"n":1e999,"z":-0,"k":1,"k":2,"input":{"file":"-","line":1,"lines":1}}');
    expect(enrichLine(plain)).toBe(plain);
  });

  it('a JSON line with "input" and "input_errenrich" of its own: --locate adds its location under a key it does not have', () => {
    // BUG fixed (src/pipeline/process-event.ts): the location went to "input_errenrich" even when
    // that key existed, giving the record a duplicate key (the original value lost to last-wins parsers).
    const out = enrichLine('{"input":1,"input_errenrich":2}', { locate: true })!;
    expect(out.startsWith('{"input":1,"input_errenrich":2,')).toBe(true);
    const keys = [...out.matchAll(/"(input[a-z_0-9]*)":/g)].map((m) => m[1]);
    expect(new Set(keys).size).toBe(keys.length);
    const rec = JSON.parse(out) as Record<string, unknown>;
    expect(rec.input).toBe(1);
    expect(rec.input_errenrich).toBe(2);
  });
});

describe('fixed bugs (were it.fails; fixed by the lead in 2894883)', () => {
  // BUG (src/framing/frame-events.ts + src/pipeline/process-event.ts buildBase): a Docker
  // json-file line that is not on the framer's fast path (its stream holds a partial or block,
  // or its log ends with "{"/"[") is re-serialised with JSON.stringify: 1e999 → null, -0 → 0, duplicate keys
  // collapsed. Its bytes should be kept like any JSON object line's.
  it('a Docker record whose log ends with "{" (framed as a block opener, then emitted alone) keeps its bytes (1e999, -0, duplicate keys)', async () => {
    const docker = '{"log":"hi {\\n","stream":"stdout","time":"2026-01-01T00:00:00Z","n":1e999,"z":-0,"d":1,"d":2}';
    const out = (await enrichInChunks(Buffer.from(docker + '\n'), 1 << 20, { locate: true })).toString();
    expect(out).toContain(docker.slice(0, -1));
  });

  // BUG (src/framing/frame-events.ts toLogical/joinLines, src/pipeline/process-event.ts
  // buildBase, src/pipeline/enrich-engine.ts over-long path): invalid UTF-8 is replaced by
  // U+FFFD but the "errenrich": {"invalid_utf8": true} marker is only set for single physical
  // lines decoded in buildBase. Lines decoded by the framer (CRI, kubectl, joined JSON blocks,
  // joined text) and over-long lines lose the marker.
  it('invalid UTF-8 in a CRI line, a kubectl line, a joined JSON block and an over-long line: every record is marked', async () => {
    const bad = Buffer.from([0xff]);
    const input = Buffer.concat([
      Buffer.from('2026-11-23T10:00:00.123456789Z stdout F cri '), bad, Buffer.from('\n'),
      Buffer.from('2026-11-23T10:00:00.123456Z kubectl '), bad, Buffer.from('\n'),
      Buffer.from('{\n"a": "'), bad, Buffer.from('"\n}\n'),
      Buffer.from('x'.repeat(100)), bad, Buffer.from('\n'),
    ]);
    const recs = records(await enrichInChunks(input, 1 << 20, { maxLineBytes: 64 }));
    expect(recs).toHaveLength(4);
    for (const r of recs) expect((r.errenrich as Record<string, unknown> | undefined)?.invalid_utf8, JSON.stringify(r)).toBe(true);
  });
});
