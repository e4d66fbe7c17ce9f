/**
 * An error on one line never ends a stream (issue 19, item 1). A value nested deeper than a
 * recursive step can follow used to overflow the stack in detection (JSON.stringify of a field
 * value) and in `--input json` (re-serialising an assembled element): the stream ended there,
 * exit 1, every later line lost. As a class: whatever detection or enrichment throws on, the event
 * comes out untouched, is counted (`failed_events`) and warned about; the run goes on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonDocuments } from '../../src/framing/read-json-documents.js';
import { createEngine } from '../../src/pipeline/create-engine.js';
import { loadKnowledge } from '../../src/pipeline/load-knowledge.js';
import { resolveOptions } from '../../src/options.js';
import { parseNdjson, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'errenrich-line-errors-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const DEPTH = 5000;
const deepArray = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const poison = `{"Response":{"Error":{"Code":"AuthFailure","Message":${deepArray}}}}`;

describe('a value nested too deep for recursion', () => {
  it('inside a vendor payload (stdin): the lines before and after it come out, the payload is still detected, exit 0', async () => {
    const r = await runCli([], { input: `before\n${poison}\nafter\n`, timeoutMs: 15_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = parseNdjson(r.stdout) as Record<string, unknown>[];
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual({ message: 'before' });
    expect((out[1]!.vendor_error as { code: string }).code).toBe('AuthFailure');
    expect(r.stdout.toString().split('\n')[1]!.startsWith(poison.slice(0, -1))).toBe(true);
    expect(out[2]).toEqual({ message: 'after' });
  });

  it('--input json: the elements before and after the deep one come out, the deep one kept whole, exit 0', async () => {
    const file = join(dir, 'deep.json');
    writeFileSync(file, `[{"x":1},{"y":2},{"deep":${deepArray}},{"z":3}]`);
    const r = await runCli(['--input', 'json', file], { timeoutMs: 15_000 });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.toString().trimEnd().split('\n');
    expect(lines).toEqual(['{"x":1}', '{"y":2}', `{"deep":${deepArray}}`, '{"z":3}']);
  });

  it('--input json writes a record from its tokens, without recursion: a value nested 10^5 deep comes out byte-identical', async () => {
    const deep = `{"a":${'['.repeat(100_000)}1${']'.repeat(100_000)}}`;
    const out: Buffer[] = [];
    for await (const b of readJsonDocuments(Readable.from([Buffer.from(`[${deep},2]`)]), null)) out.push(b);
    expect(Buffer.concat(out).toString()).toBe(`${deep}\n2\n`);
  });
});

describe('whatever detection throws on', () => {
  it('the event comes out untouched, counted in failed_events and reported once per batch; the next events are enriched as usual', () => {
    const k = loadKnowledge();
    let calls = 0;
    const failing = {
      ...k,
      lookup: (req: Parameters<typeof k.lookup>[0]) => {
        calls += 1;
        if (req.code === 'Boom') throw new RangeError('Maximum call stack size exceeded');
        return k.lookup(req);
      },
    };
    const out: Buffer[] = [];
    const engine = createEngine(resolveOptions({}), failing, (c) => out.push(c));
    const reports: [number, string][] = [];
    engine.onEventFailures = (n, reason) => reports.push([n, reason]);
    engine.beginInput('-');
    const boom = '{"Response":{"Error":{"Code":"Boom","Message":"x"}}}';
    const good = '{"Response":{"Error":{"Code":"AuthFailure","Message":"x"}}}';
    engine.write(Buffer.from(`${boom}\nplain\n${good}\n`));
    engine.endInput();
    const lines = Buffer.concat(out).toString().trimEnd().split('\n');
    expect(lines[0]).toBe(boom);
    expect(lines[1]).toBe('{"message":"plain"}');
    expect(JSON.parse(lines[2]!).vendor_error.code).toBe('AuthFailure');
    expect(calls).toBeGreaterThan(1);
    expect(engine.summary.failedEvents).toBe(1);
    expect(reports).toEqual([[1, 'Maximum call stack size exceeded']]);
  });
});
