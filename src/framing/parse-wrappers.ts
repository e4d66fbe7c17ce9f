/**
 * Recognising the wrappers container runtimes and kubectl put around an application's line.
 * Each function is a cheap byte/regex check first; it returns null when the line is not of its kind.
 */

export type WrapperKind = 'docker' | 'cri' | 'kubectl' | 'none';

export interface DockerLine {
  /** The Docker record as parsed (log, stream, time, and any extra attrs). */
  record: Record<string, unknown>;
  log: string;
  stream: string;
  /** Docker splits lines over 16 KiB: the log of a partial record has no trailing "\n". */
  partial: boolean;
}

const DOCKER_PREFIX = Buffer.from('{"log":"');

/** `bytes[start, end)`: the line (a line inside a bigger chunk needs no view of its own); it starts with "{". */
export function looksLikeDocker(bytes: Buffer, start = 0, end = bytes.length): boolean {
  if (end - start <= DOCKER_PREFIX.length) return false;
  let i = 0;
  while (i < DOCKER_PREFIX.length && bytes[start + i] === DOCKER_PREFIX[i]) i++;
  return i === DOCKER_PREFIX.length || looksLikeSpacedDocker(bytes, start, end);
}

/**
 * The same record written with spaces (`{"log": "…", "stream": "stderr", …}`: a re-serialising
 * shipper, or a pretty JSON writer on one line). Parsed the slow way; the record stays as written.
 */
function looksLikeSpacedDocker(bytes: Buffer, start: number, end: number): boolean {
  let i = skipBlanks(bytes, start + 1, end);
  if (i + LOG_KEY.length > end) return false;
  for (let k = 0; k < LOG_KEY.length; k++) if (bytes[i++] !== LOG_KEY[k]) return false;
  i = skipBlanks(bytes, i, end);
  if (i >= end || bytes[i] !== 0x3a) return false;
  const v = skipBlanks(bytes, i + 1, end);
  return v < end && bytes[v] === 0x22;
}

const LOG_KEY = Buffer.from('"log"');

function skipBlanks(b: Buffer, from: number, end: number): number {
  let i = from;
  while (i < end && (b[i] === 0x20 || b[i] === 0x09)) i++;
  return i;
}

/** Parses a Docker json-file line from its text; null if it is not one. */
export function parseDockerLine(text: string): DockerLine | null {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return null;
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return null;
  const r = record as Record<string, unknown>;
  if (typeof r.log !== 'string') return null;
  const stream = typeof r.stream === 'string' ? r.stream : '';
  return { record: r, log: r.log, stream, partial: !r.log.endsWith('\n') };
}

/**
 * Without parsing: is this Docker line complete (its log ends with "\n")? Docker writes
 * `…\n","stream":"…","time":"…"}` — the escaped newline sits right before `","stream"`.
 * Returns null when the layout is not the standard one (the caller then parses).
 */
export const STREAM_KEY = Buffer.from('","stream":"');
export function dockerLineIsComplete(bytes: Buffer, at = bytes.lastIndexOf(STREAM_KEY), start = 0): boolean | null {
  if (at < start + 2) return null;
  // `\n` is written as the two bytes "\" "n"; an escaped backslash before it ("\\n") is not a newline.
  if (bytes[at - 2] !== 0x5c || bytes[at - 1] !== 0x6e) return false;
  let slashes = 0;
  for (let i = at - 2; i >= start && bytes[i] === 0x5c; i--) slashes++;
  return slashes % 2 === 1;
}

export interface CriLine {
  time: string;
  stream: string;
  partial: boolean;
  /** The application's text (may be empty). */
  message: string;
}

/** 2026-11-23T10:00:00.123456789Z stderr F text — time, stream, P/F tag, text. */
const CRI_RE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) (stdout|stderr) ([PF])(?:[:\w]*)(?: (.*))?$/s;

export function looksLikeTimestamp(bytes: Buffer, start = 0, end = bytes.length): boolean {
  // "2026-11-23T" — digits at 0..3, "-" at 4 and 7, "T" at 10.
  return end - start > 20 && bytes[start + 4] === 0x2d && bytes[start + 7] === 0x2d && bytes[start + 10] === 0x54 && bytes[start]! >= 0x30 && bytes[start]! <= 0x39;
}

/** Byte positions of a complete (`F`) CRI line, found without decoding it. */
export interface CriPositions {
  timeEnd: number;
  streamStart: number;
  streamEnd: number;
  /** Start of the message (== length for an empty message). */
  messageStart: number;
}

/** b[s..end) is exactly an RFC 3339 timestamp as CRI_RE's first group accepts it (end ≥ s + 20). */
function isRfc3339(b: Buffer, s: number, end: number): boolean {
  // YYYY-MM-DDTHH:MM:SS
  for (let k = 0; k < TIMESTAMP_DIGITS.length; k++) if (!isDigit(b[s + TIMESTAMP_DIGITS[k]!])) return false;
  if (b[s + 4] !== 0x2d || b[s + 7] !== 0x2d || b[s + 10] !== 0x54 || b[s + 13] !== 0x3a || b[s + 16] !== 0x3a) return false;
  let i = s + 19;
  if (b[i] === 0x2e) {
    i++;
    if (!isDigit(b[i])) return false;
    while (i < end && isDigit(b[i])) i++;
  }
  if (b[i] === 0x5a) return i + 1 === end;
  if (b[i] !== 0x2b && b[i] !== 0x2d) return false;
  return i + 6 === end && isDigit(b[i + 1]) && isDigit(b[i + 2]) && b[i + 3] === 0x3a && isDigit(b[i + 4]) && isDigit(b[i + 5]);
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}
const STDOUT = Buffer.from(' stdout F');
/** Where YYYY-MM-DDTHH:MM:SS has digits. */
const TIMESTAMP_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const STDERR = Buffer.from(' stderr F');

/**
 * The same lines parseCriLine accepts with tag `F` and no extra tag flags; null for anything
 * else (partials, flags, not CRI), which then takes the decoding path.
 */
/** `into`: an object to fill instead of a new one (the engine's fast lane reuses one for every line). */
export function criFullLinePositions(bytes: Buffer, start = 0, end = bytes.length, into?: CriPositions): CriPositions | null {
  // The first blank at or after the 20th byte, if it is within the first 41 (a timestamp's room).
  let sp = -1;
  for (let i = start + 20, last = Math.min(end, start + 41); i < last; i++) {
    if (bytes[i] === 0x20) {
      sp = i;
      break;
    }
  }
  if (sp === -1 || end < sp + STDOUT.length) return null;
  const marker = bytes[sp + 4] === 0x6f ? STDOUT : STDERR; // " stdout" / " stderr" differ at the 4th letter
  for (let k = 0; k < marker.length; k++) if (bytes[sp + k] !== marker[k]) return null;
  const after = sp + marker.length;
  if (after < end && bytes[after] !== 0x20) return null;
  if (!isRfc3339(bytes, start, sp)) return null;
  const pos = into ?? { timeEnd: 0, streamStart: 0, streamEnd: 0, messageStart: 0 };
  pos.timeEnd = sp;
  pos.streamStart = sp + 1;
  pos.streamEnd = sp + 7;
  pos.messageStart = Math.min(after + 1, end);
  return pos;
}

export function parseCriLine(text: string): CriLine | null {
  const m = CRI_RE.exec(text);
  if (!m) return null;
  return { time: m[1]!, stream: m[2]!, partial: m[3] === 'P', message: m[4] ?? '' };
}

export interface KubectlLine {
  time?: string;
  pod?: string;
  container?: string;
  rest: string;
}

const KUBECTL_TS_RE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;
const KUBECTL_PREFIX_RE = /^\[pod\/([^/\]\s]+)\/([^\]\s]+)\] /;

/** `kubectl logs --prefix --timestamps` forms: `[pod/name/container] ` and/or an RFC 3339 prefix. */
export function parseKubectlLine(text: string): KubectlLine | null {
  let rest = text;
  const out: KubectlLine = { rest };
  const p = KUBECTL_PREFIX_RE.exec(rest);
  if (p) {
    out.pod = p[1]!;
    out.container = p[2]!;
    rest = rest.slice(p[0].length);
  }
  const t = KUBECTL_TS_RE.exec(rest);
  if (t) {
    out.time = t[1]!;
    rest = rest.slice(t[0].length);
  }
  if (!p && !t) return null;
  out.rest = rest;
  return out;
}
