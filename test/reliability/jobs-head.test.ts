/**
 * `errenrich --jobs 2 DIR | head -1` with more files than workers: once the reader has gone, no
 * task is handed out and no worker is started again, so the run ends at once, exit 0, nothing on
 * stderr (as with --jobs 1). The bound below is far above the expected time (the machine may be
 * loaded); the defect it guards against never ended at all.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, removeTempDirs, tempDir, TENCENT } from '../ops/ops-helpers.js';

afterAll(removeTempDirs);

function makeDir(files: number): string {
  const d = join(tempDir(), `in-${files}`);
  mkdirSync(d);
  const body = `${TENCENT}\n${'a plain line of a batch file\n'.repeat(20_000)}`;
  for (let f = 0; f < files; f++) writeFileSync(join(d, `f${String(f).padStart(2, '0')}.log`), body);
  return d;
}

function shellPipe(dir: string, errFile: string): Promise<string> {
  // `timeout` turns the hang into status 124 instead of a stuck test.
  const script = `timeout 20 "${process.execPath}" "${CLI}" --jobs 2 "${dir}" 2>"${errFile}" | head -1; echo "status=\${PIPESTATUS[0]}"`;
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', () => resolve(out));
  });
}

describe('--jobs 2 DIR | head -1', () => {
  for (const files of [4, 50]) {
    it(`${files} files: exit 0, quiet, the first record on stdout`, async () => {
      const dir = makeDir(files);
      const errFile = join(dir, '..', `err-${files}.txt`);
      const out = await shellPipe(dir, errFile);
      const [first, status] = out.trim().split('\n');
      expect(JSON.parse(first!)).toMatchObject({ vendor_error: { code: 'AuthFailure.SignatureFailure' } });
      expect(status).toBe('status=0'); // 124 when `timeout` had to end it
      expect(readFileSync(errFile, 'utf8')).toBe('');
    }, 60_000);
  }
});
