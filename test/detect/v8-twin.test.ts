/**
 * The V8 twin of an anchored rule pattern (src/detect/v8-twin.ts) must answer exactly as
 * RE2 does, and must exist only for patterns whose backtracking is provably linear.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compileRuleRegex, type RuleMatch } from '../../src/detect/compile-regex.js';
import { builtinRulesDir, loadRules } from '../../src/detect/compile-rules.js';
import { anchoredTwin, literalStartTwin, MAX_LITERAL_ATTEMPTS, searchTwin } from '../../src/detect/v8-twin.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every regular expression of the built-in rules. */
function builtinPatterns(): string[] {
  const out = new Set<string>();
  const collect = (v: unknown, key: string) => {
    if (typeof v === 'string') {
      if (/pattern|^fields\./.test(key)) out.add(v);
    } else if (Array.isArray(v)) v.forEach((x) => collect(x, key));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) collect(x, key === 'fields' ? `fields.${k}` : k);
  };
  for (const f of readdirSync(builtinRulesDir()).filter((n) => n.endsWith('.json'))) collect(JSON.parse(readFileSync(join(builtinRulesDir(), f), 'utf8')), '');
  return [...out];
}

/** Every code of the built-in catalogs, and texts that come close to the code grammars. */
function texts_(): string[] {
  const out = new Set<string>();
  const dir = join(ROOT, 'data', 'catalogs');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const cat = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { entries: { code: string; message?: string }[] };
    for (const e of cat.entries) {
      out.add(e.code);
      if (e.message !== undefined) out.add(e.message);
      // Near misses: cut, extended, wrapped, case changed, with a line break.
      out.add(e.code.slice(0, -1));
      out.add(e.code.slice(1));
      out.add(`${e.code}.Extra_1.b.c`);
      out.add(`${e.code}.`);
      out.add(`${e.code}x`);
      out.add(` ${e.code}`);
      out.add(`${e.code}\n`);
      out.add(`(${e.code})`);
      out.add(e.code.toLowerCase());
      out.add(e.code.replace(/\./g, '_'));
    }
  }
  const extra = [
    '', ' ', '0', '-1', '200', '1000', '-10011', '4000121', '40412345', '4041234', '404123456', ' (10010) x', '(-1234567)', '( 12)',
    'ECONNRESET', 'card_declined', 'CCI.01.400101', 'CCI.1.400101', 'APIGW.0101', 'APIG_X.1234', 'Ab', 'ABC', 'A'.repeat(61), 'A'.repeat(62),
    '0123456789ABCDEF0123456789ABCDEF', '0123456789abcdef0123456789abcdef', 'M' + 'a'.repeat(19), 'M' + 'a'.repeat(19) + '==', 'M' + 'a'.repeat(19) + '===',
    'InternalError\u2028', 'InternalError\r', 'InternalError.\ud800', '\ud83d\ude00', 'Auth😀Failure', 'AuthFailure.😀', 'a\u00a0b', '\u000b1234',
    'InternalError.A.B.C.D', 'InternalError.A.B.C', 'InvalidParameterValue.X', 'InvalidParameter.X', 'InvalidParameterValueX',
  ];
  for (const t of extra) out.add(t);
  // Long texts: the twin must give RE2's answer however long the text is.
  out.add('A' + 'a'.repeat(5000));
  out.add('InternalError' + '.a'.repeat(3000));
  out.add('1'.repeat(5000));
  return [...out];
}

/** A match as data: the texts by group number, where it starts, the named groups. */
function shape(m: RuleMatch | null): string {
  if (m === null) return 'null';
  const all = Array.from(m as unknown as ArrayLike<string | undefined>);
  return JSON.stringify({ all, index: m.index, groups: m.groups === undefined ? null : { ...m.groups } });
}

const re2 = new Map<string, RE2JS>();
function re2Answer(pattern: string, text: string): string {
  let re = re2.get(pattern);
  if (re === undefined) re2.set(pattern, (re = RE2JS.compile(pattern)));
  return shape(re.exec(text) as RuleMatch | null);
}

describe('anchoredTwin', () => {
  const patterns = builtinPatterns();
  const twinned = patterns.filter((p) => anchoredTwin(p) !== null);

  it('has a twin for the anchored code patterns of the built-in rules', () => {
    expect(patterns.length).toBeGreaterThan(10);
    for (const p of patterns.filter((x) => x.startsWith('^'))) expect(anchoredTwin(p), p).not.toBeNull();
  });

  it('gives RE2s match (text, groups, index) on every built-in pattern it twins, for codes, near misses and long texts', () => {
    const all = texts_();
    expect(twinned.length).toBeGreaterThan(8);
    for (const p of twinned) {
      const twin = anchoredTwin(p)!;
      for (const t of all) expect(shape(twin.exec(t)), `${p} on ${JSON.stringify(t.slice(0, 60))}`).toBe(re2Answer(p, t));
    }
  });

  it.each([
    ['^a.b$', ['a\nb', 'a\rb', 'a\u2028b', 'axb']],
    ['^\\s+x', ['\u000bx', '\u00a0x', ' \t\r\n\fx']],
    ['^[^a]b', ['\nb', '😀b', 'ab']],
    ['^\\w+\\W', ['é!', 'abc_9-', 'abc']],
    ['^(?P<code>[A-Z]+)-(?<n>\\d+)?$', ['AB-12', 'AB-', 'ab-1']],
    ['^x(?:y|)z', ['xz', 'xyz', 'xyyz']],
    ['^[]a]+[^]ab]', [']]ac', ']]b', 'a]c']],
    ['^[a-]+[\\.]x', ['a--.x', 'a-x', 'a.x']],
    ['^\\.\\[\\]\\(\\)\\{\\}\\*\\+\\?\\|\\^\\$\\\\/', ['.[](){}*+?|^$\\/']],
    ['^a{2}b{0,2}c{3,}d*?', ['aabbcccd', 'aacc', 'aaccccccdd']],
    ['^(?:ab|cd)+?e$', ['ababcde', 'abe', 'e']],
    ['^abc\\b', ['abc', 'abc!', 'abcd', 'abc_']],
    ['^\\bab(?:\\b|c)', ['ab', 'ab c', 'abc', 'abd']],
  ])('answers %s as RE2 does (classes, escapes, named groups, empty branches, repeats)', (p, cases) => {
    const twin = anchoredTwin(p);
    expect(twin, p).not.toBeNull();
    for (const t of cases) expect(shape(twin!.exec(t)), `${p} on ${JSON.stringify(t)}`).toBe(re2Answer(p, t));
  });

  it.each([
    // Not anchored at the start: V8 would try every offset.
    ['a+b'],
    ['(?:^|x)a'],
    ['^a|b'],
    // Backtracking that grows with the text: ambiguous or empty repeats, competing neighbours.
    ['^(a+)+$'],
    ['^(?:a|a)*$'],
    ['^(?:a|ab)*c'],
    ['^(?:a?)*b'],
    ['^(?:a*)*b'],
    ['^a*a*b'],
    ['^[a-z]*[a-c]x'],
    ['^\\d+\\d$'],
    ['^x(?:a?|b?)c'],
    ['^(?:a?)?c'],
    ['^x{0,5}x'],
    ['^.*=.*=$'],
    // A capture inside a repeat (V8 forgets it on each round, RE2 keeps the last one).
    ['^(?:(a)|b)+$'],
    // Outside the subset: flags, word boundaries, Unicode classes, POSIX classes, numeric escapes.
    ['^(?i)abc'],
    ['^\\pN+'],
    ['^[[:digit:]]+'],
    ['^\\x41'],
    ['^a{1001}'],
    ['^a{'],
    ['^(a'],
    // More positions that may come next than the analysis compares in pairs (each a distinct character).
    [`^x(?:${Array.from({ length: 600 }, (_, i) => String.fromCodePoint(0x100 + i)).join('|')})`],
  ])('has no twin for %s', (p) => {
    expect(anchoredTwin(p)).toBeNull();
  });

  it('splits only the first alternation into variants, each of which must be deterministic', () => {
    // Branches that share a beginning are tried one after the other: linear, so twinned.
    expect(anchoredTwin('^(?:Invalid|InvalidParameter|InvalidParameterValue)(?:\\.[A-Za-z]+){0,3}$')).not.toBeNull();
    // Within a variant, competing positions are refused.
    expect(anchoredTwin('^(?:x[a-z]*[a-c]|y)$')).toBeNull();
  });
});

/** Lines of the project's corpora and fixtures, and SDK strings printed every way the rules know. */
function corpusTexts(): string[] {
  const out: string[] = [];
  const add = (text: string) => {
    for (const l of text.split('\n')) if (l !== '') out.push(l);
  };
  for (const f of ['detect/accuracy.log', 'detect/negatives.txt']) add(readFileSync(join(ROOT, 'test', 'fixtures', f), 'utf8'));
  for (const f of readdirSync(join(ROOT, 'data', 'samples')).filter((n) => !n.endsWith('.gz'))) add(readFileSync(join(ROOT, 'data', 'samples', f), 'utf8'));
  const sdk = [
    '[TencentCloudSDKError] Code=InternalError.Db, Message=db错误。, RequestId=17d46c17-c562-441f-9645-ca707ad8edc4',
    '[TencentCloudSDKError] Code=LimitExceeded, Message=a, b, c, RequestId=%!d(string=abc-1)',
    '[TencentCloudSDKError] Code=X, Message=ends here',
    '[TencentCloudSDKError] Code=X, Message=, RequestId=',
    '[TencentCloudSDKError] Code=X, Message=m\nnext, RequestId=r',
    '[TencentCloudSDKException]code:AuthFailure message:bad requestId:1-2',
    '[TencentCloudSDKException]message:AuthFailure.X-bad thing requestId:',
    'TencentCloudSDKHttpException [Errno]: boom',
    'TencentCloudSDKHttpException: boom\nmore',
    'Code: InvalidParameter, Message: x, RequestId: 1-2-3',
    'Code: -10010,Message: y',
    "{ code: 'ResourceNotFound', requestId: 'abc-1' }",
    'RequestId=0123abcd-0123-4567-89ab-0123456789ab, ErrorCode=AuthFailure, ErrorMessage=no',
    'https://cvm.tencentcloudapi.myqcloud.com/path: 403 AccessDenied(Message: no, RequestId: QUJD+/=)',
    'ClientRequestException - {status_code:400, request_id:abc, error_code:CCI.01.400101, error_msg:bad request}',
    'ServerResponseException - {status_code:500,request_id:,error_code:APIGW.0101,error_msg:x,encoded_authorization_message:zz}',
    'xRequestException - {status_code:404, request_id:r1, error_code:E.1, error_msg:m',
    'ConnectionException - {status_code:4040, request_id:r} ClientRequestException - {status_code:401, request_id:r2, error_code:A.1, error_msg:y}',
  ];
  for (const t of sdk) out.push(t, `x ${t}`, `${t} trailing`, `${t}\n${t}`, t.slice(0, t.length >> 1), `a${t}`);
  // Lone surrogates (JSON.parse makes them from \ud800), astral characters, Unicode blanks.
  out.push('[TencentCloudSDKError] Code=X, Message=a\ud800b, RequestId=r', '\ud800AuthFailure.X \udfffInternalError', '😀AuthFailure x😀CCI.01.400101', '\ud800 code=X\udc00 code=Y', 'a\u00a0code=1\u2028code=2 code=3');
  return out;
}

describe('literalStartTwin', () => {
  const twinned = builtinPatterns().filter((p) => !p.startsWith('^') && literalStartTwin(p) !== null);

  it('has a twin for the SDK-string patterns that begin with a literal', () => {
    expect(twinned.some((p) => p.startsWith('\\[TencentCloudSDKError\\]'))).toBe(true);
    expect(twinned.length).toBeGreaterThan(6);
  });

  it('gives RE2s leftmost match (texts, groups, index) on every built-in pattern it twins, over the corpora and SDK strings', () => {
    const texts = corpusTexts();
    for (const p of twinned) {
      const re = compileRuleRegex(p);
      for (const t of texts) {
        expect(shape(re.exec(t)), `${p} on ${JSON.stringify(t.slice(0, 80))}`).toBe(re2Answer(p, t));
        expect(re.test(t)).toBe(re2Answer(p, t) !== 'null');
      }
    }
  });

  it('hands over to RE2 after too many occurrences of the literal without a match, with the same answer', () => {
    const p = String.raw`\[TencentCloudSDKError\] Code=(?<code>[A-Za-z0-9_.-]+), Message=(?<message>[^\n]*?)(?:, RequestId=(?<request_id>[A-Za-z0-9-]+)|$|\n)`;
    const miss = '[TencentCloudSDKError] Code=!'.repeat(MAX_LITERAL_ATTEMPTS + 3);
    for (const t of [miss, `${miss}[TencentCloudSDKError] Code=X, Message=m, RequestId=r`, `${'[TencentCloudSDKError] Code=!'.repeat(MAX_LITERAL_ATTEMPTS - 1)}[TencentCloudSDKError] Code=Y, Message=m`]) {
      expect(shape(compileRuleRegex(p).exec(t))).toBe(re2Answer(p, t));
    }
  });

  it.each([
    ['\\bcode: (?<c>[a-z]+)', ['code: abc', 'xcode: abc', '_code: a', 'a code: b code: c']],
    ['ab(?:c|d)+?e', ['xabce', 'abdcdde', 'abab', 'ababce']],
    ['key=(?<v>[^,]*?)(?:, next=(?<n>[0-9]+)|$)', ['key=a, next=1', 'key=a, next=x, next=2', 'key=a, next=', 'key=key=b']],
    ['(?:ab|b|cab)c=(?<v>[a-z]+)', ['cabc=x', 'abc=y bc=z', 'bc=', 'cab=1 bc=w']],
  ])('answers %s as RE2 does (word boundary before the literal, lazy repeats, short side trips)', (p, cases) => {
    expect(literalStartTwin(p), p).not.toBeNull();
    for (const t of cases) expect(shape(compileRuleRegex(p).exec(t)), `${p} on ${JSON.stringify(t)}`).toBe(re2Answer(p, t));
  });

  it.each([
    // No literal to start from.
    ['(?:^|\\s)code=(?<c>\\S+)'],
    ['a+b'],
    ['(?:a+|b)c'],
    // Two long-lived positions competing for a character: backtracking that grows with the text.
    ['msg:(?<m>[^\\n]*?) +id'],
    ['ab(?:x+)+y'],
    ['ab[a-z]*[a-z]*!'],
    ['ab.*=.*='],
    ['ab(?:c|c)*d'],
    // Outside the subset.
    ['ab\\Bc'],
    ['ab(?i)c'],
  ])('has no twin for %s', (p) => {
    expect(literalStartTwin(p)).toBeNull();
  });
});

/** RE2's successive matches: group 1 and where it starts (compile-regex.ts, findAll). */
function re2FindAll(pattern: string, text: string): string {
  let re = re2.get(pattern);
  if (re === undefined) re2.set(pattern, (re = RE2JS.compile(pattern)));
  const m = re.matcher(text);
  const found: { text: string; index: number }[] = [];
  while (found.length < 64 && m.find()) {
    const g = m.group(1);
    if (g !== null && g !== undefined) found.push({ text: g, index: m.start(1) });
  }
  return JSON.stringify(found);
}

describe('searchTwin', () => {
  const bare = loadRules().fieldsRules.flatMap((r) => (r.bare !== null ? [r.bare.source] : []));
  const twinned = builtinPatterns()
    .concat(bare)
    .filter((p) => !p.startsWith('^') && literalStartTwin(p) === null && searchTwin(p) !== null);

  it('has a twin for the code-alone patterns (searched without a literal to start from)', () => {
    expect(bare.length).toBeGreaterThan(1);
    for (const p of bare) expect(searchTwin(p), p).not.toBeNull();
  });

  it('gives RE2s successive matches and leftmost match on every pattern it twins, over the corpora, codes and SDK strings', () => {
    const texts = corpusTexts().concat(texts_());
    for (const p of twinned) {
      const re = compileRuleRegex(p);
      for (const t of texts) {
        expect(JSON.stringify(re.findAll(t, 64)), `${p} on ${JSON.stringify(t.slice(0, 80))}`).toBe(re2FindAll(p, t));
        expect(shape(re.exec(t)), `${p} on ${JSON.stringify(t.slice(0, 80))}`).toBe(re2Answer(p, t));
      }
    }
  });

  it.each([
    ['(?:^|[^a-z])([a-z]+[0-9])', ['ab1 cd2', 'ab cd2', 'x1', '1a1', 'ab1cd2', '']],
    ['(?:^|\\s)k=(?<v>[a-z]+)(?:\\s|$)', ['k=a k=b', ' k=ab1 k=c', 'k=', 'xk=a']],
  ])('answers %s as RE2 does (start of text, successive matches)', (p, cases) => {
    expect(searchTwin(p), p).not.toBeNull();
    for (const t of cases) expect(JSON.stringify(compileRuleRegex(p).findAll(t, 64)), `${p} on ${JSON.stringify(t)}`).toBe(re2FindAll(p, t));
  });

  it.each([
    // An attempt may start where another one has read: attempts that grow with the text.
    ['(?:^|\\s)msg="(?<m>[^"]*)"'],
    ['[a-z]+x'],
    ['(?:a|b)*c'],
    ['a[^b]*b'],
  ])('has no twin for %s', (p) => {
    expect(searchTwin(p)).toBeNull();
  });
});
