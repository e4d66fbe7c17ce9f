/**
 * Refuses regular expressions that can backtrack catastrophically before they ever run: an
 * unbounded quantifier inside another unbounded quantifier (`(a+)+`, `(\w*x?)*`), an alternation
 * under an unbounded quantifier (`(a|a)*`), and back-references. Bounded quantifiers such as
 * `?` or `{0,3}` do not count. Together with the bounded window every text rule runs on (see
 * detect-payloads.ts), a bad rule cannot hang a run.
 */
import { createRequire } from 'node:module';
import type { tokenizer as Tokenizer, types as RetTypes } from 'ret';

// ret is CommonJS whose module.exports is the tokenizer function (its typings only describe the
// named export). It is loaded on the first check: the built-in rules are checked by the tests, not
// at every start (see loadRules), so a plain run never pays for it.
let ret: { tokenizer: typeof Tokenizer; types: typeof RetTypes } | null = null;
function loadRet(): { tokenizer: typeof Tokenizer; types: typeof RetTypes } {
  if (ret === null) {
    const m = createRequire(import.meta.url)('ret') as typeof Tokenizer & { types: typeof RetTypes };
    ret = { tokenizer: m, types: m.types };
  }
  return ret;
}

type Token = ReturnType<typeof Tokenizer>;
const MAX_UNBOUNDED = 20;

export function checkRegexSafety(pattern: string): string | null {
  try {
    new RegExp(pattern);
  } catch (e) {
    return `invalid regular expression: ${(e as Error).message}`;
  }
  // ret does not know named back-references: `\k<name>` after an even number of backslashes.
  if (/(?:^|[^\\])(?:\\\\)*\\k</.test(pattern)) return `${REFUSED} (back-references are not allowed)`;
  let root: Token;
  try {
    root = loadRet().tokenizer(pattern);
  } catch (e) {
    return `cannot analyse regular expression: ${(e as Error).message}`;
  }
  const state = { unbounded: 0, problem: null as string | null };
  walk(root, 0, state);
  return state.problem;
}

const REFUSED = 'refused: the regular expression can backtrack catastrophically';

function walk(node: unknown, depth: number, state: { unbounded: number; problem: string | null }): void {
  if (state.problem || node === null || typeof node !== 'object') return;
  const types = loadRet().types;
  const n = node as { type: number; stack?: unknown[]; options?: unknown[][]; value?: unknown; max?: number };
  if (n.type === types.REFERENCE) {
    state.problem = `${REFUSED} (back-references are not allowed)`;
    return;
  }
  if (n.type === types.REPETITION) {
    const unbounded = n.max === Infinity || (n.max ?? 0) > 100;
    if (unbounded) {
      if (depth > 0) {
        state.problem = `${REFUSED} (a quantifier inside a quantified group, like (a+)+)`;
        return;
      }
      state.unbounded += 1;
      if (state.unbounded > MAX_UNBOUNDED) {
        state.problem = `${REFUSED} (more than ${MAX_UNBOUNDED} unbounded quantifiers)`;
        return;
      }
      const inner = n.value as { options?: unknown[][] } | undefined;
      if (inner && Array.isArray(inner.options) && inner.options.length > 1) {
        state.problem = `${REFUSED} (an alternation under a quantifier, like (a|b)*)`;
        return;
      }
      walk(n.value, depth + 1, state);
      return;
    }
    walk(n.value, depth, state);
    return;
  }
  checkSequence(n.stack ?? [], state);
  for (const t of n.stack ?? []) walk(t, depth, state);
  for (const opt of n.options ?? []) {
    checkSequence(opt, state);
    for (const t of opt) walk(t, depth, state);
  }
}

/**
 * Unbounded quantifiers side by side with nothing mandatory between them (".*.*.*=",
 * "\s*\s*\s*x") backtrack polynomially — cubic and worse is refused. A character, a set or a
 * group between them ends the run; zero-width assertions and optional parts do not.
 */
const MAX_ADJACENT_UNBOUNDED = 2;
function checkSequence(tokens: unknown[], state: { problem: string | null }): void {
  const types = loadRet().types;
  let run = 0;
  for (const t of tokens) {
    if (state.problem) return;
    const n = t as { type: number; min?: number; max?: number };
    if (n.type === types.REPETITION) {
      if (n.max === Infinity || (n.max ?? 0) > 100) {
        run += 1;
        if (run > MAX_ADJACENT_UNBOUNDED) {
          state.problem = `${REFUSED} (${run} unbounded quantifiers side by side, like .*.*.*: polynomial backtracking)`;
          return;
        }
      } else if ((n.min ?? 0) > 0) run = 0;
    } else if (n.type !== types.POSITION) run = 0;
  }
}
