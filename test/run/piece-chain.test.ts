/**
 * PieceChain (which piece's output is written from where) and OrderedOutput (writes tasks' chunks
 * in order, whole records only), without workers.
 */
import { describe, expect, it } from 'vitest';
import { PieceChain, withoutPrefix } from '../../src/run/piece-chain.js';
import { OrderedOutput } from '../../src/run/ordered-output.js';
import type { TaskResult } from '../../src/run/run-task.js';
import type { PieceMark, PieceReport } from '../../src/run/enrich-file-piece.js';
import { SummaryCounter } from '../../src/output/summary.js';
import type { OutputSink } from '../../src/output/open-output.js';

const mark = (offset: number, outBytes: number, lines = 0): PieceMark => ({ offset, outBytes, lines, records: lines, eventsWithErrors: 0, errors: 0, overlongLines: 0, failedEvents: 0, errorEvents: 0 });

function result(index: number, piece: Partial<PieceReport>, lines = 10, ok = true): TaskResult {
  const s = new SummaryCounter();
  s.lines = lines;
  s.records = lines;
  return {
    index,
    outcome: ok ? { ok: true } : { ok: false, phase: 'read', reason: 'boom' },
    summary: s.toJSON(),
    failOnHit: false,
    bytes: 0,
    errors: 0,
    piece: { marks: [], windowErrors: [], lastFailOnHit: null, end: null, completed: true, ...piece },
  };
}

describe('PieceChain', () => {
  it('hands over at the boundary the piece before reports; the next piece is written from its mark there, its counts before it removed', () => {
    const c = new PieceChain(3);
    expect(c.begin()).toEqual([{ type: 'start', piece: 0, fromByte: 0 }]);
    // piece 1's window arrives first: nothing to decide until piece 0 says where it stops
    expect(c.windowRead(1, [mark(100, 0), mark(130, 40, 2)])).toEqual([]);
    expect(c.arrived(0, result(0, { end: { piece: 1, offset: 130 } }))).toEqual([
      { type: 'finish', piece: 0 },
      { type: 'start', piece: 1, fromByte: 40 },
    ]);
    expect(c.arrived(2, result(2, { marks: [mark(200, 0)] }))).toEqual([]);
    expect(c.arrived(1, result(1, { marks: [mark(100, 0), mark(130, 40, 2)], end: { piece: 2, offset: 200 } }))).toEqual([
      { type: 'finish', piece: 1 },
      { type: 'start', piece: 2, fromByte: 0 },
      { type: 'finish', piece: 2 },
    ]);
    const total = c.combined(7);
    expect(total.index).toBe(7);
    expect(total.outcome).toEqual({ ok: true });
    expect(total.summary.lines).toBe(10 + (10 - 2) + 10);
  });

  it('a piece the one before read entirely (no boundary in its window) is skipped', () => {
    const c = new PieceChain(3);
    c.begin();
    const actions = c.arrived(0, result(0, { end: { piece: 2, offset: 300 } }));
    expect(actions).toEqual([{ type: 'finish', piece: 0 }, { type: 'skip', piece: 1 }]);
    expect(c.windowRead(2, [mark(250, 0), mark(300, 17, 1)])).toEqual([{ type: 'start', piece: 2, fromByte: 17 }]);
  });

  it('a failed piece ends the file: the pieces after it are skipped and its failure is the file\'s', () => {
    const c = new PieceChain(3);
    c.begin();
    const actions = c.arrived(0, result(0, {}, 5, false));
    expect(actions).toEqual([{ type: 'finish', piece: 0 }, { type: 'skip', piece: 1 }, { type: 'skip', piece: 2 }]);
    expect(c.combined(0).outcome).toEqual({ ok: false, phase: 'read', reason: 'boom' });
  });

  it('a later piece that died before its window: the file fails, nothing of that piece is written', () => {
    const c = new PieceChain(2);
    c.begin();
    c.arrived(0, result(0, { end: { piece: 1, offset: 50 } }));
    const dead: TaskResult = { ...result(1, {}, 0, false), piece: undefined };
    expect(c.arrived(1, dead)).toEqual([{ type: 'skip', piece: 1 }]);
    expect(c.combined(0).outcome.ok).toBe(false);
  });

  it('withoutPrefix removes the counts and codes seen before the mark', () => {
    const s = new SummaryCounter();
    const err = { vendor: 'tencent', service: 'tke', code: 'A', category: 'auth', known: true, description: 'd' } as never;
    s.lines = 5;
    s.records = 5;
    s.addErrors([err]);
    s.addErrors([err]);
    const from: PieceMark = { ...mark(10, 3, 2), records: 2, eventsWithErrors: 1, errors: 1, errorEvents: 1 };
    const r = withoutPrefix(s.toJSON(), from, [[err]]);
    expect(r).toMatchObject({ lines: 3, records: 3, errors: 1, events_with_errors: 1, by_vendor: { tencent: 1 } });
    expect(r.by_code.map((x) => x.count)).toEqual([1]);
  });

  it('events detection failed on before the hand-over are the piece before\'s: not counted again; the reason of the first one after it is the file\'s', () => {
    const c = new PieceChain(2);
    c.begin();
    c.arrived(0, result(0, { end: { piece: 1, offset: 100 } }));
    const counted = (failed: number, reason: string): TaskResult => {
      const r = result(1, { marks: [{ ...mark(100, 30, 3), failedEvents: 1 }] });
      r.summary.failed_events = failed;
      r.firstEventFailure = reason;
      return r;
    };
    c.windowRead(1, [{ ...mark(100, 30, 3), failedEvents: 1 }]);
    c.arrived(1, counted(1, 'before the hand-over'));
    expect(c.combined(0).summary.failed_events).toBe(0);
    expect(c.combined(0).firstEventFailure).toBeUndefined();

    const d = new PieceChain(2);
    d.begin();
    d.arrived(0, result(0, { end: { piece: 1, offset: 100 } }));
    d.windowRead(1, [{ ...mark(100, 30, 3), failedEvents: 1 }]);
    d.arrived(1, counted(3, 'boom'));
    expect(d.combined(0).summary.failed_events).toBe(2);
    expect(d.combined(0).firstEventFailure).toBe('boom');
  });
});

function memorySink(): OutputSink & { text(): string } {
  const parts: Buffer[] = [];
  return {
    write: (c) => (parts.push(Buffer.from(c)), true),
    drained: () => Promise.resolve(),
    closedByReader: false,
    close: () => Promise.resolve(),
    text: () => Buffer.concat(parts).toString(),
  };
}

describe('OrderedOutput', () => {
  it('writes tasks in order whatever order their chunks come in; acknowledges every byte; drops skipped bytes and skipped tasks', async () => {
    const sink = memorySink();
    const acked = new Map<number, number>();
    const out = new OrderedOutput(4, sink, (i, b) => acked.set(i, (acked.get(i) ?? 0) + b), () => undefined);
    out.start(0);
    out.start(2, 4); // its first 4 bytes belong to the task before
    out.start(3);
    out.chunk(2, Buffer.from('xxx\nc1\n'));
    out.chunk(3, Buffer.from('d1\n'));
    out.chunk(0, Buffer.from('a1\na'));
    out.chunk(1, Buffer.from('never\n'));
    out.skipped(1);
    out.chunk(0, Buffer.from('2\n'));
    out.finished(0);
    out.finished(2);
    out.finished(3);
    await out.whenDone();
    expect(sink.text()).toBe('a1\na2\nc1\nd1\n');
    expect([...acked.entries()].sort()).toEqual([[0, 6], [1, 6], [2, 7], [3, 3]]);
  });

  it('a task that died mid-record loses only its cut record', async () => {
    const sink = memorySink();
    const out = new OrderedOutput(2, sink, () => undefined, () => undefined);
    out.start(0);
    out.start(1);
    out.chunk(0, Buffer.from('whole\ncut rec'));
    out.finished(0, true);
    out.chunk(1, Buffer.from('next\n'));
    out.finished(1);
    await out.whenDone();
    expect(sink.text()).toBe('whole\nnext\n');
  });
});
