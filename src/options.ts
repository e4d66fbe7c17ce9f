/** Options of the enricher (library and CLI), their defaults and their validation. */
import type { Lang } from './catalog/types.js';
import { targetConflict, type Schema } from './enrich/apply-schema.js';
import type { InputFormat } from './framing/frame-events.js';

export interface EnricherOptions {
  /** Field the enrichment goes under. Default "vendor_error". */
  target?: string;
  schema?: Schema;
  lang?: Lang;
  /** Framing of lines, or "json": whole JSON documents read with stream-json. */
  input?: InputFormat | 'json';
  /** With input json: dotted path of the value whose elements are records. */
  jsonPath?: string;
  multiline?: 'none' | 'stack';
  maxLineBytes?: number;
  maxEventLines?: number;
  maxEventBytes?: number;
  /** A held multi-line/partial event is emitted after this many ms without input. 0: never. */
  flushMs?: number;
  errorsOnly?: boolean;
  /** Prefer this vendor/service when a payload fits several catalogs. */
  vendor?: string;
  service?: string;
  /** Add `input: {file, line, lines}` to records. */
  locate?: boolean;
  /** Name reported as `input.file` (stream API). Default "-". */
  sourceName?: string;
  rulesDirs?: string[];
  catalogDirs?: string[];
}

export type ResolvedOptions = Required<Omit<EnricherOptions, 'vendor' | 'service'>> & Pick<EnricherOptions, 'vendor' | 'service'>;

export const DEFAULTS: ResolvedOptions = {
  target: 'vendor_error',
  schema: 'default',
  lang: 'en',
  input: 'auto',
  jsonPath: '',
  multiline: 'none',
  maxLineBytes: 1024 * 1024,
  maxEventLines: 500,
  maxEventBytes: 1024 * 1024,
  flushMs: 1000,
  errorsOnly: false,
  locate: false,
  sourceName: '-',
  rulesDirs: [],
  catalogDirs: [],
};

export class OptionError extends Error {
  override name = 'OptionError';
}

const SCHEMAS = ['default', 'ecs', 'otel'];
const LANGS = ['en', 'zh'];
const INPUTS = ['auto', 'docker', 'cri', 'kubectl', 'text', 'json'];

export function resolveOptions(o: EnricherOptions = {}): ResolvedOptions {
  const r: ResolvedOptions = { ...DEFAULTS };
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (r as unknown as Record<string, unknown>)[k] = v;
  if (!SCHEMAS.includes(r.schema)) throw new OptionError(`--schema: must be one of ${SCHEMAS.join(', ')} (got "${r.schema}")`);
  if (!LANGS.includes(r.lang)) throw new OptionError(`--lang: must be one of ${LANGS.join(', ')} (got "${r.lang}")`);
  if (!INPUTS.includes(r.input)) throw new OptionError(`--input: must be one of ${INPUTS.join(', ')} (got "${r.input}")`);
  if (r.multiline !== 'none' && r.multiline !== 'stack') throw new OptionError(`--multiline: must be none or stack (got "${r.multiline}")`);
  if (typeof r.target !== 'string' || r.target === '') throw new OptionError('--target: must be a non-empty field name');
  const clash = targetConflict(r.target, r.schema as Schema, r.locate === true);
  if (clash !== null) throw new OptionError(`--target: ${clash}; choose another name`);
  for (const k of ['maxLineBytes', 'maxEventLines', 'maxEventBytes'] as const)
    if (!Number.isInteger(r[k]) || r[k] < 1) throw new OptionError(`--${kebab(k)}: must be a positive integer (got ${String(r[k])})`);
  if (!Number.isFinite(r.flushMs) || r.flushMs < 0) throw new OptionError(`--flush-ms: must be a number ≥ 0 (got ${String(r.flushMs)})`);
  return r;
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}
