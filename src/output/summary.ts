/**
 * Counts for `--summary` / `--summary-json`: records in and out, errors by vendor, code and
 * category. Pure accumulation; rendering is separate (render-summary.ts).
 */
import type { Enrichment } from '../enrich/build-enrichment.js';

export interface SummaryRow {
  vendor: string;
  service: string;
  code: string;
  category: string;
  known: boolean;
  description: string | null;
  count: number;
}

export interface SummaryData {
  lines: number;
  records: number;
  events_with_errors: number;
  errors: number;
  overlong_lines: number;
  /** Events passed through untouched because detection or enrichment threw on them. */
  failed_events: number;
  files: { ok: number; failed: number; failures: { file: string; reason: string }[] };
  by_vendor: Record<string, number>;
  by_category: Record<string, number>;
  by_code: SummaryRow[];
}

export class SummaryCounter {
  lines = 0;
  records = 0;
  eventsWithErrors = 0;
  errors = 0;
  overlongLines = 0;
  failedEvents = 0;
  filesOk = 0;
  readonly failures: { file: string; reason: string }[] = [];
  private readonly rows = new Map<string, SummaryRow>();

  addErrors(errors: readonly Enrichment[]): void {
    if (errors.length === 0) return;
    this.eventsWithErrors += 1;
    for (const e of errors) {
      this.errors += 1;
      const code = e.subcode !== undefined ? `${e.code}(${e.subcode})` : e.code;
      const key = `${e.vendor}\u0000${e.service}\u0000${code}`;
      const row = this.rows.get(key);
      if (row) row.count += 1;
      else
        this.rows.set(key, {
          vendor: e.vendor,
          service: e.service,
          code,
          category: e.category,
          known: e.known,
          description: e.description,
          count: 1,
        });
    }
  }

  merge(other: SummaryData): void {
    this.lines += other.lines;
    this.records += other.records;
    this.eventsWithErrors += other.events_with_errors;
    this.errors += other.errors;
    this.overlongLines += other.overlong_lines;
    this.failedEvents += other.failed_events;
    for (const r of other.by_code) {
      const key = `${r.vendor}\u0000${r.service}\u0000${r.code}`;
      const row = this.rows.get(key);
      if (row) row.count += r.count;
      else this.rows.set(key, { ...r });
    }
  }

  toJSON(): SummaryData {
    // Maps, then own properties: a vendor named "__proto__" or "constructor" is counted as data.
    const byVendor = new Map<string, number>();
    const byCategory = new Map<string, number>();
    for (const r of this.rows.values()) {
      byVendor.set(r.vendor, (byVendor.get(r.vendor) ?? 0) + r.count);
      byCategory.set(r.category, (byCategory.get(r.category) ?? 0) + r.count);
    }
    const byCode = [...this.rows.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
    return {
      lines: this.lines,
      records: this.records,
      events_with_errors: this.eventsWithErrors,
      errors: this.errors,
      overlong_lines: this.overlongLines,
      failed_events: this.failedEvents,
      files: { ok: this.filesOk, failed: this.failures.length, failures: [...this.failures] },
      by_vendor: Object.fromEntries(byVendor),
      by_category: Object.fromEntries(byCategory),
      by_code: byCode,
    };
  }
}
