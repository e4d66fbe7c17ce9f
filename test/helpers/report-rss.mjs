// Preloaded into a CLI child by test/helpers/run-cli.ts (node --import): when the process exits
// normally (including after handling SIGTERM/SIGINT), writes its peak resident set size in bytes
// to the file named by ERRENRICH_TEST_RSS_FILE. Portable replacement for /usr/bin/time -v.
import { writeFileSync } from 'node:fs';

const file = process.env.ERRENRICH_TEST_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
  });
}
