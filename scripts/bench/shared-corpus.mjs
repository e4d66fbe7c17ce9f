/**
 * The bench's corpora written outside the project: the shared generator's mixed container logs
 * (../shared/bench/gen-corpus.mjs, one corpus per error rate) and an app log whose every line is
 * `{"level":"info","msg":…,"code":200}`, the case a new user tries first. A speed-up counts only
 * when it holds on these as well as on the project's own corpus.
 *
 * Generated corpora are cached in the OS temp dir (they are large and the generator is
 * deterministic), keyed by everything that changes their bytes, with the generator's sha256 in
 * the key so that a changed generator means a new file.
 *
 * Pure helpers (tested under test/bench/): the cache names, the app-log lines, GNU time's `-f`
 * output, median, markdown tables, scoring `--errors-only --locate` output against the truth the
 * way ../shared/bench/independent-check.mjs does, and the targets for these sections.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the shared bench lives: ../shared/bench from the repository (a symlink in each worktree). */
export const SHARED_BENCH_DIR = resolve(ROOT, '../shared/bench');
export const SHARED_GENERATOR = join(SHARED_BENCH_DIR, 'gen-corpus.mjs');
export const SHARED_NAIVE_NODE = join(SHARED_BENCH_DIR, 'baselines/node-json.mjs');
export const SHARED_SEED = 20261123;
export const DEFAULT_ERROR_RATES = [0.001, 0.01, 0.05];
export const CACHE_DIR = join(os.tmpdir(), 'errenrich-bench');
const MiB = 1 << 20;

/** The "Must show" goals for the shared corpora and the app log (ratios in one run). */
export const SHARED_TARGETS = {
  defaultVsJq: 4,
  defaultVsNaive: 1.5,
  jobs1CpuVsNaive: 1,
  jobs1CpuRates: [0.001, 0.01],
  code200VsNaive: 2,
  recall: 0.995,
  precision: 0.999,
};

/** Null when the shared bench is usable, else why not (the section is then skipped with a note). */
export function sharedBenchMissing(dir = SHARED_BENCH_DIR) {
  for (const f of ['gen-corpus.mjs', 'baselines/node-json.mjs']) if (!existsSync(join(dir, f))) return `${join(dir, f)} is absent`;
  return null;
}

export function sha256Of(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The cache file name of one shared corpus; the truth file is the same name + `.truth.ndjson`. */
export function sharedCorpusName({ mb, errorRate, seed, generatorSha256 }) {
  return `shared-mixed-${mb}mb-rate${errorRate}-seed${seed}-${generatorSha256.slice(0, 12)}.log`;
}

/** Generates (or reuses) the shared generator's mixed corpus at one error rate; returns its paths. */
export function ensureSharedCorpus({ mb, errorRate, seed = SHARED_SEED, dir = CACHE_DIR, generator = SHARED_GENERATOR }) {
  mkdirSync(dir, { recursive: true });
  const corpus = join(dir, sharedCorpusName({ mb, errorRate, seed, generatorSha256: sha256Of(generator) }));
  const truth = `${corpus}.truth.ndjson`;
  let reused = true;
  if (!(existsSync(corpus) && existsSync(truth))) {
    reused = false;
    // Written under temporary names and renamed, so an interrupted run leaves no half corpus behind.
    const g = spawnSync(process.execPath, [generator, '--mb', String(mb), '--mix', 'mixed', '--error-rate', String(errorRate), '--seed', String(seed), '--out', `${corpus}.part`, '--truth', `${truth}.part`, '--quiet'], { encoding: 'utf8' });
    if (g.status !== 0) throw new Error(`gen-corpus.mjs failed (exit ${g.status}): ${g.stderr.slice(0, 2000)}`);
    renameSync(`${truth}.part`, truth);
    renameSync(`${corpus}.part`, corpus);
  }
  return { corpus, truth, bytes: statSync(corpus).size, reused };
}

const MESSAGES = ['request served', 'GET /api/v1/orders', 'cache hit', 'POST /api/v1/cart/items', 'user session refreshed', 'health check ok', 'GET /api/v1/products?page=2', 'order accepted'];

/** Line `i` of the all-`"code":200` app log: ordinary info lines whose only trigger-like key is `"code"`. */
export function code200Line(i) {
  return `{"level":"info","ts":${1764806400 + i},"msg":"${MESSAGES[i % MESSAGES.length]}","request_id":"req-${(i * 2654435761 >>> 0).toString(16)}","latency_ms":${i % 97},"code":200}\n`;
}

/** Writes (or reuses) the all-`"code":200` app log of `mb` MiB (cut at a line end); returns its path. */
export async function ensureCode200Log({ mb, dir = CACHE_DIR }) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `app-code200-${mb}mb.log`);
  const target = Math.round(mb * MiB);
  if (existsSync(path)) return { corpus: path, bytes: statSync(path).size, reused: true };
  const out = createWriteStream(`${path}.part`);
  let bytes = 0;
  for (let i = 0; bytes < target; ) {
    let chunk = '';
    while (chunk.length < MiB && bytes + chunk.length < target) chunk += code200Line(i++);
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(`${path}.part`, path);
  return { corpus: path, bytes: statSync(path).size, reused: false };
}

/** `/usr/bin/time -f '%e %U %S %M'`: the last line of its stderr → seconds and peak RSS in MiB. */
export function parseGnuTimeLine(stderr) {
  const last = String(stderr).trim().split('\n').pop() ?? '';
  const m = /^([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/.exec(last.trim());
  if (!m) return null;
  return { wallS: Number(m[1]), userS: Number(m[2]), sysS: Number(m[3]), cpuS: Number(m[2]) + Number(m[3]), peakRssMiB: Number(m[4]) / 1024 };
}

/** Median of the finite numbers in `xs` (mean of the middle two for an even count); null if none. */
export function median(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A markdown table; `align` has 'l' or 'r' per column. Pipes in cells are escaped. */
export function markdownTable(headers, rows, align) {
  const cell = (c) => String(c ?? '—').replace(/\|/g, '\\|');
  const sep = headers.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [headers, sep, ...rows].map((r, k) => `| ${(k === 1 ? r : r.map(cell)).join(' | ')} |`).join('\n');
}

/**
 * The truth events matched by `--errors-only --locate` records: each code a record carries is one
 * detection; it matches the first unmatched truth event with the same code (as strings) that has a
 * line in the record's `input` range. Returns { truth, detections, matched, recall, precision }.
 * `records` is an iterable of parsed records; `truth` the parsed truth entries.
 */
export function scoreLocateRecords(records, truth) {
  // Every line of a truth event is indexed, as independent-check.mjs does, so that its figures and
  // these agree.
  const byLine = new Map();
  truth.forEach((t, i) => {
    for (let l = t.line; l < t.line + (t.lines ?? 1); l++) {
      const list = byLine.get(l);
      if (list) list.push(i);
      else byLine.set(l, [i]);
    }
  });
  const found = new Set();
  let detections = 0;
  for (const r of records) {
    const ve = r?.vendor_error;
    if (!ve) continue;
    const codes = Array.isArray(ve.errors) ? ve.errors.map((e) => String(e.code)) : ve.code !== undefined ? [String(ve.code)] : [];
    const at = r.input?.line;
    const n = r.input?.lines ?? 1;
    for (const code of codes) {
      detections++;
      if (typeof at !== 'number') continue;
      let hit = -1;
      for (let l = at; l < at + n && hit < 0; l++) {
        for (const i of byLine.get(l) ?? []) {
          if (!found.has(i) && String(truth[i].code) === code) {
            hit = i;
            break;
          }
        }
      }
      if (hit >= 0) found.add(hit);
    }
  }
  const matched = found.size;
  return { truth: truth.length, detections, matched, recall: truth.length ? matched / truth.length : null, precision: detections ? matched / detections : null };
}

/** Scores an `--errors-only --locate` output file against a truth file (both NDJSON). */
export async function scoreLocateFile(outputFile, truthFile) {
  const truth = readFileSync(truthFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const records = [];
  const rl = createInterface({ input: createReadStream(outputFile), crlfDelay: Infinity });
  let unparsed = 0;
  for await (const line of rl) {
    if (!line) continue;
    try {
      records.push(JSON.parse(line));
    } catch {
      unparsed++;
    }
  }
  return { ...scoreLocateRecords(records, truth), unparsedLines: unparsed };
}

/**
 * The goals for the shared corpora and the app log, from section results:
 * `shared.rates[]` of { errorRate, rows } and `code200.rows`, rows named as the bench names its
 * tools (`errenrich default`, `errenrich --jobs 1`, `naive Node`, `jq`), each with wallS and cpuS.
 * Returns [{ name, target, value, pass, note }], pass null when not measured.
 */
export function evaluateSharedTargets({ shared, code200 }) {
  const out = [];
  const add = (name, target, value, pass, note = '') => out.push({ name, target, value, pass, note });
  const pc = (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(3)}%`);
  const f = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(2)}×`);
  const row = (rows, name) => rows?.find((r) => r.name === name) ?? null;
  const ratio = (a, b, key) => (a && b && a[key] > 0 && b[key] > 0 ? b[key] / a[key] : null);
  const T = SHARED_TARGETS;
  if (shared?.rates?.length) {
    for (const r of shared.rates) {
      const d = row(r.rows, 'errenrich default');
      const j1 = row(r.rows, 'errenrich --jobs 1');
      const nv = row(r.rows, 'naive Node');
      const jq = row(r.rows, 'jq');
      const vsJq = ratio(d, jq, 'wallS');
      const vsNaive = ratio(d, nv, 'wallS');
      const pct = `${+(r.errorRate * 100).toFixed(3)}%`;
      add(`shared ${pct}: default wall vs jq`, `≥ ${T.defaultVsJq}×`, jq ? f(vsJq) : null, vsJq === null ? null : vsJq >= T.defaultVsJq, jq ? '' : 'jq absent');
      add(`shared ${pct}: default wall vs naive Node`, `≥ ${T.defaultVsNaive}×`, f(vsNaive), vsNaive === null ? null : vsNaive >= T.defaultVsNaive);
      if (r.accuracy) {
        const a = r.accuracy;
        const pass = a.recall === null || a.precision === null ? null : a.recall >= T.recall && a.precision >= T.precision;
        add(`shared ${pct}: recall / precision`, `≥ ${T.recall * 100}% / ≥ ${T.precision * 100}%`, `${pc(a.recall)} / ${pc(a.precision)} (${a.matched}/${a.truth}; ${a.matched}/${a.detections})`, pass, 'and unchanged against the baseline');
      }
      if (T.jobs1CpuRates.includes(r.errorRate)) {
        const cpu = j1 && nv && j1.cpuS > 0 && nv.cpuS > 0 ? j1.cpuS / nv.cpuS : null;
        add(`shared ${pct}: --jobs 1 CPU s ÷ naive Node's`, `≤ ${T.jobs1CpuVsNaive}×`, f(cpu), cpu === null ? null : cpu <= T.jobs1CpuVsNaive);
      }
    }
  } else add('shared corpus targets', 'see issue 16', null, null, shared?.note ?? 'not measured in this run');
  if (code200?.rows?.length) {
    const d = row(code200.rows, 'errenrich default');
    const j1 = row(code200.rows, 'errenrich --jobs 1');
    const nv = row(code200.rows, 'naive Node');
    const dVsJ1 = d && j1 ? d.wallS / j1.wallS : null;
    add('code-200 log: default wall ÷ --jobs 1 wall', '≤ 1×', f(dVsJ1), dVsJ1 === null ? null : dVsJ1 <= 1);
    const dn = ratio(d, nv, 'wallS');
    const jn = ratio(j1, nv, 'wallS');
    add('code-200 log: wall vs naive Node (default; --jobs 1)', `both ≥ ${T.code200VsNaive}×`, `${f(dn)}; ${f(jn)}`, dn === null || jn === null ? null : dn >= T.code200VsNaive && jn >= T.code200VsNaive);
    if (typeof code200.falsePositives === 'number') add('code-200 log: records from --errors-only', '0', String(code200.falsePositives), code200.falsePositives === 0);
  } else add('code-200 log targets', 'see issue 16', null, null, 'not measured in this run');
  return out;
}
