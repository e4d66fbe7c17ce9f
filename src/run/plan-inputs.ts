/**
 * Before the inputs of a run are read: each input's size (the progress total; compressed size for gzip), whether
 * it is gzip (decides `x.ndjson.gz` under --out-dir), and its output path under --out-dir.
 * Two inputs that would write the same output file are refused, the later one as a failed input.
 */
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { describeError, type InputRef } from '../input/expand-inputs.js';
import { outDirPathFor } from '../output/out-dir-path.js';

export interface PlannedInput {
  input: InputRef;
  /** Bytes on disk (0 for stdin: unknown; 0 when not measured). */
  size: number;
  /** Starts with the gzip magic (only checked with --out-dir, where it decides the output's name). */
  gzip: boolean;
  /** With --out-dir: where its output goes. */
  outPath: string | null;
  /** Set when the input must not be read (cannot stat, bad output name, collision). */
  problem: string | null;
}

/** `outDir`: a real path (symlinks of DIR itself resolved), or null. `measure`: sizes are wanted (progress). */
export function planInputs(inputs: readonly InputRef[], o: { outDir: string | null; measure: boolean }): PlannedInput[] {
  const { outDir } = o;
  const taken = new Map<string, string>();
  const inputAt = outDir !== null ? realPathsOf(inputs) : new Map<string, string>();
  return inputs.map((input) => {
    const p: PlannedInput = { input, size: 0, gzip: false, outPath: null, problem: null };
    if (input.path !== '-' && (outDir !== null || o.measure)) {
      try {
        p.size = statSync(input.path).size;
        if (outDir !== null) p.gzip = startsWithGzipMagic(input.path);
      } catch (e) {
        p.problem = describeError(e);
        return p;
      }
    }
    if (outDir !== null) {
      const out = outDirPathFor(outDir, input.relative, p.gzip);
      if ('problem' in out) p.problem = out.problem;
      else if (inputAt.has(out.path)) p.problem = `its output ${out.path} would overwrite the input ${inputAt.get(out.path)}`;
      else if (taken.has(out.path)) p.problem = `its output ${out.path} would overwrite the output of ${taken.get(out.path)}`;
      else {
        taken.set(out.path, input.path);
        p.outPath = out.path;
      }
    }
    return p;
  });
}

/** Real path → input path, for the inputs that exist. */
function realPathsOf(inputs: readonly InputRef[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const i of inputs) {
    if (i.path === '-') continue;
    try {
      m.set(realpathSync(i.path), i.path);
    } catch {
      /* reported when it is read */
    }
  }
  return m;
}

/**
 * Only a regular file is looked into: opening a FIFO waits for its writer, and a peek at a pipe or
 * FIFO takes bytes that the read of the input then misses (a FIFO is even left without its writer).
 * Such an input is sniffed from its stream as it is read (input/open-input.ts): false here.
 */
export function startsWithGzipMagic(path: string): boolean {
  if (!statSync(path).isFile()) return false;
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}
