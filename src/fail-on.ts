/**
 * `--fail-on`: which enrichments make the run exit 3. Parsed once in the CLI into a plain spec that
 * can also be sent to task workers (functions cannot cross a worker boundary).
 */
import { CATEGORIES } from './catalog/types.js';
import type { Enrichment } from './enrich/build-enrichment.js';
import { OptionError } from './options.js';

/** "any", or the categories that count. */
export type FailOnSpec = 'any' | string[];

export function parseFailOn(spec: string | undefined): FailOnSpec | null {
  if (spec === undefined) return null;
  const parts = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new OptionError('--fail-on: give categories (comma-separated) or "any"');
  if (parts.includes('any')) return 'any';
  for (const p of parts)
    if (!(CATEGORIES as readonly string[]).includes(p)) throw new OptionError(`--fail-on: unknown category "${p}" (expected any or ${CATEGORIES.join(', ')})`);
  return parts;
}

export function matchesFailOn(spec: FailOnSpec, errors: readonly Enrichment[]): boolean {
  if (spec === 'any') return errors.length > 0;
  return errors.some((e) => spec.includes(e.category));
}
