/**
 * OutputArena.jsonEscaped writes valid UTF-8 bytes as the inside of a JSON string without decoding
 * them: its bytes must be exactly what JSON.stringify of the decoded text gives (the fast path's
 * text and CRI records are byte-compared with the slow path's elsewhere; this checks every byte).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutputArena } from '../../src/output/output-arena.js';

function escaped(text: string, prefix = ''): string {
  const b = Buffer.from(prefix + text);
  const out = new OutputArena(16);
  out.byte(0x22);
  out.jsonEscaped(b, Buffer.byteLength(prefix), b.length);
  out.byte(0x22);
  return out.take().toString('utf8');
}

describe('OutputArena.jsonEscaped', () => {
  it('every control character, quote and backslash as JSON.stringify writes them', () => {
    for (let c = 0; c < 0x80; c++) {
      const s = `a${String.fromCharCode(c)}b`;
      expect(escaped(s)).toBe(JSON.stringify(s));
    }
  });

  it('multi-byte text, U+2028/U+2029, emoji and DEL pass through unescaped, like JSON.stringify', () => {
    for (const s of ['错误码：AuthFailure', '\u2028\u2029', 'ok 🚀 "quoted" \\path\\', '\u007f', '']) {
      expect(escaped(s)).toBe(JSON.stringify(s));
    }
  });

  it('any string (valid UTF-8), starting at an offset in the buffer: the same bytes as JSON.stringify', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 5 }), (text, prefix) => {
        // Lone surrogates are not valid UTF-8 (Buffer.from would replace them): not this function's input.
        fc.pre(Buffer.from(text).toString('utf8') === text);
        expect(escaped(text, prefix)).toBe(JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('grows the buffer for the worst case (every byte a 6-byte escape)', () => {
    const s = '\u0001'.repeat(10_000);
    expect(escaped(s)).toBe(JSON.stringify(s));
  });
});

describe('OutputArena.lineAsIs', () => {
  const chunk = Buffer.from('{"a":1}\n{"b":2}\r\n{"c":3}\n{"d":4}\nlast');
  const at = (s: string) => chunk.indexOf(s);

  it('writes each record with its newline, in order, whether or not lines run on, and mixed with other writes', () => {
    const out = new OutputArena(16);
    out.lineAsIs(chunk, at('{"a"'), at('{"a"') + 7); // its own "\n" follows
    out.lineAsIs(chunk, at('{"b"'), at('{"b"') + 7); // "\r" follows: not its newline
    out.lineAsIs(chunk, at('{"c"'), at('{"c"') + 7);
    out.lineAsIs(chunk, at('{"d"'), at('{"d"') + 7); // runs on from the line before
    expect(out.length).toBe(32);
    out.text('{"message":"x"}\n');
    out.lineAsIs(chunk, at('last'), chunk.length); // at the chunk's end: no byte after it
    expect(out.take().toString()).toBe('{"a":1}\n{"b":2}\n{"c":3}\n{"d":4}\n{"message":"x"}\nlast\n');
    expect(out.length).toBe(0);
  });

  it('a run never outlives a take: the chunk may change afterwards', () => {
    const mutable = Buffer.from('{"a":1}\n{"b":2}\n');
    const out = new OutputArena();
    out.lineAsIs(mutable, 0, 7);
    out.lineAsIs(mutable, 8, 15);
    const taken = out.take();
    mutable.fill(0x78);
    expect(taken.toString()).toBe('{"a":1}\n{"b":2}\n');
  });
});
