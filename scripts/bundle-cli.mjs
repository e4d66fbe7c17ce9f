// The start-up bundle (`npm run build` runs this after tsc): dist/bin/errenrich.cjs, the `bin`.
//
// Why: `kubectl logs | errenrich` waits for start-up. Loaded as ~45 ES modules, the CLI took
// ~175 ms to its first record against Node's own ~112 ms: Node's ES module loader (its own
// modules, node:fs/promises and readline that it pulls in, and ~0.4 ms per module file) was
// most of the difference. One CommonJS file goes through the plain CommonJS loader instead
// (measured: 128 ms against 149 ms for an ES module bundle and 175 ms unbundled).
//
// - Code that only some runs need (--follow, batch, the slow lane, subcommands) is imported
//   dynamically in src/, and esbuild keeps it in the file as functions run on first use.
// - Packages (pino, ret, stream-json) are not bundled: src/ already loads them on demand.
// - Except the argv parser, which every run needs: src/cli-parse.ts takes `Parser` from
//   'yargs/helpers', which re-exports yargs's parser (yargs-parser). Required as a package,
//   'yargs/helpers' loads the whole of yargs's CommonJS build (cliui, y18n, string-width …) at
//   every start; the bundle takes the parser alone, the very module yargs/helpers hands out
//   (resolved from yargs's own directory), compiled into the file. Any other name imported from
//   'yargs/helpers' fails the build ("No matching export"), so nothing is silently left out.
// - import.meta.url is the bundle's own URL: src/runtime/package-root.ts is two levels below the
//   package root in both layouts, and the worker entry points are bundled next to it under the
//   names the code starts them by (new URL('./enrich-file-worker.js', import.meta.url)).
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
rmSync(`${root}dist/bin`, { recursive: true, force: true });
const yargsParserOfYargs = {
  name: 'yargs-parser-of-yargs',
  setup(b) {
    b.onResolve({ filter: /^yargs\/helpers$/ }, () => ({ path: 'yargs/helpers', namespace: 'yargs-parser-of-yargs' }));
    b.onLoad({ filter: /.*/, namespace: 'yargs-parser-of-yargs' }, () => {
      const parser = createRequire(createRequire(import.meta.url).resolve('yargs/package.json')).resolve('yargs-parser');
      return { contents: `export { default as Parser } from ${JSON.stringify(parser)};`, resolveDir: root };
    });
  },
};
const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: 'linked', logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['dist/cli.js'],
  outfile: 'dist/bin/errenrich.cjs',
  format: 'cjs',
  define: { 'import.meta.url': '__bundleUrl' },
  // (esbuild keeps the entry's #! line above the banner.)
  banner: { js: '"use strict";\nconst __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [yargsParserOfYargs],
});
chmodSync(`${root}dist/bin/errenrich.cjs`, 0o755);

// Worker threads: ES modules (the package's type), sharing chunks; started by file name.
await build({
  ...common,
  entryPoints: {
    'task-worker': 'dist/run/task-worker.js',
  },
  outdir: 'dist/bin',
  format: 'esm',
  splitting: true,
  chunkNames: 'worker-[name]-[hash]',
});
