/**
 * `--follow`: `tail -F` for files, directories and glob patterns. Changes are noticed through
 * fs.watch where it works (watch-changes.ts: the loop wakes at once) and by polling everywhere
 * (network and overlay mounts, where fs.watch misses events).
 *
 * Every poll (default 250 ms; a watched change wakes the loop early):
 * 1. scan: the arguments are expanded again (directories walked with --include/--exclude, globs
 *    matched), so files created later are found; each file is identified by dev+ino, so a file
 *    renamed by rotation is still the same file and a new file at the old name is a new one;
 * 2. new files are opened: at their end on the first scan (unless --from-start), at their start
 *    when they appear later (they are new: everything in them is new);
 * 3. every open file is read up to its current size; a file smaller than the read position, or
 *    whose first bytes changed (file-fingerprint.ts: copytruncate, then regrown past the old size
 *    within one poll), was truncated and is read again from its start;
 * 4. a file no longer found at any scanned path (rotated away, deleted) is still read for
 *    `goneGraceMs` — a writer may not have reopened yet — and then closed. Files are read in the
 *    order they were opened, so a rotated file's last lines come before the new file's first.
 * 5. at most `maxOpenFiles` descriptors are held: beyond that, files that are still found under
 *    their name are reopened by name (checked by inode) when they are read. A directory that
 *    cannot be listed (EMFILE, EACCES) is an error, not an empty directory: no file is taken as
 *    gone on a scan that could not list everything. An error while reading or handling a file
 *    never makes it read again from its start: reading goes on after the bytes that failed.
 *
 * Like `tail -F`, a file renamed twice within one poll (app.log → app.log.1 → app.log.2 before
 * the scan) is still read to its end through its open descriptor, but a file that was never seen
 * under a followed name is not followed. A FIFO named as an argument is read as a stream by the
 * caller (follow-inputs.ts), never here; one met in a directory scan or glob is not followed (a
 * warning says so).
 *
 * Bytes go to the handlers; what they mean (engines, output) is the caller's business.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeError } from './expand-inputs.js';
import { expandInputArgs, isGlobPattern } from './expand-path-globs.js';
import { compareFingerprint, FINGERPRINT_BYTES, readFingerprint, type Fingerprint } from './file-fingerprint.js';
import { watchChanges } from './watch-changes.js';

export interface FollowedFile {
  /** "dev:ino": a file keeps its identity when renamed. */
  readonly id: string;
  /** Where it was last seen. */
  path: string;
}

export interface FollowHandlers {
  opened(file: FollowedFile, at: 'end' | 'start'): void;
  /** Handling this file's bytes failed (`data` threw): the caller starts its state afresh; reading goes on after those bytes. */
  failed?(file: FollowedFile, error: unknown): void;
  /** Bytes appended to the file; the next read waits for the returned promise (backpressure). */
  data(file: FollowedFile, chunk: Buffer): void | Promise<void>;
  truncated(file: FollowedFile): void;
  closed(file: FollowedFile, why: 'gone' | 'stop' | 'error'): void;
  /** After the first scan: how many files are followed. */
  ready?(files: number): void;
  /** After each poll (idle flushes). */
  polled?(now: number): void;
  /** When the caller next needs `polled` (a held event's idle flush is due); null if not before the next poll. */
  nextDeadline?(): number | null;
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
  /** Most file descriptors held open at once (see point 5 above). */
  maxOpenFiles: number;
  /** Use fs.watch to notice changes early (polling always runs). */
  watch: boolean;
  /** "dev:ino" of files never followed: where this run writes its records (it would read its own output). */
  skipIds?: ReadonlySet<string>;
}

export const FOLLOW_DEFAULTS = {
  pollMs: 250,
  goneGraceMs: 1000,
  readBytes: 256 * 1024,
  maxBytesPerPoll: 8 * 1024 * 1024,
  maxOpenFiles: defaultMaxOpenFiles(),
  watch: true,
};

/**
 * Half the process's soft limit on descriptors (Linux: /proc/self/limits), at most 1024: the rest
 * is left to Node itself, the output, modules still to be loaded and the watches.
 */
export function defaultMaxOpenFiles(limitsText?: string): number {
  let text = limitsText;
  if (text === undefined)
    try {
      text = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return 512;
    }
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(text);
  if (!m || m[1] === 'unlimited') return 1024;
  return Math.max(4, Math.min(1024, Math.floor(Number(m[1]) / 2) - 8));
}

export interface FollowStop {
  readonly stopped: boolean;
  onStop(f: () => void): () => void;
}

interface Tracked {
  file: FollowedFile;
  /** Null while closed to stay within maxOpenFiles (reopened by name when read). */
  fh: FileHandle | null;
  position: number;
  /** When its path stopped leading to it (rotation/removal); null while it is found. */
  goneSince: number | null;
  fingerprint: Fingerprint;
  /** Size and mtime at the last read: unchanged means nothing to check. */
  seenSize: number;
  seenMtime: number;
  lastReadAt: number;
  /** The directory that really holds it (symlinks resolved: /var/log/containers links into /var/log/pods). */
  realDir: string;
}

/**
 * The shortest time between two read rounds woken by fs.watch: short when the last round read
 * little (a quiet file: its new line matters now), longer when it read a lot (a busy writer: larger
 * reads cost less CPU per MiB, and its lines keep coming anyway).
 */
const WATCH_ROUND_MS = 10;
const BUSY_ROUND_MS = 40;
const BUSY_ROUND_BYTES = 64 * 1024;

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
  let changed = false;
  let roundAt = 0;
  let roundGap = WATCH_ROUND_MS;
  let soon: NodeJS.Timeout | null = null;
  /**
   * A watched change wakes the loop, but at most once per WATCH_ROUND_MS: a writer appending in
   * small pieces would otherwise cost a read round (and a small chunk through the engine) per write.
   */
  const wakeSoon = () => {
    if (wake === null || soon !== null) return;
    const wait = roundAt + roundGap - Date.now();
    if (wait <= 0) return wake();
    soon = setTimeout(() => {
      soon = null;
      wake?.();
    }, wait);
  };
  let scanWanted = false;
  const unsubscribe = stop.onStop(() => {
    stopRequests++;
    wake?.();
  });
  const watcher = o.watch
    ? watchChanges(
        (kind) => {
          if (kind === 'scan') scanWanted = true;
          changed = true;
          wakeSoon();
        },
        (message) => h.notice('debug', message),
      )
    : null;
  const noticeOnce = (key: string, level: 'info' | 'warn', message: string) => {
    if (reported.has(key)) return;
    reported.add(key);
    h.notice(level, message);
  };
  let maxOpen = o.maxOpenFiles;
  /** Descriptors ran out below the bound (the limit is lower than it looked, or shared): hold fewer. */
  const outOfDescriptors = (e: unknown): boolean => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EMFILE' && code !== 'ENFILE') return false;
    const fewer = Math.max(1, openCount() - 4);
    if (fewer < maxOpen) {
      maxOpen = fewer;
      h.notice('warn', `out of file descriptors (${code}): holding at most ${maxOpen} followed files open; the others are reopened by name when read`);
    }
    return true;
  };
  const openCount = () => {
    let n = 0;
    for (const t of tracked.values()) if (t.fh !== null) n++;
    return n;
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
        if (o.skipIds?.has(id)) {
          noticeOnce(`own-output:${id}`, 'warn', `${input.path}: not read, it is where this run writes its records`);
          continue;
        }
        if (st.isFIFO()) {
          noticeOnce(`fifo:${input.path}`, 'warn', `${input.path} is a FIFO found by a directory scan or glob: not followed; name it as an argument to read it`);
          continue;
        }
        if (!found.has(id)) found.set(id, input.path);
      } catch {
        /* gone since the scan */
      }
    }
    for (const [id, path] of found) {
      const t = tracked.get(id);
      if (t) {
        if (t.file.path !== path) {
          h.notice('debug', `${t.file.path} is now ${path}`);
          t.realDir = realDirOf(path);
        }
        t.file.path = path;
        t.goneSince = null;
      } else if (!ignored.has(id)) await openNew(id, path, first);
    }
    // A scan that could not list everything says nothing about what is gone.
    const complete = problems.length === 0;
    if (complete) for (const t of tracked.values()) if (!found.has(t.file.id) && t.goneSince === null) t.goneSince = now;
    // A skipped file that is gone frees its inode number for reuse by a new file.
    if (complete) for (const id of ignored) if (!found.has(id)) ignored.delete(id);
    watcher?.watchDirs(dirsToWatch(o.args, tracked.values()));
  };

  const openNew = async (id: string, path: string, first: boolean) => {
    await closeIdleHandles(1);
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      // Out of descriptors: not tracked yet, so the next scan tries again with fewer held.
      if (!outOfDescriptors(e)) noticeOnce(`open:${path}`, 'warn', `cannot read ${path}: ${describeError(e)}`);
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
    const position = at === 'end' ? st.size : 0;
    const fingerprint = await readFingerprint(fh, position);
    tracked.set(id, { file, fh, position, goneSince: null, fingerprint, seenSize: -1, seenMtime: -1, lastReadAt: Date.now(), realDir: realDirOf(path) });
    h.opened(file, at);
    await closeIdleHandles();
  };

  /** The handle of a file closed to save descriptors, reopened by name if the name still leads to it. */
  const handleOf = async (t: Tracked): Promise<FileHandle | null> => {
    if (t.fh !== null) return t.fh;
    if (t.goneSince !== null) return null;
    await closeIdleHandles(1);
    let fh: FileHandle;
    try {
      fh = await open(t.file.path, 'r');
    } catch (e) {
      if (!outOfDescriptors(e)) noticeOnce(`reopen:${t.file.path}:${describeError(e)}`, 'warn', `cannot reopen ${t.file.path}: ${describeError(e)}; trying again`);
      return null;
    }
    const st = await fh.stat();
    if (`${st.dev}:${st.ino}` !== t.file.id) {
      await fh.close();
      return null;
    }
    t.fh = fh;
    return fh;
  };

  /** Keeps at most maxOpenFiles descriptors: the least recently read files that are still found by name give theirs up. */
  const closeIdleHandles = async (room = 0) => {
    let excess = openCount() + room - maxOpen;
    if (excess <= 0) return;
    const focus = h.focus?.() ?? null;
    const candidates = [...tracked.values()].filter((t) => t.fh !== null && t.goneSince === null && t.file.id !== focus).sort((a, b) => a.lastReadAt - b.lastReadAt);
    for (const t of candidates) {
      if (excess-- <= 0) break;
      const fh = t.fh!;
      t.fh = null;
      await fh.close().catch(() => undefined);
    }
  };

  /** Reads what is there now; returns the number of bytes read. */
  const readAvailable = async (t: Tracked, final: boolean): Promise<number> => {
    const fh = await handleOf(t);
    if (fh === null) return 0;
    const st = await fh.stat();
    const size = st.size;
    if (size === t.seenSize && st.mtimeMs === t.seenMtime && t.position >= size) return 0;
    if ((await compareFingerprint(fh, t.fingerprint, t.position, size)) === 'truncated') {
      t.position = 0;
      t.fingerprint = { head: Buffer.alloc(0) };
      h.truncated(t.file);
    }
    t.seenSize = size;
    t.seenMtime = st.mtimeMs;
    let total = 0;
    while (t.position < size && (final || total < o.maxBytesPerPoll)) {
      if (final && stopRequests > 1) break;
      const want = Math.min(o.readBytes, size - t.position);
      // A fresh buffer each time: the caller may keep pieces of it (a partial line).
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await fh.read(buf, 0, want, t.position);
      if (bytesRead === 0) break;
      const from = t.position;
      t.position += bytesRead;
      total += bytesRead;
      if (t.fingerprint.head.length < FINGERPRINT_BYTES && from < FINGERPRINT_BYTES) t.fingerprint = await readFingerprint(fh, t.position);
      try {
        await h.data(t.file, bytesRead === want ? buf : buf.subarray(0, bytesRead));
      } catch (e) {
        // Never read again from the start: the bytes that failed are reported, reading goes on after them.
        h.notice('warn', `error processing ${t.file.path} (bytes ${from}–${t.position}): ${describeError(e)}; continuing after them`);
        h.failed?.(t.file, e);
      }
    }
    if (total > 0) t.lastReadAt = Date.now();
    return total;
  };

  const close = async (t: Tracked, why: 'gone' | 'stop' | 'error') => {
    tracked.delete(t.file.id);
    await t.fh?.close().catch(() => undefined);
    h.closed(t.file, why);
  };

  /** Reads every file (the focused one alone, see FollowHandlers.focus); returns the bytes read. */
  const readAll = async (now: number): Promise<number> => {
    let bytes = 0;
    for (const t of [...tracked.values()]) {
      const focus = h.focus?.() ?? null;
      if (focus !== null && focus !== t.file.id && tracked.has(focus)) continue;
      let n = 0;
      try {
        n = await readAvailable(t, false);
      } catch (e) {
        // An I/O error: the descriptor is given up and the file reopened by name at the same
        // position on a later round (never from its start).
        noticeOnce(`read:${t.file.id}:${describeError(e)}`, 'warn', `error reading ${t.file.path}: ${describeError(e)}; trying again`);
        const fh = t.fh;
        t.fh = null;
        await fh?.close().catch(() => undefined);
        if (t.goneSince !== null) await close(t, 'error');
        continue;
      }
      bytes += n;
      if (n === 0 && t.goneSince !== null && now - t.goneSince >= o.goneGraceMs) await close(t, 'gone');
    }
    await closeIdleHandles();
    return bytes;
  };

  try {
    let first = true;
    let lastScan = 0;
    while (!stop.stopped) {
      const now = Date.now();
      if (first || scanWanted || now - lastScan >= o.pollMs) {
        scanWanted = false;
        lastScan = now;
        await scan(first, now);
      }
      if (first) h.ready?.(tracked.size);
      first = false;
      changed = false;
      roundAt = now;
      roundGap = (await readAll(now)) >= BUSY_ROUND_BYTES ? BUSY_ROUND_MS : WATCH_ROUND_MS;
      h.polled?.(Date.now());
      if (stop.stopped) break;
      const due = Math.min(lastScan + o.pollMs, h.nextDeadline?.() ?? Infinity);
      // A change seen while reading is read at once (or as soon as WATCH_ROUND_MS allows).
      if (changed) await new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, Math.min(due, roundAt + roundGap) - Date.now())));
      else await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, due - Date.now()));
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
    watcher?.close();
    if (soon !== null) clearTimeout(soon);
    for (const t of [...tracked.values()]) await close(t, 'stop');
    unsubscribe();
  }
}

function realDirOf(path: string): string {
  try {
    return dirname(realpathSync(path));
  } catch {
    return dirname(path);
  }
}

/** The directories where a change matters: those named by the arguments (a glob's fixed part) and those holding followed files. */
function dirsToWatch(args: string[], files: Iterable<Tracked>): Set<string> {
  const dirs = new Set<string>();
  for (const arg of args) {
    if (isGlobPattern(arg)) {
      const fixed = arg.split('/');
      const firstGlob = fixed.findIndex((part) => isGlobPattern(part));
      dirs.add(fixed.slice(0, firstGlob).join('/') || '.');
      continue;
    }
    try {
      dirs.add(statSync(arg).isDirectory() ? arg : dirname(arg));
    } catch {
      dirs.add(dirname(arg));
    }
  }
  // Appends are reported for the directory that holds the file itself, not for one with a symlink to it.
  for (const t of files) {
    dirs.add(dirname(t.file.path));
    dirs.add(t.realDir);
  }
  for (const d of [...dirs]) if (!existsSync(d)) dirs.delete(d);
  return dirs;
}
