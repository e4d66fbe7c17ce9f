/**
 * Reads the tables of a vendor error-code document (data/sources/*.md): Markdown pipe tables
 * and HTML <table>s, in document order, each with the heading it sits under.
 * Cells come back as plain text (links turned into "text (url)"); which column means what is
 * decided by the per-document parsers in parse-source.ts.
 */

export interface SourceTableRow {
  /** 1-based line of the row's first line in the document. */
  line: number;
  /** Cell texts in header order; missing trailing cells are "". */
  cells: string[];
}

export interface SourceTable {
  /** Text of the nearest heading above the table ("公共错误码"), null if none. */
  heading: string | null;
  /** 1-based line where the table starts. */
  line: number;
  header: string[];
  rows: SourceTableRow[];
}

const HEADING = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
const MARKDOWN_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/** All tables of the document, Markdown and HTML, in document order. */
export function readSourceTables(text: string): SourceTable[] {
  const lines = text.split(/\r?\n/);
  const headings = headingsByLine(lines);
  const tables = [...readMarkdownTables(lines, headings), ...readHtmlTables(text, headings)];
  return tables.sort((a, b) => a.line - b.line);
}

/**
 * A cell's text as plain text: Markdown links and HTML anchors become "text (url)", other tags
 * are dropped, entities decoded. "-" and empty cells are undefined (the document says nothing).
 */
export function cellText(raw: string): string | undefined {
  const text = raw
    .replace(/\[([^\]]*)\]\(([^)\s]*)\)/g, (_m, label: string, url: string) => linkText(label, url))
    .replace(/<a\s[^>]*href\s*=\s*"([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, url: string, label: string) =>
      linkText(label, url),
    )
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, name: string) => ENTITIES[name] ?? '')
    .trim();
  return text === '' || text === '-' ? undefined : text;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

function linkText(label: string, url: string): string {
  const plain = label.replace(/\s+/g, ' ').trim();
  return plain === '' ? url : `${plain} (${url})`;
}

/** headings[i] = text of the last heading at or above line i (0-based). */
function headingsByLine(lines: readonly string[]): (string | null)[] {
  let current: string | null = null;
  return lines.map((line) => {
    const match = HEADING.exec(line);
    if (match) current = (match[1] ?? '').replace(/<a\s[^>]*><\/a>/gi, '').trim();
    return current;
  });
}

function readMarkdownTables(lines: readonly string[], headings: readonly (string | null)[]): SourceTable[] {
  const tables: SourceTable[] = [];
  let i = 0;
  while (i < lines.length - 1) {
    const first = lines[i] ?? '';
    const second = lines[i + 1] ?? '';
    if (!isPipeRow(first) || !MARKDOWN_SEPARATOR.test(second) || !second.includes('-')) {
      i += 1;
      continue;
    }
    const header = splitPipeRow(first);
    const table: SourceTable = { heading: headings[i] ?? null, line: i + 1, header, rows: [] };
    let j = i + 2;
    while (j < lines.length && isPipeRow(lines[j] ?? '')) {
      const start = j;
      let row = (lines[j] ?? '').trim();
      j += 1;
      // A row broken over several lines: the line does not end with a cell border, or it
      // has too few cells and the next line is a continuation (does not start a new row).
      while (j < lines.length && !isBlank(lines[j] ?? '') && !HEADING.test(lines[j] ?? '')) {
        const next = (lines[j] ?? '').trim();
        const unfinished = !endsWithBorder(row);
        const short = splitPipeRow(row).length < header.length && !next.startsWith('|');
        if (!unfinished && !short) break;
        row = `${row} ${next}`;
        j += 1;
      }
      const cells = splitPipeRow(row);
      if (cells.some((cell) => cell !== '')) {
        table.rows.push({ line: start + 1, cells: header.map((_h, k) => cells[k] ?? '') });
      }
    }
    tables.push(table);
    i = j;
  }
  return tables;
}

function isPipeRow(line: string): boolean {
  return line.trimStart().startsWith('|');
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function endsWithBorder(row: string): boolean {
  return row.endsWith('|') && !row.endsWith('\\|');
}

/** Cells of one pipe row, trimmed; "\|" inside a cell is a literal pipe. */
function splitPipeRow(row: string): string[] {
  let body = row.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (endsWithBorder(body)) body = body.slice(0, -1);
  return body.split(/(?<!\\)\|/).map((cell) => cell.replace(/\\\|/g, '|').trim());
}

function readHtmlTables(text: string, headings: readonly (string | null)[]): SourceTable[] {
  const tables: SourceTable[] = [];
  for (const table of text.matchAll(/<table\b[^>]*>([\s\S]*?)<\/table>/gi)) {
    const tableLine = lineAt(text, table.index);
    const body = table[1] ?? '';
    const bodyOffset = table.index + table[0].indexOf(body);
    let header: string[] | null = null;
    const rows: SourceTableRow[] = [];
    for (const tr of body.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi)) {
      const cellMatches = [...(tr[1] ?? '').matchAll(/<(t[hd])\b[^>]*>([\s\S]*?)<\/\1>/gi)];
      const cells = cellMatches.map((cell) => htmlCellText(cell[2] ?? ''));
      const isHeader = cellMatches.length > 0 && cellMatches.every((cell) => cell[1]?.toLowerCase() === 'th');
      if (header === null && isHeader) {
        header = cells;
      } else if (header !== null && cells.some((cell) => cell !== '')) {
        const headerLength = header.length;
        rows.push({
          line: lineAt(text, bodyOffset + tr.index),
          cells: Array.from({ length: headerLength }, (_v, k) => cells[k] ?? ''),
        });
      }
    }
    if (header !== null) {
      tables.push({ heading: headings[tableLine - 1] ?? null, line: tableLine, header, rows });
    }
  }
  return tables;
}

/** HTML collapses whitespace; a cell's markup stays for cellText to turn links into text. */
function htmlCellText(inner: string): string {
  return inner.replace(/\s+/g, ' ').trim();
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) line += 1;
  return line;
}
