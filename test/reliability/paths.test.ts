/**
 * Paths: --out-dir never writes outside its directory whatever the input names are; directory
 * recursion does not loop on symlink cycles; --output FILE is written under a temporary name and
 * renamed when complete, so a crash never leaves a half file that looks whole, and the temporary
 * name is never opened through a planted symlink.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/input/expand-inputs.js';
import { CLI, parseNdjson, runCli, startCli } from '../helpers/run-cli.js';

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'errenrich-paths-')));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Every path under `dir` (not following symlinks) with its kind and, for files, content. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.set(relative(root, p), 'link');
      else if (st.isDirectory()) {
        out.set(relative(root, p), 'dir');
        walk(p);
      } else out.set(relative(root, p), readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return out;
}

const waitFor = async (cond: () => boolean, ms: number) => {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('--out-dir stays inside its directory', () => {
  it('inputs given as ../x, absolute paths, symlinked files and directories, odd names; planted symlinks under DIR: nothing outside DIR changes (< 10 s)', async () => {
    const work = join(root, 'work');
    const logs = join(root, 'logs');
    const outside = join(root, 'outside');
    const out = join(work, 'out');
    for (const d of [work, join(logs, 'deep', 'er'), outside, out]) mkdirSync(d, { recursive: true });
    writeFileSync(join(outside, 'victim.ndjson'), 'precious\n');
    writeFileSync(join(outside, 'secret.log'), '{"secret":1}\n');
    const names = ['plain.log', '..dots.log', '...log', 'spa ce.log', 'new\nline.log', '-dash.log', 'ünï.log', '.hidden.log', 'x.log.gz.log'];
    for (const n of names) writeFileSync(join(logs, n), `{"name":${JSON.stringify(n)}}\n`);
    writeFileSync(join(logs, 'deep', 'er', 'nested.log'), '{"nested":1}\n');
    symlinkSync(join(outside, 'secret.log'), join(logs, 'link-to-outside.log'));
    symlinkSync(outside, join(logs, 'linked-dir'));
    // Planted in DIR: a directory symlink and a file symlink where outputs will go.
    symlinkSync(outside, join(out, 'deep'));
    symlinkSync(join(outside, 'victim.ndjson'), join(out, 'plain.ndjson'));

    const before = snapshot(outside);
    const r = await runCli(['--out-dir', out, '../logs', join(logs, 'plain.log'), join('..', 'logs', 'deep', 'er', 'nested.log'), join(logs, 'link-to-outside.log')], { cwd: work, timeoutMs: 10_000 });
    expect([0, 1]).toContain(r.code);
    // Nothing outside DIR changed, nothing new appeared next to DIR.
    expect(snapshot(outside)).toEqual(before);
    expect(readdirSync(work).sort()).toEqual(['out']);
    expect(readdirSync(root).sort()).toEqual(['logs', 'outside', 'work']);
    // Everything written is a regular file inside DIR, and is whole NDJSON.
    const written = [...snapshot(out)].filter(([, v]) => v !== 'dir' && v !== 'link');
    expect(written.length).toBeGreaterThan(5);
    for (const [p, content] of written) {
      expect(realpathSync(join(root, p)).startsWith(out + '/')).toBe(true);
      parseNdjson(content);
    }
    // The planted directory symlink was refused, named on stderr; the file symlink was replaced, not followed.
    expect(r.stderr).toContain('symlink');
    expect(lstatSync(join(out, 'deep')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(outside, 'victim.ndjson'), 'utf8')).toBe('precious\n');
  });

  it('two inputs that would map to the same output: the second is refused and reported, the first output kept, exit 1', async () => {
    const a = join(root, 'a');
    const b = join(root, 'b');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(a, 'x.log'), '{"from":"a"}\n');
    writeFileSync(join(b, 'x.log'), '{"from":"b"}\n');
    writeFileSync(join(a, 'x'), '{"from":"a-noext"}\n');
    const out = join(root, 'out');
    const r = await runCli(['--out-dir', out, join(a, 'x.log'), join(b, 'x.log'), join(a, 'x')], { timeoutMs: 10_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(join(b, 'x.log'));
    expect(readdirSync(out).filter((n) => !n.startsWith('.'))).toEqual(['x.ndjson']);
    expect(readFileSync(join(out, 'x.ndjson'), 'utf8')).toBe('{"from":"a"}\n');
  });
});

describe('directory recursion and symlink cycles', () => {
  function cyclicTree(): string {
    const d = join(root, 'tree');
    mkdirSync(join(d, 'a', 'b'), { recursive: true });
    writeFileSync(join(d, 'top.log'), '{"f":"top"}\n');
    writeFileSync(join(d, 'a', 'a.log'), '{"f":"a"}\n');
    writeFileSync(join(d, 'a', 'b', 'b.log'), '{"f":"b"}\n');
    symlinkSync(d, join(d, 'a', 'b', 'up')); // b/up → tree: a cycle
    symlinkSync(join(d, 'a'), join(d, 'a-again')); // a second way to a
    symlinkSync(join(d, 'self'), join(d, 'self')); // a link to itself (ELOOP)
    mkdirSync(join(d, 'c'));
    symlinkSync(join(d, 'd'), join(d, 'c', 'to-d'));
    mkdirSync(join(d, 'd'));
    symlinkSync(join(d, 'c'), join(d, 'd', 'to-c')); // c ↔ d
    return d;
  }

  it('expandInputs: every real file once, cycles and self-links end (< 1 s)', () => {
    const d = cyclicTree();
    const t = Date.now();
    const { inputs, problems } = expandInputs([d]);
    expect(Date.now() - t).toBeLessThan(1000);
    const reals = inputs.map((i) => realpathSync(i.path));
    expect(new Set(reals).size).toBe(reals.length);
    expect(reals.sort()).toEqual([join(d, 'a', 'a.log'), join(d, 'a', 'b', 'b.log'), join(d, 'top.log')].sort());
    // The self-link is reported, not followed forever.
    expect(problems.map((p) => p.path)).toContain(join(d, 'self'));
  });

  it('the CLI on the cyclic tree: < 5 s, each record once, exit 1 only for the self-link', async () => {
    const d = cyclicTree();
    const r = await runCli([d], { timeoutMs: 5_000 });
    const recs = parseNdjson(r.stdout).map((x) => x.f);
    expect(recs.sort()).toEqual(['a', 'b', 'top']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(join(d, 'self'));
  });
});

describe('--output FILE: temporary name, renamed when complete', () => {
  const line = (i: number) => `{"i":${i},"pad":"${'p'.repeat(100)}"}\n`;

  it('while running only the temporary file exists; after a SIGKILL mid-run FILE does not exist (or keeps its old content) (< 10 s)', async () => {
    for (const preexisting of [false, true]) {
      const out = join(root, `out-${String(preexisting)}.ndjson`);
      if (preexisting) writeFileSync(out, 'old whole output\n');
      const stdin = new PassThrough();
      const run = startCli(['-o', out, '--flush-ms', '0'], { input: stdin, timeoutMs: 10_000 });
      for (let i = 0; i < 20_000; i++) stdin.write(line(i));
      const temps = () => readdirSync(root).filter((n) => n.startsWith(`out-${String(preexisting)}.ndjson.`) && n.endsWith('.tmp'));
      await waitFor(() => temps().length === 1 && statSync(join(root, temps()[0]!)).size > 100_000, 8_000);
      expect(existsSync(out) ? readFileSync(out, 'utf8') : null).toBe(preexisting ? 'old whole output\n' : null);
      run.child.kill('SIGKILL');
      const r = await run.result;
      expect(r.signal).toBe('SIGKILL');
      expect(existsSync(out) ? readFileSync(out, 'utf8') : null).toBe(preexisting ? 'old whole output\n' : null);
      // What is left is named as temporary, never as FILE.
      expect(temps()).toHaveLength(1);
    }
  });

  it('a complete run: FILE holds every record, no temporary file left', async () => {
    const out = join(root, 'done.ndjson');
    const input = Array.from({ length: 5000 }, (_, i) => line(i)).join('');
    const r = await runCli(['-o', out], { input, timeoutMs: 10_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(input);
    expect(readdirSync(root)).toEqual(['done.ndjson']);
  });

  it('SIGTERM mid-run: exit 0, FILE renamed into place with only whole records', async () => {
    const out = join(root, 'term.ndjson');
    const stdin = new PassThrough();
    const run = startCli(['-o', out], { input: stdin, timeoutMs: 10_000 });
    for (let i = 0; i < 20_000; i++) stdin.write(line(i));
    stdin.write('{"i":"cut in the mid'); // an unterminated line in flight
    await waitFor(() => readdirSync(root).some((n) => n.endsWith('.tmp')), 8_000);
    await new Promise((r) => setTimeout(r, 200));
    run.child.kill('SIGTERM');
    const r = await run.result;
    expect(r.code, r.stderr).toBe(0);
    const recs = parseNdjson(readFileSync(out));
    expect(recs.length).toBeGreaterThan(0);
    expect(readdirSync(root)).toEqual(['term.ndjson']);
  });

  it('a symlink planted at the temporary name is not written through (the target stays as it was)', async () => {
    // FIXED (src/output/open-output.ts openFileSink): the temporary file is opened with "wx";
    // before, `FILE.errenrich-<pid>.tmp` was opened with "w", following a planted symlink, and the
    // rename then left FILE as that symlink: a write anywhere the CLI's user could write.
    const victim = join(root, 'victim');
    writeFileSync(victim, 'precious\n');
    writeFileSync(join(root, 'in.log'), '{"a":1}\n');
    const out = join(root, 'out.ndjson');
    // sh's $$ is the pid node gets after exec: the temporary name is predictable, as for an attacker.
    const script = `ln -s "${victim}" "${out}.errenrich-$$.tmp" && exec "${process.execPath}" "${CLI}" -o "${out}" < "${join(root, 'in.log')}"`;
    const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(existsSync(out) && lstatSync(out).isSymbolicLink()).toBe(false);
    expect(code).not.toBe(0);
  });
});
