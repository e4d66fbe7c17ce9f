/**
 * No ReDoS: every rule regex runs on RE2's linear-time engine, so a pattern that backtracks
 * catastrophically in JavaScript (`(a+)+$`, `.*.*(?<code>ZZZ)=`) runs in bounded time; what RE2
 * cannot run (back-references, look-around, repeat counts over 1000) is refused at load (exit 2,
 * file and rule named) before any input is read; `rules check DIR` reports it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRulesDir } from '../../src/detect/compile-rules.js';
import { checkRuleRegex, compileRuleRegex } from '../../src/detect/compile-regex.js';
import { parseNdjson, recordBound, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'errenrich-redos-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A rules directory with one file holding `rules`. */
function rulesDir(name: string, rules: unknown[]): { dir: string; file: string } {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  const file = join(d, 'acme.json');
  writeFileSync(file, JSON.stringify({ vendor: 'acme', version: '1', rules }, null, 2));
  return { dir: d, file };
}

const textRule = (id: string, pattern: string, extra: Record<string, unknown> = {}) => ({
  id,
  shape: 'text',
  trigger: 'ACME-ERR',
  pattern,
  lookup: { catalogs: ['tencent-tke-v3'], accept: 'any' },
  ...extra,
});

/** Every regular expression in a rule file: [where, pattern]. */
function patternsOf(file: string): [string, string][] {
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { rules: Record<string, unknown>[] };
  const out: [string, string][] = [];
  for (const r of spec.rules) {
    const id = String(r.id);
    const code = r.code as { pattern?: string; exclude_pattern?: string } | undefined;
    if (code?.pattern) out.push([`${id} code.pattern`, code.pattern]);
    if (code?.exclude_pattern) out.push([`${id} code.exclude_pattern`, code.exclude_pattern]);
    const sub = r.subcode as { pattern?: string } | undefined;
    if (sub?.pattern) out.push([`${id} subcode.pattern`, sub.pattern]);
    if (r.shape === 'text') {
      out.push([`${id} pattern`, String(r.pattern)]);
      for (const [k, v] of Object.entries((r.fields as Record<string, string> | undefined) ?? {})) out.push([`${id} fields.${k}`, v]);
    }
  }
  return out;
}

describe('the linear-time engine (src/detect/compile-regex.ts)', () => {
  it('compiles every regular expression of every built-in rule', () => {
    const files = readdirSync(builtinRulesDir()).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const all = files.flatMap((f) => patternsOf(join(builtinRulesDir(), f)));
    expect(all.length).toBeGreaterThan(10);
    for (const [where, p] of all) expect(() => checkRuleRegex(p), where).not.toThrow();
  });

  it.each([['(a)\\1'], ['(?<q>[\'"])\\w+\\k<q>'], ['(?=(a+))+b'], ['(?!x)a'], ['(?<=a)b'], ['(?<!a)b'], ['a{1001}'], ['ZZZ(?:a{1,100}){1,100}(?<code>b)'], ['(?<code>[a-z]+']])(
    'refuses %s at load (what RE2 cannot run in linear time, or not a pattern)',
    (p) => {
      expect(() => checkRuleRegex(p)).toThrow(/linear-time engine \(RE2\)/);
    },
  );

  // The patterns that hung the backtracking engine (the old checker accepted the last one and
  // could be bypassed with bounded repeats): each now runs in milliseconds on the lines that took
  // 30 s to over 500 s.
  it.each([
    ['(?:.*){1,100}(?<code>ZZZ)x', 'ZZZ'.repeat(1100)],
    ['ZZZ(?<code>(?:a|a){1,100})!', 'ZZZ' + 'a'.repeat(41)],
    ['.*.*(?<code>ZZZ)=', 'ZZZ'.repeat(2730)],
    ['(a+)+$', 'a'.repeat(5000) + '!'],
    ['.*.*.*.*.*=', 'x'.repeat(8192)],
  ])('runs %s on its hostile line: no match, found in bounded time', (p, line) => {
    expect(compileRuleRegex(p).exec(line)).toBeNull();
  });

  it('keeps the RegExp match shape: index in UTF-16 units, named groups, undefined for a group that did not take part', () => {
    const re = compileRuleRegex('(?:msg|message)=(?:"(?<message>[^"]*)"|(?<message2>\\S+))');
    const m = re.exec('签名过期😀 message=abc')!;
    expect(m.index).toBe('签名过期😀 '.length);
    expect(m[0]).toBe('message=abc');
    expect(m.groups).toEqual({ message: undefined, message2: 'abc' });
    expect(re.test('no')).toBe(false);
    expect(compileRuleRegex('^\\s*\\((-?\\d{1,7})\\)').exec(' (10010) x')?.[1]).toBe('10010');
  });
});

describe('the CLI with a user rule RE2 cannot run', () => {
  it('text rule pattern with a back-reference: refused before reading input, < 3 s, exit 2, stderr names the file, the rule and the field', async () => {
    const { dir: d, file } = rulesDir('text-pattern', [textRule('acme.evil', 'ACME-ERR (?<code>(a)\\2+)')]);
    const r = await runCli(['--rules', d], { input: 'ACME-ERR ' + 'a'.repeat(40) + '!\n', timeoutMs: 3_000 });
    recordBound(expect.getState().currentTestName!, r);
    expect(r.code).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('acme.evil');
    expect(r.stderr).toContain('pattern');
    expect(r.stderr).toMatch(/linear-time engine/);
    expect(r.ms).toBeLessThan(3_000);
  });

  it('object rule code.pattern and a text rule field: both reported in one run, exit 2', async () => {
    const { dir: d, file } = rulesDir('two-bad', [
      {
        id: 'acme.object',
        shape: 'object',
        require: { acme_code: 'string' },
        fields: { code: 'acme_code' },
        code: { pattern: '^(?=[A-Z])[A-Z]+$' },
        lookup: { catalogs: ['tencent-tke-v3'], accept: 'any' },
      },
      textRule('acme.field', 'ACME-ERR (?<code>\\w+)', { fields: { message: 'msg=(?<message>\\w+)(?!x)' } }),
    ]);
    const r = await runCli(['--rules', d], { input: '', timeoutMs: 3_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('acme.object');
    expect(r.stderr).toContain('code.pattern');
    expect(r.stderr).toContain('acme.field');
    expect(r.stderr).toContain('fields.message');
  });

  it('rules check DIR reports it: exit 2, file and rule named; a good directory: exit 0', async () => {
    const { dir: d, file } = rulesDir('check-bad', [textRule('acme.evil', 'ACME-ERR (?<code>a{2000})')]);
    const r = await runCli(['rules', 'check', d], { timeoutMs: 3_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('acme.evil');
    expect(r.stderr).toMatch(/linear-time engine/);
    const { dir: good } = rulesDir('check-good', [textRule('acme.ok', 'ACME-ERR (?<code>[A-Z]+)')]);
    const ok = await runCli(['rules', 'check', good], { timeoutMs: 3_000 });
    expect(ok.code, ok.stderr).toBe(0);
    const builtin = await runCli(['rules', 'check'], { timeoutMs: 3_000 });
    expect(builtin.code, builtin.stderr).toBe(0);
  });

  it('built-in text rules on adversarial 8 KiB windows (each trigger followed by runs their patterns backtrack on): < 15 s, every line kept', async () => {
    const triggers = ['Code: ', 'code=', ' msg="', 'RequestException - {', '[TencentCloudSDKError]', '[TencentCloudSDKException] code:', '[TencentCloudSDKException]code:', '[TencentCloudSDKException]message:', 'TencentCloudSDKHttpException'];
    const fillers = ['a', ' ', '=', ',', '"', 'Code: a, ', ' code=a', ' msg="', 'Code=a, Message=', ' requestId:', '\\', "code: '", 'a-', ' request_id=', '{status_code:400, '];
    const lines: string[] = [];
    for (const t of triggers) for (const f of fillers) lines.push((t + f.repeat(Math.ceil(8192 / f.length))).slice(0, 9000) + '!');
    const r = await runCli([], { input: lines.join('\n') + '\n', timeoutMs: 15_000 });
    recordBound(expect.getState().currentTestName!, r);
    expect(r.code, r.stderr).toBe(0);
    expect(parseNdjson(r.stdout)).toHaveLength(lines.length);
  });

  // Before the linear engine, the old checker allowed `.*.*(?<code>ZZZ)=` (two quantifiers side by
  // side) and it ran about 20 s per 8 KiB line; `(a+)+$` was refused, now it is harmless.
  it('user rules "ACME-ERR.*.*(?<code>ZZZ)=" and "ACME-ERR (?<code>(a+)+$)" on hostile 8 KiB lines: accepted and every line out, < 15 s', async () => {
    const { dir: d } = rulesDir('hostile-accepted', [textRule('acme.dotdot', 'ACME-ERR.*.*(?<code>ZZZ)='), textRule('acme.nested', 'ACME-ERR (?<code>(a+)+$)')]);
    const lines = [`ACME-ERR ${'ZZZ'.repeat(2730)}`, `ACME-ERR ${'a'.repeat(8000)}!`, 'after'];
    const r = await runCli(['--rules', d], { input: lines.join('\n') + '\n', timeoutMs: 15_000 });
    recordBound(expect.getState().currentTestName!, r);
    expect(r.code, r.stderr).toBe(0);
    expect(parseNdjson(r.stdout).map((x) => (x as { message: string }).message)).toEqual(lines);
  });
});
