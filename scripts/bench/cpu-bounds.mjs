/**
 * What CPU time alone allows on the bench machine. A run cannot end before its CPU seconds,
 * spread over every core, are spent: wall ≥ CPU ÷ cores. So the most any arrangement of threads or
 * processes can reach, at a given CPU cost per byte, is `cores × (MiB per CPU-second)` MiB/s. The
 * bench divides that by a reference's MiB/s to show the best ratio a target could reach on this
 * machine without making each byte cheaper to process.
 */

/**
 * The best ratio to `referenceMibPerS` reachable with `cores` CPUs busy all the time at
 * `mibPerCpuS` (MiB per CPU-second). Null when an input is missing (CPU time not measured).
 */
export function ratioBound({ mibPerCpuS, cores, referenceMibPerS }) {
  if (!(mibPerCpuS > 0) || !(cores >= 1) || !(referenceMibPerS > 0)) return null;
  return (cores * mibPerCpuS) / referenceMibPerS;
}

/** The cheapest of the measured rows (highest MiB per CPU-second), or null if none has CPU time. */
export function cheapestMibPerCpuS(rows) {
  let best = null;
  for (const r of rows) if (r && r.cpuMibPerS > 0 && (best === null || r.cpuMibPerS > best)) best = r.cpuMibPerS;
  return best;
}
