/**
 * --follow (tail -F): every followed file has its own input engine (input-engine.ts, as every
 * other input has); records go out as soon as their lines are read; held events are flushed after
 * --flush-ms of silence; a stop flushes everything; a SIGHUP reload reaches running engines at
 * their next chunk, and held events go out first with the rules they were read under.
 */
import { closeSync, open, readSync, statSync } from 'node:fs';
import { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import type { RunRequest, RunResult } from '../run-inputs.js';
import type { FollowedFile, FollowStop } from '../input/follow-files.js';
import { openStdinInput, releaseFifoOpen } from '../input/open-input.js';
import { describeError } from '../input/expand-inputs.js';
import type { EnrichEngine } from '../pipeline/enrich-engine.js';
import { SummaryCounter } from '../output/summary.js';
import { stopAlsoWhen } from './stop-signal.js';
import { createInputEngine, type InputEngine } from './input-engine.js';
import { ownOutputFiles } from './skip-own-outputs.js';

interface FollowedEngine {
  file: FollowedFile;
  engine: EnrichEngine;
  run: InputEngine;
  lastDataAt: number;
  /** The last chunk written for this file did not end a record (a streamed over-long line). */
  midRecord: boolean;
  /** When that record started: other files wait while it is open (fairness bound below). */
  midRecordSince: number;
}

/**
 * A record left open this long is ended: the writer stopped in the middle of an over-long line, or
 * grows it so slowly that every other file's records would wait behind it.
 */
const STALLED_RECORD_MS = 5000;

const openAsync = promisify(open);

/** A FIFO named on the command line (`--follow <(kubectl logs -f …)`, a `mkfifo` pipe). */
function isFifoArg(arg: string): boolean {
  try {
    return statSync(arg).isFIFO();
  } catch {
    return false;
  }
}

export async function runFollow(req: RunRequest, files: string[], follow: { fromStart: boolean; pollMs?: number }): Promise<RunResult> {
  const total = new SummaryCounter();
  const engines = new Map<string, FollowedEngine>();
  let failOnHit = false;
  let needDrain = false;
  const flushMs = req.options.flushMs;

  const syncKnowledge = (fe: FollowedEngine) => fe.run.syncKnowledge();
  const finish = (file: FollowedFile) => {
    const fe = engines.get(file.id);
    if (!fe) return;
    syncKnowledge(fe);
    fe.engine.endInput();
    engines.delete(file.id);
    total.merge(fe.engine.summary.toJSON());
    total.filesOk += 1;
  };
  const stop = stopAlsoWhen(req.stopSignal, () => req.sink.closedByReader);
  // FIFOs named as arguments are read as streams beside the followed files (not by followFiles,
  // which reads at positions); without other files the run ends when every FIFO's writer is done.
  const fifoArgs = files.filter(isFifoArg);
  const fileArgs = files.filter((f) => !fifoArgs.includes(f));
  let fifosEnded = false;
  const followStopListeners = new Set<() => void>();
  const followStop: FollowStop = {
    get stopped() {
      return stop.stopped || fifosEnded;
    },
    onStop(f) {
      followStopListeners.add(f);
      const unsubscribe = stop.onStop(f);
      return () => {
        followStopListeners.delete(f);
        unsubscribe();
      };
    },
  };

  // Loaded only for --follow (it costs start-up time otherwise); everything loaded lazily is loaded
  // now, before followed files take descriptors.
  const { FOLLOW_DEFAULTS, followFiles } = await import('../input/follow-files.js');
  req.log.preload?.();
  // SIGHUP: held events go out at once, with the rules they were read under.
  const unsubscribeReload = req.onReload?.(() => {
    for (const fe of engines.values()) if (fe.engine.holding) fe.engine.flushIdle();
  });
  const startEngine = (file: FollowedFile): FollowedEngine => {
    const run = createInputEngine({
      options: req.options,
      knowledge: req.knowledge,
      failOn: req.failOn,
      emit: (chunk) => {
        const mid = chunk[chunk.length - 1] !== 0x0a;
        if (mid && !fe.midRecord) fe.midRecordSince = Date.now();
        fe.midRecord = mid;
        if (!req.sink.write(chunk)) needDrain = true;
      },
      onErrors: () => {
        if (run.failOnHit) failOnHit = true;
      },
      onEventFailures: (count, reason) => req.log.warn(`${file.path}: ${count} event(s) passed through untouched, detection failed on them (${reason})`),
    });
    const fe: FollowedEngine = { file, engine: run.engine, run, lastDataAt: Date.now(), midRecord: false, midRecordSince: 0 };
    fe.engine.beginInput(file.path);
    engines.set(file.id, fe);
    return fe;
  };
  const writeChunk = async (fe: FollowedEngine, chunk: Buffer) => {
    syncKnowledge(fe);
    fe.engine.write(chunk);
    fe.lastDataAt = Date.now();
    if (needDrain) {
      needDrain = false;
      await req.sink.drained();
    }
  };

  /**
   * One FIFO: opened when a writer opens it (a stop first opens and closes its write end, which
   * ends a wait for a writer that never came), read as a stream through its own engine until its
   * writer closes it; it is not reopened (a later writer is not followed). A stop reads what the
   * pipe holds at that moment, then ends it. Its held events are flushed by `polled` like a file's.
   */
  const readFifo = async (path: string): Promise<void> => {
    let fd: number | null = null;
    const unblockOpen = stop.onStop(() => {
      if (fd === null) releaseFifoOpen(path);
    });
    try {
      fd = await openAsync(path, 'r');
    } catch (e) {
      req.log.warn(`cannot read ${path}: ${describeError(e)}`);
      return;
    } finally {
      unblockOpen();
    }
    if (stop.stopped) {
      closeSync(fd);
      return;
    }
    const file: FollowedFile = { id: `fifo:${path}`, path };
    const fe = startEngine(file);
    req.log.debug(`following the FIFO ${path} until its writer closes it`);
    const pipe = new Socket({ fd, readable: true, writable: false });
    const bytes = new PassThrough();
    pipe.pipe(bytes);
    pipe.on('error', (e) => bytes.destroy(e));
    const openFd = fd;
    const stopReading = stop.onStop(() => {
      if (pipe.destroyed) return;
      pipe.unpipe(bytes);
      for (let c: Buffer | null; (c = pipe.read() as Buffer | null) !== null; ) bytes.write(c);
      // The pipe's descriptor is non-blocking: this reads what is there now and stops at EAGAIN.
      const buf = Buffer.alloc(64 * 1024);
      try {
        for (let n; (n = readSync(openFd, buf)) > 0; ) bytes.write(Buffer.from(buf.subarray(0, n)));
      } catch {
        /* EAGAIN: nothing more for now */
      }
      pipe.destroy();
      bytes.end();
    });
    try {
      for await (const chunk of openStdinInput(bytes, path) as AsyncIterable<Buffer>) {
        if (req.sink.closedByReader) break;
        // Another input's over-long record is open: its output must not be cut by this one's.
        while ([...engines.values()].some((o) => o !== fe && o.midRecord) && !stop.stopped) await new Promise((r) => setTimeout(r, 10));
        await writeChunk(fe, chunk);
      }
    } catch (e) {
      req.log.warn(`error reading ${path}: ${describeError(e)}; what was read is kept, the FIFO is not read further`);
      pipe.destroy();
    } finally {
      stopReading();
      pipe.destroy();
    }
    finish(file);
  };
  const fifoReaders = Promise.all(fifoArgs.map((path) => readFifo(path))).then(() => {
    if (fileArgs.length > 0) return;
    fifosEnded = true;
    for (const f of [...followStopListeners]) f();
  });

  await followFiles(
    {
      ...FOLLOW_DEFAULTS,
      args: fileArgs,
      include: req.include,
      exclude: req.exclude,
      fromStart: follow.fromStart,
      pollMs: follow.pollMs ?? FOLLOW_DEFAULTS.pollMs,
      skipIds: new Set((req.ownOutputs ? ownOutputFiles(req.ownOutputs) : []).map((f) => `${f.dev}:${f.ino}`)),
    },
    {
      opened(file, at) {
        startEngine(file);
        req.log.debug(`following ${file.path} from its ${at}`);
      },
      async data(file, chunk) {
        const fe = engines.get(file.id);
        if (!fe) return;
        await writeChunk(fe, chunk);
      },
      truncated(file) {
        req.log.info(`${file.path} was truncated; reading it again from its start`);
        const fe = engines.get(file.id);
        if (!fe) return;
        fe.engine.endInput();
        fe.engine.beginInput(file.path);
      },
      closed(file, why) {
        if (why === 'gone') req.log.debug(`${file.path}: rotated or removed; read to its end and closed`);
        finish(file);
      },
      ready(count) {
        const where = follow.fromStart ? 'from their start' : 'from their end';
        if (fifoArgs.length > 0) req.log.info(`reading ${fifoArgs.length} FIFO(s) until their writers close them`);
        if (fileArgs.length > 0) req.log.info(`following ${count} file(s) ${where}; files that appear later are read from their start`);
      },
      polled(now) {
        for (const fe of engines.values()) {
          syncKnowledge(fe);
          if (fe.midRecord && (now - fe.lastDataAt >= STALLED_RECORD_MS || now - fe.midRecordSince >= STALLED_RECORD_MS)) {
            const why = now - fe.lastDataAt >= STALLED_RECORD_MS ? 'stopped growing before its end' : 'is still growing while other files wait';
            req.log.warn(`${fe.file.path}: an over-long line ${why}; its record is closed`);
            fe.engine.endInput();
            fe.engine.beginInput(fe.file.path);
            fe.midRecord = false;
          }
          if (flushMs > 0 && fe.engine.holding && now - fe.lastDataAt >= flushMs) fe.engine.flushIdle();
        }
      },
      focus() {
        for (const [id, fe] of engines) if (fe.midRecord) return id;
        return null;
      },
      nextDeadline() {
        let due: number | null = null;
        if (flushMs > 0) for (const fe of engines.values()) if (fe.engine.holding) due = Math.min(due ?? Infinity, fe.lastDataAt + flushMs);
        return due;
      },
      failed(file) {
        // The engine's state for this file is unknown after a failure: it starts afresh (its held
        // bytes are ended as they are), and the file is read on from where it was.
        const fe = engines.get(file.id);
        if (!fe) return;
        try {
          fe.engine.endInput();
        } catch {
          /* reported by the caller already */
        }
        engines.delete(file.id);
        total.merge(fe.engine.summary.toJSON());
        this.opened(file, 'start');
      },
      notice(level, message) {
        req.log[level](message);
      },
    },
    followStop,
  ).finally(() => unsubscribeReload?.());
  await fifoReaders;
  for (const fe of engines.values()) {
    fe.engine.endInput();
    total.merge(fe.engine.summary.toJSON());
  }
  return { summary: total.toJSON(), failedInputs: 0, stoppedByReader: req.sink.closedByReader, failOnHit };
}
