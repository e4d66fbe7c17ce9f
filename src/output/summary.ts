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

/**
 * Distinct (vendor, service, code) rows kept exactly; the codes first seen after that are counted
 * in one "(other codes)" row per vendor and service. Memory per run is bounded by this many rows,
 * each holding a code of at most MAX_CODE_LENGTH characters (longer ones are not taken as codes,
 * detect-payloads.ts), whatever the number of distinct codes in the input. Totals, by vendor and
 * by category stay exact.
 */
export const MAX_SUMMARY_ROWS = 1000;
export const OTHER_CODES = '(other codes)';

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
  /** Rows of codes seen after MAX_SUMMARY_ROWS distinct ones, one per vendor and service. */
  private readonly others = new Map<string, SummaryRow>();
  /** Exact, whichever row a code is counted in (vendors and categories are few: rules and catalogs name them). */
  private readonly byVendor = new Map<string, number>();
  private readonly byCategory = new Map<string, number>();

  addErrors(errors: readonly Enrichment[]): void {
    if (errors.length === 0) return;
    this.eventsWithErrors += 1;
    for (const e of errors) {
      this.errors += 1;
      const code = e.subcode !== undefined ? `${e.code}(${e.subcode})` : e.code;
      tally(this.byVendor, e.vendor, 1);
      tally(this.byCategory, e.category, 1);
      this.place({ vendor: e.vendor, service: e.service, code, category: e.category, known: e.known, description: e.description, count: 1 });
    }
  }

  /** A code's count into its row, or into its vendor and service's "(other codes)" row once the rows are full. */
  private place(r: SummaryRow): void {
    const key = `${r.vendor}\u0000${r.service}\u0000${r.code}`;
    const row = this.rows.get(key);
    if (row) {
      row.count += r.count;
      return;
    }
    if (this.rows.size < MAX_SUMMARY_ROWS && r.code !== OTHER_CODES) {
      this.rows.set(key, { ...r });
      return;
    }
    const otherKey = `${r.vendor}\u0000${r.service}`;
    const other = this.others.get(otherKey);
    if (other) other.count += r.count;
    else this.others.set(otherKey, { vendor: r.vendor, service: r.service, code: OTHER_CODES, category: 'mixed', known: false, description: null, count: r.count });
  }

  merge(other: SummaryData): void {
    this.lines += other.lines;
    this.records += other.records;
    this.eventsWithErrors += other.events_with_errors;
    this.errors += other.errors;
    this.overlongLines += other.overlong_lines;
    this.failedEvents += other.failed_events;
    for (const r of other.by_code) this.place(r);
    for (const [k, n] of Object.entries(other.by_vendor)) tally(this.byVendor, k, n);
    for (const [k, n] of Object.entries(other.by_category)) tally(this.byCategory, k, n);
  }

  toJSON(): SummaryData {
    // Maps, then own properties: a vendor named "__proto__" or "constructor" is counted as data.
    const byVendor = this.byVendor;
    const byCategory = this.byCategory;
    const byCode = [...this.rows.values()].sort(byCountThenName);
    byCode.push(...[...this.others.values()].sort(byCountThenName));
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

/**
 * Most counted first; ties by code, vendor and service in code-unit order: the same rows in the
 * same order whatever the machine's locale and whatever order they were counted or merged in (a
 * sharded run's merged summary equals a single run's). Not localeCompare: its first call also
 * loads ICU's collation data, milliseconds of every run's exit.
 */
function byCountThenName(a: SummaryRow, b: SummaryRow): number {
  return b.count - a.count || ordinal(a.code, b.code) || ordinal(a.vendor, b.vendor) || ordinal(a.service, b.service);
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function tally(m: Map<string, number>, key: string, n: number): void {
  m.set(key, (m.get(key) ?? 0) + n);
}
