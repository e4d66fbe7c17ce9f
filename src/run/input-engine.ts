/**
 * The engine of one input, as every way of running sets it up (a task in process or in a worker,
 * stdin, a followed file, the library's Transform): the rules and catalogs in use now (a SIGHUP
 * reload swaps them between chunks), --fail-on matched on the errors found, the vendor errors
 * counted, the first reason detection failed on an event kept; and the idle flush after
 * --flush-ms of silence.
 */
import { createEngine } from '../pipeline/create-engine.js';
import type { EnrichEngine } from '../pipeline/enrich-engine.js';
import type { Knowledge } from '../pipeline/load-knowledge.js';
import type { ResolvedOptions } from '../options.js';
import { matchesFailOn, type FailOnSpec } from '../fail-on.js';

export interface InputEngineSettings {
  options: ResolvedOptions;
  /** The rules and catalogs in use now (a new object after a reload). */
  knowledge: () => Knowledge;
  failOn: FailOnSpec | null;
  /** Where the records go. */
  emit: (chunk: Buffer) => void;
  /** After the errors of an event are counted (progress). */
  onErrors?: () => void;
  /** Events passed through untouched because detection threw on them. */
  onEventFailures?: (count: number, reason: string) => void;
}

export interface InputEngine {
  readonly engine: EnrichEngine;
  /** Gives the engine the knowledge in use now, if a reload changed it; called before each chunk. */
  syncKnowledge(): void;
  /** Vendor errors found so far. */
  readonly errors: number;
  readonly failOnHit: boolean;
  /** Why detection failed on the first event passed through untouched. */
  readonly firstEventFailure: string | undefined;
}

export function createInputEngine(s: InputEngineSettings): InputEngine {
  let knowledge = s.knowledge();
  const engine = createEngine(s.options, knowledge, s.emit);
  let errors = 0;
  let failOnHit = false;
  let firstEventFailure: string | undefined;
  engine.onEventFailures = (count, reason) => {
    firstEventFailure ??= reason;
    s.onEventFailures?.(count, reason);
  };
  engine.onErrors = (found) => {
    errors += found.length;
    if (s.failOn && !failOnHit && matchesFailOn(s.failOn, found)) failOnHit = true;
    s.onErrors?.();
  };
  return {
    engine,
    syncKnowledge() {
      const now = s.knowledge();
      if (now !== knowledge) {
        knowledge = now;
        engine.useKnowledge(now);
      }
    },
    get errors() {
      return errors;
    },
    get failOnHit() {
      return failOnHit;
    },
    get firstEventFailure() {
      return firstEventFailure;
    },
  };
}

export interface IdleFlush {
  /** After a chunk: held events go out after `flushMs` of silence (0: only at the end). */
  arm(): void;
  cancel(): void;
}

/** `unref`: the timer does not keep the process alive (the library's Transform). */
export function createIdleFlush(engine: EnrichEngine, flushMs: number, unref = false): IdleFlush {
  let timer: NodeJS.Timeout | null = null;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    arm() {
      cancel();
      if (flushMs > 0 && engine.holding) {
        timer = setTimeout(() => {
          timer = null;
          engine.flushIdle();
        }, flushMs);
        if (unref) timer.unref();
      }
    },
    cancel,
  };
}
