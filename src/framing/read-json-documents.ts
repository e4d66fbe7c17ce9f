/**
 * `--input json`: files that are one big JSON value or a stream of concatenated values (an array
 * of log records, an API dump, `kubectl get events -o json`). Read with stream-json's tokenizer in
 * constant memory: only one record is assembled at a time. Each element of a top-level array is a
 * record; any other top-level value is one record; `--path a.b` selects the value at that path
 * (and, if it is an array, each of its elements). Records come out as NDJSON lines for the engine.
 */
import type { Readable } from 'node:stream';
import Assembler from 'stream-json/Assembler.js';
import Parser from 'stream-json/Parser.js';

interface Frame {
  type: 'object' | 'array';
  /** Object frames: the key whose value comes next. */
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

export async function* readJsonDocuments(input: Readable, path: string[] | null): AsyncGenerator<Buffer> {
  const parser = new Parser({ jsonStreaming: true, packKeys: true, packStrings: true, packNumbers: true, streamKeys: false, streamStrings: false, streamNumbers: false });
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  const frames: Frame[] = [];
  let asm: InstanceType<typeof Assembler> | null = null;
  let batch: Buffer[] = [];

  const emit = (value: unknown) => {
    batch.push(Buffer.from(stringifyWithoutRecursion(value) + '\n'));
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

  /** One token: feed the record being assembled, or track where we are in the document. */
  const handle = (tok: Token): void => {
    if (asm) {
      asm.consume(tok as Parameters<InstanceType<typeof Assembler>['consume']>[0]);
      if (asm.done) {
        emit(asm.current);
        asm = null;
      }
    } else if (tok.name === 'startObject' || tok.name === 'startArray') {
      const isArray = tok.name === 'startArray';
      const c = classify(isArray);
      if (c.capture) {
        asm = new Assembler();
        asm.consume(tok as Parameters<InstanceType<typeof Assembler>['consume']>[0]);
      } else {
        frames.push({ type: isArray ? 'array' : 'object', key: null, pathDepth: c.pathDepth, captureElements: c.captureElements });
      }
    } else if (tok.name === 'endObject' || tok.name === 'endArray') {
      frames.pop();
    } else if (tok.name === 'keyValue') {
      const top = frames[frames.length - 1];
      if (top) top.key = tok.value as string;
    } else if (tok.name === 'stringValue' || tok.name === 'numberValue' || tok.name === 'nullValue' || tok.name === 'trueValue' || tok.name === 'falseValue') {
      if (classify(false).capture) {
        const v = tok.name === 'numberValue' ? Number(tok.value) : tok.name === 'nullValue' ? null : tok.name === 'trueValue' ? true : tok.name === 'falseValue' ? false : tok.value;
        emit(v);
      }
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
      if (batch.length > 0) yield Buffer.concat(batch);
      throw e;
    }
    if (batch.length >= 64) {
      yield Buffer.concat(batch);
      batch = [];
    }
  }
  // Records read before a malformed part still go out; then the error is the caller's to report.
  if (batch.length > 0) yield Buffer.concat(batch);
  if (failure !== null) throw failure;
}

/**
 * JSON.stringify with an explicit stack: the tokenizer and the assembler take any depth, and
 * JSON.stringify's recursion does not (a value nested some thousands deep overflows the call
 * stack). Same output as JSON.stringify for the values an assembler builds (plain objects,
 * arrays, strings, finite numbers, booleans, null).
 */
export function stringifyWithoutRecursion(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const parts: string[] = [];
  // Each entry: a container and the position of its next member; a string is text to write.
  const stack: ({ v: unknown[]; i: number } | { v: Record<string, unknown>; keys: string[]; i: number } | string)[] = [];
  const open = (v: object) => {
    if (Array.isArray(v)) {
      parts.push('[');
      stack.push(']', { v, i: 0 });
    } else {
      parts.push('{');
      stack.push('}', { v: v as Record<string, unknown>, keys: Object.keys(v), i: 0 });
    }
  };
  open(value);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (typeof top === 'string') {
      parts.push(top);
      stack.pop();
      continue;
    }
    let member: unknown;
    if ('keys' in top) {
      if (top.i === top.keys.length) {
        stack.pop();
        continue;
      }
      const key = top.keys[top.i]!;
      member = top.v[key];
      parts.push((top.i > 0 ? ',' : '') + JSON.stringify(key) + ':');
    } else {
      if (top.i === top.v.length) {
        stack.pop();
        continue;
      }
      member = top.v[top.i];
      if (top.i > 0) parts.push(',');
    }
    top.i += 1;
    if (member !== null && typeof member === 'object') open(member);
    else parts.push(JSON.stringify(member) ?? 'null');
  }
  return parts.join('');
}
