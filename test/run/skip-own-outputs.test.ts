/**
 * A run never reads what it writes: `errenrich DIR > DIR/out.ndjson` and `-o DIR/out.ndjson`
 * end, with each input record written once (the output file is skipped, with a warning).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, linkSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ownOutputFiles, withoutOwnOutputs } from '../../src/run/skip-own-outputs.js';
import { CLI, exitWithin, removeTempDirs, startLive, tempDir, TENCENT, waitFor } from '../ops/ops-helpers.js';

afterAll(removeTempDirs);

/** Enough lines that a run reading its own output would keep finding more. */
function makeDir(): string {
  const d = tempDir('errenrich-own-out-');
  for (let f = 0; f < 4; f++) {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(i % 50 === 0 ? TENCENT.replace('r-1', `f${f}-${i}`) : `file ${f} line ${i}`);
    writeFileSync(join(d, `f${f}.log`), lines.join('\n') + '\n');
  }
  return d;
}

function shell(command: string) {
  return spawnSync('sh', ['-c', command], { encoding: 'utf8', timeout: 60_000 });
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

describe('withoutOwnOutputs', () => {
  it('drops an input that is the same file as an output under another name, keeps stdin and the rest', () => {
    const d = tempDir('errenrich-own-out-');
    const out = join(d, 'out.ndjson');
    const other = join(d, 'a.log');
    writeFileSync(out, '');
    writeFileSync(other, 'x\n');
    linkSync(out, join(d, 'hard-link.log'));
    const ids = ownOutputFiles({ stdout: false, paths: [out, join(d, 'not-created-yet')] });
    expect(ids).toHaveLength(1);
    const inputs = [{ path: other, relative: 'a.log' }, { path: '-', relative: '-' }, { path: join(d, 'hard-link.log'), relative: 'hard-link.log' }, { path: out, relative: 'out.ndjson' }];
    const r = withoutOwnOutputs(inputs, ids);
    expect(r.inputs.map((i) => i.relative)).toEqual(['a.log', '-']);
    expect(r.skipped.map((i) => i.relative)).toEqual(['hard-link.log', 'out.ndjson']);
  });

  it('stdout counts only when records go there and it is a regular file', () => {
    const d = tempDir('errenrich-own-out-');
    const out = join(d, 'out.ndjson');
    const fd = openSync(out, 'w');
    try {
      expect(ownOutputFiles({ stdout: true, paths: [] }, fd)).toHaveLength(1);
      expect(ownOutputFiles({ stdout: false, paths: [] }, fd)).toHaveLength(0);
    } finally {
      closeSync(fd);
    }
  });
});

describe('errenrich DIR writing into DIR', () => {
  for (const jobs of ['1', '2']) {
    it(`--jobs ${jobs} DIR > DIR/out.ndjson ends, every input record once`, () => {
      const d = makeDir();
      const expected = shell(`node ${quote(CLI)} --jobs 1 ${quote(d)}`);
      expect(expected.status).toBe(0);
      const r = shell(`node ${quote(CLI)} --jobs ${jobs} ${quote(d)} > ${quote(join(d, 'out.ndjson'))}`);
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('out.ndjson: not read, it is where this run writes its records');
      expect(readFileSync(join(d, 'out.ndjson'), 'utf8')).toBe(expected.stdout);
    });
  }

  it('-o DIR/out.ndjson, twice: neither its temporary file nor the earlier output is read', () => {
    const d = makeDir();
    const expected = shell(`node ${quote(CLI)} ${quote(d)}`);
    for (let round = 0; round < 2; round++) {
      const r = shell(`node ${quote(CLI)} --jobs 2 -o ${quote(join(d, 'out.ndjson'))} ${quote(d)}`);
      expect(r.status).toBe(0);
      expect(readFileSync(join(d, 'out.ndjson'), 'utf8')).toBe(expected.stdout);
    }
  });
});

describe('errenrich --follow DIR writing into DIR', () => {
  it('> DIR/out.ndjson is not followed: each appended line gives one record, the output does not feed itself', async () => {
    const d = tempDir('errenrich-own-out-');
    const log = join(d, 'app.log');
    const out = join(d, 'out.ndjson');
    writeFileSync(log, 'first line\n');
    const live = startLive('sh', ['-c', `exec node ${quote(CLI)} --follow --from-start --poll-ms 50 ${quote(d)} > ${quote(out)}`]);
    try {
      await live.waitForStderr(/out\.ndjson: not read, it is where this run writes its records/, 20_000);
      appendFileSync(log, `${TENCENT}\n`);
      await waitFor('the appended record', () => (readFileSync(out, 'utf8').includes('AuthFailure.SignatureFailure') ? true : undefined), 20_000);
      // Several polls later: still exactly the two records of app.log.
      await new Promise((r) => setTimeout(r, 500));
      expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(2);
    } finally {
      live.child.kill('SIGTERM');
      await exitWithin(live, 20_000);
    }
  });
});
