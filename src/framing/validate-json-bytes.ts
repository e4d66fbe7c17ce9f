/**
 * Is this byte string exactly one JSON object (RFC 8259), and can its bytes go out untouched?
 *
 * The pass-through fast path needs only a yes/no, not the value: a byte-level state machine
 * answers that without allocating a single string or object, several times faster than
 * JSON.parse on typical log lines. UTF-8 validity is checked separately (buffer.isUtf8).
 * Nesting depth is bounded (deeper documents answer "no" and take the slow path).
 */

const MAX_DEPTH = 512;

// Byte classes for the scanner.
const WS = new Uint8Array(256);
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1;

const STACK = new Uint8Array(MAX_DEPTH);

/** `b[start, end)` is the text checked (a line inside a bigger chunk needs no view of its own). */
export function isJsonObjectBytes(b: Buffer, start = 0, end = b.length): boolean {
  const n = end;
  let i = skipWs(b, start, n);
  if (i >= n || b[i] !== 0x7b) return false;
  // Stack of open containers: 1 = object, 2 = array (shared: the function is not re-entrant).
  const stack = STACK;
  let depth = 0;
  // State: what the scanner expects next.
  // 0 = a value, 1 = key or "}" (just after "{"), 2 = "," or closer, 3 = a key (after "," in object)
  let state = 0;
  while (i < n) {
    i = skipWs(b, i, n);
    if (i >= n) return false;
    const c = b[i]!;
    if (state === 0 || state === 4) {
      // value (state 4: value right after "[": "]" allowed)
      if (c === 0x7b) {
        if (depth >= MAX_DEPTH) return false;
        stack[depth++] = 1;
        state = 1;
        i++;
      } else if (c === 0x5b) {
        if (depth >= MAX_DEPTH) return false;
        stack[depth++] = 2;
        state = 4;
        i++;
      } else if (state === 4 && c === 0x5d) {
        depth--;
        i++;
        if (depth === 0) return false; // top level must be an object
        state = 2;
      } else {
        i = scanScalar(b, i, n);
        if (i < 0) return false;
        state = 2;
      }
      continue;
    }
    if (state === 1 || state === 3) {
      if (state === 1 && c === 0x7d) {
        depth--;
        i++;
        if (depth === 0) return skipWs(b, i, n) === n;
        state = 2;
        continue;
      }
      if (c !== 0x22) return false;
      i = scanString(b, i + 1, n);
      if (i < 0) return false;
      i = skipWs(b, i, n);
      if (i >= n || b[i] !== 0x3a) return false;
      i++;
      state = 0;
      continue;
    }
    // state 2: after a value
    const top = stack[depth - 1];
    if (c === 0x2c) {
      i++;
      state = top === 1 ? 3 : 0;
    } else if ((c === 0x7d && top === 1) || (c === 0x5d && top === 2)) {
      depth--;
      i++;
      if (depth === 0) return skipWs(b, i, n) === n;
    } else return false;
  }
  return false;
}

function skipWs(b: Buffer, i: number, n: number): number {
  while (i < n && WS[b[i]!] === 1) i++;
  return i;
}

/** i is just past the opening quote; returns the index past the closing quote, or -1. */
function scanString(b: Buffer, i: number, n: number): number {
  while (i < n) {
    const c = b[i]!;
    if (c > 0x5c || (c > 0x22 && c < 0x5c) || c === 0x20 || c === 0x21) {
      i++;
      continue;
    }
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -1;
    if (c === 0x5c) {
      // Reads stay inside [start, end): past it lie other lines of the chunk.
      const e = i + 1 < n ? b[i + 1] : undefined;
      if (e === 0x75) {
        if (i + 6 > n) return -1;
        for (let k = 2; k < 6; k++) if (!isHex(b[i + k])) return -1;
        i += 6;
        continue;
      }
      if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        i += 2;
        continue;
      }
      return -1;
    }
    i++;
  }
  return -1;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

/** A string, number, true, false or null at i; returns the index past it, or -1. */
function scanScalar(b: Buffer, i: number, n: number): number {
  const c = b[i]!;
  if (c === 0x22) return scanString(b, i + 1, n);
  if (c === 0x74) return matchWord(b, i, n, 'true');
  if (c === 0x66) return matchWord(b, i, n, 'false');
  if (c === 0x6e) return matchWord(b, i, n, 'null');
  return scanNumber(b, i, n);
}

function matchWord(b: Buffer, i: number, n: number, w: string): number {
  if (i + w.length > n) return -1;
  for (let k = 0; k < w.length; k++) if (b[i + k] !== w.charCodeAt(k)) return -1;
  return i + w.length;
}

function scanNumber(b: Buffer, i: number, n: number): number {
  if (b[i] === 0x2d) i++;
  if (i >= n) return -1;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) while (i < n && isDigit(b[i])) i++;
  else return -1;
  if (i < n && b[i] === 0x2e) {
    i++;
    if (i >= n || !isDigit(b[i])) return -1;
    while (i < n && isDigit(b[i])) i++;
  }
  if (i < n && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    if (i < n && (b[i] === 0x2b || b[i] === 0x2d)) i++;
    if (i >= n || !isDigit(b[i])) return -1;
    while (i < n && isDigit(b[i])) i++;
  }
  return i;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}
