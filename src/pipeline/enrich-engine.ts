/**
 * The engine behind both the library's Transform and the CLI: bytes of one input at a time in,
 * NDJSON out through `emit`. It owns the per-input state (line splitter, framer) and nothing
 * else: reading files, writing output and timers are the caller's (stream plumbing stays thin).
 */
import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter, type Line, type LineSink } from '../input/split-lines.js';
import { classifyLine, EventFramer, fastLineLayout, findStackWords, type FramedEvent, type FramingOptions } from '../framing/frame-events.js';
import { processEvent, writeFastLine, writeFastRecord, writeProcessedRecord, type Failures, type ProcessOptions } from './process-event.js';
import { escapeJsonFragment, OVERLONG_RECORD_START, overlongRecordEnd } from '../output/build-record.js';
import { OutputArena } from '../output/output-arena.js';
import type { CriPositions } from '../framing/parse-wrappers.js';
import { SummaryCounter } from '../output/summary.js';
import type { Enrichment } from '../enrich/build-enrichment.js';

export interface EngineOptions extends Omit<ProcessOptions, 'locate'>, FramingOptions {
  maxLineBytes: number;
  /** Add `input: {file, line, lines}` to each record. */
  locate: boolean;
}


export class EnrichEngine {
  readonly summary = new SummaryCounter();
  private readonly splitter: LineSplitter;
  private readonly framer: EventFramer;
  private sourceName = '-';
  private readonly out = new OutputArena();
  private overlong: { decoder: StringDecoder; line: number; utf8: Utf8Tracker } | null = null;
  private readonly processOptions: ProcessOptions;
  /** Called after each input line (over-long ones too) has gone through the framer: a piece of a split file notes where its engine holds nothing (run/enrich-file-piece.ts). */
  onLineEnd: (() => void) | null = null;
  /** Called for each event's enrichments (used by --fail-on). */
  onErrors: ((errors: readonly Enrichment[]) => void) | null = null;
  /** Called when detection or enrichment threw on events (passed through untouched): how many, and the first reason. */
  onEventFailures: ((count: number, reason: string) => void) | null = null;
  private readonly failures: Failures = { count: 0, first: null };
  private readonly fastLane: boolean;
  /** --multiline stack: where mayStartStack's words are in the chunk being written (findStackWords). */
  private stackWordsOf: Buffer | null = null;
  private stackWords: number[] = [];
  private stackWord = 0;
  /** The fast lane's CRI positions, refilled for each CRI line (used before the next line). */
  private readonly criPositions: CriPositions = { timeEnd: 0, streamStart: 0, streamEnd: 0, messageStart: 0 };
  constructor(
    private readonly options: EngineOptions,
    private readonly emit: (chunk: Buffer) => void,
  ) {
    this.processOptions = { ...options, locate: null };
    const sink: LineSink = {
      line: (line) => this.onLine(line),
      fastLine: (chunk, start, end) => this.onFastLine(chunk, start, end),
      overlongStart: (head, number) => this.onOverlongStart(head, number),
      overlongPiece: (piece) => this.onOverlongPiece(piece),
      overlongEnd: (total) => this.onOverlongEnd(total),
    };
    this.splitter = new LineSplitter(options.maxLineBytes, sink);
    this.splitter.setTriggerScan(options.rules.byteScan);
    this.framer = new EventFramer(options);
    this.fastLane = !options.locate;
  }

  /** Starts a new input (file name for --locate and messages; "-" for stdin); `firstLine`: the number of its first line (a piece of a file split between workers). */
  beginInput(name: string, firstLine = 1): void {
    this.sourceName = name;
    this.splitter.reset(firstLine);
    this.processOptions.locate = this.options.locate ? name : null;
  }

  write(chunk: Buffer): void {
    this.splitter.push(chunk);
    // The chunk is the caller's again (it may refill the same buffer): its stack-word hits go.
    this.stackWordsOf = null;
    this.drainOut();
  }

  /** End of the current input: the last unterminated line and every held event are emitted. */
  endInput(): void {
    this.splitter.end();
    this.framer.flush((ev) => this.onEvent(ev));
    this.drainOut();
  }

  /** Live input went quiet for --flush-ms: emit held events (not a held partial line). */
  flushIdle(): void {
    this.framer.flush((ev) => this.onEvent(ev));
    this.drainOut();
  }

  /** Rules and catalogs for the events processed from now on (SIGHUP reload). Held events are processed with them too. */
  useKnowledge(k: Pick<ProcessOptions, 'rules' | 'lookup' | 'catalogMessages'>): void {
    this.drainOut();
    this.processOptions.rules = k.rules;
    this.processOptions.lookup = k.lookup;
    if (k.catalogMessages) this.processOptions.catalogMessages = k.catalogMessages;
    else delete this.processOptions.catalogMessages;
    this.splitter.setTriggerScan(k.rules.byteScan);
  }

  /** Output made and not yet passed to `emit` (it is, at the end of each `write`). */
  get unemittedBytes(): number {
    return this.out.length;
  }

  /** True when something is held that only more input, a flush or the end will release. */
  get holding(): boolean {
    return this.framer.holding;
  }

  /**
   * The fast lane: a plain line nothing is held before goes from the chunk straight to the output
   * arena — the same record the framer's fast path and writeFastRecord make, without a Line, an
   * event or a view of its bytes. Off where records carry per-line data (--locate); with
   * --multiline stack, not for a line that may begin a stack trace.
   */
  private onFastLine(chunk: Buffer, start: number, end: number): boolean {
    if (!this.fastLane || this.framer.holding) return false;
    if (this.options.multiline === 'stack' && this.mayStartStackIn(chunk, start, end)) return false;
    const kind = classifyLine(chunk, start, end, this.options.input);
    const layout = fastLineLayout(chunk, start, end, kind, this.criPositions);
    if (layout === null || !writeFastLine(this.out, chunk, start, end, kind, layout, this.options.errorsOnly)) return false;
    this.summary.lines += 1;
    if (!this.options.errorsOnly) this.summary.records += 1;
    this.onLineEnd?.();
    return true;
  }

  /** mayStartStack for a line of the chunk being written, from one search of the chunk. */
  private mayStartStackIn(chunk: Buffer, start: number, end: number): boolean {
    if (this.stackWordsOf !== chunk) {
      this.stackWordsOf = chunk;
      this.stackWords = findStackWords(chunk);
      this.stackWord = 0;
    }
    const hits = this.stackWords;
    let h = this.stackWord;
    while (h < hits.length && hits[h]! < start) h++;
    this.stackWord = h;
    return h < hits.length && hits[h]! < end;
  }

  private onLine(line: Line): void {
    this.summary.lines += 1;
    this.framer.push(line, (ev) => this.onEvent(ev));
    this.onLineEnd?.();
  }

  private onEvent(ev: FramedEvent): void {
    if (writeFastRecord(ev, this.processOptions, this.out)) {
      if (!this.options.errorsOnly) this.summary.records += 1;
      return;
    }
    const result = processEvent(ev, this.processOptions, this.failures);
    if (this.failures.count > 0) this.reportFailures(this.failures);
    if (result === null) return;
    this.summary.records += 1;
    if (result.errors.length > 0) {
      this.summary.addErrors(result.errors);
      this.onErrors?.(result.errors);
    }
    writeProcessedRecord(result, this.out);
  }

  private reportFailures(f: Failures): void {
    this.summary.failedEvents += f.count;
    this.onEventFailures?.(f.count, f.first ?? 'unknown error');
    f.count = 0;
    f.first = null;
  }

  // Over-long lines are streamed out (output/build-record.ts) without ever holding the whole line;
  // --errors-only drops them (nothing was detected).
  private onOverlongStart(head: Buffer, number: number): void {
    // Held events end before the over-long line, which bypasses framing: records stay in input
    // order and a joined event never spans it (its --locate range stays contiguous).
    this.framer.flush((ev) => this.onEvent(ev));
    this.summary.lines += 1;
    this.summary.overlongLines += 1;
    this.overlong = { decoder: new StringDecoder('utf8'), line: number, utf8: new Utf8Tracker() };
    if (this.options.errorsOnly) return;
    this.out.text(OVERLONG_RECORD_START);
    this.onOverlongPiece(head);
  }

  private onOverlongPiece(piece: Buffer): void {
    if (!this.overlong || this.options.errorsOnly) return;
    this.overlong.utf8.feed(piece);
    this.out.text(escapeJsonFragment(this.overlong.decoder.write(piece)));
    this.drainOutIfLarge();
  }

  private onOverlongEnd(total: number): void {
    this.finishOverlong(total);
    this.onLineEnd?.();
  }

  private finishOverlong(total: number): void {
    if (!this.overlong) return;
    const o = this.overlong;
    this.overlong = null;
    if (this.options.errorsOnly) return;
    const where = this.options.locate ? { file: this.sourceName, line: o.line, lines: 1 } : null;
    this.out.text(escapeJsonFragment(o.decoder.end()) + overlongRecordEnd(total, o.utf8.end(), where));
    this.summary.records += 1;
  }

  private drainOutIfLarge(): void {
    if (this.out.length >= 64 * 1024) this.drainOut();
  }

  private drainOut(): void {
    if (this.out.length > 0) this.emit(this.out.take());
  }
}

/** UTF-8 validity of a line that arrives in pieces (a sequence may be split between pieces). */
class Utf8Tracker {
  private valid = true;
  private carry: Buffer = Buffer.alloc(0);

  feed(piece: Buffer): void {
    if (!this.valid) return;
    const b = this.carry.length > 0 ? Buffer.concat([this.carry, piece]) : piece;
    const cut = incompleteTailStart(b);
    if (!isUtf8(b.subarray(0, cut))) this.valid = false;
    this.carry = Buffer.from(b.subarray(cut));
  }

  /** Valid overall? (a sequence left incomplete at the end is not) */
  end(): boolean {
    return this.valid && this.carry.length === 0;
  }
}

/** Where a multi-byte sequence that the buffer ends in the middle of starts (length if none). */
function incompleteTailStart(b: Buffer): number {
  for (let back = 1; back <= 3 && back <= b.length; back++) {
    const c = b[b.length - back]!;
    if ((c & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? b.length - back : b.length;
  }
  return b.length;
}
