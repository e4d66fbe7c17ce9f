#!/usr/bin/env node
/**
 * CPU-seconds per MiB of `errenrich --follow` (what Fluent Bit's exec input runs) against batch
 * mode on the same file, both writing NDJSON into a pipe. The follow run reads the file from its
 * start and is stopped once it has written as many records as the batch run; its CPU time is read
 * from /proc just before the stop (Linux only). Two follow runs: the whole file there at the start
 * (--from-start), and live: the file appended in 64 KiB writes at about --rate MiB/s while
 * errenrich follows it (what a node's container logs look like).
 *
 *   node scripts/bench/follow-cpu.mjs [--mb 100] [--rate 20] [--cli dist/bin/errenrich.cjs] [--args "--errors-only"]
 */
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeCorpus } from './generate-corpus.mjs';

const opt = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const mb = Number(opt('mb', '100'));
const cli = resolve(opt('cli', 'dist/bin/errenrich.cjs'));
const extra = opt('args', '').split(' ').filter(Boolean);
const corpus = `/tmp/errenrich-follow-cpu-${mb}.log`;
if (!existsSync(corpus)) await writeCorpus({ seed: 42, bytes: mb << 20, out: corpus, truth: `${corpus}.truth.ndjson` });
const mib = statSync(corpus).size / (1 << 20);
const rate = Number(opt('rate', '20'));
const TICK = 100; // USER_HZ

/** utime + stime of a live process, in seconds. */
function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;
}

/** Appends the corpus to `target` in 64 KiB writes at `rate` MiB/s. */
async function appendLive(target) {
  const fd = openSync(corpus, 'r');
  const buf = Buffer.alloc(Number(opt('chunk', String(64 * 1024))));
  const started = Date.now();
  let written = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, written);
    if (n === 0) break;
    appendFileSync(target, buf.subarray(0, n));
    written += n;
    const due = started + (written / (rate * (1 << 20))) * 1000;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
  }
  closeSync(fd);
}

/** Runs the CLI, counts output lines; `until(lines)` true => sample CPU and SIGTERM. */
function run(args, until, onStderr) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr.setEncoding('utf8').on('data', (t) => onStderr?.(t));
    let lines = 0;
    let bytes = 0;
    let cpu = null;
    let last = 0;
    child.stdout.on('data', (c) => {
      bytes += c.length;
      for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
    });
    const sample = setInterval(() => {
      try {
        last = cpuOf(child.pid);
      } catch {
        /* exited */
      }
      if (until && until(lines) && cpu === null) {
        cpu = cpuOf(child.pid);
        child.kill('SIGTERM');
      }
    }, 20);
    child.on('exit', () => {
      clearInterval(sample);
      done({ lines, bytes, cpu: cpu ?? last });
    });
  });
}

// Batch: CPU sampled every 20 ms until exit (the last sample misses at most 20 ms of it).
const batch = await run([...extra, corpus]);
const follow = await run(['--follow', '--from-start', ...extra, corpus], (n) => n >= batch.lines);
const live = `${corpus}.live`;
writeFileSync(live, '');
const liveRun = run(['--follow', ...extra, live], (n) => n >= batch.lines, (t) => {
  if (/following 1 file/.test(t)) void appendLive(live);
});
const liveResult = await liveRun;
const row = (name, r) => `${name.padEnd(8)} ${r.cpu.toFixed(2)} CPU-s  ${((r.cpu / mib) * 1000).toFixed(1)} CPU-ms/MiB  (${r.lines} records, ${(r.bytes / (1 << 20)).toFixed(1)} MiB out)`;
console.log(`${mib.toFixed(0)} MiB, ${cli} ${extra.join(' ')}`);
console.log(row('batch', batch));
console.log(row('--follow', follow));
console.log(row('live', liveResult));
console.log(`--follow / batch: ${(follow.cpu / batch.cpu).toFixed(2)}, live / batch: ${(liveResult.cpu / batch.cpu).toFixed(2)}`);
