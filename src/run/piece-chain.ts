/**
 * The main thread's side of a file split into pieces (enrich-file-piece.ts): as the pieces'
 * results arrive, which output files are copied, from which byte, and which are skipped; at the
 * end, the file's one result (summary, failure, --fail-on) as if one thread had read it. A file's
 * pieces are all known at the start; a gzip file's are added as they are inflated (`add`).
 */
import { SummaryCounter, type SummaryData } from '../output/summary.js';
import type { TaskResult } from './run-task.js';
import type { PieceMark } from './enrich-file-piece.js';
import type { Enrichment } from '../enrich/build-enrichment.js';

/** `start`: write the piece's output from byte `fromByte` on, as it comes; `finish`: all of it was sent; `skip`: none of it is used. */
export type PieceAction = { type: 'start'; piece: number; fromByte: number } | { type: 'finish'; piece: number } | { type: 'skip'; piece: number };

interface UsedPiece {
  piece: number;
  /** Where its output starts counting (null: from its start). */
  from: PieceMark | null;
}

export class PieceChain {
  private readonly results: (TaskResult | null)[];
  private readonly windows: (PieceMark[] | null)[];
  /** The next piece whose output is used, the file offset it takes over at, and whether it was started. */
  private next = 0;
  private nextOffset = 0;
  private nextStarted = false;
  private readonly used: UsedPiece[] = [];
  private failure: string | null = null;
  /** No later piece's output is used (one failed, was stopped, or read to the end of the input). */
  private isOver = false;

  constructor(private count: number) {
    this.results = new Array<TaskResult | null>(count).fill(null);
    this.windows = new Array<PieceMark[] | null>(count).fill(null);
  }

  /** No later piece's output will be used. */
  get over(): boolean {
    return this.isOver;
  }

  get pieces(): number {
    return this.count;
  }

  /** One more piece after the last (gzip: inflated since); skipped at once when no later output is used. */
  add(): PieceAction[] {
    this.results.push(null);
    this.windows.push(null);
    this.count++;
    if (this.isOver) return [{ type: 'skip', piece: this.count - 1 }];
    return this.advance();
  }

  /** The first piece is written as it comes. */
  begin(): PieceAction[] {
    return this.advance();
  }

  /** A piece's window is read: the boundaries where the piece before may hand over. */
  windowRead(piece: number, marks: PieceMark[]): PieceAction[] {
    this.windows[piece] = marks;
    return this.advance();
  }

  /** A piece's result (also for a crashed or stopped piece). */
  arrived(piece: number, result: TaskResult): PieceAction[] {
    this.results[piece] = result;
    return this.advance();
  }

  /** Pieces never run (stopped): skipped. */
  abandon(): PieceAction[] {
    const actions: PieceAction[] = [];
    this.skipFrom(this.nextStarted ? this.next + 1 : this.next, actions);
    return actions;
  }

  private advance(): PieceAction[] {
    const actions: PieceAction[] = [];
    while (this.next < this.count) {
      const cur = this.next;
      const r = this.results[cur];
      if (!this.nextStarted) {
        let from: PieceMark | null = null;
        if (cur > 0) {
          const marks = this.windows[cur] ?? r?.piece?.marks ?? null;
          if (marks === null) {
            if (r && !r.outcome.ok) this.used.push({ piece: cur, from: null }); // failed before its window: its failure is the file's
            if (r) this.skipFrom(cur, actions, r.outcome.ok ? 'has no window' : null);
            break;
          }
          from = marks.find((m) => m.offset === this.nextOffset) ?? null;
          if (from === null) {
            this.skipFrom(cur, actions, `has no boundary at byte ${this.nextOffset}`);
            break;
          }
        }
        actions.push({ type: 'start', piece: cur, fromByte: from?.outBytes ?? 0 });
        this.used.push({ piece: cur, from });
        this.nextStarted = true;
      }
      if (!r) break;
      actions.push({ type: 'finish', piece: cur });
      const end = r.piece?.end ?? null;
      if (!r.outcome.ok || end === null || r.piece?.completed !== true) {
        this.skipFrom(cur + 1, actions);
        break;
      }
      for (let j = cur + 1; j < end.piece; j++) actions.push({ type: 'skip', piece: j });
      this.next = end.piece;
      this.nextOffset = end.offset;
      this.nextStarted = false;
    }
    return actions;
  }

  /** The file's result, as one task's (index: `index`). */
  combined(index: number): TaskResult {
    const total = new SummaryCounter();
    let failOnHit = false;
    let bytes = 0;
    let errors = 0;
    let firstEventFailure: string | undefined;
    let outcome: TaskResult['outcome'] = this.failure === null ? { ok: true } : { ok: false, phase: 'read', reason: this.failure };
    for (const { piece, from } of this.used) {
      const result = this.results[piece];
      if (!result) continue; // stopped before it ended
      const u = { result, from };
      const own = withoutPrefix(u.result.summary, u.from, u.result.piece?.windowErrors ?? []);
      total.merge(own);
      if (own.failed_events > 0) firstEventFailure ??= u.result.firstEventFailure;
      const hit = u.result.piece?.lastFailOnHit ?? null;
      if (hit !== null && hit >= (u.from?.errorEvents ?? 0)) failOnHit = true;
      bytes += u.result.bytes;
      errors += u.result.errors;
      if (outcome.ok && !u.result.outcome.ok) outcome = u.result.outcome;
    }
    return { index, outcome, summary: total.toJSON(), failOnHit, bytes, errors, ...(firstEventFailure !== undefined ? { firstEventFailure } : {}) };
  }

  /** `problem`: an internal inconsistency to report as the file's failure. */
  private skipFrom(piece: number, actions: PieceAction[], problem: string | null = null): void {
    if (problem !== null) this.failure ??= `internal error: piece ${piece} ${problem}`;
    for (let j = piece; j < this.count; j++) actions.push({ type: 'skip', piece: j });
    this.next = this.count;
    this.isOver = true;
  }
}

/** A piece's summary without what it counted before `from` (that part of the file is the piece before's). */
export function withoutPrefix(total: SummaryData, from: PieceMark | null, windowErrors: readonly (readonly Enrichment[])[]): SummaryData {
  if (from === null || (from.lines === 0 && from.records === 0 && from.errorEvents === 0)) return total;
  const prefix = new SummaryCounter();
  for (const e of windowErrors.slice(0, from.errorEvents)) prefix.addErrors(e);
  const counted = prefix.toJSON();
  const before = new Map(counted.by_code.map((r) => [rowKey(r), r.count]));
  const result = new SummaryCounter();
  result.merge({
    ...total,
    lines: total.lines - from.lines,
    records: total.records - from.records,
    events_with_errors: total.events_with_errors - from.eventsWithErrors,
    errors: total.errors - from.errors,
    overlong_lines: total.overlong_lines - from.overlongLines,
    failed_events: total.failed_events - from.failedEvents,
    by_code: total.by_code.map((r) => ({ ...r, count: r.count - (before.get(rowKey(r)) ?? 0) })).filter((r) => r.count > 0),
    by_vendor: minus(total.by_vendor, counted.by_vendor),
    by_category: minus(total.by_category, counted.by_category),
  });
  return result.toJSON();
}

function rowKey(r: { vendor: string; service: string; code: string }): string {
  return `${r.vendor}\u0000${r.service}\u0000${r.code}`;
}

function minus(counts: Record<string, number>, less: Record<string, number>): Record<string, number> {
  const m = new Map(Object.entries(counts));
  for (const [k, n] of Object.entries(less)) m.set(k, (m.get(k) ?? 0) - n);
  return Object.fromEntries([...m].filter(([, n]) => n > 0));
}
