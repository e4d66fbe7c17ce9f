/**
 * Checks a parsed catalog file object against docs/catalogs.md. Every problem is one line
 * naming the file and, for entries, the entry's 1-based position and code:
 *   data/catalogs/x.json: entry #3 (code "CCI.01.400101"): unknown category "foo" (expected one of auth, …)
 */
import { CATEGORIES, PROVENANCES, type CatalogFile } from './types.js';
import { isCategory } from './taxonomy.js';

/**
 * builtin: a generated file of the package (every header field required, id = file name).
 * user: a user's own file (version, vendor, service required; id, source, from_seed optional).
 */
export type CatalogFileKind = 'builtin' | 'user';

/** Thrown by assertValidCatalogFile and the loaders when a catalog file is unusable; `problems` holds the one-line messages. */
export class CatalogFileError extends Error {
  override name = 'CatalogFileError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

const REQUIRED_HEADER: Record<CatalogFileKind, readonly string[]> = {
  builtin: ['id', 'version', 'vendor', 'service', 'source'],
  user: ['version', 'vendor', 'service'],
};
const OPTIONAL_HEADER_STRINGS = ['id', 'source', 'generated_from'];

/** All problems of the file, [] when it is valid. `file` is the path shown in the messages. */
export function validateCatalogFile(value: unknown, file: string, kind: CatalogFileKind = 'builtin'): string[] {
  const problems: string[] = [];
  if (!isRecord(value)) return [`${file}: not a JSON object (got ${describe(value)})`];

  const header = (message: string): void => {
    problems.push(`${file}: header: ${message}`);
  };
  for (const field of REQUIRED_HEADER[kind]) {
    if (value[field] === undefined) header(`missing ${field}`);
    else if (!isNonEmptyString(value[field])) header(`${field} must be a non-empty string (got ${describe(value[field])})`);
  }
  for (const field of OPTIONAL_HEADER_STRINGS) {
    if (!REQUIRED_HEADER[kind].includes(field) && value[field] !== undefined && !isNonEmptyString(value[field])) {
      header(`${field} must be a non-empty string (got ${describe(value[field])})`);
    }
  }
  if (kind === 'builtin' && value.from_seed === undefined) header('missing from_seed');
  else if (value.from_seed !== undefined && typeof value.from_seed !== 'boolean') {
    header(`from_seed must be a boolean (got ${describe(value.from_seed)})`);
  }
  if (kind === 'builtin' && typeof value.id === 'string') {
    const expected = fileStem(file);
    if (expected !== null && value.id !== expected) header(`id "${value.id}" does not match the file name (expected "${expected}")`);
  }

  if (value.entries === undefined) {
    problems.push(`${file}: missing entries`);
    return problems;
  }
  if (!Array.isArray(value.entries)) {
    problems.push(`${file}: entries must be an array (got ${describe(value.entries)})`);
    return problems;
  }
  const firstPosition = new Map<string, number>();
  value.entries.forEach((entry: unknown, index: number) => {
    problems.push(...validateEntry(entry, index + 1, file, firstPosition));
  });
  return problems;
}

/** Throws a CatalogFileError with every problem when the file is not valid. */
export function assertValidCatalogFile(
  value: unknown,
  file: string,
  kind: CatalogFileKind = 'builtin',
): asserts value is CatalogFile {
  const problems = validateCatalogFile(value, file, kind);
  if (problems.length > 0) throw new CatalogFileError(problems);
}

function validateEntry(entry: unknown, position: number, file: string, firstPosition: Map<string, number>): string[] {
  if (!isRecord(entry)) return [`${file}: entry #${position}: not an object (got ${describe(entry)})`];
  const code = entry.code;
  const hasCode = isNonEmptyString(code);
  const where = hasCode ? `${file}: entry #${position} (code ${JSON.stringify(code)})` : `${file}: entry #${position}`;
  const problems: string[] = [];
  const problem = (message: string): void => {
    problems.push(`${where}: ${message}`);
  };

  if (code === undefined) problem('missing code');
  else if (!hasCode) problem(`code must be a non-empty string (got ${describe(code)})`);
  else {
    const first = firstPosition.get(code);
    if (first !== undefined) problem(`duplicate code (first at entry #${first})`);
    else firstPosition.set(code, position);
  }

  if (entry.category === undefined) problem('missing category');
  else if (!isCategory(entry.category)) {
    problem(`unknown category ${describe(entry.category)} (expected one of ${CATEGORIES.join(', ')})`);
  }
  if (entry.retryable === undefined) problem('missing retryable');
  else if (typeof entry.retryable !== 'boolean') problem(`retryable must be a boolean (got ${describe(entry.retryable)})`);

  for (const field of ['description', 'remediation'] as const) {
    const text = entry[field];
    if (text === undefined) {
      problem(`missing ${field}`);
      continue;
    }
    if (!isRecord(text)) {
      problem(`${field} must be an object with zh and en (got ${describe(text)})`);
      continue;
    }
    for (const lang of ['zh', 'en'] as const) {
      if (text[lang] === undefined) problem(`missing ${field}.${lang}`);
      else if (!isNonEmptyString(text[lang])) problem(`${field}.${lang} must be a non-empty string (got ${describe(text[lang])})`);
    }
  }

  const status = entry.http_status;
  if (status !== undefined && status !== null && !Number.isInteger(status)) {
    problem(`http_status must be an integer or null (got ${describe(status)})`);
  }
  for (const field of ['message', 'public_code', 'doc_url'] as const) {
    if (entry[field] !== undefined && !isNonEmptyString(entry[field])) {
      problem(`${field} must be a non-empty string (got ${describe(entry[field])})`);
    }
  }
  if (entry.provenance !== undefined) validateProvenance(entry.provenance, problem);
  if (entry.statuses !== undefined) validateStatuses(entry.statuses, problem);
  return problems;
}

function validateProvenance(provenance: unknown, problem: (message: string) => void): void {
  if (!isRecord(provenance)) {
    problem(`provenance must be an object with description and remediation (got ${describe(provenance)})`);
    return;
  }
  for (const field of ['description', 'remediation'] as const) {
    const text = provenance[field];
    for (const lang of ['zh', 'en'] as const) {
      const value = isRecord(text) ? text[lang] : undefined;
      if (!PROVENANCE_SET.has(value)) {
        problem(`provenance.${field}.${lang} must be one of ${PROVENANCES.join(', ')} (got ${describe(value)})`);
      }
    }
  }
}

/** Each documented status of a code: its status, its own texts, category and retryable. */
function validateStatuses(statuses: unknown, problem: (message: string) => void): void {
  if (!Array.isArray(statuses)) {
    problem(`statuses must be an array (got ${describe(statuses)})`);
    return;
  }
  statuses.forEach((variant: unknown, index) => {
    const where = `statuses[${index}]`;
    if (!isRecord(variant)) {
      problem(`${where}: not an object (got ${describe(variant)})`);
      return;
    }
    if (!Number.isInteger(variant.http_status)) problem(`${where}: http_status must be an integer (got ${describe(variant.http_status)})`);
    if (!isCategory(variant.category)) problem(`${where}: unknown category ${describe(variant.category)}`);
    if (typeof variant.retryable !== 'boolean') problem(`${where}: retryable must be a boolean (got ${describe(variant.retryable)})`);
    if (variant.message !== undefined && !isNonEmptyString(variant.message)) problem(`${where}: message must be a non-empty string`);
    for (const field of ['description', 'remediation'] as const) {
      const text = variant[field];
      if (!isRecord(text) || !isNonEmptyString(text.zh) || !isNonEmptyString(text.en)) {
        problem(`${where}: ${field} must be an object with non-empty zh and en`);
      }
    }
  });
}

const PROVENANCE_SET: ReadonlySet<unknown> = new Set(PROVENANCES);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  return JSON.stringify(value) ?? String(value);
}

/** "x" for ".../x.json"; null when the path is not a .json file. */
function fileStem(file: string): string | null {
  return /([^/\\]+)\.json$/.exec(file)?.[1] ?? null;
}
