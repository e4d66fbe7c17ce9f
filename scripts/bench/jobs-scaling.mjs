#!/usr/bin/env node
/**
 * How `--jobs` scales on many files, on one big file and on gzip files: the table of issue 18.
 *
 *   node scripts/bench/jobs-scaling.mjs                      16 files × 8 MiB, --jobs 1 and 2, median of 3
 *   node scripts/bench/jobs-scaling.mjs --files 16 --file-mb 64 --jobs 1,4,16 --runs 1
 *
 * Inputs come from the shared generator (../shared/bench/gen-corpus.mjs --mix mixed, one seed per
 * file, so no two files are alike) and are cached in the OS temp dir: N plain files, one file that is
 * their concatenation (the same bytes in one input), and the N files gzipped. For each input set and
 * each --jobs value `node dist/bin/errenrich.cjs --jobs J INPUTS > out` is timed, interleaved
 * (round 1 of every command, then round 2, …); wall and CPU seconds (GNU time user+sys) are the
 * medians. A last row runs one independent `--jobs 1` process per core, each on its share of the
 * plain files: what the machine allows without any coordination.
 *
 * Options: --files N (16), --file-mb M (8), --error-rate P (0.01), --jobs 1,2 (values to compare),
 * --runs N (3), --build DIR (measure DIR/dist/bin/errenrich.cjs), --out-dir DIR (bench-out).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { measure } from './run-bench.mjs';
import { parseJobsList } from './parse-lists.mjs';
import { runAsMain } from './run-as-main.mjs';
import { CACHE_DIR, SHARED_SEED, ensureSharedCorpus, markdownTable, median, sharedBenchMissing } from './shared-corpus.mjs';
import { count, parseOptions, path, positive, share } from './parse-args.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MiB = 1 << 20;

const USAGE = `usage: node scripts/bench/jobs-scaling.mjs [--files 16] [--file-mb 8] [--error-rate 0.01] [--jobs 1,2]
       [--runs 3] [--build DIR] [--out-dir bench-out]`;

function parseArgs(argv) {
  return parseOptions(argv, { files: 16, fileMb: 8, errorRate: 0.01, jobs: [1, 2], runs: 3, outDir: join(ROOT, 'bench-out'), build: null }, {
    '--files': ['files', count],
    '--file-mb': ['fileMb', positive],
    '--error-rate': ['errorRate', share],
    '--jobs': ['jobs', parseJobsList],
    '--runs': ['runs', count],
    '--build': ['build', path],
    '--out-dir': ['outDir', path],
  });
}

/** The N plain files, their concatenation and their gzipped copies (all cached). */
async function ensureInputs(o) {
  const dir = join(CACHE_DIR, `jobs-${o.files}x${o.fileMb}mb-rate${o.errorRate}`);
  mkdirSync(dir, { recursive: true });
  const plain = [];
  for (let i = 0; i < o.files; i++) plain.push(ensureSharedCorpus({ mb: o.fileMb, errorRate: o.errorRate, seed: SHARED_SEED + i, dir }).corpus);
  const gz = [];
  for (const p of plain) {
    const g = `${p}.gz`;
    if (!existsSync(g)) {
      await pipeline(createReadStream(p), createGzip(), createWriteStream(`${g}.part`));
      renameSync(`${g}.part`, g);
    }
    gz.push(g);
  }
  const one = join(dir, `all-${o.files}-files.log`);
  if (!existsSync(one)) {
    writeFileSync(`${one}.part`, '');
    for (const p of plain) appendFileSync(`${one}.part`, readFileSync(p));
    renameSync(`${one}.part`, one);
  }
  const bytes = plain.reduce((n, p) => n + statSync(p).size, 0);
  return { dir, plain, gz, one, bytes };
}

/** Splits `items` into `n` shares of consecutive items, as even as possible. */
export function shares(items, n) {
  const out = [];
  for (let k = 0; k < n; k++) out.push(items.slice(Math.floor((k * items.length) / n), Math.floor(((k + 1) * items.length) / n)));
  return out.filter((s) => s.length > 0);
}

async function main(o) {
  const missing = sharedBenchMissing();
  if (missing) {
    process.stdout.write(`jobs-scaling: skipped, ${missing}\n`);
    return 0;
  }
  const cli = o.build ? join(o.build, 'dist/bin/errenrich.cjs') : join(ROOT, 'dist/bin/errenrich.cjs');
  if (!existsSync(cli)) throw new Error(`${cli} not found: run npm run build`);
  mkdirSync(o.outDir, { recursive: true });
  const inp = await ensureInputs(o);
  const cores = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  const log = (s = '') => process.stdout.write(`${s}\n`);
  log(`jobs-scaling: ${o.files} files × ${o.fileMb} MiB (shared generator, --mix mixed, error rate ${o.errorRate}), ${(inp.bytes / MiB).toFixed(1)} MiB in all, in ${inp.dir}`);
  log(`cli: ${cli}; ${cores} CPUs; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; ${o.runs} runs, interleaved, median`);
  const commands = [];
  for (const j of o.jobs) {
    commands.push({ name: `${o.files} files, --jobs ${j}`, jobs: j, kind: 'files', args: [cli, '--jobs', String(j), ...inp.plain] });
    commands.push({ name: `one ${(inp.bytes / MiB).toFixed(0)} MiB file, --jobs ${j}`, jobs: j, kind: 'one', args: [cli, '--jobs', String(j), inp.one] });
    commands.push({ name: `${o.files} gzip files, --jobs ${j}`, jobs: j, kind: 'gzip', args: [cli, '--jobs', String(j), ...inp.gz] });
  }
  const parts = shares(inp.plain, cores);
  const ceilingScript = parts.map((_, k) => `"$0" "$1" --jobs 1 ${parts[k].map((p) => `'${p}'`).join(' ')} > "$2.${k}" &`).join(' ') + ` wait; rm -f "$2".*`;
  commands.push({ name: `${parts.length} independent --jobs 1 processes, ${o.files} files`, jobs: null, kind: 'ceiling', cmd: '/bin/sh', args: ['-c', ceilingScript, process.execPath, cli, join(o.outDir, 'jobs-ceiling-out')] });
  const runs = new Map(commands.map((c) => [c.name, []]));
  for (const f of [...inp.plain, inp.one, ...inp.gz]) for await (const _ of createReadStream(f, { highWaterMark: 4 * MiB })) void _;
  for (let r = 1; r <= o.runs; r++) {
    for (const c of commands) {
      const out = join(o.outDir, 'jobs-scaling-out.tmp');
      const m = await measure(c.cmd ?? process.execPath, c.args, { stdoutFile: out });
      rmSync(out, { force: true });
      runs.get(c.name).push(m);
      log(`  run ${r}/${o.runs}  ${c.name.padEnd(44)} ${m.wallS.toFixed(2)} s wall, ${m.cpuS?.toFixed(2) ?? '—'} CPU-s, load ${os.loadavg()[0].toFixed(2)}`);
    }
  }
  const rows = commands.map((c) => {
    const ms = runs.get(c.name);
    return { name: c.name, kind: c.kind, jobs: c.jobs, wallS: median(ms.map((m) => m.wallS)), cpuS: median(ms.map((m) => m.cpuS)), wallRunsS: ms.map((m) => +m.wallS.toFixed(2)) };
  });
  const ref = rows.find((r) => r.kind === 'files' && r.jobs === 1) ?? rows[0];
  log('');
  log(
    markdownTable(
      ['run', 'wall s', 'CPU s (user+sys)', `speed-up over ${o.files} files --jobs 1`, 'CPU ÷ that run\'s', 'runs (wall s)'],
      rows.map((r) => [r.name, r.wallS.toFixed(2), r.cpuS?.toFixed(2) ?? '—', `${(ref.wallS / r.wallS).toFixed(2)}×`, r.cpuS && ref.cpuS ? `${(r.cpuS / ref.cpuS).toFixed(2)}×` : '—', r.wallRunsS.join(' / ')]),
      ['l', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  log('(the multi-process row is one /bin/sh around the processes: GNU time counts its waited-for children, so its CPU covers all of them)');
  log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; measured build: ${buildCommit(o.build)}`);
  return 0;
}

/** The commit of the measured build: --build DIR's BUILD-INFO.json when it has one, else HEAD. */
function buildCommit(build) {
  const stamp = build ? join(build, 'BUILD-INFO.json') : null;
  if (stamp && existsSync(stamp)) return `commit ${JSON.parse(readFileSync(stamp, 'utf8')).commit} (${build})`;
  try {
    return `commit ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()} (dist/)`;
  } catch {
    return 'dist/ of an unknown commit';
  }
}

runAsMain(import.meta.url, { name: 'jobs-scaling', usage: USAGE, parseArgs, main });
