// `npm run demo`: the terminal view of the bundled sample logs and the summary — what a first run
// looks like. Builds only when dist/ is missing or older than a source file (a build takes seconds).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const cli = join(root, 'dist', 'bin', 'errenrich.cjs');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (!existsSync(cli) || statSync(cli).mtimeMs < Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'rules')))) {
  process.stderr.write('building errenrich first (npm run build) …\n');
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const run = spawnSync(process.execPath, [cli, '--format', 'pretty', '--summary', join(root, 'data', 'samples')], { stdio: 'inherit' });
process.exit(run.status ?? 1);
