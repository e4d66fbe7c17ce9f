/**
 * The `drained()` promise of an output sink: callers wait on it after a write returned false;
 * `wake()` resolves every waiter (on 'drain', on an error, on close).
 */
export interface DrainWaiters {
  wait(): Promise<void>;
  wake(): void;
}

export function createDrainWaiters(): DrainWaiters {
  let waiters: (() => void)[] = [];
  return {
    wait: () => new Promise<void>((resolve) => waiters.push(resolve)),
    wake: () => {
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    },
  };
}
