/** The built CLI as a user runs it: inputs, exit codes, pipes, signals, subcommands. */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, readSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'bin', 'errenrich.cjs');
const TENCENT = '{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad signature"},"RequestId":"r-1"}}';

function run(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input: input ?? '', encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'errenrich-cli-'));
}

describe('errenrich CLI', () => {
  it('reads stdin when no file is given and writes one NDJSON record per line', () => {
    const r = run([], `${TENCENT}\nplain\n`);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].vendor_error.code).toBe('AuthFailure.SignatureFailure');
    expect(lines[1]).toEqual({ message: 'plain' });
  });

  it('stdin redirected from a regular file is read from where its descriptor stands, plain or gzip, across many read chunks', () => {
    const d = tmp();
    const lines = Array.from({ length: 40_000 }, (_, i) => (i % 1000 === 0 ? TENCENT : `line ${i}`));
    const text = lines.join('\n') + '\n';
    writeFileSync(join(d, 'in.log'), text);
    writeFileSync(join(d, 'in.log.gz'), gzipSync(text));
    const fromFd = (name: string, skip: number) => {
      const fd = openSync(join(d, name), 'r');
      try {
        // `{ read -r first; errenrich; } < in.log`: the shell has already consumed the first line.
        if (skip > 0) readSync(fd, Buffer.alloc(skip), 0, skip, null);
        return spawnSync(process.execPath, [CLI], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 28 });
      } finally {
        closeSync(fd);
      }
    };
    const messages = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as { message?: string; vendor_error?: { code: string } });
    const whole = fromFd('in.log', 0);
    expect(whole.status, whole.stderr).toBe(0);
    const records = messages(whole.stdout);
    expect(records).toHaveLength(lines.length);
    expect(records.filter((r) => r.vendor_error?.code === 'AuthFailure.SignatureFailure')).toHaveLength(40);
    expect(records[39_999]).toEqual({ message: 'line 39999' });
    const rest = fromFd('in.log', TENCENT.length + 1);
    expect(rest.status, rest.stderr).toBe(0);
    expect(messages(rest.stdout)[0]).toEqual({ message: 'line 1' });
    expect(messages(rest.stdout)).toHaveLength(lines.length - 1);
    const gz = fromFd('in.log.gz', 0);
    expect(gz.status, gz.stderr).toBe(0);
    expect(gz.stdout).toBe(whole.stdout);
  });

  it('reads files in the order given, a gzip file by content (not by name), and "-" for stdin', () => {
    const d = tmp();
    writeFileSync(join(d, 'a.log'), 'from a\n');
    writeFileSync(join(d, 'b.data'), gzipSync('from gzip\n'));
    const r = run([join(d, 'a.log'), '-', join(d, 'b.data')], 'from stdin\n');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).message)).toEqual(['from a', 'from stdin', 'from gzip']);
  });

  it('recurses into directories with --include/--exclude', () => {
    const d = tmp();
    writeFileSync(join(d, 'x.log'), 'x\n');
    writeFileSync(join(d, 'y.txt'), 'y\n');
    writeFileSync(join(d, 'skip.log'), 'skip\n');
    const r = run([d, '--include', '*.log', '--exclude', 'skip*']);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).message)).toEqual(['x']);
  });

  it('an unreadable file among good ones: reported with path and reason, others processed, exit 1', () => {
    const d = tmp();
    writeFileSync(join(d, 'good1.log'), 'one\n');
    writeFileSync(join(d, 'good2.log'), 'two\n');
    const locked = join(d, 'locked.log');
    writeFileSync(locked, 'secret\n');
    chmodSync(locked, 0o000);
    const missing = join(d, 'missing.log');
    const r = run([join(d, 'good1.log'), missing, locked, join(d, 'good2.log')]);
    expect(r.code).toBe(1);
    const messages = r.stdout.trim().split('\n').map((l) => JSON.parse(l).message);
    expect(messages[0]).toBe('one');
    expect(messages).toContain('two');
    expect(r.stderr).toContain(missing);
    expect(r.stderr).toContain('no such file or directory');
    // root can read a 000 file; only assert the reason when the OS refused.
    if (!messages.includes('secret')) expect(r.stderr).toContain('permission denied');
  });

  it('a corrupt gzip file: reported with its name, what was read is kept, exit 1', () => {
    const d = tmp();
    const gz = gzipSync(Buffer.from('line one\nline two\n'.repeat(2000)));
    writeFileSync(join(d, 'cut.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const r = run([join(d, 'cut.gz')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cut.gz');
    for (const l of r.stdout.trim().split('\n')) expect(() => JSON.parse(l)).not.toThrow();
  });

  it('usage errors exit 2 with one line naming the flag', () => {
    const r = run(['--schema', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--schema');
    const r2 = run(['--bogus-flag']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/bogus-flag/);
    const r3 = run(['--fail-on', 'bogus']);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('--fail-on');
  });

  it('--help shows examples; --version prints the version', () => {
    const h = run(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Examples:');
    expect(h.stdout).toContain('kubectl logs');
    const v = run(['--version']);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')).version);
  });

  it('the bin as npm installs it: run through a symlink, from another directory, it finds its rules, catalogs and version', () => {
    const d = tmp();
    const link = join(d, 'errenrich');
    symlinkSync(CLI, link);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { bin: Record<string, string>; version: string };
    expect(join(import.meta.dirname, '..', '..', pkg.bin.errenrich!)).toBe(CLI);
    // Executed directly (its #! line), not through `node`, with cwd far from the package.
    const r = spawnSync(link, [], { input: `${TENCENT}\n`, encoding: 'utf8', cwd: d });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).vendor_error.description).toMatch(/signature/i);
    expect(spawnSync(link, ['--version'], { encoding: 'utf8', cwd: d }).stdout.trim()).toBe(pkg.version);
  });

  it('--errors-only and --fail-on (exit 3 when such an error was seen)', () => {
    const input = `ok\n${TENCENT}\n`;
    const r = run(['--errors-only', '--fail-on', 'auth,quota'], input);
    expect(r.code).toBe(3);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(run(['--fail-on', 'quota'], input).code).toBe(0);
    expect(run(['--fail-on', 'any'], 'nothing here\n').code).toBe(0);
  });

  it('--output writes the file complete (no temporary file left behind)', () => {
    const d = tmp();
    const out = join(d, 'out.ndjson');
    const r = run(['-o', out], `${TENCENT}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8').trim()).vendor_error.category).toBe('auth');
    expect(existsSync(`${out}.errenrich-${process.pid}.tmp`)).toBe(false);
  });

  it('explain prints a human explanation, --json for machines, --lang zh', () => {
    const h = run(['explain', 'AuthFailure.SignatureFailure']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('tencent');
    expect(h.stdout).toContain('auth');
    const j = JSON.parse(run(['explain', '4030002', '--json']).stdout);
    expect(j[0].vendor).toBe('netease');
    expect(run(['explain', 'CCI.02.409101', '--lang', 'zh']).stdout).toContain('namespace名称已存在');
  });

  it('catalog list --stats counts every catalog', () => {
    const r = run(['catalog', 'list', '--stats', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('netease-ncs');
  });

  it('| head -1 exits 0 quietly (EPIPE)', () => {
    const d = tmp();
    const big = join(d, 'big.log');
    writeFileSync(big, `${TENCENT}\nplain line\n`.repeat(100000));
    const r = spawnSync('/bin/sh', ['-c', `node ${CLI} ${big} | head -1; echo "status=\${PIPESTATUS:-$?}"`], { encoding: 'utf8' });
    expect(r.stdout.split('\n')[0]).toContain('vendor_error');
    const sh = spawnSync('/bin/bash', ['-c', `set -o pipefail; node ${CLI} ${big} | head -1 >/dev/null`], { encoding: 'utf8' });
    expect(sh.status).toBe(0);
    expect(sh.stderr).toBe('');
  });

  it('SIGTERM mid-stream: stops, flushes, exits 0, no partial line on stdout', async () => {
    const child = spawn(process.execPath, [CLI], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stdin.write('first\n');
    // wait until it is up and producing (signals before start-up are the OS's business)
    await new Promise<void>((r) => child.stdout.once('data', () => r()));
    for (let i = 0; i < 2000; i++) child.stdin.write(`${TENCENT}\nline ${i}\n`);
    // a half-written pretty block is in flight (held by the framer) when the signal comes
    child.stdin.write('ERROR dump: {\n  "code": 4030002,\n');
    const deadline = Date.now() + 20000;
    while (out.split('\n').length - 1 < 4001 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code).toBe(0);
    expect(out.endsWith('\n')).toBe(true);
    const records = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(records.length).toBe(4003); // the two held lines are flushed as separate records
  });
});
