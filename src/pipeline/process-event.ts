/**
 * One framed event → one output record (a JSON text without its newline), plus the enrichments
 * found: which path an event takes (the fast one writes bytes, the slow one decodes and detects).
 * The record forms themselves are built in output/build-record.ts.
 */
import { isUtf8 } from 'node:buffer';
import type { CatalogMessage } from '../catalog/catalog-messages.js';
import type { Lang, LookupCandidate, LookupRequest } from '../catalog/types.js';
import { detectByMessage, detectInText, detectInValue, hintedServices, stringHasTrigger, type DetectContext } from '../detect/detect-payloads.js';
import { hasCandidate } from '../detect/trigger-scan.js';
import type { CompiledRules } from '../detect/rule-types.js';
import { enrichmentFields, type Schema } from '../enrich/apply-schema.js';
import { buildEnrichment, type Enrichment } from '../enrich/build-enrichment.js';
import type { Preference } from '../enrich/choose-candidate.js';
import { WHOLE_LINE, type EventKind, type FastLineLayout, type FramedEvent } from '../framing/frame-events.js';
import { isJsonObjectBytes } from '../framing/validate-json-bytes.js';
import { criRecordText, finishRecordText, kubectlRecordText, messageRecordText, writeCriRecord, writeJsonObjectRecord, writeMessageRecord } from '../output/build-record.js';
import type { OutputArena } from '../output/output-arena.js';

export interface ProcessOptions {
  rules: CompiledRules;
  lookup: (req: LookupRequest) => LookupCandidate[];
  /** The catalogs' message texts for rules of shape "message" (none when absent). */
  catalogMessages?: (catalogIds: readonly string[]) => readonly CatalogMessage[];
  target: string;
  schema: Schema;
  lang: Lang;
  prefer: Preference;
  errorsOnly: boolean;
  /** `--locate`: the input's name for `input.file`; null when off. */
  locate: string | null;
}

export interface ProcessedEvent {
  /** The output record's JSON text, without newline; a Buffer when passed through untouched. */
  record: string | Buffer;
  errors: Enrichment[];
}

const NO_ERRORS: Enrichment[] = [];

/**
 * The fast path: a single untouched line with no trigger literal cannot hold a payload. Its record
 * is written straight into the output arena from the line's bytes — JSON objects as they are,
 * text and CRI lines wrapped — without decoding. Returns false when the event needs the slow path
 * (a trigger, invalid UTF-8, broken JSON, --locate …); true when it was handled (written, or
 * dropped by --errors-only).
 */
export function writeFastRecord(ev: FramedEvent, opts: ProcessOptions, out: OutputArena): boolean {
  const bytes = ev.bytes;
  if (bytes === null || opts.locate !== null || (ev.triggered ?? hasCandidate(bytes, opts.rules.byteScan))) return false;
  if (opts.errorsOnly) return true;
  if (!(ev.utf8 ?? isUtf8(bytes))) return false;
  return writeUntouchedRecord(out, bytes, 0, bytes.length, ev.kind, ev.kind === 'cri' ? (ev.criPos ?? null) : WHOLE_LINE);
}

/**
 * A complete line the engine's fast lane took straight from its chunk: valid UTF-8, no trigger,
 * nothing held, `layout` from framing's fastLineLayout. False: it needs the slow path after all
 * (a line that starts with "{" but is not valid JSON); nothing was written then.
 */
export function writeFastLine(out: OutputArena, b: Buffer, start: number, end: number, kind: EventKind, layout: FastLineLayout, errorsOnly: boolean): boolean {
  if (errorsOnly) return true;
  return writeUntouchedRecord(out, b, start, end, kind, layout);
}

/** The record of a line nothing was found in, cut from its bytes; false (nothing written) when its bytes cannot be used as they are. */
function writeUntouchedRecord(out: OutputArena, b: Buffer, start: number, end: number, kind: EventKind, layout: FastLineLayout | null): boolean {
  if (kind === 'cri') {
    if (layout === null || layout === WHOLE_LINE) return false;
    writeCriRecord(out, b, start, end, layout);
    return true;
  }
  if (start < end && b[start] === 0x7b) {
    if (!isJsonObjectBytes(b, start, end)) return false;
    writeJsonObjectRecord(out, b, start, end);
    return true;
  }
  if (kind !== 'line') return false;
  const pad = paddingBeforeObject(b, start, end);
  if (pad > 0 && isJsonObjectBytes(b, start + pad, end)) {
    // Blanks before the object are JSON whitespace and stay; a UTF-8 BOM is not JSON and goes.
    writeJsonObjectRecord(out, b, hasBom(b, start, end) ? start + 3 : start, end);
    return true;
  }
  writeMessageRecord(out, b, start, end);
  return true;
}

/** `failures`: what went wrong on this event, if anything (see processGuarded). */
export function processEvent(ev: FramedEvent, opts: ProcessOptions, failures?: Failures): ProcessedEvent | null {
  return processGuarded(ev, opts, failures);
}

/** Events whose detection or enrichment threw: how many, and the first one's reason. */
export interface Failures {
  count: number;
  first: string | null;
}

/**
 * An error on one event never ends a stream: whatever detection or enrichment throws on (a value
 * nested too deep for a recursive step, a bug), the event comes out as it would with no payload
 * found — its record untouched — and is counted in `failures` for the caller to warn about.
 */
function processGuarded(ev: FramedEvent, opts: ProcessOptions, failures: Failures | undefined): ProcessedEvent | null {
  try {
    return processSlow(ev, opts, true);
  } catch (e) {
    if (failures) {
      failures.count += 1;
      failures.first ??= e instanceof Error ? e.message : String(e);
    }
    try {
      return processSlow(ev, opts, false);
    } catch {
      return opts.errorsOnly ? null : { record: textBase(rawText(ev), false).text, errors: NO_ERRORS };
    }
  }
}

function rawText(ev: FramedEvent): string {
  return ev.text ?? (ev.bytes !== null ? ev.bytes.toString('utf8') : '');
}

/** A processed event's record and its newline, into the arena. */
export function writeProcessedRecord(r: ProcessedEvent, out: OutputArena): void {
  if (typeof r.record === 'string') out.text(r.record);
  else out.bytes(r.record);
  out.byte(0x0a);
}

/** The record before enrichment: its JSON text, a key test, and the text detection looks at. */
interface Base {
  text: string;
  has: (key: string) => boolean;
  /** Parsed value to search (JSON records), else null. */
  value: unknown;
  /** Application text to search (Docker log, CRI message, plain line). */
  appText: string | null;
  invalidUtf8: boolean;
}

/** `detect`: false to output the event as it would be with no payload (after detection failed on it). */
function processSlow(ev: FramedEvent, opts: ProcessOptions, detect: boolean): ProcessedEvent | null {
  const base = buildBase(ev);
  const eventText = ev.text ?? base.text;
  const ctx: DetectContext = { rules: opts.rules, lookup: opts.lookup, eventText };
  if (opts.catalogMessages) ctx.catalogMessages = opts.catalogMessages;
  let errors: Enrichment[] = NO_ERRORS;
  if (detect && mayHoldPayload(eventText, opts.rules)) {
    const found = base.value !== null ? detectInValue(base.value, ctx) : [];
    if (found.length === 0 && base.appText !== null) found.push(...detectAppText(base.appText, ctx));
    // No code anywhere: the vendor's message may still name it (never above a code found).
    if (found.length === 0 && ctx.rules.messageRules.length > 0) found.push(...detectByMessage(base.appText ?? eventText, ctx));
    if (found.length > 0) {
      const hintsOf = () => hintedServices(ctx);
      errors = found.map((d) => buildEnrichment(d, hintsOf, { lang: opts.lang, prefer: opts.prefer }));
    }
  }
  if (opts.errorsOnly && errors.length === 0) return null;
  const pairs: [string, unknown][] = errors.length > 0 ? enrichmentFields(errors, base.has, opts.target, opts.schema) : [];
  const where =
    opts.locate === null ? null : { file: opts.locate, line: ev.firstLine, lines: ev.lineCount, ...(ev.lineNumbers !== undefined ? { lineNumbers: ev.lineNumbers } : {}) };
  return { record: finishRecordText(base.text, base.has, pairs, base.invalidUtf8, where), errors };
}

function mayHoldPayload(text: string, rules: CompiledRules): boolean {
  return stringHasTrigger(text, rules);
}

/** Application text: a JSON object is searched as a value, anything else as text. */
function detectAppText(text: string, ctx: DetectContext) {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    const v = parseObject(trimmed);
    if (v !== null) {
      const found = detectInValue(v, ctx);
      if (found.length > 0) return found;
      return detectInText(text, ctx, true);
    }
  }
  return detectInText(text, ctx);
}

function buildBase(ev: FramedEvent): Base {
  let invalidUtf8 = ev.invalidUtf8 === true;
  const decode = (b: Buffer) => {
    if (!isUtf8(b)) invalidUtf8 = true;
    return b.toString('utf8');
  };
  switch (ev.kind) {
    case 'docker': {
      const record = ev.docker ?? parseObject(decode(ev.bytes!));
      if (record === null) return textBase(ev.text ?? decode(ev.bytes!), invalidUtf8);
      // One physical line: its own bytes (every value as written). Joined partials: re-serialised.
      const text = ev.bytes !== null ? decode(ev.bytes) : JSON.stringify(record);
      const log = typeof record.log === 'string' ? record.log : null;
      return { text, has: hasKey(record), value: null, appText: log, invalidUtf8 };
    }
    case 'cri': {
      const pos = ev.criPos;
      const b = ev.bytes;
      const message = ev.text ?? (pos && b ? decode(b.subarray(pos.messageStart)) : '');
      const time = ev.cri?.time ?? (pos && b ? b.toString('latin1', 0, pos.timeEnd) : undefined);
      const stream = ev.cri?.stream ?? (pos && b ? b.toString('latin1', pos.streamStart, pos.streamEnd) : undefined);
      const text = criRecordText(time, stream, message);
      return { text, has: (k) => k === 'time' || k === 'stream' || k === 'message', value: null, appText: message, invalidUtf8 };
    }
    case 'kubectl': {
      const rest = ev.text ?? '';
      const obj = rest.startsWith('{') ? parseObject(rest) : null;
      if (obj !== null && !('kubectl' in obj)) {
        return { text: kubectlRecordText(ev.kubectl, oneLine(rest), true), has: (k) => k === 'kubectl' || hasKey(obj)(k), value: obj, appText: null, invalidUtf8 };
      }
      const text = kubectlRecordText(ev.kubectl, rest, false);
      return { text, has: (k) => k === 'kubectl' || k === 'message', value: null, appText: rest, invalidUtf8 };
    }
    default: {
      if (ev.parsed !== undefined && ev.text !== null && isPlainObject(ev.parsed)) {
        // A pretty-printed JSON object over several lines: the same text on one line (newlines
        // outside strings are whitespace; inside strings JSON cannot have them).
        const text = oneLine(ev.text);
        return { text, has: hasKey(ev.parsed), value: ev.parsed, appText: null, invalidUtf8 };
      }
      const text = ev.text ?? decode(ev.bytes!);
      if (ev.bytes !== null && !isUtf8(ev.bytes)) invalidUtf8 = true;
      // A UTF-8 BOM or blanks before an object (a file saved by an editor, an indented line) do
      // not make it text: the object is the record, without the BOM.
      const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      if (firstNonBlankChar(body) === 0x7b) {
        const obj = parseObject(body);
        if (obj !== null) return { text: body, has: hasKey(obj), value: obj, appText: null, invalidUtf8 };
      }
      return textBase(text, invalidUtf8);
    }
  }
}

/**
 * A JSON text that parsed can only hold line breaks as whitespace between tokens (a raw newline
 * inside a string is invalid JSON), so replacing them keeps every value while making it one line.
 */
function oneLine(jsonText: string): string {
  return jsonText.includes('\n') || jsonText.includes('\r') ? jsonText.replace(/[\r\n]/g, ' ') : jsonText;
}

function textBase(text: string, invalidUtf8: boolean): Base {
  return { text: messageRecordText(text), has: (k) => k === 'message', value: null, appText: text, invalidUtf8 };
}

function hasKey(obj: object): (k: string) => boolean {
  return (k) => Object.prototype.hasOwnProperty.call(obj, k);
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return isPlainObject(v) ? v : null;
  } catch {
    return null;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function firstNonBlankChar(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return c;
  }
  return -1;
}

function hasBom(b: Buffer, start: number, end: number): boolean {
  return end - start >= 3 && b[start] === 0xef && b[start + 1] === 0xbb && b[start + 2] === 0xbf;
}

/** Bytes of a BOM and blanks before a "{" in `b[start, end)` (0: none, or not followed by "{"). */
function paddingBeforeObject(b: Buffer, start: number, end: number): number {
  let i = hasBom(b, start, end) ? start + 3 : start;
  while (i < end && (b[i] === 0x20 || b[i] === 0x09)) i++;
  return i > start && i < end && b[i] === 0x7b ? i - start : 0;
}
