/**
 * The terminal view (`--format pretty`, the default when stdout is a terminal): each output
 * record as a line a person reads — time, level, message — and under an enriched record the
 * vendor, code, category, retryability, description, remediation and documentation link,
 * indented. `createPrettyRenderer` is a pure function of one NDJSON line; `prettySink` puts it
 * in front of an output sink. Loaded only when the view is used: pipes and files keep NDJSON.
 */
import type { OutputSink } from './open-output.js';

export interface PrettyOptions {
  /** The field the enrichment is under (--target). */
  target: string;
  /** Terminal width: no line is longer than columns - 1. */
  columns: number;
  /** ANSI colours (off for NO_COLOR and when not writing to a terminal). */
  color: boolean;
}

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', yellow: '\x1b[33m', green: '\x1b[32m', cyan: '\x1b[36m', magenta: '\x1b[35m' };
type Style = keyof typeof ANSI;

/** How many enrichment text lines (description, remediation) are shown before they are cut. */
const MAX_TEXT_LINES = 3;

/** Columns a character takes: 2 for East Asian wide and fullwidth characters, 0 for combining marks. */
function charWidth(cp: number): number {
  if (cp < 0x300) return 1;
  if (cp >= 0x300 && cp <= 0x36f) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** `s` cut to at most `width` columns, ending in "…" when something was cut. */
export function cutToWidth(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

/** Wraps at spaces (and between wide characters, which Chinese text has no spaces between) to `width` columns. */
export function wrapToWidth(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  // Tokens: runs of non-space narrow characters (words), single wide characters, single spaces.
  for (const token of text.replace(/\s+/g, ' ').match(/ |[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]+|./gu) ?? []) {
    const tw = displayWidth(token);
    if (token === ' ') {
      if (lineWidth > 0 && lineWidth < width) {
        line += ' ';
        lineWidth += 1;
      }
      continue;
    }
    if (lineWidth + tw > width && lineWidth > 0) {
      lines.push(line.trimEnd());
      line = '';
      lineWidth = 0;
    }
    if (tw > width) {
      lines.push(cutToWidth(token, width));
      continue;
    }
    line += token;
    lineWidth += tw;
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

/** Every line of `text` cut to the terminal's width (tables such as `catalog list`). */
export function fitLinesToWidth(text: string, columns: number): string {
  const width = Math.max(20, columns - 1);
  return text
    .split('\n')
    .map((l) => cutToWidth(l, width))
    .join('\n');
}

interface EnrichmentView {
  vendor?: string;
  service?: string;
  code?: string | number;
  subcode?: string | number | null;
  category?: string;
  retryable?: boolean;
  known?: boolean;
  description?: string;
  remediation?: string;
  request_id?: string | null;
  doc_url?: string;
  errors?: EnrichmentView[];
  candidates?: EnrichmentView[];
}

type Json = Record<string, unknown>;

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** `2026-11-23T08:14:05.123456Z` → `08:14:05.123`: the date is rarely what a person scans for. */
function shortTime(t: string): string {
  const m = /^\d{4}-\d\d-\d\d[T ](\d\d:\d\d:\d\d)(\.\d{1,3})?/.exec(t);
  return m ? m[1]! + (m[2] ?? '') : t;
}

/** The app's own JSON line inside a Docker/CRI message: its message, level and time, when it has them. */
function innerRecord(message: string): Json | null {
  const t = message.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return null;
  try {
    const v = JSON.parse(t) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

function pick(r: Json, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = str(r[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

const TIME_KEYS = ['time', '@timestamp', 'timestamp', 'ts'];
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'log.level'];
const MESSAGE_KEYS = ['message', 'msg', 'log'];

export function createPrettyRenderer(o: PrettyOptions): (line: string) => string {
  const width = Math.max(20, o.columns - 1);
  const paint = (style: Style, s: string) => (o.color ? `${ANSI[style]}${s}${ANSI.reset}` : s);
  const levelStyle = (level: string): Style | null => {
    const l = level.toLowerCase();
    if (l.startsWith('err') || l.startsWith('fatal') || l.startsWith('crit') || l === 'e') return 'red';
    if (l.startsWith('warn') || l === 'w') return 'yellow';
    return null;
  };

  const enrichmentLines = (e: EnrichmentView, indent: string): string[] => {
    const code = `${str(e.code) ?? '?'}${e.subcode !== undefined && e.subcode !== null ? `(${str(e.subcode)})` : ''}`;
    const facts = [
      `${e.vendor ?? '?'}/${e.service ?? '?'}`,
      o.color ? paint('bold', code) : code,
      e.category !== undefined ? paint('cyan', e.category) : undefined,
      e.retryable === true ? paint('green', 'retryable') : e.retryable === false ? 'not retryable' : undefined,
      e.known === false ? 'not in the catalogs' : undefined,
      e.request_id ? `request ${e.request_id}` : undefined,
    ].filter((x): x is string => x !== undefined);
    const head = `${indent}${paint('red', '✖')} ${facts.join(' · ')}`;
    const out = [o.color ? head : cutToWidth(head, width)];
    const textWidth = width - indent.length - 2;
    const block = (text: string | undefined, label: string) => {
      if (!text) return;
      const lines = wrapToWidth(label + text, textWidth);
      const shown = lines.slice(0, MAX_TEXT_LINES);
      if (lines.length > MAX_TEXT_LINES) shown[MAX_TEXT_LINES - 1] = cutToWidth(shown[MAX_TEXT_LINES - 1]! + ' …', textWidth);
      for (const l of shown) out.push(`${indent}  ${l}`);
    };
    block(e.description, '');
    block(e.remediation, '→ ');
    if (e.doc_url) out.push(`${indent}  ${paint('dim', cutToWidth(e.doc_url, textWidth))}`);
    return out;
  };

  return (line: string): string => {
    let record: Json | null = null;
    try {
      const v = JSON.parse(line) as unknown;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) record = v as Json;
    } catch {
      /* not JSON: shown as it is */
    }
    if (record === null) return cutToWidth(line, width) + '\n';
    // Under <target>_errenrich when the record already had a <target> field of its own.
    const enrichment = [record[`${o.target}_errenrich`], record[o.target]].find((v) => v !== null && typeof v === 'object' && !Array.isArray(v)) as EnrichmentView | undefined;
    let message = pick(record, MESSAGE_KEYS) ?? '';
    let level = pick(record, LEVEL_KEYS);
    let time = pick(record, TIME_KEYS) ?? str((record.kubectl as Json | undefined)?.time);
    const inner = innerRecord(message);
    if (inner) {
      message = pick(inner, ['msg', 'message']) ?? message;
      level = level ?? pick(inner, LEVEL_KEYS);
      time = time ?? pick(inner, TIME_KEYS);
    }
    if (message === '') {
      // A JSON record without a message field: itself, minus the enrichment, is the message.
      const rest: Json = { ...record };
      delete rest[o.target];
      delete rest[`${o.target}_errenrich`];
      message = JSON.stringify(rest);
    }
    message = message.replace(/\s+/g, ' ').trim();
    const levelText = level === undefined ? '' : level.toUpperCase().slice(0, 5).padEnd(5);
    const prefixPlain = [time ? shortTime(time) : '', levelText].filter((x) => x !== '').join(' ');
    const room = width - displayWidth(prefixPlain) - (prefixPlain ? 1 : 0);
    const style = level === undefined ? null : levelStyle(level);
    const prefix = [time ? paint('dim', shortTime(time)) : '', levelText && style ? paint(style, levelText) : levelText].filter((x) => x !== '').join(' ');
    const lines = [`${prefix}${prefix ? ' ' : ''}${cutToWidth(message, Math.max(10, room))}`];
    if (enrichment) {
      const parts = Array.isArray(enrichment.errors) && enrichment.errors.length > 0 ? enrichment.errors : [enrichment];
      for (const e of parts) lines.push(...enrichmentLines(e, '  '));
      if (Array.isArray(enrichment.candidates) && enrichment.candidates.length > 1)
        lines.push(`    ${paint('dim', `${enrichment.candidates.length} catalogs fit this payload; the first is shown (--vendor/--service to choose)`)}`);
    }
    return lines.join('\n') + '\n';
  };
}

/** A sink that renders each NDJSON line it is given before passing it on; a partial line waits for its end. */
export function prettySink(inner: OutputSink, render: (line: string) => string): OutputSink {
  let pending = '';
  const decoder = new TextDecoder();
  const renderText = (text: string): string => {
    const all = pending + text;
    const end = all.lastIndexOf('\n');
    if (end < 0) {
      pending = all;
      return '';
    }
    pending = all.slice(end + 1);
    return all
      .slice(0, end)
      .split('\n')
      .map(render)
      .join('');
  };
  return {
    write(chunk) {
      const out = renderText(decoder.decode(chunk, { stream: true }));
      return out === '' ? true : inner.write(Buffer.from(out));
    },
    drained: () => inner.drained(),
    get closedByReader() {
      return inner.closedByReader;
    },
    async close(complete) {
      const rest = pending + decoder.decode();
      pending = '';
      if (rest !== '') inner.write(Buffer.from(render(rest)));
      await inner.close(complete);
    },
  };
}
