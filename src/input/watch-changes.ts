/**
 * Prompt notice of changes for --follow: fs.watch (inotify on Linux) on the directories that hold
 * followed files and on the directories named by the arguments. A change wakes the poll loop at
 * once instead of at its next tick; polling stays the fallback (network and overlay file systems,
 * where events may never come, and a watch that fails or hits the inotify limit).
 *
 * A 'rename' event (a file created, removed or renamed) asks for a full scan; a 'change' event
 * (an append) only for a read of the open files, which is cheaper than walking the directories.
 */
import { watch, type FSWatcher } from 'node:fs';

export interface ChangeWatch {
  /** Watch exactly these directories from now on. */
  watchDirs(dirs: Iterable<string>): void;
  close(): void;
}

/** More directories than this are left to polling (each costs an inotify watch: Linux allows 8,192 or more per user). */
export const MAX_WATCHED_DIRS = 1024;

export function watchChanges(onChange: (kind: 'scan' | 'read') => void, notice: (message: string) => void): ChangeWatch {
  const watchers = new Map<string, FSWatcher>();
  let warned = false;
  const unwatch = (dir: string) => {
    watchers.get(dir)?.close();
    watchers.delete(dir);
  };
  return {
    watchDirs(dirs) {
      const wanted = new Set<string>();
      for (const d of dirs) if (wanted.size < MAX_WATCHED_DIRS) wanted.add(d);
      for (const dir of [...watchers.keys()]) if (!wanted.has(dir)) unwatch(dir);
      for (const dir of wanted) {
        if (watchers.has(dir)) continue;
        try {
          const w = watch(dir, { persistent: false }, (event) => onChange(event === 'rename' ? 'scan' : 'read'));
          w.on('error', () => unwatch(dir));
          watchers.set(dir, w);
        } catch (e) {
          if (!warned) {
            warned = true;
            notice(`cannot watch ${dir} for changes (${(e as NodeJS.ErrnoException).code ?? String(e)}); relying on polling`);
          }
        }
      }
    },
    close() {
      for (const dir of [...watchers.keys()]) unwatch(dir);
    },
  };
}
