/**
 * Batch mode through the built CLI: --jobs 2 keeps each file's records together and in order (the
 * output equals --jobs 1's), --out-dir mirrors paths and compresses what was compressed, nothing
 * is written outside DIR, the summary counts every worker, and one bad file never stops the rest.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, exitWithin, HUAWEI, removeTempDirs, startLive, tempDir, TENCENT } from './ops-helpers.js';

afterAll(removeTempDirs);

function run(args: string[], input = '') {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Files of very different sizes, so that workers finish them out of input order. */
function makeFiles(d: string): string[] {
  const sizes = [30000, 50, 8000, 1, 12000];
  return sizes.map((n, f) => {
    const path = join(d, `f${f}.log`);
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(i % 97 === 5 ? TENCENT.replace('r-1', `f${f}-${i}`) : i % 89 === 7 ? HUAWEI : `file ${f} line ${i}`);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  });
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`])).sort();
}

describe('errenrich --jobs', () => {
  it('--jobs 2: each file whole and in order, files in input order: the same bytes as --jobs 1', () => {
    const d = tempDir();
    const files = makeFiles(d);
    const one = run(['--jobs', '1', ...files]);
    const two = run(['--jobs', '2', ...files]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(two.stderr).toBe('');
    expect(two.stdout).toBe(one.stdout);
    // and explicitly: file f's lines form one run, numbered 0, 1, 2 …
    const order = two.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { message?: string }).message).filter((m): m is string => m !== undefined);
    const runs: string[] = [];
    for (const m of order) {
      const f = m.split(' ')[1]!;
      if (runs.at(-1) !== f) runs.push(f);
    }
    expect(runs).toEqual(['0', '1', '2', '3', '4']);
  });

  it('stdin among files is read in the main thread and keeps its place', () => {
    const d = tempDir();
    const files = makeFiles(d);
    const r = run(['--jobs', '2', files[1]!, '-', files[3]!], 'from stdin\n');
    expect(r.code).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { message?: string }).message);
    expect(out.slice(-2)).toEqual(['from stdin', 'file 3 line 0']);
  });

  it('--summary-json counts the records and errors of every worker', () => {
    const d = tempDir();
    const files = makeFiles(d);
    const s1 = join(d, 's1.json');
    const s2 = join(d, 's2.json');
    expect(run(['--jobs', '1', '--summary-json', s1, ...files]).code).toBe(0);
    const r = run(['--jobs', '2', '--summary', '--summary-json', s2, ...files]);
    expect(r.code).toBe(0);
    const one = JSON.parse(readFileSync(s1, 'utf8')) as Record<string, unknown>;
    const two = JSON.parse(readFileSync(s2, 'utf8')) as { lines: number; errors: number; files: { ok: number } };
    expect(two).toEqual(one);
    expect(two.lines).toBe(30000 + 50 + 8000 + 1 + 12000);
    expect(two.files.ok).toBe(5);
    expect(two.errors).toBeGreaterThan(400);
    expect(r.stderr).toContain(`${two.errors} vendor error(s)`);
    expect(r.stderr).toContain('5 file(s) read');
  });

  it('one bad file among good ones: the others complete, stderr names it and why, exit 1', () => {
    const d = tempDir();
    const files = makeFiles(d);
    const gz = gzipSync(Buffer.from('line one\nline two\n'.repeat(5000)));
    const cut = join(d, 'cut.log.gz');
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length / 2)));
    const missing = join(d, 'missing.log');
    const r = run(['--jobs', '2', files[0]!, cut, missing, files[2]!]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(cut);
    expect(r.stderr).toContain(`${missing}: no such file or directory`);
    expect(r.stderr).toMatch(/2 input\(s\) failed, 2 read completely/);
    const out = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { message?: string }).message);
    expect(out).toContain('file 0 line 29999');
    expect(out.at(-1)).toBe('file 2 line 7999');
  });
});

describe('errenrich --jobs, streaming', () => {
  it('records of the first file flow while it is read; a reader that goes away (| head) ends it, exit 0', async () => {
    const d = tempDir();
    const big = ['a', 'b'].map((name) => {
      const path = join(d, `${name}.log`);
      const block = `${TENCENT}\n${'plain line of the big file\n'.repeat(50)}`;
      writeFileSync(path, block.repeat(Math.ceil((20 * 1024 * 1024) / block.length)));
      return path;
    });
    const live = startLive(process.execPath, [CLI, '--jobs', '2', ...big]);
    await live.waitForLines(1, 20_000);
    expect(live.child.exitCode).toBe(null); // still reading: the first records did not wait for the file's end
    live.child.stdout!.destroy();
    const exit = await exitWithin(live, 30_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(live.stderr()).toBe('');
  }, 120_000); // its own waits are bounded (20 s + 30 s); the default 30 s is too short on a loaded 2-core CI machine
});

describe('errenrich --out-dir', () => {
  it('mirrors relative paths; gzip in → gzip out; temporary names never left behind', () => {
    const d = tempDir();
    const src = join(d, 'src');
    mkdirSync(join(src, 'ns-a'), { recursive: true });
    mkdirSync(join(src, 'ns-b'), { recursive: true });
    writeFileSync(join(src, 'ns-a', 'app.log.gz'), gzipSync(`${TENCENT}\nplain gz\n`));
    writeFileSync(join(src, 'ns-b', 'web.log'), 'plain\n');
    const out = join(d, 'out');
    const r = run(['--jobs', '2', '--out-dir', out, src]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(listFiles(out)).toEqual(['ns-a/app.ndjson.gz', 'ns-b/web.ndjson']);
    const gz = readFileSync(join(out, 'ns-a', 'app.ndjson.gz'));
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    const records = gunzipSync(gz).toString().trim().split('\n').map((l) => JSON.parse(l) as { vendor_error?: { code: string }; message?: string });
    expect(records[0]!.vendor_error!.code).toBe('AuthFailure.SignatureFailure');
    expect(records[1]!.message).toBe('plain gz');
    expect(readFileSync(join(out, 'ns-b', 'web.ndjson'), 'utf8')).toBe('{"message":"plain"}\n');
    // the in-process path (--jobs 1) writes the same files
    const out1 = join(d, 'out1');
    expect(run(['--jobs', '1', '--out-dir', out1, src]).code).toBe(0);
    expect(listFiles(out1)).toEqual(listFiles(out));
  });

  it('never writes outside DIR: a symlinked directory inside it is refused; same-named outputs are refused', () => {
    const d = tempDir();
    const src = join(d, 'src');
    mkdirSync(join(src, 'ns'), { recursive: true });
    writeFileSync(join(src, 'ns', 'app.log'), 'through the link?\n');
    writeFileSync(join(src, 'top.log'), 'fine\n');
    const elsewhere = join(d, 'elsewhere');
    mkdirSync(elsewhere);
    const out = join(d, 'out');
    mkdirSync(out);
    symlinkSync(elsewhere, join(out, 'ns'));
    const r = run(['--jobs', '2', '--out-dir', out, src]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('symlink');
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readFileSync(join(out, 'top.ndjson'), 'utf8')).toBe('{"message":"fine"}\n');

    const other = join(d, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'top.log'), 'same name\n');
    const out2 = join(d, 'out2');
    const c = run(['--out-dir', out2, join(src, 'top.log'), join(other, 'top.log')]);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('would overwrite the output of');
    expect(readFileSync(join(out2, 'top.ndjson'), 'utf8')).toBe('{"message":"fine"}\n');
    expect(existsSync(join(out2, 'other'))).toBe(false);
  });
});
