/**
 * The shared tail of the bench scripts: when the file is the script node was started with, run
 * `main(argv)` and turn its result into the exit code (an uncaught error: message, exit 1).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function runAsMain(moduleUrl, name, main) {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`${name}: ${e?.stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
