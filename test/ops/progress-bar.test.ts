/** The batch progress bar: the pure line renderer, and when the bar draws on an emulated TTY. */
import { describe, expect, it } from 'vitest';
import { createProgressBar, formatBytes, formatDuration, renderProgressLine, type ProgressState } from '../../src/output/progress-bar.js';

const MiB = 1024 * 1024;
const state: ProgressState = { doneBytes: 12 * MiB, totalBytes: 32 * MiB, filesDone: 1, filesTotal: 3, errors: 5, elapsedMs: 500 };

/** A stand-in for process.stderr on a terminal. */
function fakeTty(columns = 100, isTTY = true) {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (s: string) => writes.push(s) };
}

describe('renderProgressLine', () => {
  it('shows bar, percentage, bytes, rate, ETA, files and vendor errors', () => {
    const line = renderProgressLine({ ...state, doneBytes: 48 * MiB, totalBytes: 128 * MiB, elapsedMs: 2000 }, 120);
    expect(line).toMatch(/^\[#+-+\] /);
    expect(line).toContain(' 37%');
    expect(line).toContain(' 48.0 MiB/128.0 MiB');
    expect(line).toContain('24.0 MiB/s');
    expect(line).toContain('ETA  0:03');
    expect(line).toContain('1/3 files');
    expect(line).toContain('5 vendor errors');
  });

  it('shows no ETA in the first moments, whose rate over-states the speed', () => {
    expect(renderProgressLine({ ...state, elapsedMs: 1500 }, 120)).toContain('ETA --:--');
    expect(renderProgressLine({ ...state, elapsedMs: 2500 }, 120)).toMatch(/ETA +0:0\d/);
  });

  it('keeps the bar the same width from the first frame to the last (fields of fixed width)', () => {
    const frames = [0, 1, 5 * MiB, 12 * MiB, 31.9 * MiB, 32 * MiB].map((doneBytes, i) =>
      renderProgressLine({ ...state, doneBytes, filesDone: Math.min(3, i), errors: i * 4, elapsedMs: 300 + i * 1000 }, 100),
    );
    const barWidths = new Set(frames.map((f) => /^\[([#-]+)\]/.exec(f)![1]!.length));
    expect(barWidths.size).toBe(1);
  });

  it('never reaches the last column; the bar goes first when space is short', () => {
    for (const columns of [200, 120, 90, 60, 30, 10, 1]) expect(renderProgressLine(state, columns).length).toBeLessThanOrEqual(Math.max(0, columns - 1));
    expect(renderProgressLine(state, 60)).not.toContain('[');
  });

  it('is full at the end and unknown ETA without a rate', () => {
    expect(renderProgressLine({ ...state, doneBytes: 32 * MiB, filesDone: 3 }, 120)).toContain('100%');
    expect(renderProgressLine({ ...state, doneBytes: 0, elapsedMs: 0 }, 120)).toContain('ETA --:--');
    expect(renderProgressLine({ ...state, errors: 1 }, 120)).toMatch(/1 vendor error$/);
  });

  it('formats sizes and durations', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * MiB)).toBe('3.00 GiB');
    expect(formatDuration(59)).toBe('0:59');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});

describe('createProgressBar on an emulated TTY', () => {
  it('draws on one line (\\r … erase to end of line) and leaves the final frame on its own line at the end', () => {
    const tty = fakeTty(100);
    const bar = createProgressBar(tty);
    bar.update(state);
    expect(tty.writes).toHaveLength(1);
    expect(tty.writes[0]).toBe('\r' + renderProgressLine(state, 100) + '\x1b[K');
    const done = { ...state, doneBytes: state.totalBytes, filesDone: state.filesTotal };
    bar.update(done);
    bar.stop();
    expect(tty.writes.at(-1)).toBe('\r' + renderProgressLine(done, 100) + '\x1b[K\n');
    expect(tty.writes.at(-1)).toContain('100%');
    bar.update(state);
    bar.stop();
    expect(tty.writes).toHaveLength(2);
  });

  it('redraws at most once per interval, then shows the latest state', async () => {
    let now = 0;
    const tty = fakeTty();
    const bar = createProgressBar(tty, { intervalMs: 50, now: () => now });
    bar.update(state);
    for (let i = 1; i <= 20; i++) bar.update({ ...state, doneBytes: state.doneBytes + i });
    expect(tty.writes).toHaveLength(1);
    now = 60;
    await new Promise((r) => setTimeout(r, 80));
    expect(tty.writes).toHaveLength(2);
    expect(tty.writes[1]).toContain('12.0 MiB/');
    bar.stop();
  });

  it('clear() erases the line before other stderr output, and the bar comes back', async () => {
    const tty = fakeTty();
    const bar = createProgressBar(tty, { intervalMs: 20 });
    bar.update(state);
    bar.clear();
    expect(tty.writes.at(-1)).toBe('\r\x1b[K');
    bar.clear(); // nothing drawn: nothing to erase
    expect(tty.writes).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(tty.writes.at(-1)).toMatch(/^\r\[/);
    bar.stop();
  });

  it('draws nothing when stderr is not a TTY or with --quiet', () => {
    const pipe = fakeTty(100, false);
    createProgressBar(pipe).update(state);
    const quiet = fakeTty();
    createProgressBar(quiet, { quiet: true }).update(state);
    expect(pipe.writes).toEqual([]);
    expect(quiet.writes).toEqual([]);
  });
});
