/**
 * The chunk-wide trigger scan of LineSplitter (src/input/split-lines.ts): a line marked
 * `triggered: false` skips detection entirely, so a literal the scan misses is a vendor error lost.
 * Whatever the literals and however the input is cut into chunks, a line's `triggered` must equal
 * "the line contains one of the literals".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/detect/compile-rules.js';
import { digitsTwin, type RuleRegex } from '../../src/detect/compile-regex.js';
import { codeAllowed } from '../../src/detect/detect-payloads.js';
import { findCandidates, hasCandidate, planTriggerScan, startAtRareByte } from '../../src/detect/trigger-scan.js';
import { LineSplitter, type Line } from '../../src/input/split-lines.js';

const builtIn = loadRules().triggers;

function splitInto(chunks: Buffer[], literals: readonly Buffer[]): Line[] {
  const lines: Line[] = [];
  const splitter = new LineSplitter(1 << 20, {
    line: (l) => lines.push(l),
    overlongStart: () => {
      throw new Error('no line here is over-long');
    },
    overlongPiece: () => undefined,
    overlongEnd: () => undefined,
  });
  splitter.setTriggerScan(planTriggerScan(literals));
  for (const c of chunks) splitter.push(c);
  splitter.end();
  return lines;
}

/** Every line whose flag the scan decided must carry the naive answer. */
function expectFlagsRight(lines: Line[], literals: readonly Buffer[]): number {
  let decided = 0;
  for (const l of lines) {
    if (l.triggered === undefined) continue;
    decided++;
    expect({ line: l.bytes.toString('latin1'), triggered: l.triggered }).toEqual({
      line: l.bytes.toString('latin1'),
      triggered: literals.some((t) => l.bytes.includes(t)),
    });
  }
  return decided;
}

function cut(input: Buffer, sizes: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  for (let i = 0; at < input.length; i++) {
    const n = Math.max(1, sizes.length > 0 ? sizes[i % sizes.length]! : input.length);
    chunks.push(input.subarray(at, at + n));
    at += n;
  }
  return chunks;
}

describe('trigger scan plan', () => {
  it('covers every literal exactly once, each at an offset where its anchor really is', () => {
    const plan = planTriggerScan(builtIn);
    const members = plan.anchors.flatMap((a) => a.members.map((m) => ({ ...m, anchor: a.anchor })));
    expect(members.map((m) => m.literal.toString()).sort()).toEqual(builtIn.map((t) => t.toString()).sort());
    for (const m of members) expect(m.literal.subarray(m.offset, m.offset + m.anchor.length).equals(m.anchor)).toBe(true);
  });

  it('the built-in literals: one pass for the code keys ("ode"), one per vendor marker, searched from its rarest byte ("cent" also holds both SDK names)', () => {
    const plan = planTriggerScan(builtIn);
    expect(plan.anchors.map((a) => a.anchor.toString())).toEqual(['ode', 'HostID', 'GW.', 'Failur', 'DLI.0', 'kom', 'cent', 'ase', 'qcloud', 'wei', '腾讯']);
    expect(plan.anchors.map((a) => a.members.map((m) => m.literal.toString()))).toEqual([
      expect.arrayContaining(['"Code', 'code=', '\\u0043ode']),
      [', HostID: '],
      ['APIGW.'],
      ['AuthFailure.'],
      ['DLI.0'],
      ['elekom'],
      ['encent'],
      ['etease'],
      ['qcloud'],
      ['uawei'],
      ['腾讯'],
    ]);
  });

  it('an own anchor starts at the literal\'s rarest byte, is at most six bytes and at least three', () => {
    const part = (s: string) => startAtRareByte(Buffer.from(s)).toString();
    expect(part('myqcloud.com/')).toBe('qcloud');
    expect(part('APIGW.')).toBe('GW.');
    expect(part('uawei')).toBe('wei');
    expect(part('ode')).toBe('ode');
    expect(part('ab')).toBe('ab');
    expect(part('aaaQaaaaaa')).toBe('Qaaaaa');
    // The rarest byte too near the end to start three bytes: the best start before it.
    expect(part('eeeeQ')).toBe('eeeeQ');
    expect(part('腾讯')).toBe('腾讯');
  });

  it('after the shared 3-byte anchor, left-over literals pair up on a run of 8+ bytes; shorter runs keep their own anchors', () => {
    const literals = ['Code1', 'Code2', 'Code3', 'QuotaExceeded.Disk', 'Exception: QuotaExceeded', 'xyzExc'].map((t) => Buffer.from(t));
    const plan = planTriggerScan(literals);
    expect(plan.anchors.map((a) => [a.anchor.toString(), a.members.map((m) => m.literal.toString())])).toEqual([
      ['Cod', ['Code1', 'Code2', 'Code3']],
      ['QuotaE', ['QuotaExceeded.Disk', 'Exception: QuotaExceeded']],
      ['Exc', ['xyzExc']],
    ]);
  });
});

describe('chunk-wide trigger scan', () => {
  it('the built-in literals at a chunk start and end, inside other literals, and in lines without any', () => {
    const input = Buffer.from(
      [
        '"Code":"AuthFailure"',
        'no trigger: node mode decode episode, exit code 1, encoded',
        'x [TencentCloudSDKException] code: y',
        'TencentCloudSDKHttpException at the start',
        'ends with status_code: and Exception - {status_code:',
        'error code=5100',
        'partial: [Tencen and Huawe and AuthFailure and APIGW and "Cod',
        '"error_code":1 "errorCode":2',
      ].join('\n') + '\n',
    );
    for (const size of [input.length, 1, 2, 3, 5, 7, 16, 29]) {
      const lines = splitInto(cut(input, [size]), builtIn);
      expect(lines).toHaveLength(8);
      expectFlagsRight(lines, builtIn);
    }
    const whole = splitInto([input], builtIn);
    expect(whole.map((l) => l.triggered)).toEqual([true, false, true, true, true, true, false, true]);
  });

  it('one shared anchor whose members sit at different offsets: hits of later lines never hide a trigger', () => {
    // All three literals share "_od" (one pass, no merge sort); their starts lie 1, 3 and 9 bytes
    // before it.
    const literals = ['x_ode', 'err_ode=', 'Exception_ode:'].map((t) => Buffer.from(t));
    const plan = planTriggerScan(literals);
    expect(plan.anchors).toHaveLength(1);
    expect(plan.anchors[0]!.members.map((m) => m.offset)).toEqual([1, 3, 9]);
    const input = Buffer.from('a Exception_ode: b err_ode= x_ode\nplain\nq err_ode=\ny_ode err_ode Exception_ode\nException_ode:\n');
    for (const size of [input.length, 1, 3, 8, 13]) {
      const lines = splitInto(cut(input, [size]), literals);
      expectFlagsRight(lines, literals);
    }
    expect(splitInto([input], literals).map((l) => l.triggered)).toEqual([true, false, true, false, true]);
  });

  it('property: any literals, any lines, any chunking: a decided flag is the naive answer', () => {
    const chars = 'aeCc"_:=Tx ';
    const small = fc.array(fc.constantFrom(...chars.split('')), { maxLength: 4 }).map((a) => a.join(''));
    // Literals around a shared core (so that they share an anchor and are told apart by their
    // other bytes), and some of their own.
    const literal = fc.oneof(
      fc.tuple(small, fc.constantFrom('ode', 'TencentCloudSDK'), small).map(([a, core, b]) => a + core + b),
      fc.array(fc.constantFrom(...chars.split('')), { minLength: 1, maxLength: 10 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(literal, { minLength: 1, maxLength: 6 }),
        fc.array(fc.array(fc.tuple(fc.nat(), fc.constantFrom('whole', 'no-first', 'no-last', 'last-changed'), small), { maxLength: 8 }), { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 5 }),
        (words, linePlans, sizes) => {
          // Each line: literals whole or as near misses (a byte short at either end, or the last
          // byte changed) between bits of noise.
          const lineTexts = linePlans.map((pieces) =>
            pieces
              .map(([w, shape, noise]) => {
                const lit = words[w % words.length]!;
                const piece =
                  shape === 'no-first' ? lit.slice(1) : shape === 'no-last' ? lit.slice(0, -1) : shape === 'last-changed' ? lit.slice(0, -1) + (lit.endsWith('x') ? 'e' : 'x') : lit;
                return piece + noise;
              })
              .join(''),
          );
          const literals = words.map((w) => Buffer.from(w));
          const input = Buffer.from(lineTexts.map((l) => l + '\n').join(''));
          const lines = splitInto(cut(input, sizes), literals);
          expect(lines).toHaveLength(lineTexts.length);
          expectFlagsRight(lines, literals);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the value check at code keys (the built-in rules)', () => {
  const scan = loadRules().byteScan;
  const candidate = (line: string) => hasCandidate(Buffer.from(line), scan);

  it('a code key whose value is a short number no rule accepts, or a longer key, is no candidate', () => {
    for (const line of ['{"level":"info","msg":"GET /","code":200}', '{"code":0,"message":"ok"}', 'exit code=1', 'Code: 404, Message: not found', '{"codeDesc":"x","errorCode":1}', "{'code': 42}", '{"code":"200"}'])
      expect(candidate(line), line).toBe(false);
  });

  it('a code a rule could accept, anything unusual after the key, or a vendor marker is a candidate', () => {
    for (const line of [
      '{"code":4000,"message":"x"}',
      '{"code":-10010}',
      '{"code":-1}',
      '{"code":"AuthFailure"}',
      '{"code":200.5}',
      '{"code":[200]}',
      '\\"Code\\":\\"InternalError\\"',
      '{"code":200,"msg":"Tencent"}',
      '[TencentCloudSDKException] code: 200',
      '<Code>NoSuchKey</Code>',
    ])
      expect(candidate(line), line).toBe(true);
  });

  it('a quoted key closed right after it, with a quoted word none of its readers accepts, is no candidate', () => {
    for (const line of [
      '{"level":"warn","msg":"charge failed","code":"card_declined"}',
      '{"log":"{\\"code\\":\\"card_declined\\",\\"status\\":402}\\n","stream":"stdout"}',
      "{'code': 'not_found'}",
      '{"error_code":"invalid_grant"}',
      '{"errorCode": "rate-limited"}',
      // a capitalised word only the COS/OBS XML rules take, without their evidence in the line
      '{"level":50,"err":{"type":"Error","message":"read ECONNRESET","code":"ECONNRESET"},"msg":"request errored"}',
      '{"level":"warn","msg":"upstream error","code":"NotFound","span_id":"00f067aa0ba902b7"}',
    ])
      expect(candidate(line), line).toBe(false);
  });

  it('a word only evidence-bound rules take is a candidate when the line may hold their evidence: a marker, a request or trace id key, a \\u escape', () => {
    for (const line of [
      '{"code":"ECONNRESET","requestId":"abc"}',
      '{"code":"ECONNRESET","x-request-id":"abc"}',
      '{"code":"NoSuchKey","Request ID":"NjA2"}',
      '{"code":"ECONNRESET","trace_id":"abc"}',
      '{"code":"NoSuchKey","host":"b-1250000000.cos.ap-beijing.myqcloud.com"}',
      '{"code":"NoSuchKey","sdk":"esdk-obs-java"}',
      '{"code":"NoSuchKey","note":"\\u0052equestId"}',
    ])
      expect(candidate(line), line).toBe(true);
    // The evidence is looked for in the hit's own line only, not in the next one.
    const two = Buffer.from('{"code":"NoSuchKey"}\n{"requestId":"NjA2"}\n');
    expect(findCandidates(two, two.length, scan, false)).toEqual([]);
  });

  it('a quoted word some reader of that key accepts, or a value that is not a plain quoted word, is a candidate', () => {
    for (const line of [
      // object rules read "Code" exactly (API 3.0 Error.Code: any word)
      '{"Code":"card_declined"}',
      '{"code":"ResourceNotFound.ClusterNotFound"}',
      '{"errorCode":"CCI.02.409101"}',
      '{"error_code":"APIGW.0101"}',
      // not a plain quoted word: a blank, an escape, other quotes, unbalanced escapes, no closing quote
      '{"code":"card declined"}',
      '{"code":"card\\u005fdeclined"}',
      '{"code":\'card_declined\'}',
      '{"code":\\"card_declined\\"}',
      '{"code":"card_declined',
      // not closed right after the key: another literal may read it (`code:` is the SDKs' `code:X`)
      '"code: "card_declined"',
      // a key that goes on; no ":" or "=" between key and word
      '{"code_":"card_declined"}',
      '{"code""card_declined"}',
    ])
      expect(candidate(line), line).toBe(true);
  });

  it('the chunk-wide scan and the per-line check agree, however the input is cut', () => {
    const lines = ['{"code":200}', '{"code":4000,"message":"x"}', 'code=abc', 'plain', '{"errorCode":7,"error_code":"APIGW.0101"}'];
    const input = Buffer.from(lines.join('\n') + '\n');
    for (const size of [input.length, 1, 4, 9]) {
      const got: Line[] = [];
      const splitter = new LineSplitter(1 << 20, { line: (l) => got.push(l), overlongStart: () => undefined, overlongPiece: () => undefined, overlongEnd: () => undefined });
      splitter.setTriggerScan(scan);
      for (const c of cut(input, [size])) splitter.push(c);
      splitter.end();
      for (const l of got) if (l.triggered !== undefined) expect(l.triggered, l.bytes.toString()).toBe(hasCandidate(l.bytes, scan));
      if (size === input.length) expect(got.map((l) => l.triggered)).toEqual([false, true, true, false, true]);
    }
  });
});

describe('the value check with user rules', () => {
  const withUserRule = (rule: object) => {
    const dir = mkdtempSync(join(tmpdir(), 'errenrich-scan-rules-'));
    try {
      writeFileSync(join(dir, 'acme.json'), JSON.stringify({ vendor: 'acme', version: '1', rules: [rule] }));
      return loadRules([dir]).byteScan;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const bare = (triggers: string[]) => ({
    id: 'acme.bare', shape: 'fields', triggers, bare: true, keys: { code: ['code'], request_id: ['requestid'] }, code: { pattern: '^[a-z]+_[a-z]+$' },
    evidence: { request_id: '^acme-[0-9]+$' }, lookup: { catalogs: [], accept: 'any' },
  });

  it('a bare fields rule reads keyed codes too: a word it accepts under its key stays a candidate where its evidence may be, without its markers', () => {
    const scan = withUserRule(bare(['acme-sdk']));
    expect(hasCandidate(Buffer.from('{"code":"card_declined","requestId":"acme-1"}'), scan)).toBe(true);
    expect(hasCandidate(Buffer.from('{"code":"card_declined"}'), scan)).toBe(false);
    expect(hasCandidate(Buffer.from('{"code":"Card-Declined"}'), scan)).toBe(false);
  });

  it('a rule reached through the key that reads its code elsewhere (a bare code) turns the word check off for that key', () => {
    const scan = withUserRule(bare(['"code']));
    expect(hasCandidate(Buffer.from('{"code":"Card-Declined"}'), scan)).toBe(true);
  });
});

describe('short numbers are judged with V8 twins of the rules\' code patterns', () => {
  it('every built-in rule gives the same answer with its twin as with RE2, for every number the table holds (1-3 digits, leading zeros, minus)', () => {
    const rules = loadRules();
    const all = [...rules.objectRules, ...rules.textRules, ...rules.fieldsRules, ...rules.messageRules];
    const twinOf = new Map<RuleRegex, RegExp | null>();
    const viaTwin = (re: RuleRegex, text: string) => {
      if (!twinOf.has(re)) twinOf.set(re, digitsTwin(re));
      const twin = twinOf.get(re)!;
      return twin !== null ? twin.test(text) : re.test(text);
    };
    const numbers: string[] = [];
    for (const digits of [1, 2, 3]) for (let v = 0; v < 10 ** digits; v++) numbers.push(String(v).padStart(digits, '0'), '-' + String(v).padStart(digits, '0'));
    let compared = 0;
    for (const rule of all) {
      for (const n of numbers) {
        expect(codeAllowed(rule, n, viaTwin), `${rule.id} on ${n}`).toBe(codeAllowed(rule, n));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(all.length * 2000);
    // Some built-in patterns really are run by their twins.
    expect([...twinOf.values()].filter((t) => t !== null).length).toBeGreaterThan(0);
  });

  it('a pattern V8\'s Unicode mode refuses has no twin (RE2 answers)', () => {
    for (const source of ['(?i)^abc$', '(?P<code>\\d+)', '\\pN+', '^\\d+\\z', '[[:digit:]]+']) {
      expect(digitsTwin({ source } as RuleRegex), source).toBeNull();
    }
    expect(digitsTwin({ source: '^\\d{4,}$' } as RuleRegex)?.test('200')).toBe(false);
  });
});
