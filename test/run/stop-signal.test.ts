/** createStopSignal: the one stop request shared by the CLI, the workers and --follow. */
import { describe, expect, it } from 'vitest';
import { createStopSignal, stopAlsoWhen } from '../../src/run/stop-signal.js';

describe('createStopSignal', () => {
  it('is not stopped until asked; every subscriber is called on each request; unsubscribe works', () => {
    const c = createStopSignal();
    const calls: string[] = [];
    const offA = c.signal.onStop(() => calls.push('a'));
    c.signal.onStop(() => calls.push('b'));
    expect(c.signal.stopped).toBe(false);
    c.stop();
    expect(c.signal.stopped).toBe(true);
    offA();
    c.stop();
    expect(calls).toEqual(['a', 'b', 'b']);
  });

  it('a subscriber may unsubscribe while being called', () => {
    const c = createStopSignal();
    const calls: number[] = [];
    const off = c.signal.onStop(() => {
      calls.push(1);
      off();
    });
    c.signal.onStop(() => calls.push(2));
    c.stop();
    c.stop();
    expect(calls).toEqual([1, 2, 2]);
  });

  it('stopAlsoWhen: stopped by the signal or by the extra condition', () => {
    const c = createStopSignal();
    let gone = false;
    const s = stopAlsoWhen(c.signal, () => gone);
    expect(s.stopped).toBe(false);
    gone = true;
    expect(s.stopped).toBe(true);
    gone = false;
    c.stop();
    expect(s.stopped).toBe(true);
  });
});
