/**
 * Diagnostics, always on stderr (stdout carries only records). By default one plain line per
 * message, terminal or not — `errenrich: cannot read nope.log: no such file or directory`,
 * `errenrich: warning: …` — as docs/operations.md promises. `--log-format json` gives pino's JSON
 * lines instead, for collectors that parse stderr; pino is loaded only then.
 */
import { createRequire } from 'node:module';
import type { Logger as PinoLogger } from 'pino';

/** What errenrich logs with: a message string per call. */
export interface Logger {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
  /** Loads the logging module now (a long --follow run may later have no descriptor left to load it with). */
  preload?: () => void;
}

export type LogFormat = 'text' | 'json';

export interface LogOptions {
  verbose?: boolean;
  quiet?: boolean;
  /** text (default): one human line per message; json: one pino JSON object per message. */
  format?: LogFormat;
  /** Where to write; default process.stderr. */
  stream?: { write(s: string): unknown };
}

type Level = Exclude<keyof Logger, 'preload'>;
const LEVEL_VALUES: Record<Level, number> = { debug: 20, info: 30, warn: 40, error: 50 };
/** The word after `errenrich:` in text lines; errors and information need none. */
const TEXT_PREFIX: Record<Level, string> = { debug: 'debug: ', info: '', warn: 'warning: ', error: '' };

/** One diagnostic as a text line: `errenrich: warning: …` (a message of several lines keeps one prefix per line). */
export function formatTextLine(level: Level, msg: string): string {
  return msg
    .split('\n')
    .map((l) => `errenrich: ${TEXT_PREFIX[level]}${l}\n`)
    .join('');
}

export function createLogger(opts: LogOptions = {}): Logger {
  const threshold = opts.verbose ? LEVEL_VALUES.debug : opts.quiet ? LEVEL_VALUES.error : LEVEL_VALUES.info;
  const out = opts.stream ?? process.stderr;
  let pinoLogger: PinoLogger | null = null;
  const loadPino = (): PinoLogger => {
    if (!pinoLogger) {
      const { pino } = createRequire(import.meta.url)('pino') as typeof import('pino');
      pinoLogger = pino({ name: 'errenrich', level: 'debug', base: undefined }, { write: (s: string) => out.write(s) });
    }
    return pinoLogger;
  };
  const json = (level: Level, msg: string): void => {
    loadPino()[level](msg);
  };
  const method = (level: Level) => (msg: string) => {
    if (LEVEL_VALUES[level] < threshold) return;
    if (opts.format === 'json') json(level, msg);
    else out.write(formatTextLine(level, msg));
  };
  return {
    error: method('error'),
    warn: method('warn'),
    info: method('info'),
    debug: method('debug'),
    preload: () => {
      if (opts.format === 'json') loadPino();
    },
  };
}
