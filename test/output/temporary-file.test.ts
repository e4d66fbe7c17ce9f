/**
 * The one temp-file-then-rename writer (output-target.ts createTemporaryFile) and the cleanup of
 * temporaries left by dead processes, per target (-o) and per directory (--out-dir).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTemporaryFile, removeStaleTemporaries, removeStaleTemporariesIn, temporaryName } from '../../src/output/output-target.js';
import { openOutDirFile } from '../../src/output/open-output.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'errenrich-tmpfile-')));

/** A pid no process has (beyond the usual pid_max). */
const DEAD_PID = 4_194_304 + 17;

describe('createTemporaryFile', () => {
  it('commit renames over the target; discard leaves the target as it was and nothing behind', () => {
    const d = fresh();
    const out = join(d, 'out.ndjson');
    writeFileSync(out, 'old\n');
    const a = createTemporaryFile(out);
    writeSync(a.fd, 'new\n');
    closeSync(a.fd);
    expect(readFileSync(out, 'utf8')).toBe('old\n');
    a.commit();
    expect(readFileSync(out, 'utf8')).toBe('new\n');
    const b = createTemporaryFile(out, 'x1');
    closeSync(b.fd);
    b.discard();
    expect(readFileSync(out, 'utf8')).toBe('new\n');
    expect(readdirSync(d)).toEqual(['out.ndjson']);
  });

  it('never writes through something already at the temporary name', () => {
    const d = fresh();
    const out = join(d, 'out.ndjson');
    writeFileSync(join(d, 'victim'), 'precious\n');
    symlinkSync(join(d, 'victim'), temporaryName(out));
    expect(() => createTemporaryFile(out)).toThrow(/EEXIST/);
    expect(readFileSync(join(d, 'victim'), 'utf8')).toBe('precious\n');
  });
});

describe('stale temporaries', () => {
  it('per target and per directory: dead processes\' files go, a live process\'s and other files stay', () => {
    const d = fresh();
    const out = join(d, 'a.ndjson');
    const names = [
      `a.ndjson.errenrich-${DEAD_PID}.tmp`,
      `a.ndjson.errenrich-${DEAD_PID}-ab12.tmp`,
      `b.ndjson.gz.errenrich-${DEAD_PID}-cd34.tmp`,
      `a.ndjson.errenrich-${process.pid}.tmp`,
      'a.ndjson.errenrich-notapid.tmp',
      'b.ndjson',
    ];
    for (const n of names) writeFileSync(join(d, n), 'x');
    expect(removeStaleTemporaries(out).sort()).toEqual([join(d, names[0]!), join(d, names[1]!)].sort());
    expect(removeStaleTemporariesIn(d)).toEqual([join(d, names[2]!)]);
    expect(readdirSync(d).sort()).toEqual(names.slice(3).sort());
  });

  it('an --out-dir file is written even when an earlier process with this pid left its temporary name behind', async () => {
    const d = fresh();
    const out = join(d, 'f.ndjson');
    writeFileSync(temporaryName(out), 'left by an earlier process with our pid');
    const sink = openOutDirFile(out, { gzip: false });
    sink.write(Buffer.from('{"a":1}\n'));
    await sink.close(true);
    expect(readFileSync(out, 'utf8')).toBe('{"a":1}\n');
    expect(existsSync(temporaryName(out))).toBe(true);
  });
});
