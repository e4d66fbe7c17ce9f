/**
 * Diagnostics: pino, always to stderr (stdout carries only NDJSON). On a terminal the lines are
 * rendered as short human text (`errenrich: warn: …`); otherwise pino's JSON lines are kept, which
 * collectors (and Fluent Bit, which does not capture stderr anyway) can parse.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

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
  return pino({ name: 'errenrich', level, base: undefined }, destination);
}
