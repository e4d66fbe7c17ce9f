// Preloaded into a CLI child by test/helpers/run-cli.ts (node --import): when the process exits
// normally (including after handling SIGTERM/SIGINT), writes its peak resident set size in bytes
// to the file named by ERRENRICH_TEST_RSS_FILE. Portable replacement for /usr/bin/time -v.
//
// On Linux the peak is VmHWM from /proc/self/status: getrusage's ru_maxrss survives execve, so a
// child forked from a large test worker would report the worker's size, not its own.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.ERRENRICH_TEST_RSS_FILE;

function peakRssBytes() {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS * 1024;
}

if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(peakRssBytes()));
  });
}
