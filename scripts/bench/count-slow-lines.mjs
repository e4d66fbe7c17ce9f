/**
 * How many lines of a file the byte pre-filter sends to the slow path: with the literal test
 * alone (any trigger literal in the line) and with the value check at code keys (byteScan).
 * Usage: npm run build && node scripts/bench/count-slow-lines.mjs FILE…
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadRules } from '../../dist/detect/compile-rules.js';
import { hasCandidate } from '../../dist/detect/trigger-scan.js';

const rules = loadRules();
for (const file of process.argv.slice(2)) {
  let lines = 0;
  let literal = 0;
  let candidate = 0;
  const rl = createInterface({ input: createReadStream(file, { encoding: 'latin1' }), crlfDelay: Infinity });
  for await (const text of rl) {
    const bytes = Buffer.from(text, 'latin1');
    lines++;
    if (rules.triggers.some((t) => bytes.includes(t))) literal++;
    if (hasCandidate(bytes, rules.byteScan)) candidate++;
  }
  const pct = (n) => ((100 * n) / lines).toFixed(2) + '%';
  console.log(`${file}: ${lines} lines; any trigger literal: ${literal} (${pct(literal)}); candidates after the value check: ${candidate} (${pct(candidate)})`);
}
