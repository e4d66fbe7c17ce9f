#!/usr/bin/env node
/**
 * errenrich benchmark: speed, memory, startup and accuracy on a deterministic corpus.
 *
 *   npm run bench                       throughput table, --jobs, startup, accuracy on 200 MiB
 *   npm run bench -- --mb 50 --runs 5   another size / number of runs (median reported)
 *   npm run bench -- --rss-mb 1024      memory check only: peak RSS on 1 GiB (and on --mb), file and stdin
 *                                       (and the file with node --max-semi-space-size=4, shown only)
 *   npm run bench -- --profile-mb 50    CPU profile only: node --cpu-prof on a 50 MiB slice, top self time
 *
 * (`npm run bench` builds dist/ first; `node scripts/bench/run-bench.mjs …` runs against the
 * current dist/.)
 *
 * Next to the project's corpus, two inputs written outside the project (scripts/bench/shared-corpus.mjs):
 *   shared    ../shared/bench/gen-corpus.mjs --mix mixed, --shared-mb (50) at each of --error-rates
 *             (0.001,0.01,0.05), with recall/precision of --errors-only --locate against its truth
 *   code200   an app log whose every line is {"level":"info",…,"code":200}, --code200-mb (200)
 * each timed with errenrich default, errenrich --jobs 1, naive Node (../shared/bench/baselines/node-json.mjs),
 * jq and cat, interleaved. A quick run: --only shared,code200 --shared-mb 5 --code200-mb 20 --error-rates 0.01 --runs 1.
 *
 * Other options: --seed S (42), --runs N (3), --startup-runs N (10), --out-dir DIR (bench-out),
 * --skip-accuracy, --skip-jobs, --top N (profile rows, 15), --limit N (misses/FPs listed, 20),
 * --only throughput,jobs,startup,accuracy (sections of the default mode to run; the others keep
 * their figures from today's results file), --no-snapshot (by default dist/, rules/, data/catalogs/ and package.json are copied to
 * <out-dir>/build-snapshot/ first and that copy is measured, so that a rebuild of dist/ by someone
 * else during the run cannot mix two builds in one table), --build DIR (measure that copy instead:
 * DIR/dist/bin/errenrich.cjs with DIR/rules, DIR/data/catalogs; to keep one build across several runs),
 * --wait-idle S (before each timed section, wait up to S seconds until the other processes use
 * less than 25% of the machine's CPU over 2 s; the busy share seen is recorded either way).
 *
 * The corpus and its truth come from scripts/bench/generate-corpus.mjs and are cached in the out
 * dir as corpus-seed<S>-<MB>mb.log / truth-seed<S>-<MB>mb.ndjson, keyed by seed and size; a
 * sidecar .meta.json records the generator's sha256 so that a changed generator regenerates.
 *
 * Measured, on the same corpus, each tool `--runs` times, interleaved (round 1 of every tool,
 * then round 2, …), median reported:
 *   errenrich file   node dist/bin/errenrich.cjs corpus.log > out
 *   errenrich stdin  node dist/bin/errenrich.cjs < corpus.log > out
 *   jq               jq -cR 'fromjson? // .' corpus.log > out        (skipped if jq is absent)
 *   naive Node       node scripts/bench/naive-node.mjs corpus.log > out
 *   cat              cat corpus.log > out                              (the I/O floor)
 * Wall time is taken around spawn → exit. Peak RSS and CPU time come from `/usr/bin/time -v`
 * when it works, else VmHWM is polled from /proc/<pid>/status until exit (CPU time then absent).
 *
 * Results are printed and merged into <out-dir>/results-<YYYY-MM-DD>.json (one section per mode,
 * so a `--rss-mb` run and a default run of the same day end up in one file).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  accessSync,
  closeSync,
  constants,
  cpSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { SourceMap } from 'node:module';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from './generate-corpus.mjs';
import { scoreFiles, scoreSummary } from './score-accuracy.mjs';
import { parseErrorRates } from './parse-lists.mjs';
import { runAsMain } from './run-as-main.mjs';
import { cheapestMibPerCpuS, ratioBound } from './cpu-bounds.mjs';
import { count, FLAG, parseOptions, path, positive } from './parse-args.mjs';
import {
  DEFAULT_ERROR_RATES,
  SHARED_GENERATOR,
  SHARED_NAIVE_NODE,
  SHARED_SEED,
  ensureCode200Log,
  ensureSharedCorpus,
  evaluateSharedTargets,
  markdownTable,
  scoreLocateFile,
  sha256Of,
  sharedBenchMissing,
} from './shared-corpus.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let CLI = join(ROOT, 'dist/bin/errenrich.cjs');
const NAIVE = join(ROOT, 'scripts/bench/naive-node.mjs');
const GENERATOR = join(ROOT, 'scripts/bench/generate-corpus.mjs');
const MiB = 1 << 20;

export const TARGETS = {
  vsJq: 5,
  vsNaive: 1.5,
  jobs2: 1.7,
  rssMiB1GiB: 150,
  recall: 0.995,
  precision: 0.999,
  startupMs: 150,
};

// ------------------------------------------------------------------------------------------------
// Arguments

const USAGE = `usage: node scripts/bench/run-bench.mjs [--mb 200] [--seed 42] [--runs 3] [--startup-runs 10]
       [--rss-mb 1024 | --profile-mb 50] [--out-dir bench-out] [--skip-accuracy] [--skip-jobs] [--top 15] [--limit 20]
       [--only throughput,jobs,startup,accuracy,shared,code200] [--no-snapshot | --build DIR]
       [--shared-mb 50] [--error-rates 0.001,0.01,0.05] [--shared-seed 20261123] [--code200-mb 200]
                               the shared generator's corpora (skipped with a note when ../shared/bench is absent)
                               and the all-"code":200 app log, both cached in the OS temp dir
       [--wait-idle SECONDS]   wait up to SECONDS for the other processes on the machine to go quiet before timing`;

const SECTIONS = ['throughput', 'jobs', 'startup', 'accuracy', 'shared', 'code200'];

function parseArgs(argv) {
  const defaults = { mb: 200, seed: 42, runs: 3, startupRuns: 10, waitIdle: 0, outDir: join(ROOT, 'bench-out'), skipAccuracy: false, skipJobs: false, top: 15, limit: 20, sharedMb: 50, errorRates: DEFAULT_ERROR_RATES, sharedSeed: SHARED_SEED, code200Mb: 200 };
  const o = parseOptions(argv, defaults, {
    '--mb': ['mb', positive],
    '--seed': ['seed', (v) => (/^-?\d+$/.test(v) ? Number(v) : v)],
    '--runs': ['runs', count],
    '--startup-runs': ['startupRuns', count],
    '--rss-mb': ['rssMb', positive],
    '--profile-mb': ['profileMb', positive],
    '--out-dir': ['outDir', path],
    '--wait-idle': ['waitIdle', positive],
    '--skip-accuracy': ['skipAccuracy', FLAG],
    '--only': ['only', parseSections],
    '--shared-mb': ['sharedMb', positive],
    '--code200-mb': ['code200Mb', positive],
    '--shared-seed': ['sharedSeed', count],
    '--error-rates': ['errorRates', parseErrorRates],
    '--build': ['build', path],
    '--no-snapshot': ['noSnapshot', FLAG],
    '--skip-jobs': ['skipJobs', FLAG],
    '--top': ['top', count],
    '--limit': ['limit', count],
  });
  if (o.rssMb !== undefined && o.profileMb !== undefined) throw new Error('--rss-mb and --profile-mb are separate runs');
  o.runsGiven = argv.includes('--runs');
  return o;
}

/** `--only shared,code200`: the sections to run. */
function parseSections(v) {
  const only = new Set(v.split(',').filter(Boolean));
  for (const x of only) if (!SECTIONS.includes(x)) throw new Error(`--only: unknown section ${x}`);
  return only;
}

// ------------------------------------------------------------------------------------------------
// Small helpers

const log = (s = '') => process.stdout.write(`${s}\n`);
const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
const fmtInt = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : Math.round(x).toLocaleString('en-US'));
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const today = () => new Date().toISOString().slice(0, 10);

function table(headers, rows, align) {
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (align[i] === 'l' ? pad(c, w[i]) : lpad(c, w[i]))).join('  ');
  return [line(headers), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

function sha256File(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function git(args) {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function cpuCount() {
  return os.availableParallelism ? os.availableParallelism() : os.cpus().length;
}

export function machineInfo() {
  let cpu = null;
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    cpu = m ? m[1].trim() : null;
  } catch {
    /* not Linux */
  }
  const jq = spawnSync('jq', ['--version'], { encoding: 'utf8' });
  const srcDirty = git(['status', '--porcelain', '--', 'src']);
  return {
    nproc: cpuCount(),
    cpu: cpu ?? os.cpus()[0]?.model ?? null,
    ramGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    jq: jq.status === 0 ? jq.stdout.trim() : null,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    commit: git(['rev-parse', '--short', 'HEAD']),
    srcUncommittedChanges: srcDirty === null ? null : srcDirty !== '',
  };
}

// ------------------------------------------------------------------------------------------------
// Corpus

/** Generates (or reuses) corpus + truth for seed and size. */
export async function ensureCorpus({ seed, mb, outDir }) {
  mkdirSync(outDir, { recursive: true });
  const base = `seed${seed}-${mb}mb`;
  const corpus = join(outDir, `corpus-${base}.log`);
  const truth = join(outDir, `truth-${base}.ndjson`);
  const metaPath = join(outDir, `corpus-${base}.meta.json`);
  const generatorSha256 = sha256File(GENERATOR);
  if (existsSync(metaPath) && existsSync(corpus) && existsSync(truth)) {
    try {
      const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
      if (meta.generatorSha256 === generatorSha256 && statSync(corpus).size === meta.stats.bytes) {
        log(`corpus: reusing ${relative(ROOT, corpus)} (${fmt(meta.stats.bytes / MiB)} MiB, ${fmtInt(meta.stats.lines)} lines, ${fmtInt(meta.stats.errors)} vendor errors)`);
        return { corpus, truth, stats: meta.stats, generatorSha256, reused: true };
      }
      log(`corpus: ${relative(ROOT, corpus)} was made by another generator version or is incomplete; regenerating`);
    } catch {
      log(`corpus: unreadable ${relative(ROOT, metaPath)}; regenerating`);
    }
  }
  log(`corpus: generating seed ${seed}, ${mb} MiB → ${relative(ROOT, corpus)} …`);
  rmSync(metaPath, { force: true });
  const stats = await writeCorpus({ seed, bytes: Math.round(mb * MiB), out: corpus, truth });
  writeFileSync(metaPath, `${JSON.stringify({ seed, mb, generatorSha256, stats }, null, 2)}\n`);
  log(`corpus: ${fmt(stats.bytes / MiB)} MiB, ${fmtInt(stats.lines)} lines, ${fmtInt(stats.errors)} vendor errors, generated in ${fmt(stats.elapsedMs / 1000)} s`);
  return { corpus, truth, stats, generatorSha256, reused: false };
}

/** Offset just after the last "\n" at or before `at` (searching back at most 16 MiB). */
function lineBoundaryAtOrBefore(path, at) {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSize(path);
    if (at >= size) return size;
    const win = 1 << 20;
    for (let end = at; end > 0 && at - end < 16 * MiB; end -= win) {
      const start = Math.max(0, end - win);
      const buf = Buffer.alloc(end - start);
      readSync(fd, buf, 0, buf.length, start);
      const i = buf.lastIndexOf(10);
      if (i !== -1) return start + i + 1;
    }
    return at;
  } finally {
    closeSync(fd);
  }
}
const fstatSize = (p) => statSync(p).size;

async function copyRange(src, dst, start, endExclusive) {
  await pipeline(createReadStream(src, { start, end: endExclusive - 1, highWaterMark: MiB }), createWriteStream(dst));
}

/** Splits the corpus into two halves at a line boundary (cached). */
async function ensureHalves(corpus) {
  const h1 = corpus.replace(/\.log$/, '.half1.log');
  const h2 = corpus.replace(/\.log$/, '.half2.log');
  const size = fstatSize(corpus);
  const mid = lineBoundaryAtOrBefore(corpus, Math.floor(size / 2));
  if (!(existsSync(h1) && existsSync(h2) && fstatSize(h1) === mid && fstatSize(h2) === size - mid && statSync(h1).mtimeMs >= statSync(corpus).mtimeMs)) {
    await copyRange(corpus, h1, 0, mid);
    await copyRange(corpus, h2, mid, size);
  }
  return [h1, h2];
}

/** The first `mb` MiB of the corpus, cut at a line boundary (cached). */
async function ensureSlice(corpus, mb) {
  const out = corpus.replace(/\.log$/, `.first${mb}mb.log`);
  const end = lineBoundaryAtOrBefore(corpus, Math.round(mb * MiB));
  if (!(existsSync(out) && fstatSize(out) === end && statSync(out).mtimeMs >= statSync(corpus).mtimeMs)) await copyRange(corpus, out, 0, end);
  return out;
}

async function countLines(path) {
  let n = 0;
  let last = 10;
  for await (const chunk of createReadStream(path, { highWaterMark: MiB })) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
    if (chunk.length) last = chunk[chunk.length - 1];
  }
  return last === 10 ? n : n + 1;
}

async function warmPageCache(path) {
  for await (const _chunk of createReadStream(path, { highWaterMark: 4 * MiB })) {
    /* read to warm the page cache */
  }
}

/** Share (0..1) of all CPUs busy over `ms`, from /proc/stat; null when unavailable. */
async function cpuBusy(ms = 2000) {
  const read = () => {
    try {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
      const idle = f[3] + (f[4] ?? 0);
      return { idle, total: f.reduce((a, b) => a + b, 0) };
    } catch {
      return null;
    }
  };
  const a = read();
  await new Promise((r) => setTimeout(r, ms));
  const b = read();
  if (a === null || b === null || b.total === a.total) return null;
  return 1 - (b.idle - a.idle) / (b.total - a.total);
}

/** Waits (up to o.waitIdle s) for a quiet machine; returns the last busy share measured. */
async function waitIdle(o, what) {
  const deadline = Date.now() + o.waitIdle * 1000;
  let busy = await cpuBusy();
  while (busy !== null && busy > 0.25 && Date.now() < deadline) {
    log(`  (${what}: other processes use ${(busy * 100).toFixed(0)}% of the CPUs; waiting)`);
    busy = await cpuBusy(5000);
  }
  if (busy !== null) log(`  (${what}: machine ${(busy * 100).toFixed(0)}% busy before timing)`);
  return busy;
}

// ------------------------------------------------------------------------------------------------
// Measuring one process

let timeVerbose = null;
/** True when /usr/bin/time -v works here and reports the maximum resident set size. */
function hasTimeVerbose() {
  if (timeVerbose !== null) return timeVerbose;
  try {
    accessSync('/usr/bin/time', constants.X_OK);
    const r = spawnSync('/usr/bin/time', ['-v', 'true'], { encoding: 'utf8' });
    timeVerbose = r.status === 0 && /Maximum resident set size/.test(r.stderr);
  } catch {
    timeVerbose = false;
  }
  return timeVerbose;
}

function parseTimeV(text) {
  const num = (re) => {
    const m = re.exec(text);
    return m ? Number(m[1]) : null;
  };
  return {
    userS: num(/User time \(seconds\):\s*([\d.]+)/),
    sysS: num(/System time \(seconds\):\s*([\d.]+)/),
    maxRssKiB: num(/Maximum resident set size \(kbytes\):\s*(\d+)/),
    exitStatus: num(/Exit status:\s*(\d+)/),
  };
}

function readVmHWM(pid) {
  try {
    const m = /^VmHWM:\s*(\d+)\s*kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Runs `cmd args` with stdin from `stdinFile` (or nothing) and stdout to `stdoutFile` (or
 * /dev/null). Returns { wallS, userS, sysS, cpuS, peakRssMiB, outBytes, rssMethod }.
 */
export async function measure(cmd, args, { stdinFile, stdoutFile = '/dev/null', env } = {}) {
  const inFd = stdinFile ? openSync(stdinFile, 'r') : 'ignore';
  const outFd = openSync(stdoutFile, 'w');
  const useTime = hasTimeVerbose();
  const timeFile = useTime ? join(os.tmpdir(), `errenrich-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}.txt`) : null;
  const [file, argv] = useTime ? ['/usr/bin/time', ['-v', '-o', timeFile, cmd, ...args]] : [cmd, args];
  let stderr = '';
  const t0 = performance.now();
  const child = spawn(file, argv, { stdio: [inFd, outFd, 'pipe'], env: env ?? process.env });
  child.stderr.on('data', (d) => {
    if (stderr.length < 64 * 1024) stderr += d.toString();
  });
  let hwm = null;
  let poll = null;
  if (!useTime) {
    poll = setInterval(() => {
      const v = readVmHWM(child.pid);
      if (v !== null) hwm = Math.max(hwm ?? 0, v);
    }, 10);
  }
  const [code, signal] = await once(child, 'exit');
  const wallS = (performance.now() - t0) / 1000;
  if (poll) clearInterval(poll);
  if (typeof inFd === 'number') closeSync(inFd);
  closeSync(outFd);
  let res = { userS: null, sysS: null, maxRssKiB: hwm, exitStatus: code };
  if (useTime) {
    res = parseTimeV(readFileSync(timeFile, 'utf8'));
    rmSync(timeFile, { force: true });
    stderr = stderr.replace(/^Command exited with non-zero status \d+\n/m, '');
  }
  if (code !== 0 || signal) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${code}${signal ? `, signal ${signal}` : ''}): ${stderr.slice(0, 2000)}`);
  }
  const outBytes = stdoutFile === '/dev/null' ? null : fstatSize(stdoutFile);
  return {
    wallS,
    userS: res.userS,
    sysS: res.sysS,
    cpuS: res.userS !== null && res.sysS !== null ? res.userS + res.sysS : null,
    peakRssMiB: res.maxRssKiB !== null ? res.maxRssKiB / 1024 : null,
    outBytes,
    rssMethod: useTime ? '/usr/bin/time -v' : '/proc VmHWM poll',
  };
}

function summarise(name, cmdline, runs, inputBytes, inputLines) {
  const wallS = median(runs.map((r) => r.wallS));
  const cpuS = median(runs.map((r) => r.cpuS));
  return {
    name,
    cmdline,
    runs: runs.length,
    wallS,
    wallRunsS: runs.map((r) => +r.wallS.toFixed(3)),
    bestWallS: Math.min(...runs.map((r) => r.wallS)),
    mibPerS: wallS ? inputBytes / MiB / wallS : null,
    linesPerS: wallS ? inputLines / wallS : null,
    peakRssMiB: median(runs.map((r) => r.peakRssMiB)),
    peakRssMaxMiB: Math.max(...runs.map((r) => r.peakRssMiB ?? 0)) || null,
    cpuS,
    cpuMibPerS: cpuS ? inputBytes / MiB / cpuS : null,
    outBytes: runs[0]?.outBytes ?? null,
  };
}

function resultTable(rows) {
  return table(
    ['tool', 'wall s (median)', 'MiB/s', 'lines/s', 'peak RSS MiB', 'CPU s', 'MiB per CPU-s', 'best wall s', 'runs (wall s)'],
    rows.map((r) => [r.name, fmt(r.wallS, 2), fmt(r.mibPerS), fmtInt(r.linesPerS), fmt(r.peakRssMiB), fmt(r.cpuS, 2), fmt(r.cpuMibPerS), fmt(r.bestWallS, 2), r.wallRunsS.map((x) => x.toFixed(2)).join(' / ')]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}

/** Interleaved rounds: round 1 of every tool, then round 2, … Each output file removed after use. */
async function runTools(tools, runs, outDir) {
  const results = new Map(tools.map((t) => [t.name, []]));
  for (let r = 1; r <= runs; r++) {
    for (const t of tools) {
      const out = join(outDir, `out-${t.name.replace(/[^a-z0-9]+/gi, '-')}.tmp`);
      const m = await measure(t.cmd, t.args, { stdinFile: t.stdin, stdoutFile: out });
      rmSync(out, { force: true });
      results.get(t.name).push(m);
      log(`  run ${r}/${runs}  ${pad(t.name, 26)} ${fmt(m.wallS, 2)} s  ${fmt(m.peakRssMiB)} MiB  load ${os.loadavg()[0].toFixed(2)}`);
    }
  }
  return results;
}

// ------------------------------------------------------------------------------------------------
// Startup

/** Time from spawn to the first stdout byte and to exit, for `echo '{"a":1}' | cmd args`. */
export async function startupOnce(cmd, args) {
  const t0 = performance.now();
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let first = null;
  let out = '';
  child.stdout.on('data', (d) => {
    if (first === null) first = performance.now() - t0;
    out += d;
  });
  child.stderr.resume();
  child.stdin.end('{"a":1}\n');
  const [code] = await once(child, 'close');
  const exitMs = performance.now() - t0;
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${code}`);
  return { firstMs: first, exitMs, out };
}

async function measureStartup(n) {
  const rows = [];
  const variants = [
    { name: 'errenrich', cmd: process.execPath, args: [CLI], cmdline: `echo '{"a":1}' | node dist/bin/errenrich.cjs` },
    { name: 'node cat (baseline)', cmd: process.execPath, args: ['-e', 'process.stdin.pipe(process.stdout)'], cmdline: `echo '{"a":1}' | node -e 'process.stdin.pipe(process.stdout)'` },
    { name: 'jq', cmd: 'jq', args: ['-c', '.'], cmdline: `echo '{"a":1}' | jq -c .`, optional: true },
  ];
  let sample = null;
  for (const v of variants) {
    if (v.optional && spawnSync(v.cmd, ['--version']).status !== 0) continue;
    const firsts = [];
    const exits = [];
    for (let i = 0; i < n; i++) {
      const r = await startupOnce(v.cmd, v.args);
      firsts.push(r.firstMs);
      exits.push(r.exitMs);
      if (v.name === 'errenrich') sample = r.out.trim();
    }
    rows.push({ name: v.name, cmdline: v.cmdline, runs: n, firstRecordMs: median(firsts), exitMs: median(exits), firstRecordRunsMs: firsts.map((x) => +x.toFixed(1)) });
  }
  return { rows, errenrichOutput: sample };
}

// ------------------------------------------------------------------------------------------------
// CPU profile summary

const mapCache = new Map();
function sourceMapFor(url) {
  if (mapCache.has(url)) return mapCache.get(url);
  let sm = null;
  try {
    if (url.startsWith('file://')) {
      const p = fileURLToPath(url);
      if (existsSync(`${p}.map`)) sm = { map: new SourceMap(JSON.parse(readFileSync(`${p}.map`, 'utf8'))), dir: dirname(p) };
    }
  } catch {
    sm = null;
  }
  mapCache.set(url, sm);
  return sm;
}

let SNAPSHOT_DIR = null;
/** A path relative to the repository, as if the measured build copy were the repository itself. */
function shortPath(p) {
  if (SNAPSHOT_DIR !== null && p.startsWith(`${SNAPSHOT_DIR}/`)) return relative(SNAPSHOT_DIR, p);
  return p.startsWith(`${ROOT}/`) ? relative(ROOT, p) : p;
}

/** Where a call frame is, as a short string; dist/*.js positions mapped back to src/*.ts. */
function locateFrame(cf) {
  const url = cf.url ?? '';
  if (url === '') return '';
  const sm = sourceMapFor(url);
  if (sm) {
    const e = sm.map.findEntry(cf.lineNumber, cf.columnNumber);
    if (e && e.originalSource) {
      const src = e.originalSource.startsWith('file://') ? fileURLToPath(e.originalSource) : resolve(sm.dir, e.originalSource);
      return `${shortPath(src)}:${e.originalLine + 1}`;
    }
  }
  if (url.startsWith('file://')) {
    const p = fileURLToPath(url);
    return `${shortPath(p)}:${cf.lineNumber + 1}`;
  }
  return `${url}:${cf.lineNumber + 1}`;
}

function areaOf(cf, where) {
  const fn = cf.functionName;
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(program)' || fn === '(idle)' || fn === '(root)') return fn;
  if (where.startsWith('src/')) return where.replace(/:\d+$/, '');
  if (where.includes('node_modules/')) return `node_modules/${where.split('node_modules/')[1].split('/')[0]}`;
  if (where.startsWith('node:')) return 'node internals';
  if (where === '(native)') return '(native: V8 builtins, C++ bindings)';
  if (where === '') return '(native: V8 builtins, C++ bindings)';
  return where.replace(/:\d+$/, '');
}

const PROFILE_INTERVAL_US = 200;

/**
 * Self time by function and by area from .cpuprofile objects (one per thread; pure apart from
 * source maps). A sample's time is the gap to the next sample, as in Chrome DevTools.
 */
export function summariseProfile(profiles, top = 15) {
  const list = Array.isArray(profiles) ? profiles : [profiles];
  const unknown = { functionName: '?', url: '', lineNumber: 0, columnNumber: 0 };
  const keyOfFrame = new Map(); // callFrame object → "name\twhere"
  const frameKey = (cf) => {
    let k = keyOfFrame.get(cf);
    if (k === undefined) {
      k = `${cf.functionName || '(anonymous)'}\t${locateFrame(cf) || '(native)'}`;
      keyOfFrame.set(cf, k);
    }
    return k;
  };
  const isSrc = (k) => k.split('\t')[1].startsWith('src/');
  const byFn = new Map();
  const byArea = new Map();
  const callers = new Map(); // function key → Map(nearest src/ caller key → µs)
  const inclusive = new Map(); // src/ function key → µs (time with that function on the stack)
  let totalUs = 0;
  let sampleCount = 0;
  const add = (m, k, us) => m.set(k, (m.get(k) ?? 0) + us);
  for (const profile of list) {
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const perNode = new Map();
    const { samples = [], timeDeltas = [] } = profile;
    sampleCount += samples.length;
    for (let i = 0; i < samples.length; i++) {
      const dt = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0;
      add(perNode, samples[i], Math.max(0, dt));
    }
    for (const [id, us] of perNode) {
      totalUs += us;
      const cf = nodes.get(id)?.callFrame ?? unknown;
      const k = frameKey(cf);
      add(byFn, k, us);
      add(byArea, areaOf(cf, k.split('\t')[1]), us);
      // Walk up the stack: nearest src/ caller (other than the function itself), inclusive time.
      const seen = new Set();
      let caller = null;
      for (let a = id; a !== undefined; a = parent.get(a)) {
        const ak = frameKey(nodes.get(a)?.callFrame ?? unknown);
        if (!isSrc(ak)) continue;
        if (caller === null && ak !== k) caller = ak;
        if (!seen.has(ak)) {
          seen.add(ak);
          add(inclusive, ak, us);
        }
      }
      if (!callers.has(k)) callers.set(k, new Map());
      add(callers.get(k), caller ?? '(no src/ caller)', us);
    }
  }
  const rank = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, us]) => ({ key: k, us, ms: us / 1000, pct: totalUs ? (100 * us) / totalUs : 0 }));
  const short = (k) => {
    const [fn, where] = k.split('\t');
    return `${fn} (${where})`;
  };
  return {
    totalMs: totalUs / 1000,
    samples: sampleCount,
    profiles: list.length,
    topFunctions: rank(byFn)
      .slice(0, top)
      .map(({ key, us, ms, pct }) => {
        const [fn, where] = key.split('\t');
        const c = rank(callers.get(key) ?? new Map())[0];
        const topCaller = c ? `${c.key === '(no src/ caller)' ? c.key : short(c.key)} ${Math.round((100 * c.us) / us)}%` : '';
        return { function: fn, where, selfMs: +ms.toFixed(1), selfPct: +pct.toFixed(2), topCaller };
      }),
    topInclusiveSrc: rank(inclusive)
      .slice(0, top)
      .map(({ key, ms, pct }) => {
        const [fn, where] = key.split('\t');
        return { function: fn, where, totalMs: +ms.toFixed(1), totalPct: +pct.toFixed(2) };
      }),
    byArea: rank(byArea).map(({ key, ms, pct }) => ({ area: key, selfMs: +ms.toFixed(1), selfPct: +pct.toFixed(2) })),
  };
}

async function runProfile(o, corpusInfo) {
  const slice = await ensureSlice(corpusInfo.corpus, o.profileMb);
  const bytes = fstatSize(slice);
  const lines = await countLines(slice);
  await warmPageCache(slice);
  const dir = join(o.outDir, `profile-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(dir, { recursive: true });
  log(`profile: node --cpu-prof dist/bin/errenrich.cjs ${relative(ROOT, slice)} > /dev/null (${fmt(bytes / MiB)} MiB, ${fmtInt(lines)} lines)`);
  const plain = await measure(process.execPath, [CLI, slice], {});
  const m = await measure(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${PROFILE_INTERVAL_US}`, CLI, slice], {});
  // One file per thread (worker threads, if any, write their own); summarised together.
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  const s = summariseProfile(files.map((f) => JSON.parse(readFileSync(f, 'utf8'))), o.top);
  const file = files.length === 1 ? files[0] : dir;
  log(`profile: ${relative(ROOT, file)} (${files.length} thread profile(s), ${PROFILE_INTERVAL_US} µs interval); without profiler ${fmt(plain.wallS, 2)} s (${fmt(bytes / MiB / plain.wallS)} MiB/s), with ${fmt(m.wallS, 2)} s; ${fmtInt(s.samples)} samples, ${fmt(s.totalMs / 1000, 2)} s sampled`);
  log('');
  log(`top ${o.top} functions by self time:`);
  log(
    table(
      ['#', 'self ms', 'self %', 'function', 'where', 'nearest src/ caller (share of this self time)'],
      s.topFunctions.map((f, i) => [i + 1, fmt(f.selfMs, 0), fmt(f.selfPct), f.function, f.where, f.topCaller]),
      ['r', 'r', 'r', 'l', 'l', 'l'],
    ),
  );
  log('');
  log(`top ${o.top} src/ functions by total time (self + callees):`);
  log(
    table(
      ['#', 'total ms', 'total %', 'function', 'where'],
      s.topInclusiveSrc.map((f, i) => [i + 1, fmt(f.totalMs, 0), fmt(f.totalPct), f.function, f.where]),
      ['r', 'r', 'r', 'l', 'l'],
    ),
  );
  log('');
  log('self time by area:');
  log(
    table(
      ['self ms', 'self %', 'area'],
      s.byArea.slice(0, 25).map((a) => [fmt(a.selfMs, 0), fmt(a.selfPct), a.area]),
      ['r', 'r', 'l'],
    ),
  );
  return {
    slice: relative(ROOT, slice),
    sliceBytes: bytes,
    sliceLines: lines,
    profileFiles: files.map((f) => relative(ROOT, f)),
    profileIntervalUs: PROFILE_INTERVAL_US,
    wallWithoutProfilerS: +plain.wallS.toFixed(3),
    mibPerSWithoutProfiler: +(bytes / MiB / plain.wallS).toFixed(2),
    wallWithProfilerS: +m.wallS.toFixed(3),
    ...s,
  };
}

// ------------------------------------------------------------------------------------------------
// Modes

function cliHasJobs() {
  const r = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
  return /--jobs\b/.test(`${r.stdout}${r.stderr}`);
}

async function runThroughput(o, c) {
  const res = {};
  const bytes = c.stats.bytes;
  const lines = c.stats.lines;
  const rel = relative(ROOT, c.corpus);
  const tools = [
    { name: 'errenrich (file)', cmd: process.execPath, args: [CLI, c.corpus], cmdline: `node dist/bin/errenrich.cjs ${rel} > out` },
    { name: 'errenrich (stdin)', cmd: process.execPath, args: [CLI], stdin: c.corpus, cmdline: `node dist/bin/errenrich.cjs < ${rel} > out` },
  ];
  const jq = spawnSync('jq', ['--version'], { encoding: 'utf8' });
  if (jq.status === 0) tools.push({ name: 'jq', cmd: 'jq', args: ['-cR', 'fromjson? // .', c.corpus], cmdline: `jq -cR 'fromjson? // .' ${rel} > out` });
  else res.jqNote = 'jq not found: skipped';
  tools.push({ name: 'naive Node (split2+JSON)', cmd: process.execPath, args: [NAIVE, c.corpus], cmdline: `node scripts/bench/naive-node.mjs ${rel} > out` });
  tools.push({ name: 'cat (I/O floor)', cmd: 'cat', args: [c.corpus], cmdline: `cat ${rel} > out` });

  log('');
  log(`throughput: ${fmt(bytes / MiB)} MiB, ${fmtInt(lines)} lines, ${o.runs} runs each (interleaved), output to a file in ${relative(ROOT, o.outDir)}/`);
  if (res.jqNote) log(`  note: ${res.jqNote}`);
  await warmPageCache(c.corpus);
  res.busyBefore = await waitIdle(o, 'throughput');
  const rawRuns = await runTools(tools, o.runs, o.outDir);
  const rows = tools.map((t) => summarise(t.name, t.cmdline, rawRuns.get(t.name), bytes, lines));
  log('');
  log(resultTable(rows));
  const by = Object.fromEntries(rows.map((r) => [r.name, r]));
  const e = by['errenrich (file)'];
  const es = by['errenrich (stdin)'];
  const ratios = {
    errenrichVsJq: by.jq ? by.jq.wallS / e.wallS : null,
    errenrichStdinVsJq: by.jq ? by.jq.wallS / es.wallS : null,
    errenrichVsNaiveNode: by['naive Node (split2+JSON)'].wallS / e.wallS,
    errenrichStdinVsNaiveNode: by['naive Node (split2+JSON)'].wallS / es.wallS,
    errenrichVsCat: by['cat (I/O floor)'].wallS / e.wallS,
    errenrichBestVsJqBest: by.jq ? by.jq.bestWallS / e.bestWallS : null,
    errenrichBestVsNaiveBest: by['naive Node (split2+JSON)'].bestWallS / e.bestWallS,
    errenrichCpuVsJqCpu: by.jq && by.jq.cpuS && e.cpuS ? by.jq.cpuS / e.cpuS : null,
    errenrichCpuVsNaiveCpu: by['naive Node (split2+JSON)'].cpuS && e.cpuS ? by['naive Node (split2+JSON)'].cpuS / e.cpuS : null,
  };
  log('');
  log(`ratios (throughput, wall): errenrich/jq ${fmt(ratios.errenrichVsJq, 2)}× (stdin ${fmt(ratios.errenrichStdinVsJq, 2)}×)   errenrich/naive Node ${fmt(ratios.errenrichVsNaiveNode, 2)}× (stdin ${fmt(ratios.errenrichStdinVsNaiveNode, 2)}×)   errenrich/cat ${fmt(ratios.errenrichVsCat, 3)}×`);
  log(`ratios (best wall):       errenrich/jq ${fmt(ratios.errenrichBestVsJqBest, 2)}×   errenrich/naive Node ${fmt(ratios.errenrichBestVsNaiveBest, 2)}×`);
  log(`ratios (per CPU second):  errenrich/jq ${fmt(ratios.errenrichCpuVsJqCpu, 2)}×   errenrich/naive Node ${fmt(ratios.errenrichCpuVsNaiveCpu, 2)}×`);
  const cores = cpuCount();
  const cheapest = cheapestMibPerCpuS([e, es]);
  const bounds = {
    mibPerCpuS: cheapest,
    vsJq: by.jq ? ratioBound({ mibPerCpuS: cheapest, cores, referenceMibPerS: by.jq.mibPerS }) : null,
    vsNaiveNode: ratioBound({ mibPerCpuS: cheapest, cores, referenceMibPerS: by['naive Node (split2+JSON)'].mibPerS }),
  };
  if (cheapest !== null) {
    log(`CPU bound (${cores} CPUs busy all the time at errenrich's cost here, ${fmt(cheapest)} MiB per CPU-s): at most ${fmt(bounds.vsJq, 2)}× jq, ${fmt(bounds.vsNaiveNode, 2)}× naive Node`);
  }
  return { ...res, inputBytes: bytes, inputLines: lines, rows, ratios, bounds, loadAvgAfter: os.loadavg() };
}

async function runJobs(o, c) {
  if (!cliHasJobs()) {
    const note = '`--jobs` is not in `node dist/bin/errenrich.cjs --help` yet: --jobs 2 vs single process not measured';
    log('');
    log(`jobs: ${note}`);
    return { available: false, note };
  }
  const [h1, h2] = await ensureHalves(c.corpus);
  const r1 = relative(ROOT, h1);
  const r2 = relative(ROOT, h2);
  const tools = [
    // --jobs defaults to the number of CPUs, so the single-process baseline must say --jobs 1.
    { name: 'single (--jobs 1)', cmd: process.execPath, args: [CLI, '--jobs', '1', h1, h2], cmdline: `node dist/bin/errenrich.cjs --jobs 1 ${r1} ${r2} > out` },
    { name: '--jobs 2', cmd: process.execPath, args: [CLI, '--jobs', '2', h1, h2], cmdline: `node dist/bin/errenrich.cjs --jobs 2 ${r1} ${r2} > out` },
    // The machine's own ceiling for --jobs 2: two independent processes, nothing shared, no
    // ordered merge. --jobs 2 cannot beat this; if this is far below 1.7×, neither can it. Each
    // is --jobs 1 (one thread), as each of --jobs 2's workers is.
    {
      name: 'two processes (ceiling)',
      cmd: '/bin/sh',
      args: ['-c', `"$0" "$1" --jobs 1 "$2" > "$4.1" & "$0" "$1" --jobs 1 "$3" > "$4.2"; wait; rm -f "$4.1" "$4.2"`, process.execPath, CLI, h1, h2, join(o.outDir, 'ceiling-out')],
      cmdline: `node dist/bin/errenrich.cjs --jobs 1 ${r1} > out1 & node dist/bin/errenrich.cjs --jobs 1 ${r2} > out2; wait`,
    },
  ];
  log('');
  log(`jobs: the corpus split in two halves (${r1}, ${r2}), ${o.runs} runs each`);
  await warmPageCache(h1);
  await warmPageCache(h2);
  const busyBefore = await waitIdle(o, 'jobs');
  const raw = await runTools(tools, o.runs, o.outDir);
  const rows = tools.map((t) => summarise(t.name, t.cmdline, raw.get(t.name), c.stats.bytes, c.stats.lines));
  log('');
  log(resultTable(rows));
  const speedup = rows[0].wallS / rows[1].wallS;
  const bestSpeedup = rows[0].bestWallS / rows[1].bestWallS;
  const ceiling = rows[0].wallS / rows[2].wallS;
  const busy = busyBefore === null || busyBefore <= 0.25 ? '' : ` The machine was ${(busyBefore * 100).toFixed(0)}% busy before timing: with 2 CPUs, other load leaves --jobs 2 no spare CPU to gain from.`;
  log(`--jobs 2 speed-up over --jobs 1: ${fmt(speedup, 2)}× (median), ${fmt(bestSpeedup, 2)}× (best).${busy}`);
  log(`two independent processes over --jobs 1 (this machine's ceiling for --jobs 2): ${fmt(ceiling, 2)}× (median).`);
  // No parallel run of the same work spends less CPU than --jobs 1 (each worker also compiles and
  // collects its own heap), so with every CPU busy it can gain at most this much.
  const cores = cpuCount();
  const cpuBound = ratioBound({ mibPerCpuS: rows[0].cpuMibPerS, cores, referenceMibPerS: rows[0].mibPerS });
  if (cpuBound !== null) log(`CPU bound: --jobs 1 spends ${fmt(rows[0].cpuS, 2)} CPU-s in ${fmt(rows[0].wallS, 2)} s, so on ${cores} CPUs a parallel run of the same work gains at most ${fmt(cpuBound, 2)}×.`);
  log("peak RSS: /usr/bin/time reports the largest single process, so worker threads are included; child processes would not be summed");
  return { available: true, rows, speedup, bestSpeedup, ceiling, cpuBound, busyBefore };
}

async function runStartup(o) {
  log('');
  log(`startup: spawn → first output byte, echo '{"a":1}' piped in, median of ${o.startupRuns}`);
  const busyBefore = await waitIdle(o, 'startup');
  const s = { ...(await measureStartup(o.startupRuns)), busyBefore };
  log(
    table(
      ['command', 'first record ms', 'exit ms'],
      s.rows.map((r) => [r.cmdline, fmt(r.firstRecordMs), fmt(r.exitMs)]),
      ['l', 'r', 'r'],
    ),
  );
  log(`errenrich output: ${s.errenrichOutput}`);
  return s;
}

async function runAccuracy(o, c) {
  const out = join(o.outDir, `locate-seed${o.seed}-${o.mb}mb.ndjson`);
  log('');
  log(`accuracy: node dist/bin/errenrich.cjs --locate ${relative(ROOT, c.corpus)} > ${relative(ROOT, out)}; scored against ${relative(ROOT, c.truth)}`);
  const m = await measure(process.execPath, [CLI, '--locate', c.corpus], { stdoutFile: out });
  log(`  (--locate run: ${fmt(m.wallS, 2)} s, ${fmt(c.stats.bytes / MiB / m.wallS)} MiB/s, peak RSS ${fmt(m.peakRssMiB)} MiB)`);
  const r = await scoreFiles({ output: out, truth: c.truth, corpus: c.corpus, limit: o.limit });
  log(r.report);
  return {
    command: `node dist/bin/errenrich.cjs --locate ${relative(ROOT, c.corpus)} > ${relative(ROOT, out)}`,
    locateRun: { wallS: m.wallS, mibPerS: c.stats.bytes / MiB / m.wallS, peakRssMiB: m.peakRssMiB },
    outputFile: relative(ROOT, out),
    ...scoreSummary(r.score),
    examples: r.examples,
  };
}

async function runRss(o) {
  const sizes = [...new Set([o.mb, o.rssMb])].sort((a, b) => a - b);
  const rows = [];
  for (const mb of sizes) {
    const c = await ensureCorpus({ seed: o.seed, mb, outDir: o.outDir });
    await warmPageCache(c.corpus);
    const rel = relative(ROOT, c.corpus);
    const tools = [
      { name: `errenrich (file) ${mb} MiB`, cmd: process.execPath, args: [CLI, c.corpus], cmdline: `node dist/bin/errenrich.cjs ${rel} > out` },
      { name: `errenrich (stdin) ${mb} MiB`, cmd: process.execPath, args: [CLI], stdin: c.corpus, cmdline: `node dist/bin/errenrich.cjs < ${rel} > out` },
      // Not the target's figure (that is the bin as installed): what the images' NODE_OPTIONS buys.
      {
        name: `errenrich (file, semi-space 4 MiB) ${mb} MiB`,
        cmd: process.execPath,
        args: ['--max-semi-space-size=4', CLI, c.corpus],
        cmdline: `node --max-semi-space-size=4 dist/bin/errenrich.cjs ${rel} > out`,
      },
    ];
    const runs = o.runsGiven ? o.runs : 1;
    log('');
    log(`memory: ${fmt(c.stats.bytes / MiB)} MiB corpus, ${runs} run(s) each`);
    await waitIdle(o, 'memory');
    const raw = await runTools(tools, runs, o.outDir);
    for (const t of tools) rows.push({ mb, mode: t.name.includes('stdin') ? 'stdin' : t.name.includes('semi-space') ? 'file-semi4' : 'file', ...summarise(t.name, t.cmdline, raw.get(t.name), c.stats.bytes, c.stats.lines) });
  }
  log('');
  log(resultTable(rows));
  const big = rows.filter((r) => r.mb === o.rssMb && r.mode !== 'file-semi4');
  const peak = Math.max(...big.map((r) => r.peakRssMaxMiB ?? r.peakRssMiB ?? 0));
  const semi = rows.find((r) => r.mb === o.rssMb && r.mode === 'file-semi4');
  log(`peak RSS on ${o.rssMb} MiB: file ${fmt(big.find((r) => r.mode === 'file')?.peakRssMiB)} MiB, stdin ${fmt(big.find((r) => r.mode === 'stdin')?.peakRssMiB)} MiB (file with --max-semi-space-size=4: ${fmt(semi?.peakRssMiB)} MiB)`);
  return { sizesMb: sizes, rssMb: o.rssMb, rows, peakRssMiB: peak };
}

// ------------------------------------------------------------------------------------------------
// Corpora written outside the project: the shared generator's, at each error rate, and the
// all-"code":200 app log

/** The five tools of the shared sections on one corpus file, in the order of each round. */
function sharedTools(file, rel) {
  const tools = [
    { name: 'errenrich default', cmd: process.execPath, args: [CLI, file], cmdline: `node dist/bin/errenrich.cjs ${rel} > out` },
    { name: 'errenrich --jobs 1', cmd: process.execPath, args: [CLI, '--jobs', '1', file], cmdline: `node dist/bin/errenrich.cjs --jobs 1 ${rel} > out` },
    { name: 'naive Node', cmd: process.execPath, args: [SHARED_NAIVE_NODE, file], cmdline: `node ../shared/bench/baselines/node-json.mjs ${rel} > out` },
  ];
  if (spawnSync('jq', ['--version']).status === 0) tools.push({ name: 'jq', cmd: 'jq', args: ['-cR', 'fromjson? // .', file], cmdline: `jq -cR 'fromjson? // .' ${rel} > out` });
  tools.push({ name: 'cat', cmd: 'cat', args: [file], cmdline: `cat ${rel} > out` });
  return tools;
}

/** One markdown row per tool: wall and CPU seconds, MiB per CPU-second, peak RSS, every run's wall. */
function sharedMarkdown(rows) {
  return markdownTable(
    ['tool', 'wall s', 'CPU s', 'MiB/s', 'MiB per CPU-s', 'peak RSS MiB', 'runs (wall s)'],
    rows.map((r) => [r.name, fmt(r.wallS, 2), fmt(r.cpuS, 2), fmt(r.mibPerS), fmt(r.cpuMibPerS), fmt(r.peakRssMiB), r.wallRunsS.map((x) => x.toFixed(2)).join(' / ')]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
  );
}

/** Times the tools on one corpus, interleaved; returns the summarised rows. */
async function timeCorpus(o, file, what) {
  const bytes = statSync(file).size;
  const lines = await countLines(file);
  const tools = sharedTools(file, file);
  await warmPageCache(file);
  const busyBefore = await waitIdle(o, what);
  const raw = await runTools(tools, o.runs, o.outDir);
  const rows = tools.map((t) => summarise(t.name, t.cmdline, raw.get(t.name), bytes, lines));
  log('');
  log(sharedMarkdown(rows));
  const by = Object.fromEntries(rows.map((r) => [r.name, r]));
  const d = by['errenrich default'];
  const j1 = by['errenrich --jobs 1'];
  const nv = by['naive Node'];
  log(`ratios (wall): default ${by.jq ? `${fmt(by.jq.wallS / d.wallS, 2)}× jq, ` : ''}${fmt(nv.wallS / d.wallS, 2)}× naive Node; --jobs 1 ${fmt(nv.wallS / j1.wallS, 2)}× naive Node; default ÷ --jobs 1 wall ${fmt(d.wallS / j1.wallS, 2)}`);
  log(`ratios (CPU s): default ${fmt(d.cpuS / nv.cpuS, 2)}× naive Node's, --jobs 1 ${fmt(j1.cpuS / nv.cpuS, 2)}× naive Node's`);
  return { inputBytes: bytes, inputLines: lines, rows, busyBefore, loadAvgAfter: os.loadavg() };
}

async function runShared(o) {
  const missing = sharedBenchMissing();
  if (missing) {
    const note = `shared corpus skipped: ${missing}`;
    log('');
    log(note);
    return { available: false, note };
  }
  const generatorSha256 = sha256Of(SHARED_GENERATOR);
  const rates = [];
  for (const errorRate of o.errorRates) {
    const c = ensureSharedCorpus({ mb: o.sharedMb, errorRate, seed: o.sharedSeed });
    log('');
    log(`shared corpus: gen-corpus.mjs --mix mixed --mb ${o.sharedMb} --error-rate ${errorRate} --seed ${o.sharedSeed} (${c.reused ? 'cached' : 'generated'}: ${c.corpus}), ${o.runs} runs each, interleaved`);
    const timed = await timeCorpus(o, c.corpus, `shared ${errorRate}`);
    let accuracy = null;
    if (!o.skipAccuracy) {
      const out = join(o.outDir, `locate-shared-${o.sharedMb}mb-rate${errorRate}.ndjson`);
      await measure(process.execPath, [CLI, '--errors-only', '--locate', c.corpus], { stdoutFile: out });
      accuracy = await scoreLocateFile(out, c.truth);
      rmSync(out, { force: true });
      log(`accuracy (--errors-only --locate vs truth): recall ${fmt(accuracy.recall * 100, 3)}% (${accuracy.matched}/${accuracy.truth}), precision ${fmt(accuracy.precision * 100, 3)}% (${accuracy.matched}/${accuracy.detections})`);
    }
    rates.push({ errorRate, corpus: c.corpus, truth: c.truth, ...timed, accuracy });
  }
  return { available: true, mb: o.sharedMb, seed: o.sharedSeed, generatorSha256, rates };
}

async function runCode200(o) {
  const c = await ensureCode200Log({ mb: o.code200Mb });
  log('');
  log(`app log, every line {"level":"info",…,"code":200}: ${c.corpus} (${c.reused ? 'cached' : 'generated'}, ${fmt(c.bytes / MiB)} MiB), ${o.runs} runs each, interleaved`);
  const timed = await timeCorpus(o, c.corpus, 'code-200 log');
  let falsePositives = null;
  if (!o.skipAccuracy) {
    // No line of this log is a vendor error: every record --errors-only emits is a false positive.
    const out = join(o.outDir, `errors-only-code200-${o.code200Mb}mb.ndjson`);
    await measure(process.execPath, [CLI, '--errors-only', c.corpus], { stdoutFile: out });
    falsePositives = await countLines(out);
    rmSync(out, { force: true });
    log(`false positives (records from --errors-only): ${fmtInt(falsePositives)}`);
  }
  return { mb: o.code200Mb, corpus: c.corpus, ...timed, falsePositives };
}

// ------------------------------------------------------------------------------------------------
// Targets

/** The CPUs of the machine a results section was measured on (each section records it). */
function coresOf(section) {
  return section.machine?.nproc ?? cpuCount();
}

export function evaluateTargets(results) {
  const t = results.throughput;
  const out = [];
  const add = (name, target, value, pass, note = '') => out.push({ name, target, value, pass, note });
  const j = results.jobs;
  if (t) {
    // The cheapest CPU cost per byte measured for the whole corpus: the throughput rows, or
    // --jobs 1 over its two halves (one thread, no lane) when that section ran too.
    const byName = Object.fromEntries(t.rows.map((r) => [r.name, r]));
    const cores = coresOf(t);
    const cheapest = cheapestMibPerCpuS([byName['errenrich (file)'], byName['errenrich (stdin)'], j?.available ? j.rows[0] : null]);
    const boundNote = (ref) => {
      const b = ref ? ratioBound({ mibPerCpuS: cheapest, cores, referenceMibPerS: ref.mibPerS }) : null;
      return b === null ? '' : `CPU bound on ${cores} CPUs at ${fmt(cheapest)} MiB per CPU-s: ≤ ${fmt(b, 2)}×`;
    };
    add('throughput vs jq', `≥ ${TARGETS.vsJq}×`, t.ratios.errenrichVsJq === null ? null : `${fmt(t.ratios.errenrichVsJq, 2)}× (stdin ${fmt(t.ratios.errenrichStdinVsJq, 2)}×)`, t.ratios.errenrichVsJq === null ? null : t.ratios.errenrichVsJq >= TARGETS.vsJq, t.jqNote ?? boundNote(byName.jq));
    add('throughput vs naive Node', `≥ ${TARGETS.vsNaive}×`, `${fmt(t.ratios.errenrichVsNaiveNode, 2)}× (stdin ${fmt(t.ratios.errenrichStdinVsNaiveNode, 2)}×)`, t.ratios.errenrichVsNaiveNode >= TARGETS.vsNaive, boundNote(byName['naive Node (split2+JSON)']));
  } else {
    add('throughput vs jq', `≥ ${TARGETS.vsJq}×`, null, null, 'not measured in this run');
    add('throughput vs naive Node', `≥ ${TARGETS.vsNaive}×`, null, null, 'not measured in this run');
  }
  if (j?.available) {
    const cores = coresOf(j);
    const bound = ratioBound({ mibPerCpuS: j.rows[0].cpuMibPerS, cores, referenceMibPerS: j.rows[0].mibPerS });
    add('--jobs 2 vs single', `≥ ${TARGETS.jobs2}×`, `${fmt(j.speedup, 2)}×${j.ceiling ? ` (2 processes: ${fmt(j.ceiling, 2)}×)` : ''}`, j.speedup >= TARGETS.jobs2, bound === null ? '' : `CPU bound on ${cores} CPUs: ≤ ${fmt(bound, 2)}×`);
  } else add('--jobs 2 vs single', `≥ ${TARGETS.jobs2}×`, null, null, j?.note ?? 'not measured in this run');
  const r = results.rss;
  if (r) {
    const full = r.rssMb >= 1024;
    add('peak RSS on 1 GiB (file and stdin)', `≤ ${TARGETS.rssMiB1GiB} MiB`, `${fmt(r.peakRssMiB)} MiB`, full ? r.peakRssMiB <= TARGETS.rssMiB1GiB : null, full ? '' : `measured on ${r.rssMb} MiB only: run with --rss-mb 1024`);
  } else add('peak RSS on 1 GiB (file and stdin)', `≤ ${TARGETS.rssMiB1GiB} MiB`, null, null, 'run with --rss-mb 1024');
  const a = results.accuracy;
  if (a) {
    add('recall', `≥ ${(TARGETS.recall * 100).toFixed(1)}%`, `${(a.recall * 100).toFixed(3)}%`, a.recall >= TARGETS.recall);
    add('precision', `≥ ${(TARGETS.precision * 100).toFixed(1)}%`, `${(a.precision * 100).toFixed(3)}%`, a.precision >= TARGETS.precision);
  } else {
    add('recall', `≥ ${(TARGETS.recall * 100).toFixed(1)}%`, null, null, 'not measured in this run');
    add('precision', `≥ ${(TARGETS.precision * 100).toFixed(1)}%`, null, null, 'not measured in this run');
  }
  const s = results.startup;
  const e = s?.rows.find((x) => x.name === 'errenrich');
  if (e) add('startup to first record', `≤ ${TARGETS.startupMs} ms`, `${fmt(e.firstRecordMs)} ms`, e.firstRecordMs <= TARGETS.startupMs);
  else add('startup to first record', `≤ ${TARGETS.startupMs} ms`, null, null, 'not measured in this run');
  out.push(...evaluateSharedTargets({ shared: results.shared?.available ? results.shared : results.shared && { note: results.shared.note }, code200: results.code200 }));
  return out;
}

function printTargets(list, sources) {
  log('');
  log('targets:');
  log(
    table(
      ['target', 'goal', 'measured', 'result', 'note'],
      list.map((x) => [x.name, x.target, x.value ?? '—', x.pass === null ? 'n/a' : x.pass ? 'PASS' : 'FAIL', [x.note, sources[x.name]].filter(Boolean).join('; ')]),
      ['l', 'l', 'l', 'l', 'l'],
    ),
  );
}

// ------------------------------------------------------------------------------------------------
// Main

async function main(o) {
  if (o.build === undefined && !existsSync(CLI)) {
    process.stderr.write('dist/bin/errenrich.cjs not found: run `npm run build` (or use `npm run bench`)\n');
    return 2;
  }
  mkdirSync(o.outDir, { recursive: true });
  const machine = machineInfo();
  if (o.build !== undefined) {
    if (!existsSync(join(o.build, 'dist/bin/errenrich.cjs'))) throw new Error(`--build ${o.build}: no dist/bin/errenrich.cjs there`);
    CLI = join(o.build, 'dist/bin/errenrich.cjs');
    SNAPSHOT_DIR = o.build;
    machine.measuredBuild = relative(ROOT, o.build);
    const stamp = join(o.build, 'BUILD-INFO.json');
    if (existsSync(stamp)) machine.buildInfo = JSON.parse(readFileSync(stamp, 'utf8'));
  } else if (!o.noSnapshot) {
    const snap = join(o.outDir, 'build-snapshot');
    rmSync(snap, { recursive: true, force: true });
    for (const p of ['dist', 'rules', 'data/catalogs', 'package.json']) cpSync(join(ROOT, p), join(snap, p), { recursive: true });
    // The runtime dependencies (re2js …) from the checkout, wherever --out-dir is: without them
    // every detection would fail and the copy would pass every line through untouched.
    symlinkSync(join(ROOT, 'node_modules'), join(snap, 'node_modules'), 'dir');
    CLI = join(snap, 'dist/bin/errenrich.cjs');
    SNAPSHOT_DIR = snap;
    machine.measuredBuild = relative(ROOT, snap);
  }
  const started = new Date().toISOString();
  log(`errenrich bench ${started}`);
  log(`machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.ramGiB} GiB RAM, node ${machine.node}, ${machine.jq ?? 'no jq'}, ${machine.os}`);
  const bi = machine.buildInfo;
  const buildDesc = bi ? `${machine.measuredBuild}, built ${bi.builtAt} from commit ${bi.commit}${bi.srcFilesWithUncommittedChanges ? ` + ${bi.srcFilesWithUncommittedChanges} uncommitted src/ file(s)` : ''}` : `commit ${machine.commit}${machine.srcUncommittedChanges ? ' + uncommitted changes in src/' : ''}${machine.measuredBuild ? ` (measured copy: ${machine.measuredBuild})` : ''}`;
  log(`build: ${buildDesc}; RSS via ${hasTimeVerbose() ? '/usr/bin/time -v' : '/proc/<pid>/status VmHWM polling'}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  if (os.loadavg()[0] > 0.5) log(`note: the machine is not idle (1-min load ${os.loadavg()[0].toFixed(2)} on ${machine.nproc} CPUs); wall-clock figures may be inflated, the CPU-second columns less so`);

  const sections = {};
  const run = { started, argv: process.argv.slice(2), machine, loadAvgStart: os.loadavg(), seed: o.seed };
  if (o.rssMb !== undefined) {
    sections.rss = { ...run, ...(await runRss(o)) };
  } else if (o.profileMb !== undefined) {
    const c = await ensureCorpus({ seed: o.seed, mb: o.mb, outDir: o.outDir });
    sections.profile = { ...run, ...(await runProfile(o, c)) };
  } else {
    const want = (x) => o.only === undefined || o.only.has(x);
    // The project's corpus is generated only when a section that reads it runs.
    const needsProjectCorpus = want('throughput') || (want('jobs') && !o.skipJobs) || (want('accuracy') && !o.skipAccuracy);
    const c = needsProjectCorpus ? await ensureCorpus({ seed: o.seed, mb: o.mb, outDir: o.outDir }) : null;
    const corpus = c && { file: relative(ROOT, c.corpus), truth: relative(ROOT, c.truth), mb: o.mb, bytes: c.stats.bytes, lines: c.stats.lines, errors: c.stats.errors, decoys: c.stats.decoys, generatorSha256: c.generatorSha256 };
    if (want('throughput')) sections.throughput = { ...run, corpus, ...(await runThroughput(o, c)) };
    if (want('jobs') && !o.skipJobs) sections.jobs = { ...run, ...(await runJobs(o, c)) };
    if (want('startup')) sections.startup = { ...run, ...(await runStartup(o)) };
    if (want('accuracy') && !o.skipAccuracy) sections.accuracy = { ...run, corpus, ...(await runAccuracy(o, c)) };
    if (want('shared')) sections.shared = { ...run, ...(await runShared(o)) };
    if (want('code200')) sections.code200 = { ...run, ...(await runCode200(o)) };
  }

  // Merge with today's results file so that separate runs (--rss-mb, --profile-mb) add up.
  const resultsFile = join(o.outDir, `results-${today()}.json`);
  let merged = {};
  if (existsSync(resultsFile)) {
    try {
      merged = JSON.parse(readFileSync(resultsFile, 'utf8'));
    } catch {
      merged = {};
    }
  }
  merged = { ...merged, ...sections, updated: new Date().toISOString() };
  const sources = {};
  const from = (key, names) => {
    if (!sections[key] && merged[key]?.started) for (const n of names) sources[n] = `from the ${key} run at ${merged[key].started}`;
  };
  from('throughput', ['throughput vs jq', 'throughput vs naive Node']);
  from('jobs', ['--jobs 2 vs single']);
  from('rss', ['peak RSS on 1 GiB (file and stdin)']);
  from('accuracy', ['recall', 'precision']);
  from('startup', ['startup to first record']);
  merged.targets = evaluateTargets(merged);
  for (const t of merged.targets) if (t.name.startsWith('shared ') && !sections.shared && merged.shared?.started) sources[t.name] = `from the shared run at ${merged.shared.started}`;
  for (const t of merged.targets) if (t.name.startsWith('code-200 ') && !sections.code200 && merged.code200?.started) sources[t.name] = `from the code200 run at ${merged.code200.started}`;
  printTargets(merged.targets, sources);
  writeFileSync(resultsFile, `${JSON.stringify(merged, null, 2)}\n`);
  log('');
  log(`results: ${relative(ROOT, resultsFile)}`);
  return 0;
}

runAsMain(import.meta.url, { name: 'run-bench', usage: USAGE, parseArgs, main });
