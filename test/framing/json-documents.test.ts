/** --input json: whole JSON documents, streamed with stream-json, one record per element. */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonDocuments } from '../../src/framing/read-json-documents.js';

async function records(text: string, path: string[] | null, chunk = 7): Promise<unknown[]> {
  const buf = Buffer.from(text);
  const pieces: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) pieces.push(buf.subarray(i, i + chunk));
  const out: string[] = [];
  for await (const b of readJsonDocuments(Readable.from(pieces), path)) out.push(b.toString());
  return out.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
}

describe('readJsonDocuments', () => {
  it('splits a top-level array into its elements, whatever the chunking', async () => {
    const doc = '[{"a":1},{"Response":{"Error":{"Code":"X"}}}, 3, "s", null, [1,2]]';
    for (const chunk of [1, 3, 64]) expect(await records(doc, null, chunk)).toEqual([{ a: 1 }, { Response: { Error: { Code: 'X' } } }, 3, 's', null, [1, 2]]);
  });

  it('reads concatenated values (a stream of documents) and whole top-level objects', async () => {
    expect(await records('{"a":1} {"b":2}\n[{"c":3}]', null)).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });

  it('--path items: the elements of the selected array (kubectl get events -o json); the rest is skipped', async () => {
    const list = JSON.stringify({ apiVersion: 'v1', items: [{ code: 4030002, message: 'q' }, { b: 1 }], kind: 'List', metadata: { x: [1] } });
    expect(await records(list, ['items'])).toEqual([{ code: 4030002, message: 'q' }, { b: 1 }]);
    expect(await records(JSON.stringify({ data: { logs: [{ n: 1 }] } }), ['data', 'logs'])).toEqual([{ n: 1 }]);
    expect(await records(JSON.stringify({ data: { one: { n: 1 } } }), ['data', 'one'])).toEqual([{ n: 1 }]);
  });

  it('a malformed document fails with an error after the records read before it', async () => {
    const out: string[] = [];
    await expect(
      (async () => {
        for await (const b of readJsonDocuments(Readable.from([Buffer.from('[{"a":1},{"b":')]), null)) out.push(b.toString());
      })(),
    ).rejects.toThrow();
    expect(out.join('')).toBe('{"a":1}\n');
  });

  it('writes each record as JSON.stringify would, whatever the value and the chunking (full Unicode, lone surrogates, escapes, any spacing)', async () => {
    // Characters that stress the writer: surrogate halves (a pair may be split between two chunks), escapes, U+2028, NUL.
    const unit = fc.oneof(fc.constantFrom('\ud83d', '\ude00', '\u{1f600}', '"', '\\', '\n', '\u2028', '\u0000', 'é', '中'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
    const value = fc.jsonValue({ maxDepth: 4, stringUnit: unit });
    await fc.assert(
      fc.asyncProperty(fc.array(value, { maxLength: 5 }), fc.integer({ min: 1, max: 300 }), fc.boolean(), async (vs, chunk, pretty) => {
        const doc = pretty ? JSON.stringify(vs, null, 2) : JSON.stringify(vs);
        expect(await text(doc, null, chunk)).toBe(vs.map((v) => JSON.stringify(v) + '\n').join(''));
      }),
      { numRuns: 200 },
    );
  });

  it('a surrogate pair the tokenizer splits between two string chunks is written as the character, not as two escapes', async () => {
    const v = { ['k'.repeat(255) + '\u{1f600}']: 'a'.repeat(255) + '\u{1f600}' };
    expect(await text(JSON.stringify([v]), null, 4096)).toBe(JSON.stringify(v) + '\n');
  });

  it('keeps numbers, key order and duplicate keys as written (a record is never assembled into a value)', async () => {
    const rec = '{"b":1e999,"1":18446744073709551617,"c":1.0,"c":-0,"d":[1E+2]}';
    expect(await text(`[${rec}, 1e999]`, null)).toBe(`${rec}\n1e999\n`);
  });

  it('a record far longer than what is held comes out whole, in pieces, its text identical', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024) + '\u00e9\ud83d\ude00"\\';
    const doc = JSON.stringify([{ a: 1 }, { message: big, code: 'A' }, big, { b: 2 }]);
    const pieces: Buffer[] = [];
    for await (const b of readJsonDocuments(Readable.from([Buffer.from(doc)]), null)) pieces.push(b);
    expect(pieces.length).toBeGreaterThan(2);
    expect(Buffer.concat(pieces).toString()).toBe(['{"a":1}', JSON.stringify({ message: big, code: 'A' }), JSON.stringify(big), '{"b":2}', ''].join('\n'));
  });

  it('a long key off the path is not kept, a chunked key on it still matches', async () => {
    const doc = JSON.stringify({ ['k'.repeat(100_000)]: [{ no: 1 }], items: [{ yes: 1 }] });
    expect(await records(doc, ['items'], 3)).toEqual([{ yes: 1 }]);
  });

  it('a document that breaks inside a record already streamed on: the text read of it ends its line, then the error', async () => {
    const doc = `[{"a":1},{"m":"${'y'.repeat(1024 * 1024)}`;
    const out: Buffer[] = [];
    await expect(
      (async () => {
        for await (const b of readJsonDocuments(Readable.from([Buffer.from(doc), Buffer.from('"}x')]), null)) out.push(b);
      })(),
    ).rejects.toThrow();
    const lines = Buffer.concat(out).toString().split('\n');
    expect(lines[0]).toBe('{"a":1}');
    expect(lines[1]!.startsWith('{"m":"yyy')).toBe(true);
    expect(lines[1]!.length).toBeGreaterThan(256 * 1024);
    expect(lines[2]).toBe('');
    expect(lines).toHaveLength(3);
  });
});

async function text(doc: string, path: string[] | null, chunk = 7): Promise<string> {
  const buf = Buffer.from(doc);
  const out: Buffer[] = [];
  async function* pieces() {
    for (let i = 0; i < buf.length; i += chunk) yield buf.subarray(i, i + chunk);
  }
  for await (const b of readJsonDocuments(Readable.from(pieces()), path)) out.push(b);
  return Buffer.concat(out).toString();
}
