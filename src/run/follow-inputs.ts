/**
 * --follow (tail -F): every followed file has its own input engine (input-engine.ts, as every
 * other input has); records go out as soon as their lines are read; held events are flushed after
 * --flush-ms of silence; a stop flushes everything; a SIGHUP reload reaches running engines at
 * their next chunk, and held events go out first with the rules they were read under.
 */
import type { RunRequest, RunResult } from '../run-inputs.js';
import type { FollowedFile } from '../input/follow-files.js';
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

  // Loaded only for --follow (it costs start-up time otherwise); everything loaded lazily is loaded
  // now, before followed files take descriptors.
  const { FOLLOW_DEFAULTS, followFiles } = await import('../input/follow-files.js');
  req.log.preload?.();
  // SIGHUP: held events go out at once, with the rules they were read under.
  const unsubscribeReload = req.onReload?.(() => {
    for (const fe of engines.values()) if (fe.engine.holding) fe.engine.flushIdle();
  });
  await followFiles(
    {
      ...FOLLOW_DEFAULTS,
      args: files,
      include: req.include,
      exclude: req.exclude,
      fromStart: follow.fromStart,
      pollMs: follow.pollMs ?? FOLLOW_DEFAULTS.pollMs,
      skipIds: new Set((req.ownOutputs ? ownOutputFiles(req.ownOutputs) : []).map((f) => `${f.dev}:${f.ino}`)),
    },
    {
      opened(file, at) {
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
        req.log.debug(`following ${file.path} from its ${at}`);
      },
      async data(file, chunk) {
        const fe = engines.get(file.id);
        if (!fe) return;
        syncKnowledge(fe);
        fe.engine.write(chunk);
        fe.lastDataAt = Date.now();
        if (needDrain) {
          needDrain = false;
          await req.sink.drained();
        }
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
        req.log.info(`following ${count} file(s) ${where}; files that appear later are read from their start`);
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
    stop,
  ).finally(() => unsubscribeReload?.());
  for (const fe of engines.values()) {
    fe.engine.endInput();
    total.merge(fe.engine.summary.toJSON());
  }
  return { summary: total.toJSON(), failedInputs: 0, stoppedByReader: req.sink.closedByReader, failOnHit };
}
