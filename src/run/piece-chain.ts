/**
 * The main thread's side of a file split into pieces (enrich-file-piece.ts): as the pieces'
 * results arrive, which output files are copied, from which byte, and which are skipped; at the
 * end, the file's one result (summary, failure, --fail-on) as if one thread had read it.
 */
import { SummaryCounter, type SummaryData } from '../output/summary.js';
import type { BatchTaskResult } from '../batch/enrich-task.js';
import type { PieceMark } from './enrich-file-piece.js';
import type { Enrichment } from '../enrich/build-enrichment.js';

export type PieceAction = { type: 'copy'; piece: number; fromByte: number } | { type: 'skip'; piece: number };

interface UsedPiece {
  result: BatchTaskResult;
  /** Where its output starts counting (null: from its start). */
  from: PieceMark | null;
}

export class PieceChain {
  private readonly results: (BatchTaskResult | null)[];
  /** The next piece whose output is used, and the file offset it takes over at. */
  private next = 0;
  private nextOffset = 0;
  private readonly used: UsedPiece[] = [];
  private failure: string | null = null;

  constructor(readonly pieces: number) {
    this.results = new Array<BatchTaskResult | null>(pieces).fill(null);
  }

  /** Records a piece's result; returns what can now be decided, in piece order. */
  arrived(piece: number, result: BatchTaskResult): PieceAction[] {
    this.results[piece] = result;
    const actions: PieceAction[] = [];
    while (this.next < this.pieces) {
      const r = this.results[this.next];
      if (!r) break;
      const cur = this.next;
      let from: PieceMark | null = null;
      if (cur > 0) {
        from = r.piece?.marks.find((m) => m.offset === this.nextOffset) ?? null;
        if (from === null) {
          // Its window has no such boundary: the piece failed before reaching it.
          if (r.outcome.ok) this.failure = `internal error: piece ${cur} has no boundary at byte ${this.nextOffset}`;
          this.skipFrom(cur, actions);
          break;
        }
      }
      actions.push({ type: 'copy', piece: cur, fromByte: from?.outBytes ?? 0 });
      this.used.push({ result: r, from });
      const end = r.piece?.end ?? null;
      if (!r.outcome.ok || end === null || r.piece?.completed !== true) {
        this.skipFrom(cur + 1, actions);
        break;
      }
      for (let j = cur + 1; j < end.piece; j++) actions.push({ type: 'skip', piece: j });
      this.next = end.piece;
      this.nextOffset = end.offset;
    }
    return actions;
  }

  /** Pieces never run (stopped): skipped. */
  abandon(): PieceAction[] {
    const actions: PieceAction[] = [];
    this.skipFrom(this.next, actions);
    return actions;
  }

  /** The file's result, as one task's (index: `index`). */
  combined(index: number): BatchTaskResult {
    const total = new SummaryCounter();
    let failOnHit = false;
    let bytes = 0;
    let errors = 0;
    let outcome: BatchTaskResult['outcome'] = this.failure === null ? { ok: true } : { ok: false, phase: 'read', reason: this.failure };
    for (const u of this.used) {
      total.merge(withoutPrefix(u.result.summary, u.from, u.result.piece?.windowErrors ?? []));
      const hit = u.result.piece?.firstFailOnHit ?? null;
      if (hit !== null && hit >= (u.from?.errorEvents ?? 0)) failOnHit = true;
      bytes += u.result.bytes;
      errors += u.result.errors;
      if (outcome.ok && !u.result.outcome.ok) outcome = u.result.outcome;
    }
    return { index, outcome, summary: total.toJSON(), failOnHit, bytes, errors };
  }

  private skipFrom(piece: number, actions: PieceAction[]): void {
    for (let j = piece; j < this.pieces; j++) actions.push({ type: 'skip', piece: j });
    this.next = this.pieces;
  }
}

/** A piece's summary without what it counted before `from` (that part of the file is the piece before's). */
export function withoutPrefix(total: SummaryData, from: PieceMark | null, windowErrors: readonly (readonly Enrichment[])[]): SummaryData {
  if (from === null || (from.lines === 0 && from.records === 0 && from.errorEvents === 0)) return total;
  const prefix = new SummaryCounter();
  for (const e of windowErrors.slice(0, from.errorEvents)) prefix.addErrors(e);
  const before = new Map(prefix.toJSON().by_code.map((r) => [rowKey(r), r.count]));
  const result = new SummaryCounter();
  result.merge({
    ...total,
    lines: total.lines - from.lines,
    records: total.records - from.records,
    events_with_errors: total.events_with_errors - from.eventsWithErrors,
    errors: total.errors - from.errors,
    overlong_lines: total.overlong_lines - from.overlongLines,
    by_code: total.by_code.map((r) => ({ ...r, count: r.count - (before.get(rowKey(r)) ?? 0) })).filter((r) => r.count > 0),
  });
  return result.toJSON();
}

function rowKey(r: { vendor: string; service: string; code: string }): string {
  return `${r.vendor}\u0000${r.service}\u0000${r.code}`;
}
