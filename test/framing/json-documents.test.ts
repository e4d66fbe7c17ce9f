/** --input json: whole JSON documents, streamed with stream-json, one record per element. */
import { Readable } from 'node:stream';
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
});
