/**
 * The output of tasks whose records travel to another place before they are written (a worker's
 * records to the main thread, which writes them in input order): each write is sent at once and
 * counted as owed until the receiver acknowledges it. Past `budget` owed bytes the writer is asked
 * to wait (`write` returns false, `drained()` resolves once half of it is acknowledged), so a
 * worker ahead of the output order holds at most about `budget` bytes in memory.
 */
import type { OutputSink } from '../output/open-output.js';
import { createDrainWaiters } from '../output/drain-waiters.js';

export interface CreditSink extends OutputSink {
  /** Sends what is gathered. */
  flush(): void;
  /** The receiver took `bytes` of what was sent. */
  ack(bytes: number): void;
  /** Stop waiting (the run is stopping: nothing more will be acknowledged). */
  release(): void;
}

/**
 * Small writes (a piece's first lines go one at a time) are gathered up to `gather` bytes before
 * they are sent, as one list (not concatenated: each chunk is moved as it is): one message per
 * record would cost more than the records. `flush()` sends what is gathered (the writer calls it
 * at the end of each task, and before it waits).
 */
export function createCreditSink(send: (chunks: Buffer[]) => void, budget: number, gather = 0): CreditSink {
  let owed = 0;
  let released = false;
  let gathered: Buffer[] = [];
  let gatheredBytes = 0;
  const { wait, wake } = createDrainWaiters();
  const flush = () => {
    if (gatheredBytes === 0) return;
    const chunks = gathered;
    gathered = [];
    gatheredBytes = 0;
    send(chunks);
  };
  return {
    write(chunk) {
      owed += chunk.length;
      if (chunk.length >= gather && gatheredBytes === 0) send([chunk]);
      else {
        gathered.push(chunk);
        gatheredBytes += chunk.length;
        if (gatheredBytes >= gather) flush();
      }
      return owed < budget || released;
    },
    drained() {
      flush();
      if (owed < budget / 2 || released) return Promise.resolve();
      return wait();
    },
    closedByReader: false,
    close() {
      flush();
      return Promise.resolve();
    },
    flush,
    ack(bytes) {
      owed -= bytes;
      if (owed < budget / 2) wake();
    },
    release() {
      released = true;
      wake();
    },
  };
}
