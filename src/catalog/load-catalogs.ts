/**
 * Loads catalog files (the package's generated ones and users' own) and builds the indexed
 * CatalogSet the lookup uses. Runs at every CLI start: plain JSON.parse, one validation pass for
 * user catalogs (the built-in ones are validated by the tests instead), Map indexes built once.
 * Any unusable file throws a CatalogFileError naming file and entry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../runtime/package-root.js';
import { normalizeCode } from './code-shape.js';
import type { Catalog, CatalogEntry, CatalogFile, CatalogSet } from './types.js';
import { CatalogFileError, assertValidCatalogFile, type CatalogFileKind } from './validate-catalog.js';

/** Where the generated built-in catalogs live. */
export const BUILTIN_CATALOG_DIR = join(PACKAGE_ROOT, 'data', 'catalogs');

/**
 * The package's catalogs, data/catalogs/*.json in file name order. They are generated and checked
 * by the tests (test/catalog/builtin-catalogs-valid.test.ts), so a start skips the validation pass
 * (about half of their load time); user catalogs are always validated.
 */
export function loadBuiltinCatalogs(options: { validate?: boolean } = {}): Catalog[] {
  return loadDir(BUILTIN_CATALOG_DIR, 'builtin', (name) => `data/catalogs/${name}`, options.validate === true);
}

/** A user's catalog directory: every *.json file in it (not recursive), file name order. */
export function loadCatalogDir(dir: string): Catalog[] {
  return loadDir(dir, 'user', (name) => join(dir, name), true);
}

/** One catalog file; `file` is also the path shown in error messages. */
export function loadCatalogFile(file: string, kind: CatalogFileKind = 'user'): Catalog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CatalogFileError([`${file}: cannot read (${errorCode(error)})`]);
  }
  return parseCatalogText(text, file, kind);
}

/** A catalog from the text of its file; `file` names it in error messages and defaults. */
export function parseCatalogText(text: string, file: string, kind: CatalogFileKind = 'user', validate = true): Catalog {
  const value = parseJson(text.startsWith('\uFEFF') ? text.slice(1) : text, file);
  if (validate) assertValidCatalogFile(value, file, kind);
  return toCatalog(value as CatalogFile, file);
}

/**
 * The set the lookup works on. A user entry replaces every entry already in the set with the
 * same code and vendor (built-in or an earlier user catalog), in place; a user catalog whose id
 * is already present is merged into it; one with a new id is appended. Inputs are not modified.
 */
export function buildCatalogSet(catalogs: readonly Catalog[], userCatalogs: readonly Catalog[] = []): CatalogSet {
  const byId = new Map<string, { catalog: Catalog; entries: Map<string, CatalogEntry> }>();
  const addOrMerge = (catalog: Catalog): void => {
    const existing = byId.get(catalog.id);
    if (existing) {
      for (const entry of catalog.entries) existing.entries.set(normalizeCode(entry.code), entry);
    } else {
      byId.set(catalog.id, {
        catalog,
        entries: new Map(catalog.entries.map((entry) => [normalizeCode(entry.code), entry])),
      });
    }
  };
  for (const catalog of catalogs) addOrMerge(catalog);
  for (const user of userCatalogs) {
    for (const entry of user.entries) {
      const code = normalizeCode(entry.code);
      for (const [id, { entries }] of byId) {
        if (id !== user.id && entries.get(code)?.vendor === entry.vendor) entries.set(code, entry);
      }
    }
    addOrMerge(user);
  }
  const built = [...byId.values()].map(({ catalog, entries }) => ({
    catalog: { ...catalog, entries: [...entries.values()] },
    entries: entries as ReadonlyMap<string, CatalogEntry>,
  }));
  return {
    catalogs: built.map(({ catalog }) => catalog),
    codesByCatalog: new Map(built.map(({ catalog, entries }) => [catalog.id, entries])),
  };
}

function loadDir(dir: string, kind: CatalogFileKind, displayPath: (name: string) => string, validate: boolean): Catalog[] {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((dirent) => dirent.isFile() && dirent.name.endsWith('.json'))
      .map((dirent) => dirent.name)
      .sort();
  } catch (error) {
    throw new CatalogFileError([`${dir}: cannot read catalog directory (${errorCode(error)})`]);
  }
  const catalogs: Catalog[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const file = displayPath(name);
    try {
      catalogs.push(parseCatalogText(readFileSync(join(dir, name), 'utf8'), file, kind, validate));
    } catch (error) {
      if (error instanceof CatalogFileError) problems.push(...error.problems);
      else problems.push(`${file}: cannot read (${errorCode(error)})`);
    }
  }
  if (problems.length > 0) throw new CatalogFileError(problems);
  return catalogs;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CatalogFileError([`${file}: ${describeJsonError(text, error)}`]);
  }
}

/**
 * "not valid JSON at line 3, column 7" / "not valid JSON: unexpected end of file at line 8, column 1".
 * The position comes from V8's message; its wording differs between Node versions, so it is
 * only shown when V8 gives no position.
 */
function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const positionText = /at position (\d+)/.exec(message)?.[1];
  const position = positionText !== undefined ? Number(positionText) : /end of JSON input/.test(message) ? text.length : null;
  if (position === null) return `not valid JSON: ${message}`;
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const atEnd = text.slice(position).trim() === '';
  return `not valid JSON${atEnd ? ': unexpected end of file' : ''} at line ${line}, column ${column}`;
}

function toCatalog(file: CatalogFile, path: string): Catalog {
  const id = file.id ?? /([^/\\]+)\.json$/.exec(path)?.[1] ?? path;
  const source = file.source ?? path;
  return {
    id,
    version: file.version,
    vendor: file.vendor,
    service: file.service,
    source,
    from_seed: file.from_seed ?? false,
    file: path,
    entries: file.entries.map((entry) => {
      const loaded: CatalogEntry = {
        code: entry.code,
        vendor: file.vendor,
        service: file.service,
        catalog: id,
        http_status: entry.http_status ?? null,
        description: entry.description,
        remediation: entry.remediation,
        category: entry.category,
        retryable: entry.retryable,
        source,
        doc_url: entry.doc_url ?? source,
      };
      if (entry.message !== undefined) loaded.message = entry.message;
      if (entry.provenance !== undefined) loaded.provenance = entry.provenance;
      if (entry.public_code !== undefined) loaded.public_code = entry.public_code;
      if (entry.statuses !== undefined) loaded.statuses = entry.statuses;
      return loaded;
    }),
  };
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
