/**
 * The library's line APIs refuse `input: 'json'` (whole JSON documents) instead of silently reading
 * the bytes as auto-framed lines, which would give a different result from the CLI's --input json.
 */
import { describe, expect, it } from 'vitest';
import { createEnricher, enrichLine, OptionError } from '../../src/index.js';

describe("library: input 'json'", () => {
  it('createEnricher refuses it with an OptionError naming the option', () => {
    expect(() => createEnricher({ input: 'json' })).toThrow(OptionError);
    expect(() => createEnricher({ input: 'json' })).toThrow(/input "json"/);
  });

  it('enrichLine refuses it too', () => {
    expect(() => enrichLine('{"a":1}', { input: 'json' })).toThrow(OptionError);
  });

  it('the other input formats are still accepted', () => {
    for (const input of ['auto', 'docker', 'cri', 'kubectl', 'text'] as const) expect(() => createEnricher({ input }).destroy()).not.toThrow();
  });
});
