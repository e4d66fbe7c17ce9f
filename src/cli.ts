#!/usr/bin/env node
/**
 * The executable (bundled into dist/bin/errenrich.cjs by scripts/bundle-cli.mjs). Its only job
 * before loading the rest: catch SIGINT/SIGTERM that arrive while modules load (Fluent Bit and
 * kubectl pipes may stop us at once) so that such a stop is the clean exit 0 a later one is, not
 * the default "killed by signal" (143). See src/cli-main.ts.
 */
import { setFlagsFromString } from 'node:v8';

// A run streams one input for long and each thread compiles the same code: V8's default tier-up
// threshold optimizes (and re-optimizes after deoptimizing) functions that later turn out to be
// rare — the slow path, taken by a few lines in a hundred — and that compiling is a large share of a
// run's CPU. A higher threshold leaves rare functions unoptimized and gives hot ones more type
// feedback first. The CLI only: the library does not change its host's V8 flags. A user's own
// --interrupt-budget (node option or NODE_OPTIONS) wins.
if (![...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('interrupt-budget'))) setFlagsFromString('--interrupt-budget=270336');

let signalled = false;
const remember = (): void => {
  signalled = true;
};
process.on('SIGINT', remember);
process.on('SIGTERM', remember);

// No top-level await: the start-up bundle (scripts/bundle-cli.mjs) is CommonJS.
// process.argv minus node and the script.
import('./cli-main.js').then(({ runCli }) => runCli(process.argv.slice(2), () => signalled)).then(
  (code) => {
    process.off('SIGINT', remember);
    process.off('SIGTERM', remember);
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`errenrich: internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 70;
  },
);
