/**
 * The files this run writes its records to are never among its inputs: `errenrich logs/ >
 * logs/enriched.ndjson` (or `-o logs/enriched.ndjson`) would otherwise read its own growing output
 * and never end. Files are compared by device and inode, so another name for the same file (a
 * hard link, a symlink, `./x` against `x`) is caught too.
 */
import { fstatSync, statSync, type Stats } from 'node:fs';
import type { InputRef } from '../input/expand-inputs.js';

export interface OwnOutputs {
  /** Records go to stdout (not -o / --out-dir): a regular file stdout is redirected to is an output. */
  stdout: boolean;
  /** Files written by this run: the -o target and the temporary file it is written under. */
  paths: readonly string[];
}

type FileId = Pick<Stats, 'dev' | 'ino'>;

/** The regular files this run writes to, as they are now (a file not created yet is no input either). */
export function ownOutputFiles(own: OwnOutputs, stdoutFd = 1): FileId[] {
  const ids: FileId[] = [];
  const add = (st: () => Stats) => {
    try {
      const s = st();
      if (s.isFile()) ids.push({ dev: s.dev, ino: s.ino });
    } catch {
      /* not there: nothing to skip */
    }
  };
  if (own.stdout) add(() => fstatSync(stdoutFd));
  for (const p of own.paths) add(() => statSync(p));
  return ids;
}

/** `inputs` without the ones that are `outputs`; stdin ("-") is always kept. */
export function withoutOwnOutputs(inputs: InputRef[], outputs: readonly FileId[]): { inputs: InputRef[]; skipped: InputRef[] } {
  if (outputs.length === 0) return { inputs, skipped: [] };
  const kept: InputRef[] = [];
  const skipped: InputRef[] = [];
  for (const i of inputs) {
    let st: Stats | null = null;
    if (i.path !== '-') {
      try {
        st = statSync(i.path);
      } catch {
        /* reported when it is opened */
      }
    }
    if (st !== null && outputs.some((o) => o.dev === st.dev && o.ino === st.ino)) skipped.push(i);
    else kept.push(i);
  }
  return { inputs: kept, skipped };
}
