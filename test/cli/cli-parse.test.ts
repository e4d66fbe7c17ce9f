/** The option table drives parsing and help: parser and help renderer as functions. */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli-parse.js';
import { renderHelp, wrapWords } from '../../src/cli-help.js';
import { COMMANDS, OPTIONS, flagOf, type CommandName } from '../../src/cli-table.js';
import { closestWords, editDistance } from '../../src/did-you-mean.js';

const noFiles = () => false;

describe('parseCommandLine', () => {
  it('the main command: defaults from the table, positionals are inputs, --no-X negates', () => {
    const p = parseCommandLine(['-o', 'out.ndjson', '--include', '*.log', '--include', '*.txt', '--no-locate', 'a.log', '-'], noFiles);
    expect(p.command).toBe('enrich');
    expect(p.positionals).toEqual(['a.log', '-']);
    expect(p.values.output).toBe('out.ndjson');
    expect(p.values.include).toEqual(['*.log', '*.txt']);
    expect(p.values.locate).toBe(false);
    expect(p.values['max-line-bytes']).toBe(1048576);
    expect(p.values.lang).toBeUndefined();
  });

  it('words after -- are inputs, even one spelled like a command', () => {
    expect(parseCommandLine(['--', 'explain', '-x'], noFiles)).toMatchObject({ command: 'enrich', positionals: ['explain', '-x'] });
    expect(() => parseCommandLine(['expalin'], noFiles)).toThrow(/did you mean "explain"/);
    expect(parseCommandLine(['--', 'expalin'], noFiles).positionals).toEqual(['expalin']);
  });

  it('subcommands, with options before or after their words', () => {
    expect(parseCommandLine(['--lang', 'zh', 'explain', 'X'], noFiles)).toMatchObject({ command: 'explain', positionals: ['X'] });
    expect(parseCommandLine(['catalog', 'export', '--format', 'lua'], noFiles).values['export-format']).toBe('lua');
    expect(parseCommandLine(['catalog', 'list', '--format', 'x'].slice(0, 2), noFiles).command).toBe('catalog list');
  });

  it('--format means different things per command, each validated against its own choices', () => {
    expect(() => parseCommandLine(['catalog', 'export', '--format', 'pretty'], noFiles)).toThrow(/must be one of csv, yaml, lua, ndjson/);
    expect(() => parseCommandLine(['--format', 'csv'], noFiles)).toThrow(/must be one of ndjson, pretty/);
  });

  it('reads the words as the CLI always has where yargs-parser alone would read them otherwise', () => {
    // A `true` after a boolean is an input, not the boolean's value.
    expect(parseCommandLine(['--follow', 'true', '-qf', 'false'], noFiles)).toMatchObject({ positionals: ['true', 'false'], values: { follow: true, quiet: true } });
    // "-" is a value ("--output -"), and a short option takes the rest of its word.
    expect(parseCommandLine(['--output', '-', '--include', '-'], noFiles).values).toMatchObject({ output: '-', include: ['-'] });
    expect(parseCommandLine(['-qofile', '-j4', 'a.log'], noFiles)).toMatchObject({ positionals: ['a.log'], values: { quiet: true, output: 'file', jobs: 4 } });
    // A string option given twice: the last one; a repeatable one: all, in order.
    expect(parseCommandLine(['--format', 'pretty', '--format', 'ndjson', '--rules', 'a', '--rules', 'b'], noFiles).values).toMatchObject({ format: 'ndjson', rules: ['a', 'b'] });
    // --no-X turns X off wherever it stands.
    expect(parseCommandLine(['--no-locate', '--locate'], noFiles).values.locate).toBe(false);
    // Numbers are the table's to check; positionals stay the words typed.
    expect(parseCommandLine(['explain', '4030002', '1e3', '0x10'], noFiles).positionals).toEqual(['4030002', '1e3', '0x10']);
  });

  it('a value that looks like an option, a missing value, a value for a boolean: usage errors', () => {
    expect(() => parseCommandLine(['--jobs', '-1'], noFiles)).toThrow(/^Option '--jobs' argument is ambiguous\.\nDid you forget .* use '--jobs=-XYZ'\. \(see errenrich --help\)$/s);
    expect(() => parseCommandLine(['-o', '-x'], noFiles)).toThrow(/use '--output=-XYZ' or '-o-XYZ'\./);
    expect(() => parseCommandLine(['--output'], noFiles)).toThrow(/^Option '-o, --output <value>' argument missing \(see errenrich --help\)$/);
    expect(() => parseCommandLine(['--follow=yes'], noFiles)).toThrow(/^Option '-f, --follow' does not take an argument/);
    expect(() => parseCommandLine(['explain', '--no-follow', 'X'], noFiles)).toThrow(/^unknown option --no-follow \(see errenrich explain --help\)$/);
  });

  it('every option of every command is declared in the table, and each flag once per command', () => {
    for (const [name, spec] of Object.entries(COMMANDS) as [CommandName, (typeof COMMANDS)[CommandName]][]) {
      const flags = spec.options.map(flagOf);
      expect(new Set(flags).size, name).toBe(flags.length);
      for (const o of spec.options) expect(OPTIONS[o], `${name}: ${o}`).toBeDefined();
    }
  });
});

describe('help', () => {
  it('wraps at word boundaries and stays within the width', () => {
    for (const columns of [40, 60, 80, 100, 120, 200]) {
      for (const command of Object.keys(COMMANDS) as CommandName[]) {
        const text = renderHelp(command, columns);
        for (const l of text.split('\n')) expect(l.length, `${command} at ${columns}: ${l}`).toBeLessThanOrEqual(Math.max(40, Math.min(columns, 101) - 1));
      }
    }
    expect(wrapWords('one two three four', 9)).toEqual(['one two', 'three', 'four']);
  });

  it('lists each command\'s own options only', () => {
    const explain = renderHelp('explain', 100);
    for (const o of COMMANDS.explain.options) expect(explain).toContain(`--${flagOf(o)}`);
    expect(explain).not.toContain('--jobs');
  });
});

describe('did you mean', () => {
  it('counts a swap of neighbouring letters as one edit; is case-insensitive', () => {
    expect(editDistance('expalin', 'explain')).toBe(1);
    expect(closestWords('EXPALIN', ['explain', 'catalog', 'rules'])).toEqual(['explain']);
    expect(closestWords('zzz', ['explain', 'catalog'])).toEqual([]);
  });
});

describe('library option errors', () => {
  it('name the option as the library spells it, not the CLI flag; the CLI words it with its flag', async () => {
    const { enrichLine, OptionError } = await import('../../src/index.js');
    let error: unknown;
    try {
      enrichLine('x', { maxLineBytes: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OptionError);
    expect((error as InstanceType<typeof OptionError>).message).toBe('maxLineBytes: must be a positive integer (got 0)');
    expect((error as InstanceType<typeof OptionError>).option).toBe('maxLineBytes');
    expect(() => enrichLine('x', { schema: 'xml' as never })).toThrow(/^schema: must be one of default, ecs, otel/);
  });
});
