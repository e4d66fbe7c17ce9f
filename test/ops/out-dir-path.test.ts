/** --out-dir naming: extensions, mirrored paths, and nothing written outside DIR. */
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from './ops-helpers.js';
import { ensureParentInside, mirroredOutputName, outDirPathFor } from '../../src/output/out-dir-path.js';

afterAll(removeTempDirs);

describe('mirroredOutputName', () => {
  it('x.log → x.ndjson, x.log.gz → x.ndjson.gz (gzip input), other names keep their extension', () => {
    expect(mirroredOutputName('x.log', false)).toBe('x.ndjson');
    expect(mirroredOutputName('x.log.gz', true)).toBe('x.ndjson.gz');
    expect(mirroredOutputName('x.gz', true)).toBe('x.ndjson.gz');
    expect(mirroredOutputName('x.data', true)).toBe('x.data.ndjson.gz');
    expect(mirroredOutputName('x.log.gz', false)).toBe('x.ndjson');
    expect(mirroredOutputName('app.log.1', false)).toBe('app.log.1.ndjson');
    expect(mirroredOutputName('stdin', false)).toBe('stdin.ndjson');
  });
});

describe('outDirPathFor', () => {
  it('mirrors the relative path under DIR', () => {
    expect(outDirPathFor('/out', 'ns/pod/app.log.gz', true)).toEqual({ path: '/out/ns/pod/app.ndjson.gz' });
    expect(outDirPathFor('/out', './a.log', false)).toEqual({ path: '/out/a.ndjson' });
  });

  it('refuses names that would leave DIR', () => {
    for (const bad of ['../x.log', 'a/../../x.log', '/etc/passwd', 'C:\\x.log', '..', '', 'a\0b'])
      expect(outDirPathFor('/out', bad, false)).toHaveProperty('problem');
    expect(outDirPathFor('/out', '../x.log', false)).toEqual({ problem: 'name "../x.log" contains ".." and would leave --out-dir' });
  });
});

describe('ensureParentInside', () => {
  it('creates the directories below DIR', () => {
    const out = realpathSync(tempDir('errenrich-outdir-'));
    ensureParentInside(out, join(out, 'a', 'b', 'x.ndjson'));
    expect(() => ensureParentInside(out, join(out, 'a', 'b', 'y.ndjson'))).not.toThrow();
  });

  it('refuses a directory under DIR that is a symlink (it could point anywhere)', () => {
    const out = realpathSync(tempDir('errenrich-outdir-'));
    const elsewhere = tempDir('errenrich-elsewhere-');
    symlinkSync(elsewhere, join(out, 'ns'));
    expect(() => ensureParentInside(out, join(out, 'ns', 'x.ndjson'))).toThrow(/symlink/);
    mkdirSync(join(out, 'ok'));
    expect(() => ensureParentInside(out, join(out, 'ok', 'x.ndjson'))).not.toThrow();
  });
});
