/**
 * Minimal glob matching for --include/--exclude: `*` (no "/"), `**` (any depth), `?`, `[abc]`,
 * `{a,b}`. A pattern without "/" matches the file's base name; with "/", its path relative to the
 * directory given on the command line.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:[^/]*/)*';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close === -1) re += '\\{';
      else {
        re += '(?:' + glob.slice(i + 1, close).split(',').map(escape).join('|') + ')';
        i = close;
      }
    } else if (c === '[') {
      const close = glob.indexOf(']', i);
      if (close === -1) re += '\\[';
      else {
        re += '[' + glob.slice(i + 1, close).replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else re += escape(c);
  }
  return new RegExp('^' + re + '$');
}

function escape(s: string): string {
  return s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}

export interface GlobFilter {
  include: RegExp[];
  exclude: RegExp[];
  includeHasSlash: boolean[];
  excludeHasSlash: boolean[];
}

export function compileGlobFilter(include: string[], exclude: string[]): GlobFilter {
  return {
    include: include.map(globToRegExp),
    exclude: exclude.map(globToRegExp),
    includeHasSlash: include.map((g) => g.includes('/')),
    excludeHasSlash: exclude.map((g) => g.includes('/')),
  };
}

/** `rel` is the path relative to the directory argument, with "/" separators. */
export function passesGlobFilter(f: GlobFilter, rel: string): boolean {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  const test = (re: RegExp, slash: boolean) => re.test(slash ? rel : base);
  if (f.include.length > 0 && !f.include.some((re, i) => test(re, f.includeHasSlash[i]!))) return false;
  return !f.exclude.some((re, i) => test(re, f.excludeHasSlash[i]!));
}
