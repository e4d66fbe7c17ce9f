/** Wires resolved options and loaded knowledge into an EnrichEngine. */
import type { ResolvedOptions } from '../options.js';
import { EnrichEngine } from './enrich-engine.js';
import type { Knowledge } from './load-knowledge.js';
import type { ProcessOptions } from './process-event.js';

/** How records are built, from the options: what every engine (in process or in a worker) shares. */
export function recordSettings(o: ResolvedOptions): Omit<ProcessOptions, 'rules' | 'lookup' | 'catalogMessages' | 'locate'> {
  const prefer: { vendor?: string; service?: string } = {};
  if (o.vendor) prefer.vendor = o.vendor;
  if (o.service) prefer.service = o.service;
  return { target: o.target, schema: o.schema, lang: o.lang, prefer, errorsOnly: o.errorsOnly };
}

export function createEngine(o: ResolvedOptions, k: Knowledge, emit: (chunk: Buffer) => void): EnrichEngine {
  return new EnrichEngine(
    {
      rules: k.rules,
      lookup: k.lookup,
      catalogMessages: k.catalogMessages,
      ...recordSettings(o),
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
