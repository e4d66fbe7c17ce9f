/**
 * Glob arguments (`'/var/log/app/*.log'`, quoted so that errenrich, not the shell, expands them):
 * with --follow the pattern is evaluated again at every scan, so files created later are picked
 * up. An argument that names an existing path is never treated as a pattern.
 *
 * The dialect is the one of --include/--exclude (glob-match.ts): `*`, `**`, `?`, `[abc]`, `{a,b}`;
 * it matches the path below the pattern's longest literal directory prefix.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describeError, expandInputs, type InputProblem, type InputRef } from './expand-inputs.js';
import { compileGlobFilter, globToRegExp, passesGlobFilter, type GlobFilter } from './glob-match.js';

const GLOB_CHARS = /[*?[{]/;

export function isGlobPattern(arg: string): boolean {
  return arg !== '-' && GLOB_CHARS.test(arg) && !existsSync(arg);
}

export interface PathGlob {
  /** The literal directory the pattern starts in ("." when it starts with a wildcard). */
  base: string;
  /** Matches the "/"-separated path relative to `base`. */
  pattern: RegExp;
  /** How many directory levels below `base` can match; Infinity with `**`. */
  depth: number;
}

export function compilePathGlob(glob: string): PathGlob {
  const segments = glob.split('/');
  const first = segments.findIndex((s) => GLOB_CHARS.test(s));
  const literal = first === -1 ? segments.slice(0, -1) : segments.slice(0, first);
  const rest = first === -1 ? segments.slice(-1) : segments.slice(first);
  const base = literal.length === 0 ? '.' : literal.join('/') === '' ? '/' : literal.join('/');
  return { base, pattern: globToRegExp(rest.join('/')), depth: rest.includes('**') || rest.some((s) => s.includes('**')) ? Infinity : rest.length };
}

/** Files matching the glob now, sorted, with `relative` = the path below the literal prefix. */
export function expandPathGlob(glob: string, filter: GlobFilter, problems: InputProblem[] = []): InputRef[] {
  const g = compilePathGlob(glob);
  const out: InputRef[] = [];
  walk(g, g.base, '', 1, new Set(), filter, out, problems);
  return out;
}

function walk(g: PathGlob, dir: string, relDir: string, level: number, seen: Set<string>, filter: GlobFilter, out: InputRef[], problems: InputProblem[]): void {
  let names: string[];
  try {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    names = readdirSync(dir).sort();
  } catch (e) {
    // The literal prefix not existing (yet) is not a problem for --follow; any other error (EMFILE,
    // EACCES, ENOTDIR) is: a directory that cannot be listed is not an empty one.
    if (relDir !== '' || (e as NodeJS.ErrnoException).code !== 'ENOENT') problems.push({ path: dir, reason: describeError(e) });
    return;
  }
  for (const name of names) {
    const full = dir === '.' ? name : join(dir, name);
    const rel = relDir === '' ? name : `${relDir}/${name}`;
    let st;
    try {
      st = statSync(full);
    } catch {
      continue; // a dangling symlink or a file gone since readdir
    }
    if (st.isDirectory()) {
      if (level < g.depth) walk(g, full, rel, level + 1, seen, filter, out, problems);
    } else if (st.isFile() && g.pattern.test(rel) && passesGlobFilter(filter, rel)) {
      out.push({ path: full, relative: rel });
    }
  }
}

/**
 * expandInputs, plus glob arguments expanded in place (input order is kept). A pattern that
 * matches nothing is reported as a problem unless `missingOk` (follow mode waits for files).
 */
export function expandInputArgs(
  args: string[],
  include: string[],
  exclude: string[],
  missingOk = false,
): { inputs: InputRef[]; problems: InputProblem[] } {
  const filter = compileGlobFilter(include, exclude);
  const inputs: InputRef[] = [];
  const problems: InputProblem[] = [];
  if (args.length === 0) args = ['-'];
  for (const arg of args) {
    if (isGlobPattern(arg)) {
      const found = expandPathGlob(arg.split(sep).join('/'), filter, problems);
      if (found.length === 0 && !missingOk) problems.push({ path: arg, reason: 'no file matches this pattern' });
      inputs.push(...found);
      continue;
    }
    const one = expandInputs([arg], include, exclude);
    inputs.push(...one.inputs);
    for (const p of one.problems) if (!(missingOk && p.path === arg)) problems.push(p);
  }
  return { inputs, problems };
}
