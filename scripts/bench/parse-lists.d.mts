// Types for parse-lists.mjs (plain JavaScript, no build step), for TypeScript callers and tests.

export function parseErrorRates(text: string | undefined): number[];

export function parseJobsList(text: string | undefined): number[];
