/**
 * The package's own rules skip the load-time regex compilation at start-up (loadRules trusts them,
 * see compile-rules.ts; their patterns are compiled on first use). This is where that trust is
 * earned: validated as user rules, they pass — and a pattern the linear engine cannot run put among
 * them is refused by the same check.
 */
import { describe, expect, it } from 'vitest';
import { builtinRulesDir, readRuleDir, validateRuleFiles } from '../../src/detect/compile-rules.js';

describe('built-in rules', () => {
  const files = readRuleDir(builtinRulesDir());

  it('pass the full validation', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(validateRuleFiles(files)).toEqual([]);
  });

  it('a bare rule looks for a code only when one of its triggers is in the event: each of its evidence markers holds one', () => {
    for (const { spec } of files)
      for (const rule of spec.rules) {
        if (rule.shape !== 'fields' || rule.bare !== true) continue;
        const unreachable = (rule.evidence?.markers ?? []).filter((m) => !rule.triggers.some((t) => m.includes(t)));
        expect(unreachable, rule.id).toEqual([]);
      }
  });

  it('the check is really on when they are not trusted: a back-reference among them is refused (and skipped when trusted)', () => {
    const tampered = files.map((f, i) =>
      i === 0 ? { ...f, spec: { ...f.spec, rules: [{ ...f.spec.rules[0]!, code: { pattern: '(a)\\1' } }, ...f.spec.rules.slice(1)] } } : f,
    );
    expect(validateRuleFiles(tampered).join('\n')).toMatch(/linear-time engine \(RE2\)/);
    expect(validateRuleFiles(tampered, new Set(tampered.map((f) => f.file)))).toEqual([]);
  });
});
