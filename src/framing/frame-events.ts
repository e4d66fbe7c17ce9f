/**
 * The framing stage: physical lines in, whole events out.
 *
 * - Wrappers are recognised per line (Docker json-file, containerd/CRI, kubectl prefixes) unless
 *   `input` forces one format.
 * - Docker partial records (log without trailing "\n") and CRI `P` records are joined with the
 *   following records of the same stream.
 * - A line that opens a JSON object/array without closing it starts a block that joins following
 *   lines of the same stream until it balances; a block that fails (never balances, bound hit, not
 *   JSON) is emitted as the original separate lines.
 * - With `multiline: 'stack'`, an exception line and its indented frames are one event.
 *
 * The common case — one complete line, nothing held — takes a fast path that does not decode the
 * line at all: the event carries the line's bytes and the next stage decides whether to look inside.
 */
import { isUtf8 } from 'node:buffer';
import type { Line } from '../input/split-lines.js';
import { occursAt } from '../input/bytes-at.js';
import {
  criFullLinePositions,
  type CriPositions,
  dockerLineIsComplete,
  looksLikeDocker,
  STREAM_KEY,
  looksLikeTimestamp,
  parseCriLine,
  parseDockerLine,
  parseKubectlLine,
} from './parse-wrappers.js';
import { feedBalance, findOpeningBracket, isBroken, newBalanceState, type BalanceState } from './scan-json-balance.js';
import { isPythonExceptionTail, isStackContinuation, isStackStart } from './stack-trace.js';

export type InputFormat = 'auto' | 'docker' | 'cri' | 'kubectl' | 'text';
export type EventKind = 'line' | 'docker' | 'cri' | 'kubectl';

export interface FramingOptions {
  input: InputFormat;
  multiline: 'none' | 'stack';
  maxEventLines: number;
  maxEventBytes: number;
}

export interface KubectlFields {
  pod?: string;
  container?: string;
  time?: string;
}

/** One event handed to detection. See ARCHITECTURE.md ("record shapes"). */
export interface FramedEvent {
  kind: EventKind;
  firstLine: number;
  lineCount: number;
  /** Set when the event is exactly one physical line that no stage has decoded yet. */
  bytes: Buffer | null;
  /** The application's text (Docker log without its final "\n", CRI message, kubectl rest, or the line). */
  text: string | null;
  /** Docker: the record to output (its `log` already the joined text). */
  docker?: Record<string, unknown>;
  cri?: { time: string; stream: string };
  /** CRI fast path: where the parts of `bytes` are (time, stream, message), not yet decoded. */
  criPos?: CriPositions;
  kubectl?: KubectlFields;
  /** A joined JSON block that parsed: the value, so detection need not parse it again. */
  parsed?: unknown;
  /** Some line of the event had invalid UTF-8 (decoded with U+FFFD). */
  invalidUtf8?: boolean;
  /**
   * Every line number of the event, ascending — set only when they are not contiguous (lines of
   * another stream came between its lines), so that [firstLine, firstLine + lineCount) would
   * claim lines that are not its own.
   */
  lineNumbers?: number[];
  /** From the line (fast path only): trigger literal present? valid UTF-8? Undefined: unknown. */
  triggered?: boolean;
  utf8?: boolean;
}

/** An application line after unwrapping and partial joining. */
interface LogicalLine {
  kind: EventKind;
  firstLine: number;
  lineCount: number;
  /** As FramedEvent.lineNumbers: only when not contiguous. */
  lineNumbers?: number[];
  invalidUtf8: boolean;
  text: string;
  bytes: Buffer | null;
  docker?: Record<string, unknown>;
  cri?: { time: string; stream: string };
  kubectl?: KubectlFields;
}

interface PartialState {
  kind: 'docker' | 'cri';
  firstLine: number;
  lineCount: number;
  /** As FramedEvent.lineNumbers: only when not contiguous. */
  lineNumbers?: number[];
  invalidUtf8: boolean;
  texts: string[];
  bytes: number;
  docker?: Record<string, unknown>;
  cri?: { time: string; stream: string };
}

interface BlockState {
  type: 'json' | 'stack' | 'xml' | 'keys';
  lines: LogicalLine[];
  bytes: number;
  opener: number;
  balance: BalanceState;
  /** Stack blocks: depth of a `{ … }` block printed after the frames. */
  braceDepth: number;
  sawPythonTraceback: boolean;
}

interface StreamState {
  partial: PartialState | null;
  block: BlockState | null;
}

export type EmitEvent = (event: FramedEvent) => void;

export class EventFramer {
  private readonly streams = new Map<string, StreamState>();
  /** Number of streams holding a partial or block: 0 enables the fast path. */
  private held = 0;

  constructor(private readonly options: FramingOptions) {}

  get holding(): boolean {
    return this.held > 0;
  }

  push(line: Line, emit: EmitEvent): void {
    const bytes = line.bytes;
    const kind = classifyLine(bytes, 0, bytes.length, this.options.input);
    // Fast path: a complete single line whose stream holds nothing goes out undecoded. (Lines of
    // other streams may pass a held event: records are emitted as they complete.) With
    // --multiline stack, not a line that may begin a stack trace.
    const layout = fastLineLayout(bytes, 0, bytes.length, kind);
    if (
      layout !== null &&
      (this.options.multiline === 'none' || !mayStartStack(bytes, 0, bytes.length)) &&
      (this.held === 0 || this.streamOfFastLineIsFree(kind, bytes, layout))
    ) {
      emit(fastEvent(kind, line, layout === WHOLE_LINE ? null : layout));
      return;
    }
    const logical = this.toLogical(line, kind, emit);
    if (logical) this.feed(logical, emit);
  }

  /** Emits everything held (end of input, or `--flush-ms` of silence on a live stream). */
  flush(emit: EmitEvent): void {
    // In the order of the first line each stream holds: records in input order, and an order that
    // depends only on what is held, not on when each stream was first seen (a piece of a split file
    // starts with a fresh framer and must flush as the framer that read the whole file does).
    const held = [...this.streams].filter(([, st]) => st.partial !== null || st.block !== null);
    held.sort(([, a], [, b]) => firstHeldLine(a) - firstHeldLine(b));
    for (const [key, st] of held) {
      if (st.partial) {
        const logical = this.finishPartial(st, false);
        this.feedInto(key, st, logical, emit);
      }
      if (st.block) this.failOrEmitBlock(st, emit, 'flush');
    }
    this.streams.clear();
    this.held = 0;
  }

  private streamOfFastLineIsFree(kind: EventKind, bytes: Buffer, layout: FastLineLayout): boolean {
    if (kind === 'docker') return this.streamIsFree(dockerStreamKey(bytes, findDockerStreamKey(bytes, 0, bytes.length)));
    if (layout !== WHOLE_LINE) return !this.isHeld(bytes[layout.streamStart + 3] === 0x6f ? 'cri:stdout' : 'cri:stderr');
    return !this.isHeld('line');
  }

  /** Unwraps one physical line; returns null while it is held as a partial. */
  private toLogical(line: Line, kind: EventKind, emit: EmitEvent): LogicalLine | null {
    const text = line.bytes.toString('utf8');
    const invalidUtf8 = !(line.utf8 ?? isUtf8(line.bytes));
    const plain: LogicalLine = { kind: 'line', firstLine: line.number, lineCount: 1, invalidUtf8, text, bytes: line.bytes };
    if (kind === 'docker') {
      const d = parseDockerLine(text);
      if (!d) return plain;
      const key = 'docker:' + d.stream;
      return this.joinPartial(key, 'docker', line, invalidUtf8, d.partial, d.partial ? d.log : d.log.slice(0, -1), emit, d.record);
    }
    if (kind === 'cri') {
      const c = parseCriLine(text);
      if (c) {
        const key = 'cri:' + c.stream;
        return this.joinPartial(key, 'cri', line, invalidUtf8, c.partial, c.message, emit, undefined, { time: c.time, stream: c.stream });
      }
      const k = this.options.input === 'auto' ? parseAutoKubectl(text) : null;
      if (!k) return plain;
      return { ...plain, kind: 'kubectl', text: k.rest, bytes: null, kubectl: kubectlFields(k) };
    }
    if (kind === 'kubectl') {
      const k = parseKubectlLine(text);
      if (!k) return plain;
      return { ...plain, kind: 'kubectl', text: k.rest, bytes: null, kubectl: kubectlFields(k) };
    }
    return plain;
  }

  private joinPartial(
    key: string,
    kind: 'docker' | 'cri',
    line: Line,
    invalidUtf8: boolean,
    partial: boolean,
    text: string,
    emit: EmitEvent,
    docker?: Record<string, unknown>,
    cri?: { time: string; stream: string },
  ): LogicalLine | null {
    const st = this.state(key);
    if (!st.partial && !partial) {
      // A whole Docker line keeps its bytes: its record is output as written, not re-serialised.
      return { kind, firstLine: line.number, lineCount: 1, invalidUtf8, text, bytes: kind === 'docker' ? line.bytes : null, docker, cri };
    }
    if (!st.partial) {
      st.partial = { kind, firstLine: line.number, lineCount: 0, invalidUtf8: false, texts: [], bytes: 0, docker, cri };
      this.recount();
    }
    const p = st.partial;
    p.invalidUtf8 ||= invalidUtf8;
    p.texts.push(text);
    // A record of another stream came in between: from now on the lines are listed one by one.
    if (p.lineNumbers === undefined && p.lineCount > 0 && line.number !== p.firstLine + p.lineCount) p.lineNumbers = lineRange(p.firstLine, p.lineCount);
    p.lineNumbers?.push(line.number);
    p.lineCount += 1;
    p.bytes += text.length;
    if (!partial || p.bytes >= this.options.maxEventBytes) {
      // Complete (or too big to keep holding: emitted as it is, the rest continues as a new event).
      return this.finishPartial(st, !partial);
    }
    void emit;
    return null;
  }

  /** `complete`: the final record arrived (Docker: its log ends with "\n"; CRI: an `F` record). */
  private finishPartial(st: StreamState, complete: boolean): LogicalLine {
    const p = st.partial!;
    st.partial = null;
    this.recount();
    const text = p.texts.join('');
    // The joined record keeps the first record's fields; its log is the whole line.
    const docker = p.docker ? { ...p.docker, log: complete ? text + '\n' : text } : undefined;
    const ll: LogicalLine = { kind: p.kind, firstLine: p.firstLine, lineCount: p.lineCount, invalidUtf8: p.invalidUtf8, text, bytes: null, docker, cri: p.cri };
    if (p.lineNumbers) ll.lineNumbers = p.lineNumbers;
    return ll;
  }

  private feed(ll: LogicalLine, emit: EmitEvent): void {
    const key = streamKey(ll);
    this.feedInto(key, this.state(key), ll, emit);
  }

  private feedInto(key: string, st: StreamState, ll: LogicalLine, emit: EmitEvent): void {
    const block = st.block;
    if (block) {
      if (block.type === 'json') {
        this.continueJsonBlock(st, ll, emit);
        return;
      }
      if (block.type === 'xml') {
        this.continueXmlBlock(st, ll, emit);
        return;
      }
      if (block.type === 'keys') {
        if (KEY_LINE_RE.test(ll.text) && block.lines.length < Math.min(MAX_KEY_LINES, this.options.maxEventLines)) {
          this.appendToBlock(block, ll);
          return;
        }
        // --multiline stack: the frames after the SDK's fields belong to the same event.
        if (this.options.multiline === 'stack' && this.continuesStack(block, ll.text)) {
          block.type = 'stack';
          this.appendToBlock(block, ll);
          return;
        }
        this.emitJoined(st, emit);
        this.startOrEmit(key, st, ll, emit);
        return;
      }
      if (this.continuesStack(block, ll.text)) {
        this.appendToBlock(block, ll);
        if (block.lines.length >= this.options.maxEventLines || block.bytes >= this.options.maxEventBytes) {
          this.emitJoined(st, emit);
        }
        return;
      }
      this.emitJoined(st, emit);
    }
    this.startOrEmit(key, st, ll, emit);
  }

  private startOrEmit(_key: string, st: StreamState, ll: LogicalLine, emit: EmitEvent): void {
    if (EXCEPTION_HEADER_RE.test(ll.text.length > 4096 ? ll.text.slice(-4096) : ll.text)) {
      st.block = { type: 'keys', lines: [ll], bytes: ll.text.length, opener: -1, balance: newBalanceState(), braceDepth: 0, sawPythonTraceback: false };
      this.recount();
      return;
    }
    if (this.options.multiline === 'stack' && isStackStart(ll.text)) {
      st.block = {
        type: 'stack',
        lines: [ll],
        bytes: ll.text.length,
        opener: -1,
        balance: newBalanceState(),
        braceDepth: 0,
        sawPythonTraceback: ll.text.startsWith('Traceback'),
      };
      this.recount();
      return;
    }
    if (XML_ERROR_OPEN_RE.test(ll.text)) {
      st.block = { type: 'xml', lines: [ll], bytes: ll.text.length, opener: -1, balance: newBalanceState(), braceDepth: 0, sawPythonTraceback: false };
      this.recount();
      return;
    }
    const opener = findOpeningBracket(ll.text);
    if (opener !== -1) {
      const balance = newBalanceState();
      feedBalance(balance, ll.text, opener);
      st.block = { type: 'json', lines: [ll], bytes: ll.text.length, opener, balance, braceDepth: 0, sawPythonTraceback: false };
      this.recount();
      return;
    }
    emit(toEvent(ll));
  }

  private continueJsonBlock(st: StreamState, ll: LogicalLine, emit: EmitEvent): void {
    const block = st.block!;
    this.appendToBlock(block, ll);
    const closed = feedBalance(block.balance, '\n' + ll.text);
    if (closed !== -1) {
      this.finishJsonBlock(st, emit);
      return;
    }
    if (isBroken(block.balance) || block.lines.length >= this.options.maxEventLines || block.bytes >= this.options.maxEventBytes) {
      this.failOrEmitBlock(st, emit, 'bound');
    }
  }

  /** An XML error body printed over several lines (`<Error>`, `<Code>…`, …, `</Error>`) is one event. */
  private continueXmlBlock(st: StreamState, ll: LogicalLine, emit: EmitEvent): void {
    const block = st.block!;
    this.appendToBlock(block, ll);
    if (ll.text.includes('</Error>')) {
      this.emitJoined(st, emit);
      return;
    }
    if (block.lines.length >= this.options.maxEventLines || block.bytes >= this.options.maxEventBytes) this.failOrEmitBlock(st, emit, 'bound');
  }

  private finishJsonBlock(st: StreamState, emit: EmitEvent): void {
    const block = st.block!;
    const joined = block.lines.map((l) => l.text).join('\n');
    const end = findValueEnd(joined, block.opener);
    let parsed: unknown;
    let ok = false;
    if (end !== -1) {
      try {
        parsed = JSON.parse(joined.slice(block.opener, end));
        ok = true;
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      this.failOrEmitBlock(st, emit, 'invalid');
      return;
    }
    const whole = joined.slice(0, block.opener).trim() === '' && joined.slice(end).trim() === '';
    st.block = null;
    this.recount();
    const ev = joinLines(block.lines);
    if (whole) ev.parsed = parsed;
    emit(ev);
  }

  /** A JSON or XML block that cannot be completed goes out as its original separate lines; a stack or keys block as one event. */
  private failOrEmitBlock(st: StreamState, emit: EmitEvent, _why: 'bound' | 'invalid' | 'flush'): void {
    const block = st.block!;
    if (block.type === 'stack' || block.type === 'keys') {
      this.emitJoined(st, emit);
      return;
    }
    st.block = null;
    this.recount();
    for (const l of block.lines) emit(toEvent(l));
  }

  private emitJoined(st: StreamState, emit: EmitEvent): void {
    const block = st.block!;
    st.block = null;
    this.recount();
    emit(block.lines.length === 1 ? toEvent(block.lines[0]!) : joinLines(block.lines));
  }

  private continuesStack(block: BlockState, text: string): boolean {
    if (isStackContinuation(text, block.braceDepth)) {
      block.braceDepth = Math.max(0, block.braceDepth + braceDelta(text));
      return true;
    }
    // Python: the exception line closes the traceback and belongs to it.
    if (block.sawPythonTraceback && isPythonExceptionTail(text)) {
      block.sawPythonTraceback = false;
      return true;
    }
    return false;
  }

  private appendToBlock(block: BlockState, ll: LogicalLine): void {
    block.lines.push(ll);
    block.bytes += ll.text.length + 1;
  }

  private streamIsFree(key: string | null): boolean {
    return key !== null && !this.isHeld(key);
  }

  private isHeld(key: string): boolean {
    const st = this.streams.get(key);
    return st !== undefined && (st.partial !== null || st.block !== null);
  }

  private state(key: string): StreamState {
    let st = this.streams.get(key);
    if (!st) {
      st = { partial: null, block: null };
      this.streams.set(key, st);
    }
    return st;
  }

  private recount(): void {
    let n = 0;
    for (const st of this.streams.values()) if (st.partial || st.block) n++;
    this.held = n;
  }
}

/** What kind of line `bytes[start, end)` is, by its first bytes (or as `input` forces). */
export function classifyLine(bytes: Buffer, start: number, end: number, input: InputFormat): EventKind {
  switch (input) {
    case 'docker':
      return 'docker';
    case 'cri':
      return 'cri';
    case 'kubectl':
      return 'kubectl';
    case 'text':
      return 'line';
    default:
      if (start >= end) return 'line';
      if (bytes[start] === 0x7b) return looksLikeDocker(bytes, start, end) ? 'docker' : 'line';
      if (looksLikeTimestamp(bytes, start, end)) return 'cri';
      if (bytes[start] === 0x5b && end - start > 1 && bytes[start + 1] === 0x70) return 'kubectl';
      return 'line';
  }
}

/**
 * Cheap superset of isStackStart (stack-trace.ts) on a line's bytes, which hold its text whatever
 * wraps it: only a line naming an Error, Exception or Throwable, a Python traceback or a Go panic
 * can begin a stack trace. A `\u` escape (a letter written escaped) counts as maybe.
 */
export function mayStartStack(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (STACK_FIRST_BYTES[c] === 0) continue;
    for (const word of STACK_WORDS) if (word[0] === c && occursAt(bytes, i, start, end, word)) return true;
  }
  return false;
}

/** Where mayStartStack's words start in a whole chunk, ascending (a word never spans a line end). */
export function findStackWords(chunk: Buffer): number[] {
  const hits: number[] = [];
  for (const word of STACK_WORDS) for (let p = chunk.indexOf(word); p !== -1; p = chunk.indexOf(word, p + 1)) hits.push(p);
  return hits.sort((a, b) => a - b);
}

const STACK_WORDS = ['Error', 'Exception', 'Throwable', 'Traceback', 'panic: ', '\\u'].map((w) => Buffer.from(w));
const STACK_FIRST_BYTES = new Uint8Array(256);
for (const w of STACK_WORDS) STACK_FIRST_BYTES[w[0]!] = 1;


/** A line that goes out as it is, whole: not a CRI line (whose parts' positions are its layout). */
export const WHOLE_LINE = 'whole';
export type FastLineLayout = CriPositions | typeof WHOLE_LINE;

/**
 * Can the line `bytes[start, end)` of `kind` go out as one event, undecoded, when its stream holds
 * nothing? Not when it may start an event of several lines (it ends with an opening bracket,
 * `<Error>` or an exception name; with --multiline stack the caller also asks mayStartStack) or
 * continues one (a Docker partial). Null: no;
 * otherwise how its record is cut from its bytes (CRI: where time, stream and message are, in
 * `criInto` when given).
 * The framer's fast path and the engine's per-chunk fast lane (enrich-engine.ts) both ask this.
 */
export function fastLineLayout(bytes: Buffer, start: number, end: number, kind: EventKind, criInto?: CriPositions): FastLineLayout | null {
  if (kind === 'line') {
    return endsWithOpener(bytes, start, end) || endsWithXmlErrorOpen(bytes, start, end) || mayEndWithExceptionName(bytes, start, end - 1) ? null : WHOLE_LINE;
  }
  if (kind === 'docker') {
    const at = findDockerStreamKey(bytes, start, end);
    if (dockerLineIsComplete(bytes, at, start) !== true || dockerLogEndsWithOpener(bytes, start, at) || mayEndWithExceptionName(bytes, start, at - 3)) return null;
    return WHOLE_LINE;
  }
  if (kind === 'cri') {
    if (endsWithOpener(bytes, start, end) || endsWithXmlErrorOpen(bytes, start, end) || mayEndWithExceptionName(bytes, start, end - 1)) return null;
    return criFullLinePositions(bytes, start, end, criInto);
  }
  return null;
}

/** The first line a stream holds (its block's first line, or its partial's). */
function firstHeldLine(st: StreamState): number {
  const block = st.block?.lines[0]?.firstLine ?? Infinity;
  return Math.min(block, st.partial?.firstLine ?? Infinity);
}

function fastEvent(kind: EventKind, line: Line, criPos: CriPositions | null): FramedEvent {
  const ev: FramedEvent = { kind, firstLine: line.number, lineCount: 1, bytes: line.bytes, text: null };
  if (criPos) ev.criPos = criPos;
  if (line.triggered !== undefined) ev.triggered = line.triggered;
  if (line.utf8 !== undefined) ev.utf8 = line.utf8;
  return ev;
}

function streamKey(ll: LogicalLine): string {
  if (ll.kind === 'docker') return 'docker:' + String(ll.docker?.stream ?? '');
  if (ll.kind === 'cri') return 'cri:' + (ll.cri?.stream ?? '');
  return 'line';
}

function toEvent(ll: LogicalLine): FramedEvent {
  const ev: FramedEvent = { kind: ll.kind, firstLine: ll.firstLine, lineCount: ll.lineCount, bytes: ll.bytes, text: ll.text };
  if (ll.lineNumbers) ev.lineNumbers = ll.lineNumbers;
  if (ll.invalidUtf8) ev.invalidUtf8 = true;
  if (ll.docker) ev.docker = ll.docker;
  if (ll.cri) ev.cri = ll.cri;
  if (ll.kubectl) ev.kubectl = ll.kubectl;
  return ev;
}

/** Several logical lines of one stream as one event: wrapper fields from the first line. */
function joinLines(lines: LogicalLine[]): FramedEvent {
  const first = lines[0]!;
  const text = lines.map((l) => l.text).join('\n');
  let lineCount = 0;
  let numbers: number[] | undefined;
  for (const l of lines) {
    // Not contiguous (this line is not the next one, or itself has gaps): list them all.
    if (numbers === undefined && (l.lineNumbers !== undefined || l.firstLine !== first.firstLine + lineCount)) numbers = lineRange(first.firstLine, lineCount);
    if (numbers !== undefined) {
      // A loop, not push(...): a joined partial may hold more lines than a call takes arguments.
      if (l.lineNumbers !== undefined) for (const n of l.lineNumbers) numbers.push(n);
      else for (let i = 0; i < l.lineCount; i++) numbers.push(l.firstLine + i);
    }
    lineCount += l.lineCount;
  }
  const ev: FramedEvent = { kind: first.kind, firstLine: first.firstLine, lineCount, bytes: null, text };
  if (numbers !== undefined) ev.lineNumbers = numbers;
  if (lines.some((l) => l.invalidUtf8)) ev.invalidUtf8 = true;
  if (first.docker) ev.docker = { ...first.docker, log: text + '\n' };
  if (first.cri) ev.cri = first.cri;
  if (first.kubectl) ev.kubectl = first.kubectl;
  return ev;
}

/** first, first + 1, …: `count` line numbers. */
function lineRange(first: number, count: number): number[] {
  const numbers = new Array<number>(count);
  for (let i = 0; i < count; i++) numbers[i] = first + i;
  return numbers;
}

function findValueEnd(text: string, opener: number): number {
  const st = newBalanceState();
  return feedBalance(st, text, opener);
}

function braceDelta(text: string): number {
  let d = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) d++;
    else if (c === 0x7d) d--;
  }
  return d;
}

function kubectlFields(k: { pod?: string; container?: string; time?: string }): KubectlFields {
  const f: KubectlFields = {};
  if (k.pod !== undefined) f.pod = k.pod;
  if (k.container !== undefined) f.container = k.container;
  if (k.time !== undefined) f.time = k.time;
  return f;
}

/**
 * In auto mode a leading timestamp is taken as kubectl's `--timestamps` only in kubectl's own
 * shape (RFC 3339 with at least microseconds, UTC): plenty of applications start their lines with
 * a coarser timestamp, and those lines must stay untouched text.
 */
const KUBECTL_AUTO_TS_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6,9}Z /;
function parseAutoKubectl(text: string): ReturnType<typeof parseKubectlLine> {
  if (!KUBECTL_AUTO_TS_RE.test(text)) return null;
  return parseKubectlLine(text);
}

/** Where the last `","stream":"` of `bytes[start, end)` starts (-1: none). Docker writes it near the end: searched backwards. */
function findDockerStreamKey(bytes: Buffer, start: number, end: number): number {
  const last = STREAM_KEY.length - 1;
  for (let i = end - STREAM_KEY.length; i >= start; i--) {
    if (bytes[i + last] !== STREAM_KEY[last] || bytes[i] !== STREAM_KEY[0]) continue;
    let k = 1;
    while (k < last && bytes[i + k] === STREAM_KEY[k]) k++;
    if (k === last) return i;
  }
  return -1;
}

/** The stream key of a Docker line without parsing it; null when it is not stdout/stderr. */
const STDOUT_QUOTED = Buffer.from('stdout"');
const STDERR_QUOTED = Buffer.from('stderr"');
function dockerStreamKey(bytes: Buffer, at: number): string | null {
  if (at === -1) return null;
  const from = at + STREAM_KEY.length;
  // A line cut inside its stream name (`…","stream":"st`) names no stream.
  if (occursAt(bytes, from, 0, bytes.length, STDOUT_QUOTED)) return 'docker:stdout';
  if (occursAt(bytes, from, 0, bytes.length, STDERR_QUOTED)) return 'docker:stderr';
  return null;
}

/** Last non-blank byte is "{" or "[": the line may open a multi-line JSON block. */
/** A line that opens an XML error body and leaves it open (`<Error>` at its end). */
const XML_ERROR_OPEN_RE = /<Error>\s*$/;

/**
 * An exception header with nothing after the class name — the Tencent Node SDK's
 * `TencentCloudSDKHttpException: [TencentCloudSDKException]`, a bare `TencentCloudSDKHttpException` —
 * is followed by the error's fields on lines of their own (`Code: …`, `Message: …`, `RequestId: …`,
 * `[Error]: <message>`): header and field lines are one event, as a multi-line XML error body is.
 * Anything else after the header ends the event (the stack frames stay lines of their own unless
 * `--multiline stack`).
 */
const EXCEPTION_HEADER_RE = /(?:^|[\s:])[A-Z][A-Za-z0-9_.]*(?:Exception|Error)(?: ?\[[A-Za-z]\w*\])?:?(?: \[[A-Za-z]\w*\])?[ \t\r]*$/;
const KEY_LINE_RE = /^(?:[A-Z][A-Za-z]{1,39}|\[[A-Za-z]\w*\]) ?: ?\S/;
const MAX_KEY_LINES = 16;
const EXCEPTION = Buffer.from('Exception');
const ERROR = Buffer.from('Error');

/**
 * Cheap superset of EXCEPTION_HEADER_RE on bytes, for the fast path: does the text from `start`
 * and ending at `i` end with "Exception" or "Error", maybe followed by "]" and ":"?
 */
function mayEndWithExceptionName(bytes: Buffer, start: number, i: number): boolean {
  while (i >= start && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0d)) i--;
  if (i >= start && bytes[i] === 0x3a) i--;
  if (i >= start && bytes[i] === 0x5d) i--;
  if (i < start) return false;
  const c = bytes[i];
  if (c === 0x6e) return endsWithAt(bytes, start, i, EXCEPTION);
  if (c === 0x72) return endsWithAt(bytes, start, i, ERROR);
  return false;
}

/** Does `bytes[start, i]` end with `word`? */
function endsWithAt(bytes: Buffer, start: number, i: number, word: Buffer): boolean {
  return occursAt(bytes, i + 1 - word.length, start, i + 1, word);
}

const XML_ERROR_OPEN = Buffer.from('<Error>');

function endsWithXmlErrorOpen(bytes: Buffer, start: number, end: number): boolean {
  let i = end - 1;
  while (i >= start && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0d)) i--;
  return endsWithAt(bytes, start, i, XML_ERROR_OPEN);
}

function endsWithOpener(bytes: Buffer, start: number, end: number): boolean {
  let i = end - 1;
  while (i >= start && (bytes[i] === 0x20 || bytes[i] === 0x09)) i--;
  return i >= start && (bytes[i] === 0x7b || bytes[i] === 0x5b);
}

/** Docker: does the log text (before its escaped "\n" at `at - 2`) end with "{" or "["? */
function dockerLogEndsWithOpener(bytes: Buffer, start: number, at: number): boolean {
  let i = at - 3; // skip the escaped "\n"
  if (i >= start + 1 && bytes[i] === 0x72 && bytes[i - 1] === 0x5c) i -= 2; // "\r"
  while (i >= start && (bytes[i] === 0x20 || bytes[i] === 0x09)) i--;
  return i >= start && (bytes[i] === 0x7b || bytes[i] === 0x5b);
}
