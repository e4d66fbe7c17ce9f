/**
 * The Fluent Bit image's entrypoint (deploy/fluent-bit-image/entrypoint.sh) with a stand-in for
 * Fluent Bit: a shell that runs errenrich --follow and copies its output. On SIGTERM the entrypoint
 * must stop errenrich first (its held lines still come out), exit with the stand-in's status, and
 * leave no process behind that could signal a PID later.
 */
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, exitWithin, removeTempDirs, startLive, tempDir, waitFor } from './ops-helpers.js';

afterAll(removeTempDirs);

const ENTRYPOINT = fileURLToPath(new URL('../../deploy/fluent-bit-image/entrypoint.sh', import.meta.url));

/** Processes still in process group `pgid`. */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(name));
    } catch {
      /* gone */
    }
  }
  return members;
}

describe('the Fluent Bit image entrypoint', () => {
  it('on SIGTERM: errenrich first (held lines come out), the stand-in exits by itself, exit 0, nothing left behind', async () => {
    const d = tempDir();
    const log = join(d, 'app.log');
    const out = join(d, 'out.ndjson');
    writeFileSync(log, '');
    const standIn = `"${process.execPath}" "${CLI}" --follow --flush-ms 60000 "${log}" > "${out}"; exit $?`;
    // Inherited by the child: how the entrypoint recognises errenrich's command line here.
    process.env.ERRENRICH_CMDLINE = `${process.execPath} ${CLI}`;
    const p = startLive('/bin/sh', [ENTRYPOINT, '/bin/sh', '-c', standIn], { detached: true });
    delete process.env.ERRENRICH_CMDLINE;
    p.child.stdin!.end();
    const pid = p.child.pid!;
    await waitFor('errenrich to follow', () => (/following 1 file/.test(p.stderr()) ? true : undefined), 20_000);
    // Held for a continuation (--flush-ms is long): only the stop writes it.
    appendFileSync(log, 'ERROR dump: {\n');
    await new Promise((r) => setTimeout(r, 300));
    // Seen when the entrypoint itself exits (its pipes may be held open longer by what it left behind).
    const leftAtExit = new Promise<number[]>((resolve) => p.child.on('exit', () => setTimeout(() => resolve(groupMembers(pid)), 200)));
    process.kill(pid, 'SIGTERM');
    const exit = await exitWithin(p, 20_000, true);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(readFileSync(out, 'utf8')).toContain('ERROR dump: {');
    expect(await leftAtExit).toEqual([]);
  });
});
