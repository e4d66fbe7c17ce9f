/**
 * Every form an output record takes, in one place (README, "Record contract"):
 * - a JSON object line keeps every field and value it had, byte for byte; what errenrich adds is
 *   appended before its closing brace (enrichment, `errenrich`, the `input` locate field);
 * - any other line becomes {"message": "<the line>"} with its text kept exactly;
 * - CRI lines become {"time","stream","message"}; kubectl prefixes become a "kubectl" object;
 * - an over-long line is streamed as {"message": "…", "errenrich": {"truncated_for_detection": …}};
 * - invalid UTF-8 is marked `"errenrich": {"invalid_utf8": true}` (inside the truncation note for
 *   an over-long line).
 * The fast forms are written as bytes straight into the output arena; the slow forms are texts.
 * Records that grow too big are capped afterwards (cap-record-size.ts).
 */
import { appendToJsonObjectText } from '../enrich/apply-schema.js';
import type { OutputArena } from './output-arena.js';
import type { CriPositions } from '../framing/parse-wrappers.js';

/** Where a record's lines were (--locate): `input: {file, line, lines[, line_numbers]}`. */
export interface RecordLocation {
  file: string;
  line: number;
  lines: number;
  /** Lines of another stream came in between: [line, line + lines) would claim theirs. */
  lineNumbers?: number[];
}

// ---- fast forms: bytes in, bytes out, nothing decoded --------------------------------------

// Each takes the line as `bytes[start, end)`: a line inside a bigger chunk needs no view of its own.

/** A JSON object line as it is (from `start`: a BOM before it is not JSON and stays out). */
export function writeJsonObjectRecord(out: OutputArena, bytes: Buffer, start: number, end: number): void {
  out.lineAsIs(bytes, start, end);
}

/** A CRI line (valid UTF-8) from its parts' positions (timestamp from `start`). */
export function writeCriRecord(out: OutputArena, bytes: Buffer, start: number, end: number, pos: CriPositions): void {
  out.bytes(CRI_TIME);
  out.bytes(bytes, start, pos.timeEnd);
  out.bytes(CRI_STREAM);
  out.bytes(bytes, pos.streamStart, pos.streamEnd);
  out.bytes(CRI_MESSAGE);
  writeJsonString(out, bytes, pos.messageStart, end);
  out.bytes(RECORD_END);
}

/** Any other line (valid UTF-8): {"message": "<the line>"}. */
export function writeMessageRecord(out: OutputArena, bytes: Buffer, start: number, end: number): void {
  out.bytes(MESSAGE_START);
  writeJsonString(out, bytes, start, end);
  out.bytes(RECORD_END);
}

const CRI_TIME = Buffer.from('{"time":"');
const CRI_STREAM = Buffer.from('","stream":"');
const CRI_MESSAGE = Buffer.from('","message":');
const MESSAGE_START = Buffer.from('{"message":');
const RECORD_END = Buffer.from('}\n');

/** A JSON string of valid UTF-8 bytes: copied as they are up to the first byte that needs escaping. */
function writeJsonString(out: OutputArena, b: Buffer, start: number, end: number): void {
  out.byte(0x22);
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c < 0x20 || c === 0x22 || c === 0x5c) {
      out.bytes(b, start, i);
      out.jsonEscaped(b, i, end);
      out.byte(0x22);
      return;
    }
  }
  out.bytes(b, start, end);
  out.byte(0x22);
}

// ---- slow forms: texts ---------------------------------------------------------------------

/** A line that is not a JSON object. */
export function messageRecordText(text: string): string {
  return '{"message":' + JSON.stringify(text) + '}';
}

/** A CRI event (its message decoded, maybe joined from partial lines). */
export function criRecordText(time: string | undefined, stream: string | undefined, message: string): string {
  return JSON.stringify({ time, stream, message });
}

/** A kubectl-prefixed line: a JSON object rest keeps its text and gets `kubectl`; anything else is a message. */
export function kubectlRecordText(kubectl: unknown, rest: string, restIsObject: boolean): string {
  return restIsObject ? appendToJsonObjectText(rest, [['kubectl', kubectl]]) : JSON.stringify({ kubectl, message: rest });
}

/**
 * The finished slow record: the base record's text with the enrichment pairs, the invalid UTF-8
 * mark and the location appended (keys the record does not have: never a duplicate key).
 */
export function finishRecordText(baseText: string, has: (key: string) => boolean, pairs: [string, unknown][], invalidUtf8: boolean, where: RecordLocation | null): string {
  if (invalidUtf8 && !has('errenrich')) pairs.push(['errenrich', { invalid_utf8: true }]);
  if (where !== null) {
    let key = 'input';
    for (let i = 1; has(key); i++) key = i === 1 ? 'input_errenrich' : `input_errenrich${i}`;
    pairs.push([key, locationValue(where)]);
  }
  return appendToJsonObjectText(baseText, pairs);
}

function locationValue(where: RecordLocation): Record<string, unknown> {
  const v: Record<string, unknown> = { file: where.file, line: where.line, lines: where.lines };
  if (where.lineNumbers !== undefined) v.line_numbers = where.lineNumbers;
  return v;
}

// ---- the over-long form: streamed ----------------------------------------------------------

/** The start of an over-long line's record; its text follows, escaped piece by piece (escapeJsonFragment). */
export const OVERLONG_RECORD_START = '{"message":"';

/** The end of an over-long line's record: the truncation note, then the location (the record has no other keys). */
export function overlongRecordEnd(totalBytes: number, validUtf8: boolean, where: RecordLocation | null): string {
  let tail = '","errenrich":{"truncated_for_detection":true,"bytes":' + totalBytes + (validUtf8 ? '' : ',"invalid_utf8":true') + '}';
  if (where !== null) tail += ',"input":' + JSON.stringify(locationValue(where));
  return tail + '}\n';
}

/** Decoded text as the inside of a JSON string. */
export function escapeJsonFragment(s: string): string {
  if (s === '') return '';
  const j = JSON.stringify(s);
  return j.slice(1, -1);
}
