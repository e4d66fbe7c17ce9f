/** Options of the enricher (library and CLI), their defaults and their validation. */
import type { Lang } from './catalog/types.js';
import { targetConflict, type Schema } from './enrich/apply-schema.js';
import type { InputFormat } from './framing/frame-events.js';
import { MIN_RECORD_CAP } from './output/cap-record-size.js';

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
  /**
   * Records longer than this many bytes (without the newline) are shortened: their longest strings
   * cut, marked `errenrich_cut` (a reader with a line limit, e.g. Fluent Bit's exec Buf_Size).
   * 0: no cap (default); otherwise at least 1024.
   */
  maxRecordBytes?: number;
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
  maxRecordBytes: 0,
  rulesDirs: [],
  catalogDirs: [],
};

/**
 * A usage or configuration error. Raised by the library, it names the option as the library
 * spells it (`maxLineBytes: …`) in `option`; the CLI words it with its flag (`--max-line-bytes: …`).
 */
export class OptionError extends Error {
  override name = 'OptionError';
  /** The library option at fault, when there is one. */
  readonly option: keyof EnricherOptions | undefined;
  constructor(message: string, option?: keyof EnricherOptions) {
    super(option === undefined ? message : `${option}: ${message}`);
    this.option = option;
  }
  /** The message without the option's name in front. */
  get reason(): string {
    return this.option === undefined ? this.message : this.message.slice(this.option.length + 2);
  }
}

/** `--lang` when none is given: Chinese when the locale is (LC_ALL, then LC_MESSAGES, then LANG). */
export function langFromLocale(env: Record<string, string | undefined>): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

const SCHEMAS = ['default', 'ecs', 'otel'];
const LANGS = ['en', 'zh'];
const INPUTS = ['auto', 'docker', 'cri', 'kubectl', 'text', 'json'];

export function resolveOptions(o: EnricherOptions = {}): ResolvedOptions {
  const r: ResolvedOptions = { ...DEFAULTS };
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (r as unknown as Record<string, unknown>)[k] = v;
  if (!SCHEMAS.includes(r.schema)) throw new OptionError(`must be one of ${SCHEMAS.join(', ')} (got "${r.schema}")`, 'schema');
  if (!LANGS.includes(r.lang)) throw new OptionError(`must be one of ${LANGS.join(', ')} (got "${r.lang}")`, 'lang');
  if (!INPUTS.includes(r.input)) throw new OptionError(`must be one of ${INPUTS.join(', ')} (got "${r.input}")`, 'input');
  if (r.multiline !== 'none' && r.multiline !== 'stack') throw new OptionError(`must be none or stack (got "${r.multiline}")`, 'multiline');
  if (typeof r.target !== 'string' || r.target === '') throw new OptionError('must be a non-empty field name', 'target');
  const clash = targetConflict(r.target, r.schema as Schema, r.locate === true);
  if (clash !== null) throw new OptionError(`${clash}; choose another name`, 'target');
  for (const k of ['maxLineBytes', 'maxEventLines', 'maxEventBytes'] as const)
    if (!Number.isInteger(r[k]) || r[k] < 1) throw new OptionError(`must be a positive integer (got ${String(r[k])})`, k);
  if (!Number.isFinite(r.flushMs) || r.flushMs < 0) throw new OptionError(`must be a number ≥ 0 (got ${String(r.flushMs)})`, 'flushMs');
  if (!Number.isInteger(r.maxRecordBytes) || (r.maxRecordBytes !== 0 && r.maxRecordBytes < MIN_RECORD_CAP))
    throw new OptionError(`must be 0 (no cap) or an integer ≥ ${MIN_RECORD_CAP} (got ${String(r.maxRecordBytes)})`, 'maxRecordBytes');
  return r;
}
