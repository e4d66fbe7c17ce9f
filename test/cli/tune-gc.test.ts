/**
 * The CLI's V8 flag (src/runtime/tune-gc.ts). V8 reports a misspelt or removed flag only as a
 * line on stderr, so that is what is checked: the flag must exist in this Node's V8, and a run
 * that starts the slow lane (where the CLI sets it) has only its own log lines on stderr. (What
 * the flag buys is measured by the bench, not here.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectYoungGarbageSooner } from '../../src/runtime/tune-gc.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'bin', 'errenrich.cjs');

describe('collectYoungGarbageSooner', () => {
  it('sets --minor-gc-task-trigger, a flag this V8 knows (no "unrecognized flag" on stderr)', () => {
    const url = pathToFileURL(join(ROOT, 'dist', 'runtime', 'tune-gc.js')).href;
    const r = spawnSync(process.execPath, ['-e', `import(${JSON.stringify(url)}).then((m) => process.stdout.write(String(m.collectYoungGarbageSooner())))`], { encoding: 'utf8' });
    expect(r.stdout).toBe('true');
    expect(r.stderr).toBe('');
    // The same name misspelt is reported there: the check above can fail.
    const bad = spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString('--minor-gc-task-triger=25')`], { encoding: 'utf8' });
    expect(bad.stderr).toMatch(/unrecognized flag/);
  });

  it('leaves a V8 older than 11 alone (it named the flag differently)', () => {
    expect(collectYoungGarbageSooner('10.2.154.26-node.26')).toBe(false);
  });

  it('the bin sets it when a slow lane starts, and stderr carries only its own log lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'errenrich-tune-gc-'));
    try {
      const file = join(dir, 'in.log');
      // More slow-path events than the lane waits for (LANE_AFTER, 2,000).
      writeFileSync(file, '{"code":4030002,"message":"Container quota insufficient."}\nplain\n'.repeat(3000));
      const r = spawnSync(process.execPath, [CLI, '--jobs', '2', '--verbose', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/slow lane: a worker thread/);
      // Every stderr line is one of errenrich's own diagnostic lines: no "Error: unrecognized flag" from V8.
      for (const line of r.stderr.trim().split('\n')) expect(line).toMatch(/^errenrich: /);
      expect(r.stdout.trim().split('\n')).toHaveLength(6000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
