/**
 * `--shard K/N`: this run reads only its share of the expanded inputs, so N machines (an Indexed
 * Job's pods) read every input exactly once between them without talking to each other.
 *
 * An input's shard is a hash of its path relative to its argument (the name its --out-dir output
 * gets), modulo N. Not its position in the listing: a file that appears, or a pod that lists in
 * another order or mounts the volume elsewhere, moves no other file to another shard. Inputs that
 * would write the same output file land in the same shard, where the collision is still refused.
 */
import { OptionError } from '../options.js';
import type { InputProblem, InputRef } from '../input/expand-inputs.js';

export interface Shard {
  /** 0-based, as Kubernetes' JOB_COMPLETION_INDEX. */
  index: number;
  count: number;
}

/** "K/N" with 0 ≤ K < N. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index >= count)
    throw new OptionError(`--shard: must be K/N with 0 ≤ K < N, K counted from 0 (got "${text}")`);
  return { index, count };
}

/** FNV-1a over the UTF-8 bytes: the same number on every machine and Node version. */
export function shardOf(key: string, count: number): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(key, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % count;
}

/**
 * This shard's inputs and problems (a path that could not be read is reported by one shard only).
 * stdin cannot be shared out: refused.
 */
export function selectShard(inputs: InputRef[], problems: InputProblem[], shard: Shard): { inputs: InputRef[]; problems: InputProblem[] } {
  if (inputs.some((i) => i.path === '-')) throw new OptionError('--shard splits files between runs; stdin ("-") cannot be split');
  return {
    inputs: inputs.filter((i) => shardOf(i.relative, shard.count) === shard.index),
    problems: problems.filter((p) => shardOf(p.path, shard.count) === shard.index),
  };
}
