/**
 * Gzip followed by bytes that are not gzip (issue 19, item 7): everything decoded comes out, then
 * a warning like `gzip -d`'s, exit 0. Node's Gunzip failed on the tail and dropped the output of
 * the whole chunk it arrived in (nothing for a small file, the last 1,563 lines of 200,000).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GunzipMembers } from '../../src/input/gunzip-members.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'errenrich-gztail-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

async function gunzipAll(chunks: Buffer[]): Promise<{ out: Buffer; garbage: number }> {
  const g = new GunzipMembers();
  const parts: Buffer[] = [];
  for await (const c of Readable.from(chunks).pipe(g)) parts.push(c as Buffer);
  return { out: Buffer.concat(parts), garbage: g.trailingGarbage };
}

function cut(b: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (b.length + 1)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of at) {
    out.push(b.subarray(from, p));
    from = p;
  }
  out.push(b.subarray(from));
  return out.filter((c) => c.length > 0);
}

describe('GunzipMembers', () => {
  it('any chunking of members, zero padding and a garbage tail: the same bytes as the members decoded, the garbage counted', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 3000 }), { minLength: 1, maxLength: 3 }),
        fc.nat(20),
        fc.uint8Array({ maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        async (members, zeros, garbage, points, named) => {
          const gz: Buffer[] = members.map((m) => gzipSync(m));
          if (named) gz[0] = withName(gz[0]!);
          const tail = garbage.length > 0 && garbage[0] !== 0 && garbage[0] !== 0x1f ? Buffer.from(garbage) : Buffer.alloc(0);
          const whole = Buffer.concat([...gz, Buffer.alloc(zeros), tail]);
          const r = await gunzipAll(cut(whole, points));
          expect(r.out.equals(Buffer.concat(members.map((m) => Buffer.from(m))))).toBe(true);
          expect(r.garbage).toBe(tail.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a member cut short is still an error, after what it decoded', async () => {
    const gz = gzipSync(Buffer.from(lines(5000)));
    await expect(gunzipAll([gz.subarray(0, gz.length - 4)])).rejects.toThrow(/unexpected end of file/);
    const bad = Buffer.from(gz);
    bad[bad.length - 8]! ^= 0xff; // CRC
    await expect(gunzipAll([bad])).rejects.toThrow(/incorrect data check/);
  });
});

/** The same member with the FNAME flag and a file name in its header. */
function withName(gz: Buffer): Buffer {
  const head = Buffer.from(gz.subarray(0, 10));
  head[3] = head[3]! | 8;
  return Buffer.concat([head, Buffer.from('name.log\0'), gz.subarray(10)]);
}

describe('the CLI on gzip with trailing garbage', () => {
  it('two lines then "GARBAGE" (file and stdin): both records, a warning naming the input, exit 0', async () => {
    const file = join(dir, 't.gz');
    writeFileSync(file, Buffer.concat([gzipSync('one\ntwo\n'), Buffer.from('GARBAGE')]));
    for (const [args, input] of [[[file], undefined], [[], readFileSync(file)]] as const) {
      const r = await runCli([...args], { input, timeoutMs: 10_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.toString()).toBe('{"message":"one"}\n{"message":"two"}\n');
      expect(r.stderr).toContain('trailing garbage ignored');
    }
  });

  it('200,000 lines then garbage: every line out', async () => {
    const file = join(dir, 'big.gz');
    writeFileSync(file, Buffer.concat([gzipSync(lines(200_000)), Buffer.from('GARBAGE\n')]));
    const r = await runCli(['--errors-only', '--summary-json', join(dir, 'big.json'), file], { timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'big.json'), 'utf8')).lines).toBe(200_000);
  });
});
