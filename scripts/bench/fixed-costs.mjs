#!/usr/bin/env node
/**
 * What one thread costs before it runs at full speed, and what two cores allow at most: the two
 * figures that bound issue 16's wall-time targets and issue 18's CPU target.
 *
 *   node scripts/bench/fixed-costs.mjs                 50 MiB, three error rates, median of 5
 *   node scripts/bench/fixed-costs.mjs --mb 20 --error-rates 0.01 --runs 3
 *
 * 1. Warm-up: `--jobs 1` on the first 0, 1, 5, 10, 25 … MiB of the shared corpus (first error
 *    rate), cut at a line end. The CPU-seconds per MiB between two sizes fall as V8 compiles the
 *    hot code; the last step's rate is the steady one, and CPU(whole) − MiB × that rate is what a
 *    thread pays once (Node's start-up, rules and catalogs, then the code running cold).
 * 2. Ceiling: per error rate, the whole corpus with `--jobs 1` (what default options run for one
 *    file), `--jobs 2` (one file in pieces), and its two halves (cut at a line end) in two
 *    independent `--jobs 1` processes at once — no coordination, no ordered output: what any
 *    split of this file across two cores can reach — next to naive Node and jq; interleaved,
 *    medians of wall and CPU seconds (GNU time user+sys, every thread and child).
 *
 * Inputs are cached in the OS temp dir next to the bench's shared corpora.
 * Options: --mb M (50), --error-rates 0.001,0.01,0.05, --prefix-mb 0,1,5,10,25 (sizes below --mb),
 * --runs N (5), --build DIR (measure DIR/dist/bin/errenrich.cjs), --out-dir DIR (bench-out).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './run-bench.mjs';
import { parseErrorRates } from './parse-lists.mjs';
import { runAsMain } from './run-as-main.mjs';
import { CACHE_DIR, DEFAULT_ERROR_RATES, SHARED_NAIVE_NODE, ensureSharedCorpus, markdownTable, median, sharedBenchMissing } from './shared-corpus.mjs';
import { count, parseOptions, path, positive } from './parse-args.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MiB = 1 << 20;

const USAGE = `usage: node scripts/bench/fixed-costs.mjs [--mb 50] [--error-rates 0.001,0.01,0.05] [--prefix-mb 0,1,5,10,25]
       [--runs 5] [--build DIR] [--out-dir bench-out]`;

/** `0,1,5` → [0, 1, 5]: sizes in MiB, each ≥ 0. */
export function parsePrefixSizes(text) {
  const list = String(text ?? '')
    .split(',')
    .filter(Boolean)
    .map(Number);
  if (list.length === 0 || list.some((n) => !Number.isFinite(n) || n < 0)) throw new Error(`--prefix-mb needs sizes ≥ 0 in MiB, comma-separated (got ${text})`);
  return [...new Set(list)].sort((a, b) => a - b);
}

function parseArgs(argv) {
  return parseOptions(argv, { mb: 50, errorRates: DEFAULT_ERROR_RATES, prefixMb: [0, 1, 5, 10, 25], runs: 5, outDir: join(ROOT, 'bench-out'), build: null }, {
    '--mb': ['mb', positive],
    '--error-rates': ['errorRates', parseErrorRates],
    '--prefix-mb': ['prefixMb', parsePrefixSizes],
    '--runs': ['runs', count],
    '--build': ['build', path],
    '--out-dir': ['outDir', path],
  });
}

/**
 * Where the first `bytes` of a file end at a line end: the offset just past the first "\n" at or
 * after `bytes` (the file's size when there is none; 0 for 0).
 */
export function lineEndAtOrAfter(file, bytes) {
  const size = statSync(file).size;
  if (bytes <= 0) return 0;
  if (bytes >= size) return size;
  const fd = openSync(file, 'r');
  try {
    const block = Buffer.allocUnsafe(64 * 1024);
    for (let at = bytes - 1; at < size; at += block.length) {
      const n = readSync(fd, block, 0, Math.min(block.length, size - at), at);
      const nl = block.subarray(0, n).indexOf(0x0a);
      if (nl !== -1) return at + nl + 1;
      if (n === 0) break;
    }
    return size;
  } finally {
    closeSync(fd);
  }
}

/** `file`'s bytes [from, to) as a file of its own (cached: written once). */
function ensureSlice(file, from, to, out) {
  if (existsSync(out) && statSync(out).size === to - from) return out;
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(to - from);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    writeFileSync(`${out}.part`, buf.subarray(0, got));
  } finally {
    closeSync(fd);
  }
  renameSync(`${out}.part`, out);
  return out;
}

/**
 * The warm-up table's figures from (MiB, CPU-s) points in ascending size: each step's CPU
 * milliseconds per MiB, and the one-off cost — the largest size's CPU minus its MiB at the last
 * step's rate (the steady one).
 */
export function warmUpFigures(points) {
  const steps = points.map((p, i) => (i === 0 ? null : ((p.cpuS - points[i - 1].cpuS) * 1000) / (p.mb - points[i - 1].mb)));
  const last = points[points.length - 1];
  const steadyMsPerMiB = steps[steps.length - 1];
  const oneOffS = steadyMsPerMiB === null ? null : last.cpuS - (last.mb * steadyMsPerMiB) / 1000;
  return { steps, steadyMsPerMiB, oneOffS };
}

async function timeAll(commands, runs, outDir, log) {
  const samples = new Map(commands.map((c) => [c.name, []]));
  for (let r = 1; r <= runs; r++) {
    for (const c of commands) {
      const out = join(outDir, 'fixed-costs-out.tmp');
      const m = await measure(c.cmd ?? process.execPath, c.args, { stdoutFile: out });
      rmSync(out, { force: true });
      samples.get(c.name).push(m);
    }
    log(`  round ${r}/${runs} done, load ${os.loadavg()[0].toFixed(2)}`);
  }
  return new Map(commands.map((c) => [c.name, { wallS: median(samples.get(c.name).map((m) => m.wallS)), cpuS: median(samples.get(c.name).map((m) => m.cpuS)) }]));
}

async function main(o) {
  const missing = sharedBenchMissing();
  if (missing) {
    process.stdout.write(`fixed-costs: skipped, ${missing}\n`);
    return 0;
  }
  const cli = o.build ? join(o.build, 'dist/bin/errenrich.cjs') : join(ROOT, 'dist/bin/errenrich.cjs');
  if (!existsSync(cli)) throw new Error(`${cli} not found: run npm run build`);
  mkdirSync(o.outDir, { recursive: true });
  const log = (s = '') => process.stdout.write(`${s}\n`);
  const hasJq = spawnSync('jq', ['--version']).status === 0;
  log(`fixed-costs: shared corpus ${o.mb} MiB (--mix mixed), error rates ${o.errorRates.join(', ')}; ${os.availableParallelism()} CPUs; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; ${o.runs} runs, interleaved, median`);
  log(`cli: ${cli}`);

  // 1. Warm-up, on the first error rate's corpus.
  const first = ensureSharedCorpus({ mb: o.mb, errorRate: o.errorRates[0] });
  const dir = join(CACHE_DIR, 'fixed-costs');
  mkdirSync(dir, { recursive: true });
  const sizes = [...o.prefixMb.filter((mb) => mb < o.mb), o.mb];
  const prefixes = sizes.map((mb) => {
    const end = lineEndAtOrAfter(first.corpus, Math.round(mb * MiB));
    const file = mb === o.mb ? first.corpus : ensureSlice(first.corpus, 0, end, join(dir, `${basename(first.corpus)}.first-${mb}mb`));
    return { mb: mb === o.mb ? first.bytes / MiB : end / MiB, file };
  });
  log('');
  log(`1. warm-up: --jobs 1 on the first MiB of ${first.corpus}`);
  const warm = await timeAll(prefixes.map((p) => ({ name: `first ${p.mb.toFixed(1)} MiB`, args: [cli, '--jobs', '1', p.file] })), o.runs, o.outDir, log);
  const points = prefixes.map((p) => ({ mb: p.mb, cpuS: warm.get(`first ${p.mb.toFixed(1)} MiB`).cpuS }));
  const fig = warmUpFigures(points);
  log(
    markdownTable(
      ['input', 'CPU s', 'CPU ms per MiB since the size before'],
      points.map((p, i) => [`first ${p.mb.toFixed(1)} MiB`, p.cpuS.toFixed(2), fig.steps[i] === null ? '—' : fig.steps[i].toFixed(1)]),
      ['l', 'r', 'r'],
    ),
  );
  if (fig.oneOffS !== null) log(`steady: ${fig.steadyMsPerMiB.toFixed(1)} CPU-ms per MiB; paid once per thread: ${fig.oneOffS.toFixed(2)} CPU-s (${points[0].cpuS.toFixed(2)} of it before the first line)`);

  // 2. The two-core ceiling, per error rate.
  for (const rate of o.errorRates) {
    const c = ensureSharedCorpus({ mb: o.mb, errorRate: rate });
    const mid = lineEndAtOrAfter(c.corpus, Math.floor(c.bytes / 2));
    const h1 = ensureSlice(c.corpus, 0, mid, join(dir, `${basename(c.corpus)}.half-1`));
    const h2 = ensureSlice(c.corpus, mid, c.bytes, join(dir, `${basename(c.corpus)}.half-2`));
    const halves = `"$0" "$1" --jobs 1 "$2" > "$4.1" & "$0" "$1" --jobs 1 "$3" > "$4.2"; wait; rm -f "$4.1" "$4.2"`;
    const commands = [
      { name: '--jobs 1 (default options, one file)', args: [cli, '--jobs', '1', c.corpus] },
      { name: '--jobs 2 (the file in pieces)', args: [cli, '--jobs', '2', c.corpus] },
      { name: 'two --jobs 1 processes, one half each', cmd: '/bin/sh', args: ['-c', halves, process.execPath, cli, h1, h2, join(o.outDir, 'fixed-costs-halves')] },
      { name: 'naive Node', args: [SHARED_NAIVE_NODE, c.corpus] },
      ...(hasJq ? [{ name: 'jq', cmd: 'jq', args: ['-cR', 'fromjson? // .', c.corpus] }] : []),
    ];
    log('');
    log(`2. ceiling at error rate ${rate}: ${c.corpus} (${(c.bytes / MiB).toFixed(1)} MiB)`);
    const t = await timeAll(commands, o.runs, o.outDir, log);
    const jq = t.get('jq');
    const naive = t.get('naive Node');
    log(
      markdownTable(
        ['run', 'wall s', 'CPU s', 'jq wall ÷ this', 'naive Node wall ÷ this'],
        commands.map((cmd) => {
          const r = t.get(cmd.name);
          return [cmd.name, r.wallS.toFixed(2), r.cpuS?.toFixed(2) ?? '—', jq ? `${(jq.wallS / r.wallS).toFixed(2)}×` : '—', `${(naive.wallS / r.wallS).toFixed(2)}×`];
        }),
        ['l', 'r', 'r', 'r', 'r'],
      ),
    );
  }
  log('');
  log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  return 0;
}

runAsMain(import.meta.url, { name: 'fixed-costs', usage: USAGE, parseArgs, main });
