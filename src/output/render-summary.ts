/** `--summary`: a table on stderr of what was found, by vendor, code and category. */
import type { SummaryData } from './summary.js';

export function renderSummary(s: SummaryData, maxRows = 50): string {
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
    const widths = header.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
    const fmt = (r: string[]) => '  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
    lines.push(fmt(header));
    for (const r of rows) lines.push(fmt(r));
    if (s.by_code.length > maxRows) lines.push(`  … ${s.by_code.length - maxRows} more code(s); --summary-json has them all`);
  }
  for (const f of s.files.failures) lines.push(`  failed: ${f.file}: ${f.reason}`);
  return lines.join('\n') + '\n';
}
