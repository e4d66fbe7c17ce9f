/** Test helper: feed bytes to createEnricher in fixed-size chunks and collect its output. */
import { createEnricher, type EnricherOptions } from '../../src/index.js';

export async function enrichInChunks(input: Buffer, chunkSize: number, options: EnricherOptions = {}): Promise<string> {
  const t = createEnricher({ flushMs: 0, ...options });
  const out: Buffer[] = [];
  t.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    t.on('end', resolve);
    t.on('error', reject);
  });
  const size = chunkSize <= 0 ? Math.max(1, input.length) : chunkSize;
  for (let i = 0; i < input.length; i += size) t.write(input.subarray(i, i + size));
  t.end();
  await done;
  return Buffer.concat(out).toString('utf8');
}
