/**
 * The main job: read the inputs one after another (stdin, files, directories, gzip by content),
 * enrich, write NDJSON with backpressure, flush held events after --flush-ms of silence, and stop
 * cleanly on SIGINT/SIGTERM or when the reader goes away. Returns what happened; the CLI maps it
 * to an exit code.
 */
import type { Readable } from 'node:stream';
import type { Logger } from './log.js';
import type { ResolvedOptions } from './options.js';
import { describeError, expandInputs, type InputRef } from './input/expand-inputs.js';
import { openFileInput, openStdinInput } from './input/open-input.js';
import { readJsonDocuments } from './framing/read-json-documents.js';
import type { OutputSink } from './output/open-output.js';
import { createEngine } from './pipeline/create-engine.js';
import type { EnrichEngine } from './pipeline/enrich-engine.js';
import type { Knowledge } from './pipeline/load-knowledge.js';
import type { Enrichment } from './enrich/build-enrichment.js';
import type { SummaryData } from './output/summary.js';

export interface RunRequest {
  args: string[];
  include: string[];
  exclude: string[];
  options: ResolvedOptions;
  knowledge: () => Knowledge;
  sink: OutputSink;
  log: Logger;
  stdin: Readable;
  /** Called with each event's enrichments (for --fail-on). */
  onErrors?: (errors: readonly Enrichment[]) => void;
  /** Resolves when the run should stop (a signal). */
  stopSignal: { stopped: boolean; onStop: (f: () => void) => void };
}

export interface RunResult {
  summary: SummaryData;
  failedInputs: number;
  stoppedByReader: boolean;
}

export async function runInputs(req: RunRequest): Promise<RunResult> {
  const { inputs, problems } = expandInputs(req.args, req.include, req.exclude);
  let failed = 0;
  for (const p of problems) {
    req.log.error(`cannot read ${p.path}: ${p.reason}`);
    failed++;
  }
  const engine = createEngine(req.options, req.knowledge(), (chunk) => {
    if (!req.sink.write(chunk)) pendingDrain = true;
  });
  let pendingDrain = false;
  if (req.onErrors) engine.onErrors = req.onErrors;
  for (const p of problems) engine.summary.failures.push({ file: p.path, reason: p.reason });

  for (const input of inputs) {
    if (req.stopSignal.stopped || req.sink.closedByReader) break;
    const ok = await readOne(input, engine, req, () => pendingDrain, () => (pendingDrain = false));
    if (ok) engine.summary.filesOk += 1;
    else failed++;
  }
  return { summary: engine.summary.toJSON(), failedInputs: failed, stoppedByReader: req.sink.closedByReader };
}

async function readOne(
  input: InputRef,
  engine: EnrichEngine,
  req: RunRequest,
  needDrain: () => boolean,
  clearDrain: () => void,
): Promise<boolean> {
  let stream: Readable;
  try {
    stream = input.path === '-' ? openStdinInput(req.stdin) : await openFileInput(input.path);
  } catch (e) {
    const reason = describeError(e);
    req.log.error(`cannot read ${input.path}: ${reason}`);
    engine.summary.failures.push({ file: input.path, reason });
    return false;
  }
  engine.beginInput(input.path);
  let timer: NodeJS.Timeout | null = null;
  const flushMs = req.options.flushMs;
  // Destroying our stream alone cannot interrupt a read pending on stdin; stdin itself must go.
  const stop = () => {
    stream.destroy();
    if (input.path === '-') req.stdin.destroy();
  };
  req.stopSignal.onStop(stop);
  let ok = true;
  try {
    const chunks: AsyncIterable<Buffer> =
      req.options.input === 'json' ? readJsonDocuments(stream, req.options.jsonPath ? req.options.jsonPath.split('.') : null) : stream;
    for await (const chunk of chunks) {
      if (timer) clearTimeout(timer);
      timer = null;
      engine.write(chunk);
      if (needDrain()) {
        clearDrain();
        await req.sink.drained();
      }
      if (req.sink.closedByReader || req.stopSignal.stopped) break;
      if (flushMs > 0 && engine.holding) {
        timer = setTimeout(() => {
          timer = null;
          engine.flushIdle();
        }, flushMs);
      }
    }
  } catch (e) {
    if (!req.stopSignal.stopped) {
      const reason = describeError(e);
      req.log.error(`error reading ${input.path}: ${reason} (records read before it were written)`);
      engine.summary.failures.push({ file: input.path, reason });
      ok = false;
    }
  } finally {
    if (timer) clearTimeout(timer);
    // Whatever was read is processed and flushed: no partial line, no lost held event.
    engine.endInput();
  }
  return ok;
}
