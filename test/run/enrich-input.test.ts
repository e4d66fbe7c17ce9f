/**
 * enrichInput (one input through an engine): an error thrown while the engine flushes at the end
 * of the input is the input's failure, worded as one thrown while reading (and as a piece of a file
 * read by several workers words it), not an exception out of the run; and the input lets go of
 * its stop subscription.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../ops/ops-helpers.js';
import { enrichInput } from '../../src/run/enrich-input.js';
import { createStopSignal } from '../../src/run/stop-signal.js';
import type { EnrichEngine } from '../../src/pipeline/enrich-engine.js';
import type { OutputSink } from '../../src/output/open-output.js';

afterAll(removeTempDirs);

const sink: OutputSink = { write: () => true, drained: () => Promise.resolve(), closedByReader: false, close: () => Promise.resolve() };

describe('enrichInput', () => {
  it('an error thrown by the final flush: a read failure with the error code in its reason, the stop subscription released', async () => {
    const file = join(tempDir(), 'in.log');
    writeFileSync(file, 'a line\n');
    const fails = Object.assign(new RangeError('out of range'), { code: 'ERR_OUT_OF_RANGE' });
    const engine = {
      holding: false,
      beginInput: () => undefined,
      write: () => undefined,
      endInput: () => {
        throw fails;
      },
    } as unknown as EnrichEngine;
    const { signal, stop } = createStopSignal();
    let subscribed = 0;
    const counting = {
      get stopped() {
        return signal.stopped;
      },
      onStop(f: () => void) {
        subscribed++;
        const off = signal.onStop(f);
        return () => {
          subscribed--;
          return off();
        };
      },
    } as typeof signal;
    const outcome = await enrichInput({ input: { path: file, relative: 'in.log' }, engine, sink, needDrain: { value: false }, options: { flushMs: 0, input: 'auto', jsonPath: '' }, stop: counting });
    expect(outcome).toEqual({ ok: false, phase: 'read', reason: 'ERR_OUT_OF_RANGE: out of range' });
    expect(subscribed).toBe(0);
    stop();
  });
});
