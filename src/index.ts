/**
 * errenrich as a library (an ES module package: from CommonJS, `await import('errenrich')`).
 * Invalid options throw OptionError naming the option as spelled here (`maxLineBytes: …`).
 *
 *   import { createEnricher, enrichLine } from 'errenrich';
 *   process.stdin.pipe(createEnricher({ schema: 'ecs' })).pipe(process.stdout);
 *   enrichLine('{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"…"}}}');
 */
import { Transform, type TransformCallback } from 'node:stream';
import { OptionError, resolveOptions, type EnricherOptions, type ResolvedOptions } from './options.js';
import { createEngine } from './pipeline/create-engine.js';
import { loadKnowledge, type Knowledge } from './pipeline/load-knowledge.js';
import { createIdleFlush, createInputEngine } from './run/input-engine.js';
import { capRecord, RecordSizeCap } from './output/cap-record-size.js';

export type { EnricherOptions } from './options.js';
export { OptionError } from './options.js';

/**
 * `input: 'json'` (whole JSON documents, read with stream-json) is the CLI's file and stdin mode;
 * a line-at-a-time Transform or a single line cannot honour it, so it is refused rather than read
 * as something else.
 */
function resolveLineOptions(options: EnricherOptions, api: string): ResolvedOptions {
  const o = resolveOptions(options);
  if (o.input === 'json') throw new OptionError(`${api}: input "json" (whole JSON documents) is not supported here; use the CLI's --input json, or input "auto" for NDJSON lines`);
  return o;
}
export type { Enrichment } from './enrich/build-enrichment.js';
export type { Knowledge } from './pipeline/load-knowledge.js';
export { loadKnowledge } from './pipeline/load-knowledge.js';
export { RuleError } from './detect/compile-rules.js';
export * from './catalog/index.js';

const knowledgeCache = new Map<string, Knowledge>();

/** Rules and catalogs for these options, loaded once per distinct set of directories. */
function knowledgeFor(o: { rulesDirs: string[]; catalogDirs: string[] }): Knowledge {
  const key = JSON.stringify([o.rulesDirs, o.catalogDirs]);
  let k = knowledgeCache.get(key);
  if (!k) {
    k = loadKnowledge({ rulesDirs: o.rulesDirs, catalogDirs: o.catalogDirs });
    knowledgeCache.set(key, k);
  }
  return k;
}

/**
 * A Transform: bytes of log lines in, NDJSON out (one record per line or joined event).
 * Events held for a continuation are emitted after `flushMs` of silence and at the end.
 */
export function createEnricher(options: EnricherOptions = {}, knowledge?: Knowledge): Transform {
  const o = resolveLineOptions(options, 'createEnricher');
  const k = knowledge ?? knowledgeFor(o);
  // eslint-disable-next-line prefer-const
  let transform: Transform;
  // Records longer than maxRecordBytes are shortened on their way out, as the CLI's are.
  const cap = o.maxRecordBytes > 0 ? new RecordSizeCap(o.maxRecordBytes, (chunk) => transform.push(chunk)) : null;
  const push = cap ? (chunk: Buffer) => cap.push(chunk) : (chunk: Buffer) => transform.push(chunk);
  const { engine } = createInputEngine({ options: o, knowledge: () => k, failOn: null, emit: push });
  engine.beginInput(o.sourceName);
  const idle = createIdleFlush(engine, o.flushMs, true);
  transform = new Transform({
    transform(chunk: Buffer | string, _enc, cb: TransformCallback) {
      try {
        engine.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        idle.arm();
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
    flush(cb: TransformCallback) {
      idle.cancel();
      try {
        engine.endInput();
        cap?.end();
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
  });
  return transform;
}

/**
 * Enriches one line; returns the output record as JSON text (no newline) — the exact bytes the
 * CLI would write, so fields and key order are kept; `JSON.parse` it for an object. Null with
 * errorsOnly and no error.
 */
export function enrichLine(line: string, options: EnricherOptions = {}, knowledge?: Knowledge): string | null {
  const o = resolveLineOptions(options, 'enrichLine');
  const k = knowledge ?? knowledgeFor(o);
  const parts: Buffer[] = [];
  const engine = createEngine(o, k, (c) => parts.push(c));
  engine.beginInput(o.sourceName);
  engine.write(Buffer.from(line.endsWith('\n') ? line : line + '\n'));
  engine.endInput();
  const bytes = Buffer.concat(parts);
  if (bytes.length === 0) return null;
  const record = bytes[bytes.length - 1] === 0x0a ? bytes.subarray(0, -1) : bytes;
  return (o.maxRecordBytes > 0 ? capRecord(record, o.maxRecordBytes) : record).toString('utf8');
}
