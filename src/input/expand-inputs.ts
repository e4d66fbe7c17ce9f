/**
 * Command-line inputs → the list of inputs to read, in the order given: "-" is stdin, a file is
 * itself, a directory is every file under it (recursive, sorted, filtered by --include/--exclude,
 * symlink cycles followed once). Problems are returned, not thrown: one bad path never stops the others.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { compileGlobFilter, passesGlobFilter } from './glob-match.js';

export interface InputRef {
  /** Path to open, or "-" for stdin. */
  path: string;
  /** For --out-dir: the path relative to the directory argument (or the base name). */
  relative: string;
}

export interface InputProblem {
  path: string;
  reason: string;
}

export function expandInputs(args: string[], include: string[] = [], exclude: string[] = []): { inputs: InputRef[]; problems: InputProblem[] } {
  const filter = compileGlobFilter(include, exclude);
  const inputs: InputRef[] = [];
  const problems: InputProblem[] = [];
  if (args.length === 0) args = ['-'];
  for (const arg of args) {
    if (arg === '-') {
      inputs.push({ path: '-', relative: 'stdin' });
      continue;
    }
    let st;
    try {
      st = statSync(arg);
    } catch (e) {
      problems.push({ path: arg, reason: describeError(e) });
      continue;
    }
    if (!st.isDirectory()) {
      // Files named explicitly are read even if --include would not match them (the shell chose them).
      inputs.push({ path: arg, relative: arg.slice(arg.lastIndexOf(sep) + 1) });
      continue;
    }
    const seen = new Set<string>();
    walkDir(arg, arg, filter, seen, inputs, problems);
  }
  return { inputs, problems };
}

function walkDir(
  root: string,
  dir: string,
  filter: ReturnType<typeof compileGlobFilter>,
  seen: Set<string>,
  inputs: InputRef[],
  problems: InputProblem[],
): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (e) {
    problems.push({ path: dir, reason: describeError(e) });
    return;
  }
  if (seen.has(real)) return; // a symlink cycle: each real directory is visited once
  seen.add(real);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    problems.push({ path: dir, reason: describeError(e) });
    return;
  }
  for (const name of names) {
    const full = join(dir, name);
    let st;
    try {
      st = statSync(full);
    } catch (e) {
      problems.push({ path: full, reason: describeError(e) });
      continue;
    }
    if (st.isDirectory()) walkDir(root, full, filter, seen, inputs, problems);
    else if (st.isFile()) {
      const rel = relative(root, full).split(sep).join('/');
      if (passesGlobFilter(filter, rel)) inputs.push({ path: full, relative: rel });
    }
  }
}

export function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return err.code ? `${err.code}: ${err.message}` : String(err.message ?? e);
  }
}
