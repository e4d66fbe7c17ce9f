// Types for fixed-costs.mjs (plain JavaScript, no build step), for TypeScript callers and tests.

export function parsePrefixSizes(text: string): number[];

export function lineEndAtOrAfter(file: string, bytes: number): number;

export function warmUpFigures(points: readonly { mb: number; cpuS: number }[]): { steps: (number | null)[]; steadyMsPerMiB: number | null; oneOffS: number | null };
