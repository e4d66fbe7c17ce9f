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

export function looksLikeDocker(bytes: Buffer): boolean {
  if (bytes.length <= DOCKER_PREFIX.length) return false;
  let i = 0;
  while (i < DOCKER_PREFIX.length && bytes[i] === DOCKER_PREFIX[i]) i++;
  return i === DOCKER_PREFIX.length || looksLikeSpacedDocker(bytes);
}

/**
 * The same record written with spaces (`{"log": "…", "stream": "stderr", …}`: a re-serialising
 * shipper, or a pretty JSON writer on one line). Parsed the slow way; the record stays as written.
 */
function looksLikeSpacedDocker(bytes: Buffer): boolean {
  let i = skipBlanks(bytes, 1);
  for (const c of LOG_KEY) if (bytes[i++] !== c) return false;
  i = skipBlanks(bytes, i);
  if (bytes[i] !== 0x3a) return false;
  return bytes[skipBlanks(bytes, i + 1)] === 0x22;
}

const LOG_KEY = Buffer.from('"log"');

function skipBlanks(b: Buffer, from: number): number {
  let i = from;
  while (b[i] === 0x20 || b[i] === 0x09) i++;
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
export function dockerLineIsComplete(bytes: Buffer, at = bytes.lastIndexOf(STREAM_KEY)): boolean | null {
  if (at < 2) return null;
  // `\n` is written as the two bytes "\" "n"; an escaped backslash before it ("\\n") is not a newline.
  if (bytes[at - 2] !== 0x5c || bytes[at - 1] !== 0x6e) return false;
  let slashes = 0;
  for (let i = at - 2; i >= 0 && bytes[i] === 0x5c; i--) slashes++;
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

export function looksLikeTimestamp(bytes: Buffer): boolean {
  // "2026-11-23T" — digits at 0..3, "-" at 4 and 7, "T" at 10.
  return bytes.length > 20 && bytes[4] === 0x2d && bytes[7] === 0x2d && bytes[10] === 0x54 && bytes[0]! >= 0x30 && bytes[0]! <= 0x39;
}

/** Byte positions of a complete (`F`) CRI line, found without decoding it. */
export interface CriPositions {
  timeEnd: number;
  streamStart: number;
  streamEnd: number;
  /** Start of the message (== length for an empty message). */
  messageStart: number;
}

/** bytes[0..end) is exactly an RFC 3339 timestamp as CRI_RE's first group accepts it. */
function isRfc3339(b: Buffer, end: number): boolean {
  // YYYY-MM-DDTHH:MM:SS
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) if (!isDigit(b[i])) return false;
  if (b[4] !== 0x2d || b[7] !== 0x2d || b[10] !== 0x54 || b[13] !== 0x3a || b[16] !== 0x3a) return false;
  let i = 19;
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
const STDERR = Buffer.from(' stderr F');

/**
 * The same lines parseCriLine accepts with tag `F` and no extra tag flags; null for anything
 * else (partials, flags, not CRI), which then takes the decoding path.
 */
export function criFullLinePositions(bytes: Buffer): CriPositions | null {
  const sp = bytes.indexOf(0x20, 20);
  if (sp === -1 || sp > 40) return null;
  const marker = bytes[sp + 4] === 0x6f ? STDOUT : STDERR; // " stdout" / " stderr" differ at the 4th letter
  if (bytes.length < sp + marker.length) return null;
  for (let k = 0; k < marker.length; k++) if (bytes[sp + k] !== marker[k]) return null;
  const after = sp + marker.length;
  if (after < bytes.length && bytes[after] !== 0x20) return null;
  if (!isRfc3339(bytes, sp)) return null;
  return { timeEnd: sp, streamStart: sp + 1, streamEnd: sp + 7, messageStart: Math.min(after + 1, bytes.length) };
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
