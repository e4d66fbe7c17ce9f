/**
 * One piece of a big file, enriched by a worker: a byte range of a plain file, or of the bytes the
 * main thread inflated from a gzip file (the piece's source: piece-source.ts).
 *
 * Pieces start just after a "\n" (plan-file-pieces.ts), but an event may straddle a start: a
 * Docker/CRI partial, a JSON block over several lines, a stack trace. Such an event belongs to the
 * piece where it starts. The rule that makes the output byte-identical to one thread:
 *
 * - the framer's state after a line depends only on the lines before it; when it holds nothing,
 *   what follows is framed as by a fresh framer. So at a line boundary where the framer that read
 *   the file from its start holds nothing, AND a framer started fresh at the piece's start holds
 *   nothing, the two agree from there on;
 * - the worker of the piece before reads on past its end, line by line, with a shadow engine
 *   started fresh at that end, until both its own engine and the shadow hold nothing: that boundary
 *   X is where its output stops and the next piece's output takes over;
 * - the next piece's worker, started fresh at its start, notes for its first WINDOW_LINES lines
 *   every boundary where it holds nothing, with its output size and counters there, so that its
 *   output and summary can be taken from X on (piece-chain.ts does that in the main thread);
 * - when no such X comes within WINDOW_LINES lines (a pathological file), the worker before simply
 *   reads the whole next piece itself and tries again at the one after (that piece is superseded).
 *
 * Usually the engine holds nothing at a piece's start and X is that start: no extra line is read.
 */
import { createEngine } from '../pipeline/create-engine.js';
import type { EnrichEngine } from '../pipeline/enrich-engine.js';
import type { Enrichment } from '../enrich/build-enrichment.js';
import { matchesFailOn } from '../fail-on.js';
import { describeError } from '../input/expand-inputs.js';
import { OutputWriteError, type OutputSink } from '../output/open-output.js';
import type { Task, TaskResult, TaskContext } from './run-task.js';
import type { EnrichInputOutcome } from './enrich-input.js';
import type { DecodedPiece, PieceSource } from './piece-source.js';

/**
 * Lines after a piece's start within which the piece before must find where to stop. Each window
 * line costs a mark (output size and counters, sent to the main thread), and almost always the
 * hand-over is at the piece's start; an event held open past the window (more lines than an event
 * may hold, or another stream's lines in between) costs the whole next piece read by the piece
 * before, never a wrong output. So the window is a little over the default --max-event-lines.
 */
export const WINDOW_LINES = 512;
const YIELD_EVERY_READS = 8;

export interface FilePiece {
  /** Which piece this task reads. */
  piece: number;
  /** The number of its first line (--locate). */
  firstLine: number;
  /**
   * Its bytes: a plain file's (`bounds`: every piece's start, then the file's size), or a gzip
   * file's, inflated by the main thread (`decoded`: this piece's; the ones after it are asked for).
   */
  from: { bounds: number[] } | { decoded: DecodedPiece };
}

/** A line boundary in a piece's window where its engine held nothing: its output and counters so far. */
export interface PieceMark {
  offset: number;
  outBytes: number;
  lines: number;
  records: number;
  eventsWithErrors: number;
  errors: number;
  overlongLines: number;
  /** Events passed through untouched because detection threw on them. */
  failedEvents: number;
  /** Events with errors seen so far (index into `windowErrors`). */
  errorEvents: number;
}

export interface PieceReport {
  /** Piece > 0: its start and the boundaries of its window where it held nothing, ascending. */
  marks: PieceMark[];
  /** The errors of each event with errors in the window, in order (the summary of a skipped prefix). */
  windowErrors: Enrichment[][];
  /**
   * Events with errors before the last one that matched --fail-on; null: none matched. The last,
   * not the first: a match in the part before the hand-over (which the piece before reads, maybe
   * framed otherwise) must not hide one after it.
   */
  lastFailOnHit: number | null;
  /** Where its output hands over: the output of `piece` from byte `offset` of the file on. Null: it read to the end of the file. */
  end: { piece: number; offset: number } | null;
  /** False when stopped (signal, reader gone) before its end. */
  completed: boolean;
}

/**
 * `sink`: where its records go (the main thread, through the worker's port: a piece never has an
 * output file of its own, pieces are only made for the ordered output). `onWindow`: called once its window is read, with its marks (the piece before may
 * then hand over without waiting for this piece's end).
 */
export async function enrichFilePiece(
  task: Task & { piece: FilePiece },
  ctx: TaskContext,
  sink: OutputSink,
  openSource: () => PieceSource,
  onWindow?: (marks: PieceMark[]) => void,
): Promise<TaskResult> {
  const { piece } = task.piece;
  const knowledge = ctx.knowledge();
  let needDrain = false;
  let outBytes = 0;
  const engine = createEngine(ctx.options, knowledge, (chunk) => {
    outBytes += chunk.length;
    if (!sink.write(chunk)) needDrain = true;
  });
  const report: PieceReport = { marks: [], windowErrors: [], lastFailOnHit: null, end: null, completed: false };
  let inWindow = piece > 0;
  let errorEvents = 0;
  let errors = 0;
  let bytes = 0;
  engine.onErrors = (found) => {
    if (inWindow) report.windowErrors.push([...found]);
    if (ctx.failOn && matchesFailOn(ctx.failOn, found)) report.lastFailOnHit = errorEvents;
    errorEvents++;
    errors += found.length;
  };
  /** `unemitted`: output the engine made but has not emitted yet (it does at the end of the write). */
  const mark = (offset: number, unemitted = 0) => {
    const s = engine.summary;
    report.marks.push({ offset, outBytes: outBytes + unemitted, lines: s.lines, records: s.records, eventsWithErrors: s.eventsWithErrors, errors: s.errors, overlongLines: s.overlongLines, failedEvents: s.failedEvents, errorEvents });
  };
  let firstEventFailure: string | undefined;
  engine.onEventFailures = (_count, reason) => {
    firstEventFailure ??= reason;
  };
  engine.beginInput(task.input.path, task.piece.firstLine);

  let outcome: EnrichInputOutcome = { ok: true };
  let source: PieceSource | null = null;
  try {
    source = openSource();
    const from = source;
    const read = (at: number, upTo: number): Buffer => {
      const block = from.read(at, upTo);
      bytes = from.rawBytes;
      ctx.onProgress?.(bytes, errors);
      return block;
    };
    let reads = 0;
    const pause = async () => {
      if (needDrain) {
        needDrain = false;
        await sink.drained();
      } else if (++reads % YIELD_EVERY_READS === 0) {
        // Reads are synchronous: let a stop request or an acknowledgement in now and then.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return ctx.stop.stopped;
    };

    const own = await source.extent(piece);
    if (own === null) throw new Error(`internal error: piece ${piece} has no bytes`);
    let pos = own.start;
    const end = own.end;
    if (piece > 0) {
      // A piece cut inside a line (a line longer than a piece) has no boundary at its start.
      if (own.startsLine) mark(pos);
      // Each line's end is found in the block being written when the engine reports the line done.
      let block: Buffer = Buffer.alloc(0);
      let base = pos;
      let searchFrom = 0;
      let lines = 0;
      engine.onLineEnd = () => {
        const nl = block.indexOf(0x0a, searchFrom);
        if (nl === -1 || lines >= WINDOW_LINES) return;
        searchFrom = nl + 1;
        lines++;
        const boundary = base + nl + 1;
        if (boundary < end && !engine.holding) mark(boundary, engine.unemittedBytes);
      };
      while (pos < end && lines < WINDOW_LINES) {
        block = read(pos, end);
        base = pos;
        searchFrom = 0;
        engine.write(block);
        pos += block.length;
        // No waiting for the output here: its reader needs these marks before it can take it.
        if (ctx.stop.stopped) break;
      }
      engine.onLineEnd = null;
      inWindow = false;
      onWindow?.(report.marks);
    }
    while (pos < end && !ctx.stop.stopped) {
      const block = read(pos, end);
      engine.write(block);
      pos += block.length;
      if (await pause()) break;
    }
    if (!ctx.stop.stopped) report.end = await readPastEnd(engine, piece, source, read, pause, () => createShadow(ctx, knowledge));
    report.completed = !ctx.stop.stopped;
  } catch (e) {
    outcome = e instanceof OutputWriteError ? { ok: false, phase: 'output', reason: e.message } : { ok: false, phase: source === null ? 'open' : 'read', reason: describeError(e) };
  } finally {
    source?.close();
  }
  try {
    engine.endInput();
  } catch (e) {
    if (outcome.ok) outcome = { ok: false, phase: e instanceof OutputWriteError ? 'output' : 'read', reason: describeError(e) };
  }
  return { index: task.index, outcome, summary: engine.summary.toJSON(), failOnHit: report.lastFailOnHit !== null, bytes, errors, piece: report, firstEventFailure };
}

function createShadow(ctx: TaskContext, knowledge: ReturnType<TaskContext['knowledge']>): EnrichEngine {
  const shadow = createEngine(ctx.options, knowledge, () => undefined);
  shadow.beginInput('-');
  return shadow;
}

/**
 * After its own piece: reads on, line by line, until the engine and a shadow started fresh at the
 * next piece's start both hold nothing (see the module comment). Returns where the output hands
 * over, or null at the end of the file.
 */
async function readPastEnd(
  engine: EnrichEngine,
  piece: number,
  source: PieceSource,
  read: (at: number, upTo: number) => Buffer,
  pause: () => Promise<boolean>,
  newShadow: () => EnrichEngine,
): Promise<{ piece: number; offset: number } | null> {
  for (let k = piece + 1; ; k++) {
    const next = await source.extent(k);
    if (next === null) return null;
    let pos = next.start;
    const end = next.end;
    if (!engine.holding && next.startsLine) return { piece: k, offset: pos };
    const shadow = newShadow();
    let lines = 0;
    let handover = -1;
    while (pos < end && lines < WINDOW_LINES && handover === -1) {
      const block = read(pos, end);
      const r = feedLines(block, pos, [engine, shadow], WINDOW_LINES - lines, (boundary) => {
        if (boundary < end && !engine.holding && !shadow.holding) handover = boundary;
        return handover !== -1;
      });
      lines += r.lines;
      // Not found: what is left of the block (whole lines after the window, or a line's start) is read on.
      if (handover === -1) pos += block.length;
      if (await pause()) return null;
    }
    if (handover !== -1) return { piece: k, offset: handover };
    // Piece k is read here entirely (its own output is not used).
    while (pos < end) {
      const block = read(pos, end);
      engine.write(block);
      pos += block.length;
      if (await pause()) return null;
    }
  }
}

/**
 * Writes `block` (at file offset `at`) to the engines one line at a time for up to `maxLines`
 * lines, asking `boundary` after each line; the rest of the block goes in one write. Stops right
 * after the line for which `boundary` returns true (the rest of the block is then not written).
 */
function feedLines(block: Buffer, at: number, engines: EnrichEngine[], maxLines: number, boundary: (offset: number) => boolean): { lines: number } {
  let i = 0;
  let lines = 0;
  while (lines < maxLines) {
    const nl = block.indexOf(0x0a, i);
    if (nl === -1) break;
    const line = block.subarray(i, nl + 1);
    for (const e of engines) e.write(line);
    i = nl + 1;
    lines++;
    if (boundary(at + i)) return { lines };
  }
  if (i < block.length) {
    const rest = block.subarray(i);
    for (const e of engines) e.write(rest);
  }
  return { lines };
}
