/**
 * `--multiline stack`: an exception line followed by its indented frames is one event.
 * Covers Java/Node (`at …`), Python (`File "…"` after `Traceback`), Go panics, `Caused by:`, and
 * the `{ requestId: '…', code: '…' }` block Node prints after an SDK error's stack.
 */

const STACK_START_RE =
  /^(?:Traceback \(most recent call last\):|panic: |Exception in thread |\S[^\n]{0,300}?(?:Error|Exception|Throwable)(?: \[\w+\])?: )/;

/** Does this line begin a stack trace (an exception header)? */
export function isStackStart(text: string): boolean {
  return STACK_START_RE.test(text.length > 4096 ? text.slice(0, 4096) : text);
}

const CONTINUATION_RE = /^(?:[ \t]+\S|Caused by: |\.\.\. \d+ more|goroutine \d+ \[|\}\s*$|\]\s*$)/;

/** Is this line a continuation of the stack trace started before it? */
export function isStackContinuation(text: string, braceDepth: number): boolean {
  if (braceDepth > 0) return true;
  return CONTINUATION_RE.test(text);
}

/** Python prints the exception itself after the frames, unindented: `ValueError: bad`. */
const PY_TAIL_RE = /^[\w.]+(?:Error|Exception|Warning)\b.*$/;
export function isPythonExceptionTail(text: string): boolean {
  return PY_TAIL_RE.test(text.length > 4096 ? text.slice(0, 4096) : text);
}
