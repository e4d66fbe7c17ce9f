/**
 * Bracket balance of JSON-like text, respecting strings and escapes. Used to tell whether a line
 * opens a JSON block that continues on the next lines, and where an embedded JSON value ends.
 */

export interface BalanceState {
  /** Stack of open brackets ("{" or "["). */
  stack: string[];
  inString: boolean;
  escaped: boolean;
  /** Set when broken: the index of the mismatched closer. */
  brokenAt?: number;
}

export function newBalanceState(): BalanceState {
  return { stack: [], inString: false, escaped: false };
}

/**
 * Feeds `text[from..]` into the state. Returns the index just past the bracket that closed the
 * outermost value (stack back to empty after having been non-empty), or -1 if still open (or a
 * mismatched closer was seen: then `state.stack` is set to ["!"] to mark it broken).
 */
export function feedBalance(state: BalanceState, text: string, from = 0): number {
  const stack = state.stack;
  let inString = state.inString;
  let escaped = state.escaped;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      if (stack.length > 0) inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      stack.push(c === 0x7b ? '{' : '[');
    } else if (c === 0x7d || c === 0x5d) {
      if (stack.length === 0) continue;
      const open = stack.pop();
      if ((c === 0x7d && open !== '{') || (c === 0x5d && open !== '[')) {
        state.stack = ['!'];
        state.inString = false;
        state.escaped = false;
        state.brokenAt = i;
        return -1;
      }
      if (stack.length === 0) {
        state.inString = false;
        state.escaped = false;
        return i + 1;
      }
    }
  }
  state.inString = inString;
  state.escaped = escaped;
  return -1;
}

export function isBroken(state: BalanceState): boolean {
  return state.stack.length === 1 && state.stack[0] === '!';
}

/**
 * Does this line open a JSON object/array that does not close on the same line?
 * Cheap pre-check: the last non-blank character must be "{" or "[" (pretty printers put the
 * opener at the end of the line), then a scan from the first opener confirms it stays open.
 * Returns the index of the opener that starts the block, or -1.
 */
export function findOpeningBracket(text: string): number {
  let end = text.length - 1;
  while (end >= 0 && (text.charCodeAt(end) === 0x20 || text.charCodeAt(end) === 0x09)) end--;
  if (end < 0) return -1;
  const last = text.charCodeAt(end);
  if (last !== 0x7b && last !== 0x5b) return -1;
  // Try each opener from the left: the block starts at the first one that is still open at the end.
  for (let start = 0; start <= end; start++) {
    const c = text.charCodeAt(start);
    if (c !== 0x7b && c !== 0x5b) continue;
    const state = newBalanceState();
    const closed = feedBalance(state, text, start);
    if (closed === -1 && !isBroken(state)) return start;
    if (closed !== -1) start = closed - 1;
    // Every opener before the mismatch either closes before it or breaks on it too: skip them
    // (re-scanning from each made a line of 10^6 "{" then "]{" quadratic).
    else start = state.brokenAt!;
  }
  return -1;
}
