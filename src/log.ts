/**
 * Diagnostics: pino, always to stderr (stdout carries only NDJSON). On a terminal the lines are
 * rendered as short human text (`errenrich: warn: …`); otherwise pino's JSON lines are kept, which
 * collectors (and Fluent Bit, which does not capture stderr anyway) can parse.
 */
import { createRequire } from 'node:module';
import type { Logger as PinoLogger } from 'pino';

/** What errenrich logs with: pino's level methods (message strings). */
export type Logger = Pick<PinoLogger, 'error' | 'warn' | 'info' | 'debug'> & {
  /** Loads the logging module now (a long --follow run may later have no descriptor left to load it with). */
  preload?: () => void;
};

export interface LogOptions {
  verbose?: boolean;
  quiet?: boolean;
  /** Force human (true) or JSON (false) rendering; default: human when stderr is a TTY. */
  human?: boolean;
  /** Where to write; default process.stderr. */
  stream?: { write(s: string): unknown };
}

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

export function createLogger(opts: LogOptions = {}): Logger {
  const level = opts.verbose ? 'debug' : opts.quiet ? 'error' : 'info';
  const out = opts.stream ?? process.stderr;
  const human = opts.human ?? Boolean(process.stderr.isTTY);
  const destination = {
    write(line: string): void {
      if (!human) {
        out.write(line);
        return;
      }
      try {
        const rec = JSON.parse(line) as { level: number; msg?: string; [k: string]: unknown };
        const { level: lv, msg, time: _t, pid: _p, hostname: _h, ...rest } = rec;
        const extra = Object.keys(rest).length > 0 ? ' ' + JSON.stringify(rest) : '';
        out.write(`errenrich: ${LEVEL_NAMES[lv] ?? lv}: ${msg ?? ''}${extra}\n`);
      } catch {
        out.write(line);
      }
    },
  };
  // pino (CommonJS) is loaded on the first message, not at start-up: most runs log nothing, and
  // `kubectl logs | errenrich` should print its first record as soon as it can.
  let real: PinoLogger | null = null;
  const get = (): PinoLogger => {
    if (!real) {
      const { pino } = createRequire(import.meta.url)('pino') as typeof import('pino');
      real = pino({ name: 'errenrich', level, base: undefined }, destination);
    }
    return real;
  };
  const enabled = LEVEL_VALUES[level]!;
  const method = (name: 'error' | 'warn' | 'info' | 'debug', value: number) =>
    ((msg: string, ...rest: unknown[]) => {
      if (value >= enabled) (get()[name] as (m: string, ...r: unknown[]) => void)(msg, ...rest);
    }) as Logger[typeof name];
  return { error: method('error', 50), warn: method('warn', 40), info: method('info', 30), debug: method('debug', 20), preload: () => void get() };
}

const LEVEL_VALUES: Record<string, number> = { debug: 20, info: 30, error: 50 };
