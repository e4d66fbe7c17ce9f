import { describe, expect, it } from 'vitest';
import { cheapestMibPerCpuS, ratioBound } from '../../scripts/bench/cpu-bounds.mjs';

describe('bench CPU bounds', () => {
  it('a run that keeps one of two CPUs busy can gain at most 2× from parallelism', () => {
    // 100 MiB in 4 s wall using 4 CPU-s: 25 MiB/s, 25 MiB per CPU-s.
    expect(ratioBound({ mibPerCpuS: 25, cores: 2, referenceMibPerS: 25 })).toBeCloseTo(2, 10);
  });

  it('background CPU (compiler, GC threads) lowers the bound: --jobs 1 at 3.22 s wall and 3.79 CPU-s', () => {
    const mib = 200;
    const bound = ratioBound({ mibPerCpuS: mib / 3.79, cores: 2, referenceMibPerS: mib / 3.22 });
    expect(bound).toBeCloseTo((2 * 3.22) / 3.79, 10);
    expect(bound).toBeLessThan(1.71);
  });

  it('against another tool: cores × MiB per CPU-s over its MiB/s', () => {
    // jq at 29.4 MiB/s; errenrich's cheapest cost 52.8 MiB per CPU-s on 2 CPUs: at most 3.59×.
    expect(ratioBound({ mibPerCpuS: 52.8, cores: 2, referenceMibPerS: 29.4 })).toBeCloseTo(3.592, 3);
  });

  it('no bound without CPU time, cores or a reference', () => {
    expect(ratioBound({ mibPerCpuS: null, cores: 2, referenceMibPerS: 10 })).toBeNull();
    expect(ratioBound({ mibPerCpuS: 10, cores: 0, referenceMibPerS: 10 })).toBeNull();
    expect(ratioBound({ mibPerCpuS: 10, cores: 2, referenceMibPerS: undefined })).toBeNull();
  });

  it('the cheapest row is the one with the most MiB per CPU-second; rows without CPU time are skipped', () => {
    expect(cheapestMibPerCpuS([{ cpuMibPerS: 41.3 }, null, { cpuMibPerS: null }, { cpuMibPerS: 52.8 }, undefined])).toBe(52.8);
    expect(cheapestMibPerCpuS([{ cpuMibPerS: null }, {}])).toBeNull();
  });
});
