/** Wires resolved options and loaded knowledge into an EnrichEngine. */
import type { ResolvedOptions } from '../options.js';
import { EnrichEngine } from './enrich-engine.js';
import type { Knowledge } from './load-knowledge.js';

export function createEngine(o: ResolvedOptions, k: Knowledge, emit: (chunk: Buffer) => void): EnrichEngine {
  const prefer: { vendor?: string; service?: string } = {};
  if (o.vendor) prefer.vendor = o.vendor;
  if (o.service) prefer.service = o.service;
  return new EnrichEngine(
    {
      rules: k.rules,
      lookup: k.lookup,
      target: o.target,
      schema: o.schema,
      lang: o.lang,
      prefer,
      errorsOnly: o.errorsOnly,
      locate: o.locate,
      // JSON documents arrive as NDJSON records; each is then framed like any line.
      input: o.input === 'json' ? 'auto' : o.input,
      multiline: o.multiline,
      maxEventLines: o.maxEventLines,
      maxEventBytes: o.maxEventBytes,
      maxLineBytes: o.maxLineBytes,
    },
    emit,
  );
}
