/**
 * `--summary`: a table on stderr of what was found, by vendor, code and category. On a terminal
 * every line fits its width (the description column is cut, then the others); in a file or pipe
 * the lines are whole.
 */
import type { SummaryData } from './summary.js';

export interface SummaryRenderOptions {
  /** Rows of the by-code table shown; the rest are counted. */
  maxRows?: number;
  /** Terminal width; undefined when stderr is not a terminal (no cutting). */
  columns?: number | undefined;
}

/** Columns a character takes on a terminal (CJK wide characters take two). */
function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60) ? 2 : 1;
  }
  return w;
}

function cut(s: string, max: number): string {
  if (width(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (width(out + ch) > max - 1) break;
    out += ch;
  }
  return out + '…';
}

function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}

export function renderSummary(s: SummaryData, options: SummaryRenderOptions = {}): string {
  const maxRows = options.maxRows ?? 50;
  const limit = options.columns === undefined ? Infinity : Math.max(40, options.columns - 1);
  const lines: string[] = [];
  const files = s.files.ok + s.files.failed > 0 ? `, ${s.files.ok} file(s) read${s.files.failed ? `, ${s.files.failed} failed` : ''}` : '';
  lines.push(`errenrich summary: ${s.lines} line(s) in, ${s.records} record(s) out, ${s.errors} vendor error(s) in ${s.events_with_errors} event(s)${files}`);
  if (s.overlong_lines > 0) lines.push(`  ${s.overlong_lines} over-long line(s) passed through without detection`);
  if (s.failed_events > 0) lines.push(`  ${s.failed_events} event(s) passed through untouched: detection failed on them (see the warnings)`);
  if (s.errors > 0) {
    lines.push('  by vendor:   ' + Object.entries(s.by_vendor).map(([k, v]) => `${k} ${v}`).join(', '));
    lines.push('  by category: ' + Object.entries(s.by_category).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', '));
    const rows = s.by_code.slice(0, maxRows).map((r) => [String(r.count), `${r.vendor}/${r.service}`, r.code, r.category, (r.known ? '' : '(unknown) ') + (r.description ?? '')]);
    const header = ['count', 'vendor', 'code', 'category', 'description'];
    const widths = header.map((h, i) => Math.min(32, Math.max(width(h), ...rows.map((r) => width(r[i]!)))));
    const fmt = (r: string[]) => '  ' + r.map((c, i) => (i === r.length - 1 ? c : pad(cut(c, widths[i]!), widths[i]!))).join('  ');
    lines.push(fmt(header));
    for (const r of rows) lines.push(fmt(r));
    if (s.by_code.length > maxRows) lines.push(`  … ${s.by_code.length - maxRows} more code(s); --summary-json has them all`);
  }
  for (const f of s.files.failures) lines.push(`  failed: ${f.file}: ${f.reason}`);
  return lines.map((l) => (limit === Infinity ? l : cut(l, limit))).join('\n') + '\n';
}
