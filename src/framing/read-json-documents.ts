/**
 * `--input json`: files that are one big JSON value or a stream of concatenated values (an array
 * of log records, an API dump, `kubectl get events -o json`). Read with stream-json's tokenizer in
 * constant memory: each element of a top-level array is a record; any other top-level value is one
 * record; `--path a.b` selects the value at that path (and, if it is an array, each of its
 * elements). Records come out as NDJSON lines for the engine.
 *
 * A record is written from its tokens as they come, never assembled into a value: strings, keys
 * and numbers arrive as chunks, so no part of the record has to be held whole. A record is held
 * until it is complete or passes RECORD_HOLD_CHARS; past that its text is streamed on, and the
 * engine takes the long line as it takes any line over --max-line-bytes (passed through, no
 * detection). Memory per record is therefore bounded by a constant, not by the record's size.
 */
import type { Readable } from 'node:stream';
import Parser from 'stream-json/Parser.js';

/** Characters of a record held before its text is streamed on (well under the default --max-line-bytes, so small records are whole or dropped whole when the document breaks). */
const RECORD_HOLD_CHARS = 256 * 1024;
/** Characters JSON.stringify would escape (or check for a pair): other text is written as it is. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** Output bytes gathered before they are handed on. */
const BATCH_BYTES = 64 * 1024;

interface Frame {
  type: 'object' | 'array';
  /** Object frames: the key whose value comes next (only kept when it can match the path). */
  key: string | null;
  /** Depth in the selected path this frame stands for (-1: off the path). */
  pathDepth: number;
  /** Elements of this array are records. */
  captureElements: boolean;
}

interface Token {
  name: string;
  value?: unknown;
}

/** The record being written: its text not yet handed on, and where the writer stands in it. */
interface RecordText {
  text: string;
  /** Containers open inside the record. */
  depth: number;
  /** A value ended here: the next key or element needs a comma first. */
  needComma: boolean;
  /** A high surrogate that ended the last string chunk, kept to be escaped with its pair. */
  pendingSurrogate: string;
  /** Part of the record was already handed on (it is longer than RECORD_HOLD_CHARS). */
  streamed: boolean;
}

export async function* readJsonDocuments(input: Readable, path: string[] | null): AsyncGenerator<Buffer> {
  const parser = new Parser({ jsonStreaming: true, packKeys: false, packStrings: false, packNumbers: false, streamKeys: true, streamStrings: true, streamNumbers: true });
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  const frames: Frame[] = [];
  let rec: RecordText | null = null;
  /** Off-record key text being read (null: not in a key, or a key no path step can match). */
  let key: string | null = null;
  let inKey = false;
  let batch: Buffer[] = [];
  let batchBytes = 0;

  const hand = (text: string) => {
    const b = Buffer.from(text);
    batch.push(b);
    batchBytes += b.length;
  };
  const write = (r: RecordText, text: string) => {
    r.text += text;
    if (r.text.length >= RECORD_HOLD_CHARS) {
      hand(r.text);
      r.text = '';
      r.streamed = true;
    }
  };
  /** A value (or key) starts in the record: separate it from the one before. */
  const startMember = (r: RecordText) => {
    if (r.needComma) write(r, ',');
    r.needComma = false;
  };
  /** A value ended in the record; the record ends with its outermost value. */
  const endValue = (r: RecordText) => {
    r.needComma = true;
    if (r.depth === 0) {
      hand(r.text + '\n');
      rec = null;
    }
  };
  const newRecord = (): RecordText => ({ text: '', depth: 0, needComma: false, pendingSurrogate: '', streamed: false });
  /** A cut record already partly handed on ends its line: what was read of it comes out as text. */
  const endCutRecord = () => {
    if (rec?.streamed) hand(rec.text + '\n');
    rec = null;
  };

  /** Decide what to do with a value starting here: capture it, descend into it, or skip it. */
  const classify = (isArray: boolean): { capture: boolean; pathDepth: number; captureElements: boolean } => {
    const parent = frames[frames.length - 1];
    if (parent?.captureElements) return { capture: true, pathDepth: -1, captureElements: false };
    if (path === null) {
      if (!parent) return isArray ? { capture: false, pathDepth: 0, captureElements: true } : { capture: true, pathDepth: -1, captureElements: false };
      return { capture: false, pathDepth: -1, captureElements: false };
    }
    const depth = parent ? (parent.pathDepth >= 0 && parent.type === 'object' && parent.key === path[parent.pathDepth] ? parent.pathDepth + 1 : -1) : 0;
    if (depth === path.length) return isArray ? { capture: false, pathDepth: depth, captureElements: true } : { capture: true, pathDepth: -1, captureElements: false };
    return { capture: false, pathDepth: depth, captureElements: false };
  };

  /** One token inside a record: its JSON text. */
  const writeToken = (r: RecordText, tok: Token): void => {
    switch (tok.name) {
      case 'startObject':
      case 'startArray':
        startMember(r);
        write(r, tok.name === 'startObject' ? '{' : '[');
        r.depth += 1;
        return;
      case 'endObject':
      case 'endArray':
        write(r, tok.name === 'endObject' ? '}' : ']');
        r.depth -= 1;
        endValue(r);
        return;
      case 'startKey':
      case 'startString':
        startMember(r);
        write(r, '"');
        return;
      case 'stringChunk': {
        // Escaped as JSON.stringify escapes the whole string: a surrogate pair split between two
        // chunks is kept together, so only a lone surrogate is written as \uXXXX.
        let text = r.pendingSurrogate + (tok.value as string);
        const last = text.charCodeAt(text.length - 1);
        r.pendingSurrogate = last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : '';
        if (r.pendingSurrogate) text = text.slice(0, -1);
        if (text) write(r, NEEDS_ESCAPE.test(text) ? JSON.stringify(text).slice(1, -1) : text);
        return;
      }
      case 'endKey':
      case 'endString': {
        if (r.pendingSurrogate) write(r, JSON.stringify(r.pendingSurrogate).slice(1, -1));
        r.pendingSurrogate = '';
        write(r, tok.name === 'endKey' ? '":' : '"');
        if (tok.name === 'endString') endValue(r);
        return;
      }
      case 'startNumber':
        startMember(r);
        return;
      case 'numberChunk':
        // The number's own text: no trip through a double (1e999, 2^64+1 and 1.0 stay as written).
        write(r, tok.value as string);
        return;
      case 'endNumber':
        endValue(r);
        return;
      case 'nullValue':
      case 'trueValue':
      case 'falseValue':
        startMember(r);
        write(r, tok.name === 'nullValue' ? 'null' : tok.name === 'trueValue' ? 'true' : 'false');
        endValue(r);
        return;
      default:
        return;
    }
  };

  /** One token: feed the record being written, or track where we are in the document. */
  const handle = (tok: Token): void => {
    if (rec) {
      writeToken(rec, tok);
      return;
    }
    switch (tok.name) {
      case 'startObject':
      case 'startArray': {
        const isArray = tok.name === 'startArray';
        const c = classify(isArray);
        if (c.capture) {
          rec = newRecord();
          writeToken(rec, tok);
        } else {
          frames.push({ type: isArray ? 'array' : 'object', key: null, pathDepth: c.pathDepth, captureElements: c.captureElements });
        }
        return;
      }
      case 'endObject':
      case 'endArray':
        frames.pop();
        return;
      case 'startKey': {
        inKey = true;
        const top = frames[frames.length - 1];
        key = path !== null && top !== undefined && top.pathDepth >= 0 && top.pathDepth < path.length ? '' : null;
        return;
      }
      case 'stringChunk':
        if (inKey && key !== null) {
          key += tok.value as string;
          // A key longer than its path step cannot match it: not kept (a key may be huge too).
          const top = frames[frames.length - 1]!;
          if (key.length > path![top.pathDepth]!.length) key = null;
        }
        return;
      case 'endKey': {
        const top = frames[frames.length - 1];
        if (top) top.key = key;
        inKey = false;
        key = null;
        return;
      }
      case 'startString':
      case 'startNumber':
      case 'nullValue':
      case 'trueValue':
      case 'falseValue':
        if (classify(false).capture) {
          rec = newRecord();
          writeToken(rec, tok);
        }
        return;
      default:
        return;
    }
  };

  // Tokens are taken as 'data' events (flowing, paused when we fall behind), not by async
  // iteration: on a malformed document the parser is destroyed, and an iterator would drop the
  // tokens still buffered — records read before the damaged part must still go out.
  let queue: Token[] = [];
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  parser.on('data', (t: Token) => {
    queue.push(t);
    if (queue.length >= 4096) parser.pause();
    notify();
  });
  parser.on('end', () => {
    ended = true;
    notify();
  });
  parser.on('error', (e: unknown) => {
    failure = e;
    ended = true;
    notify();
  });
  for (;;) {
    if (queue.length === 0) {
      if (ended) break;
      parser.resume();
      await new Promise<void>((r) => (wake = r));
      continue;
    }
    const tokens = queue;
    queue = [];
    try {
      for (const tok of tokens) handle(tok);
    } catch (e) {
      // Records finished before the failing token still go out, then the error is reported.
      endCutRecord();
      if (batch.length > 0) yield Buffer.concat(batch);
      throw e;
    }
    if (batch.length >= 64 || batchBytes >= BATCH_BYTES) {
      yield Buffer.concat(batch);
      batch = [];
      batchBytes = 0;
    }
  }
  // Records read before a malformed part still go out; then the error is the caller's to report.
  if (failure !== null) endCutRecord();
  if (batch.length > 0) yield Buffer.concat(batch);
  if (failure !== null) throw failure;
}
