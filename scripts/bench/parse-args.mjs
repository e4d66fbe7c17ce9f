/**
 * The bench scripts' command lines, from one table per script: each option names the field it
 * sets and how its value is read. `-h`/`--help` sets `help`; `--flag=value` is the same as
 * `--flag value`; anything else is an error (run-as-main.mjs prints it with the usage, exit 2).
 */
import { resolve } from 'node:path';

/** A number > 0. */
export const positive = (v, flag) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number`);
  return n;
};
/** A whole number > 0. */
export const count = (v, flag) => Math.round(positive(v, flag));
/** A share within 0..1. */
export const share = (v, flag) => {
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new Error(`${flag} needs a share within 0..1`);
  return n;
};
/** A path, made absolute. */
export const path = (v) => resolve(v);
/** Any text. */
export const text = (v) => v;
/** An option without a value: present means true. */
export const FLAG = Symbol('flag');

/**
 * `table`: option → [field, reader], the reader one of the above (or any `(value, flag) => value`)
 * or FLAG. Returns `defaults` with the options given set on a copy.
 */
export function parseOptions(argv, defaults, table) {
  const o = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      o.help = true;
      continue;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const entry = Object.hasOwn(table, flag) ? table[flag] : undefined;
    if (!entry) throw new Error(`unknown argument: ${a}`);
    const [field, read] = entry;
    if (read === FLAG) {
      o[field] = true;
      continue;
    }
    const v = inline ?? argv[++i];
    if (v === undefined) throw new Error(`${flag} needs a value`);
    o[field] = read(v, flag);
  }
  return o;
}
