/**
 * The package's own rules skip the regex backtracking analysis at start-up (loadRules trusts
 * them, see compile-rules.ts). This is where that trust is earned: with the analysis on, they
 * pass it — and an unsafe pattern put among them is still refused by the same check.
 */
import { describe, expect, it } from 'vitest';
import { builtinRulesDir, readRuleDir, validateRuleFiles } from '../../src/detect/compile-rules.js';

describe('built-in rules', () => {
  const files = readRuleDir(builtinRulesDir());

  it('pass the full validation, regex backtracking analysis included', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(validateRuleFiles(files)).toEqual([]);
  });

  it('the analysis is really on when they are not trusted: a nested quantifier among them is refused', () => {
    const tampered = files.map((f, i) =>
      i === 0 ? { ...f, spec: { ...f.spec, rules: [{ ...f.spec.rules[0]!, code: { pattern: '(a+)+$' } }, ...f.spec.rules.slice(1)] } } : f,
    );
    expect(validateRuleFiles(tampered).join('\n')).toMatch(/backtrack catastrophically/);
    // …and skipped, but still compiled, for trusted files.
    expect(validateRuleFiles(tampered, new Set(tampered.map((f) => f.file)))).toEqual([]);
    const broken = files.map((f, i) => (i === 0 ? { ...f, spec: { ...f.spec, rules: [{ ...f.spec.rules[0]!, code: { pattern: '(' } }, ...f.spec.rules.slice(1)] } } : f));
    expect(validateRuleFiles(broken, new Set(broken.map((f) => f.file))).join('\n')).toMatch(/invalid regular expression/);
  });
});
