/**
 * `errenrich summary merge a.json b.json …`: the --summary-json files of several runs (the shards
 * of an Indexed Job) as one summary, equal to what one run over all their inputs would report.
 */
import { readFileSync } from 'node:fs';
import { OptionError } from '../options.js';
import { SummaryCounter, type SummaryData } from './summary.js';

export function mergeSummaries(parts: readonly SummaryData[]): SummaryData {
  const total = new SummaryCounter();
  for (const p of parts) {
    total.merge(p);
    total.filesOk += p.files.ok;
    total.failures.push(...p.files.failures);
  }
  return total.toJSON();
}

/** Reads and checks each file; a file that is not a summary is named, not half-merged. */
export function readSummaryFiles(paths: readonly string[]): SummaryData[] {
  if (paths.length === 0) throw new OptionError('summary merge: name at least one --summary-json file');
  return paths.map((path) => {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new OptionError(`summary merge: ${path}: ${(e as Error).message}`);
    }
    const problem = summaryShapeProblem(data);
    if (problem !== null) throw new OptionError(`summary merge: ${path} is not an errenrich --summary-json file (${problem})`);
    // Summaries written before failed_events was counted have none.
    return { failed_events: 0, ...(data as Omit<SummaryData, 'failed_events'>) } as SummaryData;
  });
}

function summaryShapeProblem(d: unknown): string | null {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return 'not a JSON object';
  const o = d as Record<string, unknown>;
  for (const k of ['lines', 'records', 'events_with_errors', 'errors', 'overlong_lines'])
    if (!Number.isInteger(o[k])) return `"${k}" is not an integer`;
  const files = o.files as Record<string, unknown> | undefined;
  if (typeof files !== 'object' || files === null || !Number.isInteger(files.ok) || !Array.isArray(files.failures)) return '"files" is missing or malformed';
  if (!Array.isArray(o.by_code)) return '"by_code" is not an array';
  for (const r of o.by_code as unknown[]) {
    const row = r as Record<string, unknown>;
    if (typeof row !== 'object' || row === null || typeof row.vendor !== 'string' || typeof row.service !== 'string' || typeof row.code !== 'string' || !Number.isInteger(row.count))
      return 'a "by_code" row lacks vendor, service, code or count';
  }
  return null;
}
