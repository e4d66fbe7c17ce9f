/**
 * No ReDoS: a user rule with a catastrophic regular expression is refused at load (exit 2, file
 * and rule named) before any input is read; `rules check DIR` reports it; every built-in rule
 * passes the checker (src/detect/check-regex-safety.ts) and runs in bounded time on adversarial
 * text.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRegexSafety } from '../../src/detect/check-regex-safety.js';
import { builtinRulesDir } from '../../src/detect/compile-rules.js';
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

describe('the checker', () => {
  it('every regular expression of every built-in rule passes it', () => {
    const files = readdirSync(builtinRulesDir()).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const all = files.flatMap((f) => patternsOf(join(builtinRulesDir(), f)));
    expect(all.length).toBeGreaterThan(10);
    for (const [where, p] of all) expect(checkRegexSafety(p), where).toBeNull();
  });

  it.each([
    ['(a+)+$'],
    ['(a*)*b'],
    ['(a|a)*$'],
    ['(\\w+\\s?)+$'],
    ['^(\\d+)*$'],
    ['(x+x+)+y'],
    ['(?:a+){2,}$'],
    ['([a-z]+)*[0-9]'],
    ['(?=(a+))+b'],
    ['(a)\\1'],
    ['(.*,)*x'],
  ])('refuses the catastrophic pattern %s', (p) => {
    expect(checkRegexSafety(p)).toMatch(/refused|invalid/);
  });

  // BUG, fixed in 79d6f3e (three or more unbounded quantifiers side by side are refused).
  // Was (src/detect/check-regex-safety.ts): only nested quantifiers, alternations under a
  // quantifier and back-references are refused; up to 20 unbounded quantifiers side by side
  // are accepted. Adjacent unbounded quantifiers over overlapping characters backtrack
  // polynomially: ".*.*.*.*.*=" on 400 "x" and "a*a*a*a*a*a*b" on 400 "a" each ran > 10 s
  // (killed) in V8; on the 8 KiB window text rules run on, effectively forever. A user rule with
  // such a pattern passes `rules check` and hangs the run on the first line holding its trigger.
  it('refuses adjacent overlapping unbounded quantifiers (polynomial backtracking): ".*.*.*.*.*=", "a*a*a*a*a*a*b", "\\s*\\s*\\s*\\s*x"', () => {
    for (const p of ['.*.*.*.*.*=', 'a*a*a*a*a*a*b', '\\s*\\s*\\s*\\s*x']) expect(checkRegexSafety(p), p).not.toBeNull();
  });
});

describe('the CLI with a catastrophic user rule', () => {
  it('text rule pattern "(a+)+$": refused before reading input, < 3 s, exit 2, stderr names the file, the rule and the field', async () => {
    const { dir: d, file } = rulesDir('text-pattern', [textRule('acme.evil', 'ACME-ERR (?<code>(a+)+$)')]);
    const r = await runCli(['--rules', d], { input: 'ACME-ERR ' + 'a'.repeat(40) + '!\n', timeoutMs: 3_000 });
    recordBound(expect.getState().currentTestName!, r);
    expect(r.code).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('acme.evil');
    expect(r.stderr).toContain('pattern');
    expect(r.stderr).toMatch(/catastrophic/);
    expect(r.ms).toBeLessThan(3_000);
  });

  it('object rule code.pattern and a text rule field: both reported in one run, exit 2', async () => {
    const { dir: d, file } = rulesDir('two-bad', [
      {
        id: 'acme.object',
        shape: 'object',
        require: { acme_code: 'string' },
        fields: { code: 'acme_code' },
        code: { pattern: '^([A-Z]+)*$' },
        lookup: { catalogs: ['tencent-tke-v3'], accept: 'any' },
      },
      textRule('acme.field', 'ACME-ERR (?<code>\\w+)', { fields: { message: 'msg=(?<message>(\\w+\\s?)+$)' } }),
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
    const { dir: d, file } = rulesDir('check-bad', [textRule('acme.evil', 'ACME-ERR (?<code>(a+)+$)')]);
    const r = await runCli(['rules', 'check', d], { timeoutMs: 3_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('acme.evil');
    expect(r.stderr).toMatch(/catastrophic/);
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
});
