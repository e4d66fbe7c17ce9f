/**
 * Accuracy over a mixed fixture (test/fixtures/detect/accuracy.log, made by make-accuracy.mjs
 * next to it): every shape, SDK string and position, among realistic decoys. The ground truth
 * (accuracy.truth.ndjson) names vendor, code and service for the first line of each error event.
 *
 * A detection counts as true only with the right line, vendor and code. Recall and precision
 * must both be at least 99.5%; service agreement on true detections is reported and held to
 * the same bar.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { createEnricher } from '../../src/index.js';

interface Truth {
  line: number;
  vendor: string;
  code: string;
  service: string;
}
interface Found {
  line: number;
  vendor: string;
  code: string;
  service: string;
}

const read = (name: string) => readFileSync(new URL(`../fixtures/detect/${name}`, import.meta.url), 'utf8');

async function enrichStream(input: string): Promise<string[]> {
  const enricher = createEnricher({ multiline: 'stack', locate: true, flushMs: 0 });
  const chunks: Buffer[] = [];
  enricher.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    enricher.on('end', resolve);
    enricher.on('error', reject);
  });
  // Odd-sized chunks: events must not depend on where the bytes were cut.
  const bytes = Buffer.from(input);
  for (let i = 0; i < bytes.length; i += 4093) enricher.write(bytes.subarray(i, i + 4093));
  enricher.end();
  await done;
  return Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l !== '');
}

it('recall and precision ≥ 99.5% on accuracy.log', async () => {
  const log = read('accuracy.log');
  const truth = read('accuracy.truth.ndjson')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Truth);
  const physicalLines = log.endsWith('\n') ? log.split('\n').length - 1 : log.split('\n').length;
  expect(truth.length).toBeGreaterThanOrEqual(200);
  expect(physicalLines).toBeGreaterThanOrEqual(400);

  const records = await enrichStream(log);
  const found: Found[] = [];
  let covered = 0;
  for (const text of records) {
    const r = JSON.parse(text) as { input: { line: number; lines: number }; vendor_error?: Found & { errors?: Found[] } };
    covered += r.input.lines;
    const ve = r.vendor_error;
    if (!ve) continue;
    for (const e of ve.errors ?? [ve]) found.push({ line: r.input.line, vendor: e.vendor, code: e.code, service: e.service });
  }
  expect(covered).toBe(physicalLines); // every input line is in exactly one record

  const byLine = new Map(truth.map((t) => [t.line, t]));
  const matched = new Set<number>();
  const falsePositives: Found[] = [];
  const wrongService: [Truth, Found][] = [];
  for (const f of found) {
    const t = byLine.get(f.line);
    if (t && !matched.has(t.line) && t.vendor === f.vendor && t.code === f.code) {
      matched.add(t.line);
      if (t.service !== f.service) wrongService.push([t, f]);
    } else falsePositives.push(f);
  }
  const missed = truth.filter((t) => !matched.has(t.line));
  const tp = matched.size;
  const recall = tp / truth.length;
  const precision = found.length === 0 ? 0 : tp / found.length;
  const serviceAgreement = tp === 0 ? 0 : (tp - wrongService.length) / tp;

  console.log(
    `accuracy.log: ${physicalLines} lines, ${records.length} events, ${truth.length} errors — ` +
      `recall ${(recall * 100).toFixed(2)}% (${tp}/${truth.length}), precision ${(precision * 100).toFixed(2)}% (${tp}/${found.length}), ` +
      `service agreement ${(serviceAgreement * 100).toFixed(2)}%`,
  );
  if (missed.length > 0) console.log('missed:', missed.map((t) => `${t.line} ${t.vendor} ${t.code}`).join('; '));
  if (falsePositives.length > 0) console.log('false positives:', falsePositives.map((f) => `${f.line} ${f.vendor} ${f.code}`).join('; '));
  if (wrongService.length > 0) console.log('wrong service:', wrongService.map(([t, f]) => `${t.line} ${t.service}≠${f.service}`).join('; '));

  expect(recall).toBeGreaterThanOrEqual(0.995);
  expect(precision).toBeGreaterThanOrEqual(0.995);
  expect(serviceAgreement).toBeGreaterThanOrEqual(0.995);
});
