/**
 * Library-side helpers: feed bytes to createEnricher (src/index.ts) in chosen chunk sizes and
 * collect the NDJSON it produces.
 */
import { createEnricher, type EnricherOptions } from '../../src/index.js';

/** Chunk sizes: a fixed size, a list used cyclically, or a function of the chunk index. */
export type Chunking = number | readonly number[] | ((index: number) => number);

export function splitIntoChunks(input: Buffer, chunking: Chunking): Buffer[] {
  const size = typeof chunking === 'number' ? () => chunking : typeof chunking === 'function' ? chunking : (i: number) => chunking[i % chunking.length]!;
  const out: Buffer[] = [];
  for (let at = 0, i = 0; at < input.length; i++) {
    const n = Math.max(1, Math.floor(size(i)));
    out.push(input.subarray(at, at + n));
    at += n;
  }
  return out;
}

/** Writes `input` to a fresh enricher in chunks, ends it, and returns everything it emitted. */
export async function enrichInChunks(input: Buffer, chunking: Chunking, options: EnricherOptions = {}): Promise<Buffer> {
  const enricher = createEnricher({ flushMs: 0, ...options });
  const out: Buffer[] = [];
  enricher.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    enricher.on('end', resolve);
    enricher.on('error', reject);
  });
  for (const chunk of splitIntoChunks(input, chunking)) {
    // Copies: the enricher must not depend on the caller keeping a chunk unchanged.
    // Racing `done`: after an error there is no 'drain', and the error should fail the test at once.
    if (!enricher.write(Buffer.from(chunk))) await Promise.race([new Promise<void>((r) => enricher.once('drain', r)), done]);
  }
  enricher.end();
  await done;
  // Let I/O run: the enricher resolves through microtasks only, and a long property test that
  // never reaches the event loop's poll phase starves the test runner's RPC (vitest times out
  // after 60 s).
  await new Promise((resolve) => setImmediate(resolve));
  return Buffer.concat(out);
}
