/**
 * The shared tail of the bench scripts: when the file is the script node was started with, parse
 * argv (a problem: the message and the usage on stderr, exit 2; --help: the usage, exit 0), run
 * `main(options)` and turn its result into the exit code (an uncaught error: message, exit 1).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @param {{ name: string, usage: string, parseArgs: (argv: string[]) => { help?: boolean }, main: (o: any) => Promise<number> }} script */
export function runAsMain(moduleUrl, { name, usage, parseArgs, main }) {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n${usage}\n`);
    process.exitCode = 2;
    return;
  }
  if (o.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  main(o).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`${name}: ${e?.stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
