/**
 * `--help` text from the table in src/cli-table.ts: each command lists only its own options and
 * its examples, wrapped at word boundaries to the terminal's width. Loaded only for --help.
 */
import { COMMANDS, OPTIONS, flagOf, type CommandName, type CommandSpec, type OptionName, type OptionSpec } from './cli-table.js';

/** Help is never wider than this, even on a wide terminal: long lines are hard to read. */
const MAX_WIDTH = 100;
const MIN_WIDTH = 40;

/** Wraps `text` at spaces to lines of at most `width` characters; a longer word gets a line of its own. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ' ' + word;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** `left` in a column of `leftWidth`, `right` wrapped beside it (below it when `left` is too long). */
function twoColumns(left: string, right: string, leftWidth: number, width: number, indent = 2): string[] {
  const pad = ' '.repeat(indent);
  const rightWidth = width - indent - leftWidth - 2;
  // Too narrow for two columns: the text goes under its label.
  if (rightWidth < 20) return [pad + left, ...wrapWords(right, width - indent - 4).map((l) => pad + '    ' + l)];
  const wrapped = wrapWords(right, rightWidth);
  const hang = ' '.repeat(indent + leftWidth + 2);
  if (left.length > leftWidth) return [pad + left, ...wrapped.map((l) => hang + l)];
  return [pad + left.padEnd(leftWidth) + '  ' + wrapped[0]!, ...wrapped.slice(1).map((l) => hang + l)];
}

function optionLabel(name: OptionName): string {
  const o: OptionSpec = OPTIONS[name];
  const flag = `--${flagOf(name)}${o.arg ? ' ' + o.arg : ''}`;
  return o.alias ? `-${o.alias}, ${flag}` : `    ${flag}`;
}

function optionText(name: OptionName): string {
  const o: OptionSpec = OPTIONS[name];
  const dflt = o.default === undefined || o.type === 'boolean' || (Array.isArray(o.default) && o.default.length === 0) ? '' : ` [default: ${String(o.default)}]`;
  return o.describe + dflt;
}

function usageLine(_name: CommandName, spec: CommandSpec): string {
  const words = ['errenrich', ...spec.words].join(' ');
  const positionals = spec.positionals.map((p) => {
    const text = p.variadic ? `${p.name}…` : p.name;
    return p.required ? text : `[${text}]`;
  });
  return `${words} [options]${positionals.length ? ' ' + positionals.join(' ') : ''}`;
}

export function renderHelp(command: CommandName, columns: number | undefined): string {
  const width = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, (columns ?? 80) - 1));
  const spec: CommandSpec = COMMANDS[command];
  const out: string[] = [...wrapWords(`Usage: ${usageLine(command, spec)}`, width), ''];
  out.push(...wrapWords(spec.description ?? spec.summary, width), '');
  if (command === 'enrich') {
    out.push('Commands:');
    const rows = (Object.entries(COMMANDS) as [CommandName, CommandSpec][]).filter(([n]) => n !== 'enrich');
    const leftWidth = Math.max(...rows.map(([n, c]) => usageLine(n, c).replace(' [options]', '').length));
    for (const [n, c] of rows) out.push(...twoColumns(usageLine(n, c).replace(' [options]', ''), c.summary, Math.min(leftWidth, 40), width));
    out.push('');
  }
  const groups = new Map<string, OptionName[]>();
  for (const name of spec.options) {
    const g = (OPTIONS[name] as OptionSpec).group;
    groups.set(g, [...(groups.get(g) ?? []), name]);
  }
  const leftWidth = Math.min(30, Math.max(...spec.options.map((n) => optionLabel(n).length)));
  for (const [group, names] of groups) {
    out.push(`${group} options:`);
    for (const n of names) out.push(...twoColumns(optionLabel(n), optionText(n), leftWidth, width));
    out.push('');
  }
  if (spec.examples.length > 0) {
    out.push('Examples:');
    for (const [cmd, what] of spec.examples) {
      out.push(...wrapWords(what, width - 4).map((l) => '  # ' + l));
      // A command too long for the line is continued with a backslash, so it can still be pasted.
      const parts = wrapWords(cmd, width - 6);
      parts.forEach((l, i) => out.push(`${i === 0 ? '  ' : '    '}${l}${i < parts.length - 1 ? ' \\' : ''}`));
    }
    out.push('');
  }
  return out.join('\n');
}

/** `errenrich catalog --help`: the group's actions, each with its own --help. */
export function renderGroupHelp(group: string, columns: number | undefined): string {
  const width = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, (columns ?? 80) - 1));
  const rows = (Object.entries(COMMANDS) as [CommandName, CommandSpec][]).filter(([, c]) => c.words[0] === group);
  const out = [`Usage: errenrich ${group} <${rows.map(([, c]) => c.words[1]).join('|')}> [options]`, '', 'Actions:'];
  const left = rows.map(([n, c]) => usageLine(n, c).replace(' [options]', ''));
  const leftWidth = Math.min(40, Math.max(...left.map((l) => l.length)));
  rows.forEach(([, c], i) => out.push(...twoColumns(left[i]!, c.summary, leftWidth, width)));
  out.push('', `Each action has its own help: errenrich ${group} ${rows[0]![1].words[1]} --help`, '');
  return out.join('\n');
}
