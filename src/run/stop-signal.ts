/**
 * The one way a run is asked to stop (SIGINT/SIGTERM in the CLI, a 'stop' message in a worker):
 * readers check `stopped` between chunks, and whatever waits (a pending read on stdin, a worker)
 * subscribes with `onStop`.
 */
export interface StopSignal {
  readonly stopped: boolean;
  /** Calls `f` on each stop request (a second signal may mean "hurry"); returns an unsubscribe. */
  onStop(f: () => void): () => void;
}

export interface StopController {
  readonly signal: StopSignal;
  /** Marks the run stopped and calls every subscriber (again on each further request). */
  stop(): void;
}

export function createStopSignal(): StopController {
  let stopped = false;
  const listeners = new Set<() => void>();
  return {
    signal: {
      get stopped() {
        return stopped;
      },
      onStop(f) {
        listeners.add(f);
        return () => listeners.delete(f);
      },
    },
    stop() {
      stopped = true;
      for (const f of [...listeners]) f();
    },
  };
}

/** `signal`, also reported as stopped once `alsoWhen()` holds (e.g. the reader of the output went away). */
export function stopAlsoWhen(signal: StopSignal, alsoWhen: () => boolean): StopSignal {
  return {
    get stopped() {
      return signal.stopped || alsoWhen();
    },
    onStop: (f) => signal.onStop(f),
  };
}
