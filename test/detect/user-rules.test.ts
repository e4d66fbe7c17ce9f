/**
 * The worked example of docs/rules.md (test/fixtures/detect/user-rules/acme-gateway.json) does
 * what the document says: a new object rule, a new text rule, an override of a built-in rule by
 * id, hints; `rules check` accepts it and refuses test/fixtures/detect/unsafe-rules/; the regex
 * safety examples of the document are accepted/refused as written there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRuleRegex } from '../../src/detect/compile-regex.js';
import { RuleError, loadRules, readRuleDir, validateRuleFiles } from '../../src/detect/compile-rules.js';
import { enrichOne, picked } from './helpers.js';

const USER = fileURLToPath(new URL('../fixtures/detect/user-rules/', import.meta.url));
const UNSAFE = fileURLToPath(new URL('../fixtures/detect/unsafe-rules/', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/bin/errenrich.cjs', import.meta.url));
const withRules = { rulesDirs: [USER] };

describe('docs/rules.md worked example', () => {
  it('an object rule: the gateway body is enriched from the TKE catalog', () => {
    const r = enrichOne('{"ret":-1,"tc_code":"ResourceNotFound.ClusterNotFound","tc_msg":"cluster cls-1 not found","tc_request_id":"r-1"}', withRules);
    expect(picked(r.vendor_error)).toEqual({
      vendor: 'tencent',
      service: 'tke',
      code: 'ResourceNotFound.ClusterNotFound',
      http_status: null,
      message: 'cluster cls-1 not found',
      request_id: 'r-1',
      known: true,
      fallback: 'parent',
      category: 'not_found',
      retryable: false,
      rule: 'acme.gateway.tencent',
    });
  });

  it('…but not a body whose "ret" is not in the list, nor one with an unknown code (accept "known")', () => {
    expect(enrichOne('{"ret":0,"tc_code":"InvalidParameter","tc_msg":"x"}', withRules)).not.toHaveProperty('vendor_error');
    expect(enrichOne('{"ret":-1,"tc_code":"Acme.Unknown","tc_msg":"x"}', withRules)).not.toHaveProperty('vendor_error');
  });

  it('without the user rules the body is not recognised', () => {
    expect(enrichOne('{"ret":-1,"tc_code":"InvalidParameter","tc_msg":"x"}')).not.toHaveProperty('vendor_error');
  });

  it('a text rule, with fields searched around the match', () => {
    const r = enrichOne('2024-05-01T10:00:00Z acme-gw: upstream tencent error tc_code=RequestLimitExceeded tc_msg="slow down" tc_request_id=r-2', withRules);
    expect(picked(r.vendor_error)).toMatchObject({ code: 'RequestLimitExceeded', message: 'slow down', request_id: 'r-2', category: 'rate_limit', retryable: true, rule: 'acme.gateway.text' });
  });

  it('the override of generic.logfmt (same id) replaces the built-in rule', () => {
    const line = 'level=error tc_code=InvalidParameter tc_msg="bad" tc_request_id=r-3';
    expect(enrichOne(line)).not.toHaveProperty('vendor_error');
    expect(picked(enrichOne(line, withRules).vendor_error)).toMatchObject({ code: 'InvalidParameter', message: 'bad', request_id: 'r-3', rule: 'generic.logfmt' });
    const rules = loadRules([USER]);
    expect(rules.textRules.filter((r) => r.id === 'generic.logfmt').map((r) => r.file)).toEqual([`${USER}acme-gateway.json`]);
  });

  it('user hints are added to the built-in ones', () => {
    const rules = loadRules([USER]);
    expect(rules.hints.get('tke')!.needles).toEqual(expect.arrayContaining(['tke.tencentcloudapi.com', 'acme-gw/tke/']));
    const v = enrichOne('{"path":"/acme-gw/tke/v2","resp":{"code":4000,"message":"x"}}', withRules).vendor_error as { service: string };
    expect(v.service).toBe('tke');
  });

  it('the byte pre-filter learns the new code key and trigger', () => {
    const rules = loadRules([USER]);
    expect(rules.triggerStrings).toContain('"tc_code');
    // A literal that holds a built-in one ("encent") is covered by it: the scan keeps the shorter.
    expect(rules.triggerStrings.some((t) => 'upstream tencent error'.includes(t))).toBe(true);
  });
});

describe('rules check', () => {
  it('accepts the example directory', () => {
    expect(validateRuleFiles(readRuleDir(USER))).toEqual([]);
  });

  it('refuses the unsafe directory, naming file, rule and problem', () => {
    const problems = validateRuleFiles(readRuleDir(UNSAFE));
    const file = `${UNSAFE}bad.json`;
    expect(problems).toEqual([
      `${file}: rule #1 ("acme.gateway.tencent"): code.pattern: refused: not a regular expression the linear-time engine (RE2) can run: error parsing regexp: invalid or unsupported Perl syntax: \`(?=\``,
      `${file}: rule #2 ("acme.text"): "lookup.accept" must be one of any, known, known_or_parent, known_or_fallback`,
      `${file}: rule #2 ("acme.text"): "trigger" must be a literal of at least 3 characters`,
      `${file}: rule #2 ("acme.text"): the pattern (or fields.code) must have a named group (?<code>…)`,
    ]);
    expect(() => loadRules([UNSAFE])).toThrow(RuleError);
  });

  it.runIf(existsSync(CLI))('errenrich rules check DIR: exit 0 and a summary, or exit 2 and one line per problem', () => {
    expect(execFileSync(process.execPath, [CLI, 'rules', 'check', USER], { encoding: 'utf8' })).toBe(`ok: 1 rule file(s), 3 rules in ${USER}\n`);
    let code = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [CLI, 'rules', 'check', UNSAFE], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      code = (e as { status: number }).status;
      stderr = (e as { stderr: string }).stderr;
    }
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(4);
    expect(stderr).toContain('linear-time engine (RE2)');
  });
});

describe('regex policy (the examples of docs/rules.md): RE2 syntax on a linear-time engine', () => {
  it.each([
    '^[A-Z][A-Za-z0-9.]*$',
    '\\[TencentCloudSDKError\\] Code=(?<code>[A-Za-z0-9_.-]+), Message=(?<message>[^\\n]*?)(?:, RequestId=(?<request_id>[A-Za-z0-9-]+)|$|\\n)',
    '(?:ab|cd){1,3}x+',
    '(?:\\s|^)code=(?<code>\\w+)',
    '^[A-Z][A-Za-z0-9]*(?:\\.[A-Za-z0-9]+)*$',
    '(a+)+$',
    '.*.*.*=',
  ])('accepted: %s', (p) => {
    expect(() => checkRuleRegex(p)).not.toThrow();
  });

  it.each([
    ['(\\w)\\1', 'invalid escape sequence'],
    ['(?<q>[\'"])\\w+\\k<q>', 'invalid escape sequence'],
    ['(?=a)b', 'unsupported Perl syntax'],
    ['(?<code>[a-z]+', 'missing closing )'],
    ['a{1001}', 'invalid repeat count'],
  ])('refused: %s', (p, why) => {
    expect(() => checkRuleRegex(p)).toThrow(why);
  });
});

describe('evidence.key_values: a key next to the code whose value has the vendor\'s shape', () => {
  const files = (evidence: unknown) =>
    [{ file: 'mem.json', spec: { vendor: 'acme', version: '1', rules: [{ id: 'acme.f', shape: 'fields', triggers: ['"code'], keys: { code: ['code'] }, code: { pattern: '^[A-Z][a-z]+$' }, evidence, lookup: { catalogs: [], accept: 'any' } }] } }] as unknown as Parameters<typeof validateRuleFiles>[0];

  it('an object of normalised key → RE2 pattern is accepted', () => {
    expect(validateRuleFiles(files({ key_values: { traceid: '^[A-Za-z0-9+/]{64,}={0,2}$' } }))).toEqual([]);
  });

  it.each([
    [['traceid'], '"evidence.key_values" must be an object of key name → value pattern'],
    [{ traceid: 5 }, 'evidence.key_values.traceid: must be a string'],
    [{ traceid: '(?=a)' }, 'evidence.key_values.traceid: refused: not a regular expression the linear-time engine (RE2) can run'],
  ])('refused: %j', (keyValues, why) => {
    const problems = validateRuleFiles(files({ key_values: keyValues }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(why);
  });
});
