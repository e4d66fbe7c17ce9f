#!/usr/bin/env node
/**
 * The executable (bundled into dist/bin/errenrich.cjs by scripts/bundle-cli.mjs). Its only job
 * before loading the rest: catch SIGINT/SIGTERM that arrive while modules load (Fluent Bit and
 * kubectl pipes may stop us at once) so that such a stop is the clean exit 0 a later one is, not
 * the default "killed by signal" (143). See src/cli-main.ts.
 */
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
