import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lineEndAtOrAfter, parsePrefixSizes, warmUpFigures } from '../../scripts/bench/fixed-costs.mjs';

describe('fixed-costs bench script', () => {
  const dir = mkdtempSync(join(tmpdir(), 'errenrich-fixed-costs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('cuts a prefix just past the first line end at or after the size asked for', () => {
    const f = join(dir, 'lines.log');
    writeFileSync(f, 'aaaa\nbbbb\ncccc'); // line ends at 4 and 9; no final newline
    expect(lineEndAtOrAfter(f, 0)).toBe(0);
    expect(lineEndAtOrAfter(f, 1)).toBe(5);
    expect(lineEndAtOrAfter(f, 5)).toBe(5); // byte 4 is the newline: the first 5 bytes end a line
    expect(lineEndAtOrAfter(f, 6)).toBe(10);
    expect(lineEndAtOrAfter(f, 11)).toBe(14); // no newline after: the whole file
    expect(lineEndAtOrAfter(f, 100)).toBe(14);
  });

  it('finds a line end beyond one read block', () => {
    const f = join(dir, 'long.log');
    writeFileSync(f, 'x'.repeat(200_000) + '\ny\n');
    expect(lineEndAtOrAfter(f, 10)).toBe(200_001);
  });

  it('warm-up figures: the step rates, the last one steady, and the one-off cost it implies', () => {
    const fig = warmUpFigures([
      { mb: 0, cpuS: 0.08 },
      { mb: 1, cpuS: 0.17 },
      { mb: 10, cpuS: 0.33 },
      { mb: 50, cpuS: 0.69 },
    ]);
    expect(fig.steps[0]).toBeNull();
    expect(fig.steps[1]).toBeCloseTo(90, 6);
    expect(fig.steps[2]).toBeCloseTo(160 / 9, 6);
    expect(fig.steadyMsPerMiB).toBeCloseTo(9, 6);
    expect(fig.oneOffS).toBeCloseTo(0.69 - 0.45, 6);
  });

  it('one size gives no rate', () => {
    expect(warmUpFigures([{ mb: 50, cpuS: 0.7 }])).toEqual({ steps: [null], steadyMsPerMiB: null, oneOffS: null });
  });

  it('prefix sizes: numbers ≥ 0, sorted, each once; anything else is refused', () => {
    expect(parsePrefixSizes('10,0,5,5')).toEqual([0, 5, 10]);
    expect(() => parsePrefixSizes('1,-2')).toThrow(/--prefix-mb/);
    expect(() => parsePrefixSizes('a')).toThrow(/--prefix-mb/);
    expect(() => parsePrefixSizes('')).toThrow(/--prefix-mb/);
  });
});
