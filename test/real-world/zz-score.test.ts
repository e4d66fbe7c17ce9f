import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { codesFound } from './real-world.test.js';
it('score', () => {
  const dir = process.env.RW ?? '/work/wt/detect/test/fixtures/real-world/';
  const P = readFileSync(dir + 'positives.ndjson', 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const N = readFileSync(dir + 'negatives.ndjson', 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  let tp = 0; const miss: string[] = []; const fp: string[] = [];
  for (const e of P) { const f = codesFound(e.text); if (f.some((x) => x.code === e.code)) tp++; else miss.push(`${e.id} [${e.form}] want ${e.code} got ${JSON.stringify(f)} :: ${e.text.slice(0, 300).replace(/\n/g, '⏎')}`); }
  for (const e of N) { const f = codesFound(e.text); if (f.length) fp.push(`${e.id} [${e.form}] ${JSON.stringify(f)} :: ${e.text.slice(0, 200).replace(/\n/g, '⏎')}`); }
  console.log(`recall ${tp}/${P.length} = ${(100 * tp / P.length).toFixed(1)}%  FP ${fp.length}/${N.length}`);
  console.log('MISSES\n' + miss.join('\n')); console.log('FPS\n' + fp.join('\n'));
});
