// Types for cpu-bounds.mjs (plain JavaScript, no build step), for TypeScript callers and tests.

export function ratioBound(o: { mibPerCpuS: number | null | undefined; cores: number; referenceMibPerS: number | null | undefined }): number | null;

export function cheapestMibPerCpuS(rows: readonly ({ cpuMibPerS?: number | null } | null | undefined)[]): number | null;
