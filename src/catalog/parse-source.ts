/**
 * Turns each vendor document in data/sources/ into rows per catalog id: the facts the vendor
 * states about each code, nothing more. What the document lacks comes from the overlay
 * (build-catalogs.ts). Columns are found by their header text, so a reordered or extended
 * table still parses, and a renamed one fails loudly instead of shifting columns.
 */
import { cellText, readSourceTables, type SourceTable, type SourceTableRow } from './read-source-tables.js';

/** What one document row says about one code. Absent fields: the document says nothing. */
export interface SourceRow {
  code: string;
  http_status?: number;
  /** The vendor's message text, verbatim (whitespace collapsed for the CKafka table). */
  message?: string;
  zh_description?: string;
  zh_remediation?: string;
  public_code?: string;
}

export type SourceParser = (text: string) => SourceRow[];

export interface SourceDocument {
  /** File name under data/sources/. */
  file: string;
  parse: SourceParser;
}

/** Thrown when a document no longer has the table or column a parser relies on. */
export class SourceFormatError extends Error {
  override name = 'SourceFormatError';
}

/** Rows of a 错误码 | 说明 | 处理措施 table. */
function codeDescriptionRemediationRows(table: SourceTable): SourceRow[] {
  const column = columnsOf(table, { code: '错误码', description: '说明', remediation: '处理措施' });
  return table.rows.map((row) =>
    withoutAbsent({
      code: requiredCode(row, column.code),
      zh_description: cellAt(row, column.description),
      zh_remediation: cellAt(row, column.remediation),
    }),
  );
}

/** Tencent TKE legacy (CCS) API: one table 错误码 | 说明 | 处理措施, negative codes. */
export function parseTkeLegacyRows(text: string): SourceRow[] {
  const table = onlyTable(readSourceTables(text), (t) => hasColumns(t, ['错误码', '说明', '处理措施']));
  return codeDescriptionRemediationRows(table);
}

/**
 * Tencent TKE API 3.0: the 公共错误码 and 业务错误码 tables (错误码 | 说明). A name listed in
 * both is one row; the first table's text wins, the second only fills what the first lacks.
 */
export function parseTkeV3Rows(text: string): SourceRow[] {
  const tables = readSourceTables(text).filter((t) => hasColumns(t, ['错误码', '说明']));
  const wanted = ['公共错误码', '业务错误码'].map((heading) => {
    const table = tables.find((t) => t.heading?.includes(heading) === true);
    if (!table) throw new SourceFormatError(`no 错误码 table under a heading "${heading}"`);
    return table;
  });
  const rows = wanted.flatMap((table) => {
    const column = columnsOf(table, { code: '错误码', description: '说明' });
    return table.rows.map((row) =>
      withoutAbsent({ code: requiredCode(row, column.code), zh_description: cellAt(row, column.description) }),
    );
  });
  return mergeRowsByCode(rows);
}

/** Tencent legacy public codes: the 公共错误码 table (HTML) of the CKafka document. */
export function parseTencentLegacyCommonRows(text: string): SourceRow[] {
  const table = onlyTable(
    readSourceTables(text),
    (t) => t.heading?.includes('公共错误码') === true && hasColumns(t, ['错误码', '说明', '处理措施']),
  );
  return codeDescriptionRemediationRows(table);
}

/**
 * CKafka module codes: the 模块错误码 table. The module code is the entry's code, the first
 * column its public code; the English text is wrapped in the document, so whitespace collapses.
 */
export function parseCkafkaModuleRows(text: string): SourceRow[] {
  const table = onlyTable(
    readSourceTables(text),
    (t) => t.heading?.includes('模块错误码') === true && hasColumns(t, ['模块错误码']),
  );
  const column = columnsOf(table, {
    public_code: '错误码',
    code: '模块错误码',
    message: '英文描述',
    description: '说明',
    remediation: '处理措施',
  });
  return table.rows.map((row) =>
    withoutAbsent({
      code: requiredCode(row, column.code),
      message: cellAt(row, column.message)?.replace(/\s+/g, ' '),
      zh_description: cellAt(row, column.description),
      zh_remediation: cellAt(row, column.remediation),
      public_code: cellAt(row, column.public_code),
    }),
  );
}

/** Huawei CCI: 状态码 | 错误码 | 错误信息 | 描述 | 处理措施. */
export function parseHuaweiCciRows(text: string): SourceRow[] {
  const table = onlyTable(readSourceTables(text), (t) => hasColumns(t, ['状态码', '错误码']));
  const column = columnsOf(table, {
    status: '状态码',
    code: '错误码',
    message: '错误信息',
    description: '描述',
    remediation: '处理措施',
  });
  return table.rows.map((row) =>
    withoutAbsent({
      code: requiredCode(row, column.code),
      http_status: httpStatusCell(row, column.status),
      message: cellAt(row, column.message),
      zh_description: cellAt(row, column.description),
      zh_remediation: cellAt(row, column.remediation),
    }),
  );
}

/**
 * NetEase container service: 错误码 | 错误信息 | 错误描述 | 解决方案. Only the code and the English
 * message are filled in the document; the HTTP status is the code's first three digits.
 */
export function parseNeteaseNcsRows(text: string): SourceRow[] {
  const table = onlyTable(readSourceTables(text), (t) => hasColumns(t, ['错误码', '错误信息']));
  const column = columnsOf(table, { code: '错误码', message: '错误信息' });
  const description = table.header.indexOf('错误描述');
  const remediation = table.header.indexOf('解决方案');
  return table.rows.map((row) => {
    const code = requiredCode(row, column.code);
    if (!/^[1-5]\d{6}$/.test(code)) {
      throw new SourceFormatError(`line ${row.line}: code "${code}" is not a seven-digit NetEase code`);
    }
    return withoutAbsent({
      code,
      http_status: Number(code.slice(0, 3)),
      message: cellAt(row, column.message),
      zh_description: description >= 0 ? cellAt(row, description) : undefined,
      zh_remediation: remediation >= 0 ? cellAt(row, remediation) : undefined,
    });
  });
}

/** Catalog id → the source document it is generated from and the parser for that document. */
export const SOURCE_DOCUMENTS: Readonly<Record<string, SourceDocument>> = {
  'tencent-tke-legacy': { file: 'tencent-tke-legacy.md', parse: parseTkeLegacyRows },
  'tencent-tke-v3': { file: 'tencent-tke-v3.md', parse: parseTkeV3Rows },
  'tencent-legacy-common': { file: 'tencent-ckafka-legacy.md', parse: parseTencentLegacyCommonRows },
  'tencent-ckafka': { file: 'tencent-ckafka-legacy.md', parse: parseCkafkaModuleRows },
  'huawei-cci': { file: 'huawei-cci.md', parse: parseHuaweiCciRows },
  'netease-ncs': { file: 'netease-ncs.md', parse: parseNeteaseNcsRows },
};

/**
 * Rows with the same code become one: the first occurrence wins, later ones fill its gaps.
 * Order is that of first occurrence.
 */
export function mergeRowsByCode(rows: readonly SourceRow[]): SourceRow[] {
  const byCode = new Map<string, SourceRow>();
  for (const row of rows) {
    const first = byCode.get(row.code);
    byCode.set(row.code, first ? { ...row, ...first } : row);
  }
  return [...byCode.values()];
}

function onlyTable(tables: readonly SourceTable[], matches: (table: SourceTable) => boolean): SourceTable {
  const found = tables.filter(matches);
  const [table] = found;
  if (!table) throw new SourceFormatError('the error-code table was not found');
  if (found.length > 1) {
    throw new SourceFormatError(`expected one error-code table, found ${found.length} (lines ${found.map((t) => t.line).join(', ')})`);
  }
  return table;
}

function hasColumns(table: SourceTable, names: readonly string[]): boolean {
  return names.every((name) => table.header.includes(name));
}

function columnsOf<K extends string>(table: SourceTable, names: Record<K, string>): Record<K, number> {
  const columns = {} as Record<K, number>;
  for (const key of Object.keys(names) as K[]) {
    const index = table.header.indexOf(names[key]);
    if (index < 0) {
      throw new SourceFormatError(
        `table at line ${table.line}: no column "${names[key]}" (columns: ${table.header.join(' | ')})`,
      );
    }
    columns[key] = index;
  }
  return columns;
}

function cellAt(row: SourceTableRow, index: number): string | undefined {
  return cellText(row.cells[index] ?? '');
}

function requiredCode(row: SourceTableRow, index: number): string {
  const code = cellAt(row, index);
  if (code === undefined) throw new SourceFormatError(`line ${row.line}: row without an error code`);
  return code;
}

function httpStatusCell(row: SourceTableRow, index: number): number | undefined {
  const cell = cellAt(row, index);
  if (cell === undefined) return undefined;
  if (!/^[1-5]\d\d$/.test(cell)) throw new SourceFormatError(`line ${row.line}: "${cell}" is not an HTTP status`);
  return Number(cell);
}

/** Drops undefined fields so a row holds only what the document states. */
function withoutAbsent(row: { code: string } & { [K in keyof Omit<SourceRow, 'code'>]: SourceRow[K] | undefined }): SourceRow {
  const result: SourceRow = { code: row.code };
  if (row.http_status !== undefined) result.http_status = row.http_status;
  if (row.message !== undefined) result.message = row.message;
  if (row.zh_description !== undefined) result.zh_description = row.zh_description;
  if (row.zh_remediation !== undefined) result.zh_remediation = row.zh_remediation;
  if (row.public_code !== undefined) result.public_code = row.public_code;
  return result;
}
