/**
 * `--out-dir DIR`: where the output of one input goes. The input's path relative to its argument
 * (expandInputs' `relative`) is mirrored under DIR with the extension changed (`x.log` →
 * `x.ndjson`, `x.log.gz` → `x.ndjson.gz` when the input was gzip). Nothing is ever written
 * outside DIR: names with `..`, absolute names and directories that are symlinks are refused.
 */
import { lstatSync, mkdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/** `x.log` → `x.ndjson`, `x.log.gz` → `x.ndjson.gz` (gzip input), `x.txt` → `x.txt.ndjson`. */
export function mirroredOutputName(name: string, gzip: boolean): string {
  let base = name;
  if (base.endsWith('.gz')) base = base.slice(0, -3);
  if (base.endsWith('.log')) base = base.slice(0, -4);
  return base + '.ndjson' + (gzip ? '.gz' : '');
}

export type OutDirPath = { path: string } | { problem: string };

/**
 * The output file for an input under `outDir` (a real path: resolve symlinks of DIR itself once,
 * with realpathSync, before calling). Pure: only the name is checked here; `ensureParentInside`
 * checks the directories on disk.
 */
export function outDirPathFor(outDir: string, rel: string, gzip: boolean): OutDirPath {
  if (rel === '' || rel.includes('\0')) return { problem: 'empty or invalid name' };
  if (isAbsolute(rel) || /^[A-Za-z]:/.test(rel) || rel.startsWith('/') || rel.startsWith('\\'))
    return { problem: `absolute name "${rel}" would leave --out-dir` };
  const segments = rel.split(/[\\/]/).filter((s) => s !== '' && s !== '.');
  if (segments.length === 0) return { problem: 'empty or invalid name' };
  if (segments.includes('..')) return { problem: `name "${rel}" contains ".." and would leave --out-dir` };
  const last = segments.pop()!;
  const path = join(outDir, ...segments, mirroredOutputName(last, gzip));
  const back = relative(outDir, path);
  if (back === '' || back.startsWith('..') || isAbsolute(back)) return { problem: `name "${rel}" would leave --out-dir` };
  return { path };
}

/**
 * Creates the directories between `outDir` (a real path) and `file`, refusing any that is a
 * symlink or not a directory, so a link planted under DIR cannot redirect the write elsewhere.
 */
export function ensureParentInside(outDir: string, file: string): void {
  const rel = relative(outDir, file);
  const parts = rel.split(sep);
  parts.pop();
  let dir = outDir;
  for (const part of parts) {
    dir = join(dir, part);
    let st;
    try {
      st = lstatSync(dir);
    } catch {
      mkdirSync(dir);
      continue;
    }
    if (st.isSymbolicLink()) throw new Error(`${dir} is a symlink; refusing to write through it (it could point outside --out-dir)`);
    if (!st.isDirectory()) throw new Error(`${dir} exists and is not a directory`);
  }
  const real = realpathSync(dir);
  if (real !== outDir && !real.startsWith(outDir + sep)) throw new Error(`${dir} resolves outside --out-dir`);
}
