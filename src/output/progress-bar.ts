/**
 * The progress bar of a run over files, on stderr: bytes read of the total (compressed bytes for gzip inputs),
 * percentage, rate, ETA and vendor errors found so far. `renderProgressLine` is a pure function of
 * the state; `createProgressBar` only decides when to draw (a TTY, at most ~10 times a second),
 * clears the line before anything else is written to stderr, and at the end leaves the final
 * state (100%, every file) on a line of its own: the last frame tells what the run did.
 */

export interface ProgressState {
  doneBytes: number;
  totalBytes: number;
  filesDone: number;
  filesTotal: number;
  errors: number;
  /** ms since the run started. */
  elapsedMs: number;
}

const MIB = 1024 * 1024;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < MIB) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * MIB) return `${(n / MIB).toFixed(1)} MiB`;
  return `${(n / (1024 * MIB)).toFixed(2)} GiB`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** The rate of the first moments over-states the speed (reads run ahead of processing): no ETA before this. */
const ETA_AFTER_MS = 2000;

/**
 * One line, at most `columns - 1` characters (the last column would make some terminals wrap):
 *   `[######----------]  37% 12.0 MiB/32.0 MiB  24.0 MiB/s  ETA 0:01  1/3 files  5 vendor errors`
 * Each field has a fixed width for a given total, so the bar keeps its width from frame to frame.
 * The bar shrinks first, then disappears; the numbers are cut last.
 */
export function renderProgressLine(s: ProgressState, columns: number): string {
  const total = Math.max(s.totalBytes, s.doneBytes);
  const fraction = total > 0 ? s.doneBytes / total : s.filesTotal > 0 ? s.filesDone / s.filesTotal : 0;
  const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const seconds = s.elapsedMs / 1000;
  const rate = seconds > 0 ? s.doneBytes / seconds : 0;
  const eta = rate > 0 && (s.elapsedMs >= ETA_AFTER_MS || s.doneBytes >= total) ? (total - s.doneBytes) / rate : Number.NaN;
  const filesWidth = String(s.filesTotal).length;
  const parts = [
    percent,
    // formatBytes gives at most 10 characters ("1023.9 KiB").
    `${formatBytes(s.doneBytes).padStart(10)}/${formatBytes(total).padEnd(10)}`,
    `${(rate / MIB).toFixed(1).padStart(5)} MiB/s`,
    `ETA ${formatDuration(eta).padStart(5)}`,
    `${String(s.filesDone).padStart(filesWidth)}/${s.filesTotal} files`,
    `${s.errors} vendor error${s.errors === 1 ? '' : 's'}`,
  ];
  const text = parts.join('  ');
  const width = Math.max(0, columns - 1);
  // Room kept for the error count to grow (up to "99999 vendor errors") without the bar narrowing.
  const growth = Math.max(0, '99999 vendor errors'.length - parts[parts.length - 1]!.length);
  const barWidth = Math.min(30, width - text.length - 3 - growth);
  if (barWidth >= 5) {
    const filled = Math.round(fraction * barWidth);
    return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${text}`;
  }
  return text.slice(0, width);
}

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBar {
  /** New state; drawn now or within ~100 ms. */
  update(state: ProgressState): void;
  /** Erase the line (before other stderr output); the next update draws it again. */
  clear(): void;
  /** The end: the latest state drawn as the final frame, on a line of its own (nothing if nothing was ever drawn). */
  stop(): void;
}

const NOOP_BAR: ProgressBar = { update() {}, clear() {}, stop() {} };

/** A bar on `stream` when it is a TTY and not `quiet`; otherwise one that draws nothing. */
export function createProgressBar(stream: ProgressStream, opts: { quiet?: boolean; intervalMs?: number; now?: () => number } = {}): ProgressBar {
  if (!stream.isTTY || opts.quiet) return NOOP_BAR;
  const intervalMs = opts.intervalMs ?? 100;
  const now = opts.now ?? (() => Date.now());
  let lastDraw = -Infinity;
  let drawn = false;
  let everDrawn = false;
  let stopped = false;
  let pending: ProgressState | null = null;
  let timer: NodeJS.Timeout | null = null;
  const draw = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stopped || !pending) return;
    lastDraw = now();
    stream.write('\r' + renderProgressLine(pending, stream.columns || 80) + '\x1b[K');
    drawn = true;
    everDrawn = true;
  };
  return {
    update(state) {
      if (stopped) return;
      pending = state;
      const wait = lastDraw + intervalMs - now();
      if (wait <= 0) draw();
      else if (!timer) {
        timer = setTimeout(draw, wait);
        timer.unref();
      }
    },
    clear() {
      if (!drawn) return;
      stream.write('\r\x1b[K');
      drawn = false;
      // Draw again soon (not at once: the caller is about to write its own line).
      if (!timer && !stopped && pending) {
        timer = setTimeout(draw, intervalMs);
        timer.unref();
      }
    },
    stop() {
      if (stopped) return;
      if (timer) clearTimeout(timer);
      timer = null;
      if (everDrawn && pending) stream.write('\r' + renderProgressLine(pending, stream.columns || 80) + '\x1b[K\n');
      drawn = false;
      stopped = true;
    },
  };
}
