/**
 * The smaller defects of issue 19, item 13 (the output-target ones are in output-targets.test.ts):
 * stdout on a full disk, stdin from a directory, subcommands in a closed pipe, `catalog list` with
 * an unknown language, and JSON objects behind a UTF-8 BOM or blanks.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrichLine } from '../../src/index.js';
import { CLI, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'errenrich-smaller-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the CLI', () => {
  it.runIf(existsSync('/dev/full'))('stdout on a full disk: "cannot write the output", exit 74, no stack trace (was "error reading <input>", exit 70)', () => {
    const fd = openSync('/dev/full', 'w');
    const r = spawnSync(process.execPath, [CLI], { input: 'a\nb\n', stdio: ['pipe', fd, 'pipe'], encoding: 'utf8', timeout: 10_000 });
    closeSync(fd);
    expect(r.status).toBe(74);
    expect(r.stderr).toContain('cannot write the output');
    expect(r.stderr).not.toContain('error reading');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('stdin redirected from a directory: "cannot read -: is a directory", exit 1 (was exit 0, silent)', () => {
    const fd = openSync(dir, 'r');
    const r = spawnSync(process.execPath, [CLI], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', timeout: 10_000 });
    closeSync(fd);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is a directory');
  });

  it.runIf(existsSync('/proc/self/fdinfo'))('stdout closed (>&-): a warning that the records are discarded (was silent); > /dev/null: no warning', () => {
    const closed = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" >&-`], { input: 'a\n', encoding: 'utf8', timeout: 10_000 });
    expect(closed.status).toBe(0);
    expect(closed.stderr).toContain('stdout is closed');
    const devNull = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" > /dev/null`], { input: 'a\n', encoding: 'utf8', timeout: 10_000 });
    expect(devNull.status).toBe(0);
    expect(devNull.stderr).toBe('');
  });

  it('catalog list --json | head -1: exit 0, nothing on stderr (was an EPIPE stack, exit 1)', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" catalog list --json | head -c 1 >/dev/null; exit \${PIPESTATUS[0]}`], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('catalog list --lang xx: exit 2 naming the option (was a TypeError, exit 70)', async () => {
    const r = await runCli(['catalog', 'list', '--lang', 'xx'], { timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--lang');
    expect(r.stderr).not.toMatch(/TypeError|\n\s+at /);
  });
});

describe('a JSON object behind a UTF-8 BOM or blanks is a JSON record, not text', () => {
  it.each([
    ['\ufeff{"a":1}', '{"a":1}'],
    ['  {"b":2}', '  {"b":2}'],
    ['\t{"c":3}', '\t{"c":3}'],
    ['\ufeff {"d":4}', ' {"d":4}'],
  ])('%j → %j (no trigger: the fast path)', (line, record) => {
    expect(enrichLine(line)).toBe(record);
  });

  it('with a payload (the slow path): enriched, the BOM dropped, the blanks kept', () => {
    const out = enrichLine('\ufeff  {"Response":{"Error":{"Code":"AuthFailure","Message":"x"}}}')!;
    expect(out.startsWith('  {"Response"')).toBe(true);
    expect(JSON.parse(out).vendor_error.code).toBe('AuthFailure');
  });

  it('blanks before something that is not an object stay text', () => {
    expect(enrichLine('  {not json')).toBe('{"message":"  {not json"}');
    expect(enrichLine('  [1]')).toBe('{"message":"  [1]"}');
  });
});
