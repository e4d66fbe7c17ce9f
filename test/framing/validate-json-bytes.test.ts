import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isJsonObjectBytes } from '../../src/framing/validate-json-bytes.js';

function reference(s: string): boolean {
  try {
    const v: unknown = JSON.parse(s);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

const check = (s: string) => expect(isJsonObjectBytes(Buffer.from(s)), s).toBe(reference(s));

describe('isJsonObjectBytes agrees with JSON.parse', () => {
  it('on hand-picked cases', () => {
    for (const s of [
      '{}', ' { } ', '{"a":1}', '{"a":[1,2,{"b":null}],"c":"x\\"y\\\\z\\u00e9\\n"}', '{"a":-0.5e+10}', '{"a":1e999}',
      '{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":-}', '{"a":+1}', '{"a":tru}', '{"a":true', '{"a":1}}', '{"a":1},',
      '{"a"}', '{a:1}', "{'a':1}", '{"a":"\t"}', '{"a":"\\x"}', '{"a":"\\u12"}', '[1]', '"x"', '1', '{"a":[]}', '{"a":[,]}',
      '{"a":[1,]}', '{"a":1,}', '{,}', '{"a":1 "b":2}', '{"a" : [ 1 , 2 ] }', '{"":""}', '{"a":{"b":{"c":{}}}}', '', '{',
      '{"a":"b"} x', '{"dup":1,"dup":2}', '{"n":-0}', '{"a":[[[[[]]]]]}',
    ])
      check(s);
  });

  it('on random JSON values and mutations of them', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.constantFrom('', ' ', '}', ']', ',', '"', '\\', 'x', '\n'), (v, pos, ins) => {
        const s = JSON.stringify(v) ?? 'null';
        check(s);
        const wrapped = `{"v":${s}}`;
        check(wrapped);
        const p = pos % (wrapped.length + 1);
        check(wrapped.slice(0, p) + ins + wrapped.slice(p));
        check(wrapped.slice(0, p));
      }),
      { numRuns: 3000 },
    );
  });

  it('answers no (instead of recursing) for very deep nesting', () => {
    const deep = '{"a":' + '['.repeat(100000) + ']'.repeat(100000) + '}';
    expect(isJsonObjectBytes(Buffer.from(deep))).toBe(false);
  });
});
