/**
 * Where a named output (`--output FILE`, `--summary-json FILE`) may be written, decided before any
 * input is read — a bad target is exit 2 up front, not a failure after the whole run:
 * - a directory, or a file whose directory does not exist: refused;
 * - one of the inputs (same device and inode; stdin redirected from it counts): refused, it would be
 *   replaced before or while it is read;
 * - one of this process's descriptors (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`): written to it;
 * - not a regular file (`/dev/null`, `/dev/stdout` on a pipe or terminal, a FIFO, a socket): written
 *   directly, as a shell redirection would — a temporary file renamed over it would replace the
 *   device or the FIFO with a regular file;
 * - a regular file, new or existing: written under a temporary name beside its real path and
 *   renamed into place when complete; a symlink is resolved first, so the link stays and its target
 *   is replaced whole.
 */
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { OptionError } from '../options.js';

export type OutputTarget = { kind: 'direct'; path: string } | { kind: 'descriptor'; path: string; fd: number } | { kind: 'atomic'; path: string };

/**
 * `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: one of this process's own
 * descriptors, written as it is (opening it again fails on a socket, and a file redirected with
 * `>>` must be appended to, not replaced).
 */
function ownDescriptor(path: string): number | null {
  const m = /^\/(?:dev\/(?:(stdout)|(stderr)|fd\/(\d+))|proc\/self\/fd\/(\d+))$/.exec(path);
  if (!m) return null;
  return m[1] ? 1 : m[2] ? 2 : Number(m[3] ?? m[4]);
}

/** `inputs`: the input arguments ("-" is stdin); only the ones that exist are compared. */
export function planOutputTarget(path: string, option: string, inputs: readonly string[]): OutputTarget {
  const fd = ownDescriptor(path);
  if (fd !== null) {
    try {
      fstatSync(fd);
    } catch {
      throw new OptionError(`${option}: ${path}: descriptor ${fd} is not open`);
    }
    return { kind: 'descriptor', path, fd };
  }
  let st: Stats | null;
  try {
    st = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new OptionError(`${option}: cannot use ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    st = null;
  }
  if (st === null) {
    const dir = dirname(resolve(path));
    let dirStat: Stats;
    try {
      dirStat = statSync(dir);
    } catch {
      throw new OptionError(`${option}: cannot create ${path}: its directory ${dir} does not exist`);
    }
    if (!dirStat.isDirectory()) throw new OptionError(`${option}: cannot create ${path}: ${dir} is not a directory`);
    return { kind: 'atomic', path: join(realpathSync(dir), basename(path)) };
  }
  if (st.isDirectory()) throw new OptionError(`${option}: ${path} is a directory; name a file`);
  const input = sameFileAsInput(st, inputs);
  if (input !== null) throw new OptionError(`${option}: ${path} is also an input (${input}); it would be replaced while it is read`);
  if (!st.isFile()) return { kind: 'direct', path };
  return { kind: 'atomic', path: realpathSync(path) };
}

/** With no input arguments, stdin is the input. */
function sameFileAsInput(target: Stats, inputs: readonly string[]): string | null {
  for (const input of inputs.length === 0 ? ['-'] : inputs) {
    let st: Stats;
    try {
      st = input === '-' ? fstatSync(0) : statSync(input);
    } catch {
      continue;
    }
    if (st.isFile() && st.dev === target.dev && st.ino === target.ino) return input === '-' ? 'stdin' : input;
  }
  return null;
}

/** Writes a whole small file (the summary) to a planned target: atomically when it is a regular file. */
export function writeWholeFile(target: OutputTarget, text: string): void {
  if (target.kind === 'descriptor') {
    writeSync(target.fd, text);
    return;
  }
  if (target.kind === 'direct') {
    writeFileSync(target.path, text);
    return;
  }
  const file = createTemporaryFile(target.path);
  try {
    try {
      writeFileSync(file.fd, text);
    } finally {
      closeSync(file.fd);
    }
    file.commit();
  } catch (e) {
    file.discard();
    throw e;
  }
}

/**
 * The temporary name an atomic output is written under until it is complete. `unique`: several
 * outputs of one process in one directory (--out-dir, written by worker threads) — it also keeps
 * a file left by an earlier process with the same pid (pid 1 in a container) out of the way.
 */
export function temporaryName(path: string, pid = process.pid, unique = ''): string {
  return `${path}.errenrich-${pid}${unique === '' ? '' : `-${unique}`}.tmp`;
}

/** The writing process's pid in a temporary name made by temporaryName (after `prefix`), or null. */
function pidOfTemporary(name: string, prefix: string): number | null {
  if (!name.startsWith(prefix) || !name.endsWith('.tmp')) return null;
  const m = /^(\d+)(?:-[a-z0-9]+)?$/.exec(name.slice(prefix.length, -'.tmp'.length));
  const pid = m ? Number(m[1]) : NaN;
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Temporary files of earlier runs for this target whose process is gone (killed with SIGKILL, or
 * the machine stopped): removed, so they do not pile up. A live process's file is left alone.
 */
export function removeStaleTemporaries(path: string): string[] {
  return removeStaleIn(dirname(path), `${basename(path)}.errenrich-`);
}

/** The same for every output in `dir` (--out-dir: once per directory, not once per file). */
export function removeStaleTemporariesIn(dir: string): string[] {
  return removeStaleIn(dir, '');
}

function removeStaleIn(dir: string, prefix: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const at = prefix === '' ? name.lastIndexOf('.errenrich-') : 0;
    if (at < 0) continue;
    const pid = pidOfTemporary(prefix === '' ? name.slice(at) : name, prefix === '' ? '.errenrich-' : prefix);
    if (pid === null || pid === process.pid || processAlive(pid)) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(join(dir, name));
    } catch {
      /* gone already, or not ours to remove */
    }
  }
  return removed;
}

/** An output being written under its temporary name. */
export interface TemporaryFile {
  readonly temp: string;
  readonly fd: number;
  /** Complete: renamed over the target. */
  commit(): void;
  /** Not complete: removed, so that nothing could be mistaken for a whole output. */
  discard(): void;
}

/**
 * The one way an output file is created (-o FILE, --out-dir files, and writeWholeFile): under a
 * temporary name beside it, opened with "wx" so that nothing already there (a planted symlink) is
 * ever written through. Throws the open error (EEXIST included) as it is.
 */
export function createTemporaryFile(path: string, unique = ''): TemporaryFile {
  const temp = temporaryName(path, process.pid, unique);
  const fd = openSync(temp, 'wx');
  return {
    temp,
    fd,
    commit: () => renameSync(temp, path),
    discard: () => {
      try {
        unlinkSync(temp);
      } catch {
        /* already gone */
      }
    },
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * `errenrich … >&-`: Node.js reopens a closed stdout on /dev/null before any of our code runs, so
 * records would vanish silently. What it opens is read-write, unlike a shell's `> /dev/null`
 * (write-only), which is how the two are told apart (Linux: /proc; elsewhere: not detected). A
 * supervisor that discards stdout may open /dev/null read-write too: the caller only warns.
 */
export function stdoutWasClosed(): boolean {
  try {
    const st = fstatSync(1);
    if (!st.isCharacterDevice() || st.rdev !== statSync('/dev/null').rdev) return false;
    const flags = /^flags:\s+([0-7]+)$/m.exec(readFileSync('/proc/self/fdinfo/1', 'utf8'));
    return flags !== null && (parseInt(flags[1]!, 8) & 3) === 2; // O_ACCMODE === O_RDWR
  } catch {
    return false;
  }
}
