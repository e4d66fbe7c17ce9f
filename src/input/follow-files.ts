/**
 * `--follow`: `tail -F` for files, directories and glob patterns, by polling (robust on every file
 * system, including network and overlay mounts where fs.watch misses events).
 *
 * Every poll (default 250 ms):
 * 1. scan: the arguments are expanded again (directories walked with --include/--exclude, globs
 *    matched), so files created later are found; each file is identified by dev+ino, so a file
 *    renamed by rotation is still the same file and a new file at the old name is a new one;
 * 2. new files are opened: at their end on the first scan (unless --from-start), at their start
 *    when they appear later (they are new: everything in them is new);
 * 3. every open file is read up to its current size; a file smaller than the read position was
 *    truncated and is read again from its start;
 * 4. a file no longer found at any scanned path (rotated away, deleted) is still read for
 *    `goneGraceMs` — a writer may not have reopened yet — and then closed. Files are read in the
 *    order they were opened, so a rotated file's last lines come before the new file's first.
 *
 * Bytes go to the handlers; what they mean (engines, output) is the caller's business.
 */
import { existsSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { describeError } from './expand-inputs.js';
import { expandInputArgs, isGlobPattern } from './expand-path-globs.js';

export interface FollowedFile {
  /** "dev:ino": a file keeps its identity when renamed. */
  readonly id: string;
  /** Where it was last seen. */
  path: string;
}

export interface FollowHandlers {
  opened(file: FollowedFile, at: 'end' | 'start'): void;
  /** Bytes appended to the file; the next read waits for the returned promise (backpressure). */
  data(file: FollowedFile, chunk: Buffer): void | Promise<void>;
  truncated(file: FollowedFile): void;
  closed(file: FollowedFile, why: 'gone' | 'stop' | 'error'): void;
  /** After the first scan: how many files are followed. */
  ready?(files: number): void;
  /** After each poll (idle flushes). */
  polled?(now: number): void;
  /**
   * A file to read alone until this returns null: the caller is in the middle of an output record
   * for it (a streamed over-long line), and other files' records must not land inside it.
   */
  focus?(): string | null;
  notice(level: 'debug' | 'info' | 'warn', message: string): void;
}

export interface FollowOptions {
  args: string[];
  include: string[];
  exclude: string[];
  fromStart: boolean;
  pollMs: number;
  /** How long a rotated or deleted file is still read after its name moved on. */
  goneGraceMs: number;
  /** Bytes per read call. */
  readBytes: number;
  /** Most bytes read from one file per poll before the others get their turn. */
  maxBytesPerPoll: number;
}

export const FOLLOW_DEFAULTS = { pollMs: 250, goneGraceMs: 1000, readBytes: 256 * 1024, maxBytesPerPoll: 8 * 1024 * 1024 };

export interface FollowStop {
  readonly stopped: boolean;
  onStop(f: () => void): () => void;
}

interface Tracked {
  file: FollowedFile;
  fh: FileHandle;
  position: number;
  /** When its path stopped leading to it (rotation/removal); null while it is found. */
  goneSince: number | null;
}

/**
 * Runs until `stop`: then reads what every file holds at that moment (a second stop request cuts
 * that short), closes them all and returns.
 */
export async function followFiles(o: FollowOptions, h: FollowHandlers, stop: FollowStop): Promise<void> {
  const tracked = new Map<string, Tracked>();
  const ignored = new Set<string>();
  const reported = new Set<string>();
  let stopRequests = 0;
  let wake: (() => void) | null = null;
  const unsubscribe = stop.onStop(() => {
    stopRequests++;
    wake?.();
  });
  const noticeOnce = (key: string, level: 'info' | 'warn', message: string) => {
    if (reported.has(key)) return;
    reported.add(key);
    h.notice(level, message);
  };

  const scan = async (first: boolean, now: number) => {
    for (const arg of o.args)
      if (!isGlobPattern(arg) && !existsSync(arg)) noticeOnce(`missing:${arg}`, 'info', `${arg} does not exist (yet); waiting for it`);
    const { inputs, problems } = expandInputArgs(o.args, o.include, o.exclude, true);
    for (const p of problems) noticeOnce(`problem:${p.path}:${p.reason}`, 'warn', `cannot read ${p.path}: ${p.reason}`);
    const found = new Map<string, string>();
    for (const input of inputs) {
      if (input.path === '-') continue;
      try {
        const st = statSync(input.path);
        const id = `${st.dev}:${st.ino}`;
        if (!found.has(id)) found.set(id, input.path);
      } catch {
        /* gone since the scan */
      }
    }
    for (const [id, path] of found) {
      const t = tracked.get(id);
      if (t) {
        if (t.file.path !== path) h.notice('debug', `${t.file.path} is now ${path}`);
        t.file.path = path;
        t.goneSince = null;
      } else if (!ignored.has(id)) await openNew(id, path, first);
    }
    for (const t of tracked.values()) if (!found.has(t.file.id) && t.goneSince === null) t.goneSince = now;
    // A skipped file that is gone frees its inode number for reuse by a new file.
    for (const id of ignored) if (!found.has(id)) ignored.delete(id);
  };

  const openNew = async (id: string, path: string, first: boolean) => {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      noticeOnce(`open:${path}`, 'warn', `cannot read ${path}: ${describeError(e)}`);
      return;
    }
    const st = await fh.stat();
    if (`${st.dev}:${st.ino}` !== id) {
      await fh.close(); // replaced between stat and open: the next scan sees the new one
      return;
    }
    if (st.size >= 2) {
      const head = Buffer.alloc(2);
      await fh.read(head, 0, 2, 0);
      if (head[0] === 0x1f && head[1] === 0x8b) {
        ignored.add(id);
        await fh.close();
        h.notice('info', `${path} is gzip-compressed (a finished archive?); not followed`);
        return;
      }
    }
    const at = first && !o.fromStart ? 'end' : 'start';
    const file: FollowedFile = { id, path };
    tracked.set(id, { file, fh, position: at === 'end' ? st.size : 0, goneSince: null });
    h.opened(file, at);
  };

  /** Reads what is there now; returns the number of bytes read. */
  const readAvailable = async (t: Tracked, final: boolean): Promise<number> => {
    const size = (await t.fh.stat()).size;
    if (size < t.position) {
      t.position = 0;
      h.truncated(t.file);
    }
    let total = 0;
    while (t.position < size && (final || total < o.maxBytesPerPoll)) {
      if (final && stopRequests > 1) break;
      const want = Math.min(o.readBytes, size - t.position);
      // A fresh buffer each time: the caller may keep pieces of it (a partial line).
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await t.fh.read(buf, 0, want, t.position);
      if (bytesRead === 0) break;
      t.position += bytesRead;
      total += bytesRead;
      await h.data(t.file, bytesRead === want ? buf : buf.subarray(0, bytesRead));
    }
    return total;
  };

  const close = async (t: Tracked, why: 'gone' | 'stop' | 'error') => {
    tracked.delete(t.file.id);
    await t.fh.close().catch(() => undefined);
    h.closed(t.file, why);
  };

  const readAll = async (now: number) => {
    for (const t of [...tracked.values()]) {
      const focus = h.focus?.() ?? null;
      if (focus !== null && focus !== t.file.id && tracked.has(focus)) continue;
      let n = 0;
      try {
        n = await readAvailable(t, false);
      } catch (e) {
        h.notice('warn', `error reading ${t.file.path}: ${describeError(e)}; no longer followed`);
        await close(t, 'error');
        continue;
      }
      if (n === 0 && t.goneSince !== null && now - t.goneSince >= o.goneGraceMs) await close(t, 'gone');
    }
  };

  try {
    let first = true;
    while (!stop.stopped) {
      const now = Date.now();
      await scan(first, now);
      if (first) h.ready?.(tracked.size);
      first = false;
      await readAll(now);
      h.polled?.(Date.now());
      if (stop.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, o.pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
    // Stopping: what each file holds now is still read (a log shipper's last lines matter), and
    // the file is closed at once, so a record in progress for it ends before the next file's.
    for (const t of [...tracked.values()]) {
      try {
        await readAvailable(t, true);
      } catch (e) {
        h.notice('warn', `error reading ${t.file.path}: ${describeError(e)}`);
      }
      await close(t, 'stop');
    }
  } finally {
    for (const t of [...tracked.values()]) await close(t, 'stop');
    unsubscribe();
  }
}
