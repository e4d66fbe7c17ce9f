/**
 * One input (a file or stdin) through an engine to a sink: backpressure, idle flush after
 * --flush-ms of silence, stop on a signal or when the reader went away. Shared by the in-process
 * path (run-inputs.ts) and the task workers. Problems are returned, not logged: the caller knows
 * where diagnostics go (the pino logger, or a worker's message to the main thread).
 */
import type { Readable } from 'node:stream';
import { describeError, type InputRef } from '../input/expand-inputs.js';
import { assertStdinReadable, inputWarning, openFileInput, openStdinInput, readChunks, releaseFifoOpen } from '../input/open-input.js';
import type { OutputSink } from '../output/open-output.js';
import { OutputWriteError } from '../output/open-output.js';
import type { EnrichEngine } from '../pipeline/enrich-engine.js';
import type { ResolvedOptions } from '../options.js';
import type { StopSignal } from './stop-signal.js';
import { createIdleFlush } from './input-engine.js';

export interface EnrichInputRequest {
  input: InputRef;
  engine: EnrichEngine;
  /** Where the engine's records go (the engine's emit writes to it; this only waits for drain). */
  sink: OutputSink;
  /** True when the last sink.write returned false; cleared here after waiting. */
  needDrain: { value: boolean };
  options: Pick<ResolvedOptions, 'flushMs' | 'input' | 'jsonPath'>;
  stop: StopSignal;
  /** stdin, opened on first use (a run of files never touches it). */
  stdin?: () => Readable;
  /** Bytes read from the file (compressed bytes for gzip), for progress. */
  onRawBytes?: (n: number) => void;
  /** Called before each chunk is processed (SIGHUP: give the engine the current knowledge). */
  beforeChunk?: () => void;
}

/** `open`: nothing was read. `read`: records read before the error were written. `output`: its output could not be written. */
export type EnrichInputOutcome = { ok: true; warning?: string } | { ok: false; phase: 'open' | 'read' | 'output'; reason: string };

export async function enrichInput(req: EnrichInputRequest): Promise<EnrichInputOutcome> {
  const { input, engine, sink, stop } = req;
  let stream: Readable;
  let stdin: Readable | null = null;
  try {
    if (input.path === '-') {
      if (!req.stdin) throw new Error('stdin is not available here');
      assertStdinReadable();
      stdin = req.stdin();
      stream = openStdinInput(stdin);
    } else stream = await openUnlessStopped(input.path, stop, req.onRawBytes);
  } catch (e) {
    return { ok: false, phase: 'open', reason: describeError(e) };
  }
  engine.beginInput(input.path);
  const idle = createIdleFlush(engine, req.options.flushMs);
  // Destroying our stream alone cannot interrupt a read pending on stdin; stdin itself must go.
  const unsubscribe = stop.onStop(() => {
    stream.destroy();
    stdin?.destroy();
  });
  let outcome: EnrichInputOutcome = { ok: true };
  try {
    const chunks: AsyncIterable<Buffer> =
      req.options.input === 'json' ? await readJsonChunks(stream, req.options.jsonPath) : readChunks(stream);
    for await (const chunk of chunks) {
      idle.cancel();
      req.beforeChunk?.();
      engine.write(chunk);
      if (req.needDrain.value) {
        req.needDrain.value = false;
        await sink.drained();
      }
      if (sink.closedByReader || stop.stopped) break;
      idle.arm();
    }
  } catch (e) {
    if (e instanceof OutputWriteError) outcome = { ok: false, phase: 'output', reason: e.message };
    else if (!stop.stopped) outcome = { ok: false, phase: 'read', reason: describeError(e) };
  } finally {
    idle.cancel();
  }
  // Whatever was read is processed and flushed: no partial line, no lost held event. What that
  // throws is the input's failure, worded as a failure while reading is (and as a piece of a file
  // read by several workers words it: enrich-file-piece.ts).
  try {
    engine.endInput();
  } catch (e) {
    if (outcome.ok) outcome = e instanceof OutputWriteError ? { ok: false, phase: 'output', reason: e.message } : { ok: false, phase: 'read', reason: describeError(e) };
  }
  unsubscribe();
  if (stop.stopped || sink.closedByReader) stream.destroy();
  const warning = outcome.ok ? inputWarning(stream) : null;
  return warning !== null ? { ok: true, warning } : outcome;
}


/** stream-json is loaded only for --input json (it costs start-up time otherwise). */
async function readJsonChunks(stream: Readable, jsonPath: string): Promise<AsyncIterable<Buffer>> {
  const { readJsonDocuments } = await import('../framing/read-json-documents.js');
  return readJsonDocuments(stream, jsonPath ? jsonPath.split('.') : null);
}

/**
 * Opens a file input; a stop while its open() waits (a FIFO whose writer never comes) ends the
 * wait, and the input then reads as empty. Asked again until the open returns: the stop may come
 * before the open is waiting in the kernel.
 */
async function openUnlessStopped(path: string, stop: StopSignal, onRawBytes?: (n: number) => void): Promise<Readable> {
  let pending = true;
  const release = () => {
    if (!pending) return;
    releaseFifoOpen(path);
    setTimeout(release, RELEASE_RETRY_MS).unref();
  };
  const unsubscribe = stop.onStop(release);
  if (stop.stopped) release();
  try {
    return await openFileInput(path, onRawBytes);
  } finally {
    pending = false;
    unsubscribe();
  }
}

const RELEASE_RETRY_MS = 50;
