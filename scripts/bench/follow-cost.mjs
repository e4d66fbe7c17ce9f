#!/usr/bin/env node
/**
 * What `--follow` costs above a batch run, in the shape of a Fluent Bit `exec` input (issue 17):
 * CPU seconds per MiB of
 *
 *   batch    node dist/bin/errenrich.cjs FILE > /dev/null          (and with --jobs 1: one thread)
 *   follow   node dist/bin/errenrich.cjs --follow --from-start GROWING | cat > out
 *
 * on the same bytes (the shared generator's mixed corpus). For follow, GROWING starts empty; once
 * errenrich runs, the corpus is appended to it in --chunk-kb pieces (as a log grows), then the
 * bench waits until the output has not grown for --settle-ms, and sends SIGTERM. CPU seconds come
 * from GNU time around errenrich (user+sys, every thread, including the work after SIGTERM); the
 * idle wait is part of what --follow costs and is reported next to it. Median of --runs, interleaved.
 *
 * Options: --mb M (50), --error-rate P (0.01), --runs N (3), --chunk-kb K (1024), --settle-ms MS (1500),
 * --append-mib-per-s R (append at R MiB/s, like a log growing steadily; default: as fast as possible),
 * --build DIR (measure DIR/dist/bin/errenrich.cjs), --out-dir DIR (bench-out).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { measure } from './run-bench.mjs';
import { runAsMain } from './run-as-main.mjs';
import { ensureSharedCorpus, markdownTable, median, parseGnuTimeLine, sharedBenchMissing } from './shared-corpus.mjs';
import { count, parseOptions, path, positive, share } from './parse-args.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MiB = 1 << 20;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const USAGE = `usage: node scripts/bench/follow-cost.mjs [--mb 50] [--error-rate 0.01] [--runs 3] [--chunk-kb 1024]
       [--append-mib-per-s R] [--settle-ms 1500] [--build DIR] [--out-dir bench-out]`;

function parseArgs(argv) {
  return parseOptions(argv, { mb: 50, errorRate: 0.01, runs: 3, chunkKb: 1024, appendMibPerS: 0, settleMs: 1500, outDir: join(ROOT, 'bench-out'), build: null }, {
    '--mb': ['mb', positive],
    '--error-rate': ['errorRate', share],
    '--runs': ['runs', count],
    '--chunk-kb': ['chunkKb', positive],
    '--append-mib-per-s': ['appendMibPerS', positive],
    '--settle-ms': ['settleMs', positive],
    '--build': ['build', path],
    '--out-dir': ['outDir', path],
  });
}

/** The pid of the only child of `pid` (GNU time's command), or null while it has none. */
function onlyChild(pid) {
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return kids.length === 1 ? Number(kids[0]) : null;
  } catch {
    return null;
  }
}

/** One --follow run: append `corpus` to a new file while errenrich follows it, then SIGTERM. */
async function followOnce(o, cli, corpus) {
  const grow = join(o.outDir, 'follow-cost-input.log');
  const out = join(o.outDir, 'follow-cost-output.tmp');
  const timeFile = join(o.outDir, 'follow-cost-time.txt');
  rmSync(grow, { force: true });
  closeSync(openSync(grow, 'w'));
  const outFd = openSync(out, 'w');
  const cat = spawn('cat', [], { stdio: ['pipe', outFd, 'inherit'] });
  const catExited = once(cat, 'exit');
  const t0 = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, process.execPath, cli, '--follow', '--from-start', grow], { stdio: ['ignore', cat.stdin, 'pipe'] });
  // errenrich holds the pipe's write end now; closing ours lets cat see end of input when it exits.
  cat.stdin.destroy();
  let stderr = '';
  child.stderr.on('data', (d) => {
    if (stderr.length < 8192) stderr += d;
  });
  const exited = once(child, 'exit');
  let pid = null;
  for (let i = 0; i < 200 && pid === null; i++) {
    await sleep(10);
    pid = onlyChild(child.pid);
  }
  if (pid === null) throw new Error('follow-cost: cannot find errenrich under /usr/bin/time (is /proc/PID/task/PID/children available?)');
  // Let errenrich open the file before it grows; --from-start makes this wait a matter of cost, not of correctness.
  await sleep(500);
  const appendStart = performance.now();
  const inFd = openSync(corpus, 'r');
  const growFd = openSync(grow, 'a');
  const buf = Buffer.allocUnsafe(Math.round(o.chunkKb * 1024));
  let appended = 0;
  for (let n; (n = readSync(inFd, buf, 0, buf.length, null)) > 0; ) {
    writeSync(growFd, buf, 0, n);
    appended += n;
    // Paced like a log that grows at a steady rate: errenrich then reads many small increments.
    if (o.appendMibPerS > 0) {
      const due = appendStart + (appended / MiB / o.appendMibPerS) * 1000;
      if (due > performance.now()) await sleep(due - performance.now());
    }
  }
  closeSync(inFd);
  closeSync(growFd);
  const appendedS = (performance.now() - appendStart) / 1000;
  let size = -1;
  let stableSince = performance.now();
  for (;;) {
    await sleep(100);
    const now = statSync(out).size;
    if (now !== size) {
      size = now;
      stableSince = performance.now();
    } else if (performance.now() - stableSince >= o.settleMs) break;
  }
  const doneS = (performance.now() - t0) / 1000;
  process.kill(pid, 'SIGTERM');
  const [code] = await exited;
  await catExited;
  closeSync(outFd);
  const t = parseGnuTimeLine(readFileSync(timeFile, 'utf8'));
  rmSync(timeFile, { force: true });
  rmSync(out, { force: true });
  rmSync(grow, { force: true });
  if (t === null) throw new Error(`follow-cost: no GNU time figures (exit ${code}): ${stderr.slice(0, 2000)}`);
  return { wallS: t.wallS, cpuS: t.cpuS, peakRssMiB: t.peakRssMiB, outBytes: size, appendedS, outputSettledAtS: doneS - o.settleMs / 1000, exitCode: code };
}

async function main(o) {
  const missing = sharedBenchMissing();
  if (missing) {
    process.stdout.write(`follow-cost: skipped, ${missing}\n`);
    return 0;
  }
  if (!existsSync('/usr/bin/time')) throw new Error('follow-cost needs GNU time at /usr/bin/time');
  const cli = o.build ? join(o.build, 'dist/bin/errenrich.cjs') : join(ROOT, 'dist/bin/errenrich.cjs');
  if (!existsSync(cli)) throw new Error(`${cli} not found: run npm run build`);
  mkdirSync(o.outDir, { recursive: true });
  const c = ensureSharedCorpus({ mb: o.mb, errorRate: o.errorRate });
  const mib = statSync(c.corpus).size / MiB;
  const log = (s = '') => process.stdout.write(`${s}\n`);
  log(`follow-cost: ${mib.toFixed(1)} MiB of the shared corpus (error rate ${o.errorRate}): ${c.corpus}`);
  log(`cli: ${cli}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; ${o.runs} runs, interleaved, median; appended in ${o.chunkKb} KiB pieces ${o.appendMibPerS > 0 ? `at ${o.appendMibPerS} MiB/s` : 'as fast as possible'}; settle ${o.settleMs} ms`);
  const batch = [];
  const batch1 = [];
  const follow = [];
  for (let r = 1; r <= o.runs; r++) {
    const b = await measure(process.execPath, [cli, c.corpus]);
    batch.push(b);
    log(`  run ${r}/${o.runs}  batch   ${b.wallS.toFixed(2)} s wall, ${b.cpuS?.toFixed(2)} CPU-s`);
    const b1 = await measure(process.execPath, [cli, '--jobs', '1', c.corpus]);
    batch1.push(b1);
    log(`  run ${r}/${o.runs}  batch --jobs 1   ${b1.wallS.toFixed(2)} s wall, ${b1.cpuS?.toFixed(2)} CPU-s`);
    const f = await followOnce(o, cli, c.corpus);
    follow.push(f);
    log(`  run ${r}/${o.runs}  follow  ${f.cpuS.toFixed(2)} CPU-s; appended in ${f.appendedS.toFixed(2)} s, output settled ${f.outputSettledAtS.toFixed(2)} s after start, exit ${f.exitCode}, ${(f.outBytes / MiB).toFixed(1)} MiB out`);
  }
  const bCpu = median(batch.map((x) => x.cpuS));
  const b1Cpu = median(batch1.map((x) => x.cpuS));
  const fCpu = median(follow.map((x) => x.cpuS));
  log('');
  log(
    markdownTable(
      ['run', 'CPU s (median)', 'CPU s per MiB', 'peak RSS MiB', 'runs (CPU s)'],
      [
        [`errenrich FILE > /dev/null`, bCpu.toFixed(2), (bCpu / mib).toFixed(4), median(batch.map((x) => x.peakRssMiB)).toFixed(1), batch.map((x) => x.cpuS.toFixed(2)).join(' / ')],
        [`errenrich --jobs 1 FILE > /dev/null`, b1Cpu.toFixed(2), (b1Cpu / mib).toFixed(4), median(batch1.map((x) => x.peakRssMiB)).toFixed(1), batch1.map((x) => x.cpuS.toFixed(2)).join(' / ')],
        [`errenrich --follow --from-start FILE | cat > out (append, settle, SIGTERM)`, fCpu.toFixed(2), (fCpu / mib).toFixed(4), median(follow.map((x) => x.peakRssMiB)).toFixed(1), follow.map((x) => x.cpuS.toFixed(2)).join(' / ')],
      ],
      ['l', 'r', 'r', 'r', 'l'],
    ),
  );
  log(`follow ÷ batch CPU: ${(fCpu / bCpu).toFixed(2)}× (÷ batch --jobs 1: ${(fCpu / b1Cpu).toFixed(2)}×); load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  return 0;
}

runAsMain(import.meta.url, { name: 'follow-cost', usage: USAGE, parseArgs, main });
