/**
 * `npm run catalogs`: data/sources/*.md + data/overlays/*.json → data/catalogs/*.json.
 * Prints a report per catalog to stderr (codes, new codes, vanished codes, overlay values the
 * document overrides). Exit 1 when a catalog cannot be built or fails validation — that
 * catalog's file is then left as it was. `--check` writes nothing and also fails when a
 * catalog file is not what the generator would write (for CI).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../runtime/package-root.js';
import { buildCatalog, serializeCatalogFile, type BuildReport } from './build-catalogs.js';
import { SOURCE_DOCUMENTS, type SourceRow } from './parse-source.js';
import { validateCatalogFile } from './validate-catalog.js';

/** Catalogs without a source document: the overlay is the whole catalog (docs/catalogs.md). */
const OVERLAY_ONLY_CATALOGS = ['huawei-apigw'];

/** How many codes a report line lists before "…". */
const LISTED_CODES = 12;

export interface GenerateOptions {
  /** Repository root holding data/sources, data/overlays and data/catalogs. */
  root: string;
  /** Write nothing; fail when a catalog file differs from what would be written. */
  check?: boolean;
}

export interface GenerateResult {
  exitCode: 0 | 1;
  /** Report lines, for stderr. */
  lines: string[];
  /** Catalog files (repository-relative) whose content changed (or would, with check). */
  changed: string[];
}

export function generateCatalogFiles(options: GenerateOptions): GenerateResult {
  const { root } = options;
  const lines: string[] = [];
  const changed: string[] = [];
  let failed = false;
  for (const id of catalogIds(root)) {
    const outcome = generateOne(id, options);
    lines.push(...outcome.lines);
    if (outcome.failed) failed = true;
    if (outcome.changed) changed.push(outcome.changed);
  }
  const verdict = failed ? 'FAILED: see the messages above' : options.check ? 'catalogs are up to date' : 'done';
  lines.push(`${verdict}${changed.length > 0 ? ` (${options.check ? 'out of date' : 'changed'}: ${changed.join(', ')})` : ''}`);
  return { exitCode: failed ? 1 : 0, lines, changed };
}

/** Seeded catalogs, the known overlay-only ones, and any other overlay found. */
function catalogIds(root: string): string[] {
  const overlayDir = join(root, 'data', 'overlays');
  const overlays = existsSync(overlayDir)
    ? readdirSync(overlayDir)
        .filter((name) => name.endsWith('.json'))
        .map((name) => name.slice(0, -'.json'.length))
        .sort()
    : [];
  return [...new Set([...Object.keys(SOURCE_DOCUMENTS), ...OVERLAY_ONLY_CATALOGS, ...overlays])];
}

interface Outcome {
  lines: string[];
  failed: boolean;
  changed?: string;
}

function generateOne(id: string, { root, check = false }: GenerateOptions): Outcome {
  const target = `data/catalogs/${id}.json`;
  const document = SOURCE_DOCUMENTS[id];
  const sourcePath = document ? `data/sources/${document.file}` : null;
  const overlayPath = `data/overlays/${id}.json`;

  let rows: SourceRow[] | null = null;
  if (document && sourcePath) {
    try {
      rows = document.parse(readFileSync(join(root, sourcePath), 'utf8'));
    } catch (error) {
      return { failed: true, lines: [`${id}: ${sourcePath}: ${messageOf(error)}`] };
    }
  }
  let overlay: unknown = null;
  if (existsSync(join(root, overlayPath))) {
    try {
      overlay = JSON.parse(readFileSync(join(root, overlayPath), 'utf8')) as unknown;
    } catch (error) {
      return { failed: true, lines: [`${id}: ${overlayPath}: not valid JSON (${messageOf(error)}); ${target} left as it was`] };
    }
  }
  if (overlay === null) {
    const codes = rows?.map((row) => row.code) ?? [];
    return {
      failed: false,
      lines: [
        `${id}: no overlay yet (${overlayPath}); ${target} not generated`,
        ...(codes.length > 0 ? [`  new (no overlay entry): ${listCodes(codes)}`] : []),
      ],
    };
  }

  const { catalog, report } = buildCatalog({ id, rows, overlay, generatedFrom: sourcePath ?? overlayPath });
  const problems = [...report.problems.map((problem) => `${overlayPath}: ${problem}`), ...validateCatalogFile(catalog, target)];
  const reportLines = formatBuildReport(report);
  if (problems.length > 0) {
    return { failed: true, lines: [`${id}: ${target} NOT written:`, ...problems.map((p) => `  ${p}`), ...reportLines.slice(1)] };
  }

  const text = serializeCatalogFile(catalog);
  const path = join(root, target);
  const same = existsSync(path) && readFileSync(path, 'utf8') === text;
  if (!same && !check) {
    mkdirSync(join(root, 'data', 'catalogs'), { recursive: true });
    writeFileSync(path, text);
  }
  const state = same ? 'unchanged' : check ? 'OUT OF DATE' : 'written';
  return {
    failed: check && !same,
    changed: same ? undefined : target,
    lines: [`${reportLines[0] ?? id} → ${target} (${state})`, ...reportLines.slice(1)],
  };
}

/** The report as lines: a summary line, then what needs a human's attention. */
export function formatBuildReport(report: BuildReport): string[] {
  const addedCodes = new Set(report.added);
  const lines = [`${report.catalog}: ${report.entries} codes`];
  if (report.added.length > 0) lines.push(`  new (no overlay entry, category unknown): ${listCodes(report.added)}`);
  if (report.vanished.length > 0) lines.push(`  vanished (in the overlay, not in the document): ${listCodes(report.vanished)}`);
  const ignored = report.notes.filter((note) => note.kind === 'ignored');
  if (ignored.length > 0) {
    lines.push(`  overlay values ignored (${ignored.length}):`);
    for (const note of ignored) lines.push(`    ${note.code} ${note.field}: ${note.detail}`);
  }
  // Gaps of new codes are expected; gaps of codes that do have an overlay entry are not.
  const gaps = report.notes.filter((note) => note.kind === 'filled' && !addedCodes.has(note.code));
  if (gaps.length > 0) {
    lines.push(`  incomplete overlay entries, filled (${gaps.length}):`);
    for (const note of gaps) lines.push(`    ${note.code} ${note.field}: ${note.detail}`);
  }
  for (const note of report.notes.filter((n) => n.kind === 'duplicate')) lines.push(`  ${note.code}: ${note.detail}`);
  return lines;
}

function listCodes(codes: readonly string[]): string {
  const shown = codes.slice(0, LISTED_CODES).join(', ');
  return `${codes.length} — ${shown}${codes.length > LISTED_CODES ? ', …' : ''}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function main(): void {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`usage: build-catalogs-cli [--check]\nunknown argument: ${unknown.join(' ')}\n`);
    process.exitCode = 2;
    return;
  }
  const result = generateCatalogFiles({ root: PACKAGE_ROOT, check: args.includes('--check') });
  process.stderr.write(`${result.lines.join('\n')}\n`);
  process.exitCode = result.exitCode;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
