/**
 * The package's own rules are compiled like user rules: every pattern on the linear-time engine
 * (src/detect/compile-regex.ts). A pattern it cannot run is refused among them too, trusted or not.
 */
import { describe, expect, it } from 'vitest';
import { builtinRulesDir, readRuleDir, validateRuleFiles } from '../../src/detect/compile-rules.js';

describe('built-in rules', () => {
  const files = readRuleDir(builtinRulesDir());

  it('pass the full validation', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(validateRuleFiles(files)).toEqual([]);
  });

  it('a pattern the linear engine cannot run is refused among them, trusted or not', () => {
    const tampered = files.map((f, i) =>
      i === 0 ? { ...f, spec: { ...f.spec, rules: [{ ...f.spec.rules[0]!, code: { pattern: '(a)\\1' } }, ...f.spec.rules.slice(1)] } } : f,
    );
    expect(validateRuleFiles(tampered).join('\n')).toMatch(/linear-time engine \(RE2\)/);
    expect(validateRuleFiles(tampered, new Set(tampered.map((f) => f.file))).join('\n')).toMatch(/linear-time engine \(RE2\)/);
  });
});
