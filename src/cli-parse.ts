/**
 * argv → the command, its option values and its positional words, all from the table in
 * src/cli-table.ts. yargs's own parser (yargs-parser, from 'yargs/helpers') turns the words into
 * typed values, configured from the table; this module decides which command the words name,
 * which word is an option, its value or an input (the grammar the CLI has always had: a value
 * that looks like an option is refused, `true` after a boolean is an input), and words every
 * mistake as an OptionError with one line that names the word and, when one is close, what was
 * meant.
 */
import { Parser } from 'yargs/helpers';
import { COMMANDS, OPTIONS, flagOf, type CommandName, type CommandSpec, type OptionName, type OptionSpec, type OptionValues } from './cli-table.js';
import { didYouMean } from './did-you-mean.js';
import { OptionError } from './options.js';

export interface ParsedCommandLine {
  command: CommandName;
  values: OptionValues;
  /** The positional words after the command's own words. */
  positionals: string[];
  /** `catalog --help`: the group's help (the words typed), when no action was named. */
  groupHelp?: string;
}

const GROUPS = new Set(Object.values(COMMANDS).flatMap((c: CommandSpec) => (c.words.length > 0 ? [c.words[0]!] : [])));

/** `isPath` tells whether a word names an existing file: such a word is an input, never a typo'd command. */
export function parseCommandLine(argv: string[], isPath: (word: string) => boolean): ParsedCommandLine {
  const { args, negated } = takeNegations(argv);
  const words = firstPositionals(args);
  const helpAsked = args.some((a) => a === '--help' || a === '-h');
  const [command, groupHelp] = resolveCommand(words, isPath, helpAsked);
  const spec: CommandSpec = COMMANDS[command];
  rejectUnknownOptions(args, command, spec);

  const given = parseWithYargs(spellOut(args, spec, command), spec, negated);
  // yargs-parser reports only configurations it cannot apply (nargs, config files): a bug here, not a usage error.
  if (given.error) throw given.error;
  const values = {} as Record<string, unknown>;
  for (const [name, o] of Object.entries(OPTIONS) as [OptionName, OptionSpec][]) {
    const flag = flagOf(name);
    const ownOption = (spec.options as readonly string[]).includes(name);
    let v: unknown = ownOption ? given.argv[flag] : undefined;
    // A string option given twice: the last one counts (yargs would collect both).
    if (Array.isArray(v) && !o.array) v = v.at(-1);
    if (v === undefined) v = Array.isArray(o.default) ? [...(o.default as string[])] : o.default;
    else if (o.type === 'number') v = toNumber(flag, v as string, command);
    else if (o.choices && typeof v === 'string' && !o.choices.includes(v))
      throw new OptionError(`--${flag}: must be one of ${o.choices.join(', ')} (got "${v}")${didYouMean(v, o.choices)}`);
    values[name] = v;
  }
  for (const flag of negated)
    if (!(spec.options as readonly string[]).some((n) => flagOf(n as OptionName) === flag))
      throw new OptionError(`unknown option --no-${flag}${seeHelp(command)}`);
  const positionals = given.argv._.map(String).slice(spec.words.length);
  checkPositionals(command, spec, positionals, Boolean(values.help));
  const out: ParsedCommandLine = { command, values: values as OptionValues, positionals };
  if (groupHelp !== undefined) out.groupHelp = groupHelp;
  return out;
}

/** The words in the spelling yargs-parser reads one way only (see spellOut), typed from the table. */
function parseWithYargs(words: SpelledWords, spec: CommandSpec, negated: Set<string>): Parser.DetailedArguments {
  const boolean: string[] = [];
  const string: string[] = [];
  const array: string[] = [];
  const alias: Record<string, string> = {};
  for (const name of spec.options) {
    const o: OptionSpec = OPTIONS[name];
    const flag = flagOf(name);
    // Numbers stay strings here: cli-parse words a bad number itself ("--jobs: must be a number").
    (o.type === 'boolean' ? boolean : string).push(flag);
    if (o.array) array.push(flag);
    if (o.alias) alias[flag] = o.alias;
  }
  // `--no-X` anywhere turns X off, wherever it stands: last, so no later `--X` overrides it.
  const own = new Set(boolean);
  const negations = [...negated].filter((flag) => own.has(flag)).map((flag) => `--no-${flag}`);
  return Parser.detailed([...words.options, ...negations, '--', ...words.positionals], {
    boolean,
    string,
    array,
    alias,
    configuration: {
      'camel-case-expansion': false,
      'strip-aliased': true,
      'dot-notation': false,
      'parse-numbers': false,
      'parse-positional-numbers': false,
      'greedy-arrays': false,
      'boolean-negation': true,
    },
  });
}

interface SpelledWords {
  /** `--flag` for a boolean, `--flag=value` for the others, in the order given. */
  options: string[];
  positionals: string[];
}

/**
 * Which word is an option, which its value and which an input. yargs-parser's own reading
 * differs from the CLI's in a few places (it takes a `true` after a boolean as its value, reads
 * `--output -` as an empty value and an input "-", and `-ofile` as -o -f -i -l -e), so the words
 * are handed to it spelled out, options first and inputs after `--`. The errors are the CLI's:
 * a value that looks like an option is refused rather than guessed at. Unknown options were
 * refused before (rejectUnknownOptions).
 */
function spellOut(args: string[], spec: CommandSpec, command: CommandName): SpelledWords {
  const byFlag = new Map<string, OptionName>();
  const byShort = new Map<string, OptionName>();
  for (const name of spec.options) {
    byFlag.set(flagOf(name), name);
    const alias = (OPTIONS[name] as OptionSpec).alias;
    if (alias) byShort.set(alias, name);
  }
  const options: string[] = [];
  const positionals: string[] = [];
  const valueAfter = (i: number, typed: string, name: OptionName): string => {
    const v = args[i + 1];
    if (v === undefined) throw new OptionError(`Option '${shortAndLong(name)} <value>' argument missing${seeHelp(command)}`);
    if (v.length > 1 && v.startsWith('-')) {
      const example = typed.startsWith('--') ? `'${typed}=-XYZ'` : `'--${flagOf(name)}=-XYZ' or '${typed}-XYZ'`;
      throw new OptionError(
        `Option '${typed}' argument is ambiguous.\nDid you forget to specify the option argument for '${typed}'?\nTo specify an option argument starting with a dash use ${example}.${seeHelp(command)}`,
      );
    }
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const flag = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const name = byFlag.get(flag)!;
      const isBoolean = (OPTIONS[name] as OptionSpec).type === 'boolean';
      if (isBoolean && eq >= 0) throw new OptionError(`Option '${shortAndLong(name)}' does not take an argument${seeHelp(command)}`);
      if (isBoolean || eq >= 0) options.push(a);
      else options.push(`--${flag}=${valueAfter(i++, a, name)}`);
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    // -q, -qv, -o FILE, -oFILE, -qoFILE: a string option takes the rest of the word, or the next word.
    for (let j = 1; j < a.length; j++) {
      const name = byShort.get(a[j]!)!;
      const flag = flagOf(name);
      if ((OPTIONS[name] as OptionSpec).type === 'boolean') options.push(`--${flag}`);
      else if (j < a.length - 1) options.push(`--${flag}=${a.slice(j + 1)}`);
      else options.push(`--${flag}=${valueAfter(i++, `-${a[j]!}`, name)}`);
      if ((OPTIONS[name] as OptionSpec).type !== 'boolean') break;
    }
  }
  return { options, positionals };
}

/** `-o, --output` as the errors name an option. */
function shortAndLong(name: OptionName): string {
  const alias = (OPTIONS[name] as OptionSpec).alias;
  return `${alias ? `-${alias}, ` : ''}--${flagOf(name)}`;
}

/** `--no-summary` for a boolean option, read before the rest: it turns the option off wherever it stands. */
function takeNegations(argv: string[]): { args: string[]; negated: Set<string> } {
  const negated = new Set<string>();
  const args: string[] = [];
  const booleans = new Set((Object.entries(OPTIONS) as [OptionName, OptionSpec][]).filter(([, o]) => o.type === 'boolean').map(([n]) => flagOf(n)));
  let afterTerminator = false;
  for (const a of argv) {
    if (a === '--') afterTerminator = true;
    if (!afterTerminator && a.startsWith('--no-') && booleans.has(a.slice(5))) negated.add(a.slice(5));
    else args.push(a);
  }
  return { args, negated };
}

/** The first two positional words before any "--", skipping option values (string options take the next word). */
function firstPositionals(args: string[]): string[] {
  const takesValue = new Set<string>();
  for (const [name, o] of Object.entries(OPTIONS) as [OptionName, OptionSpec][])
    if (o.type !== 'boolean') {
      takesValue.add(`--${flagOf(name)}`);
      if (o.alias) takesValue.add(`-${o.alias}`);
    }
  const words: string[] = [];
  for (let i = 0; i < args.length && words.length < 2; i++) {
    const a = args[i]!;
    // Words after "--" are inputs, never commands.
    if (a === '--') break;
    if (a.startsWith('-') && a !== '-') {
      if (takesValue.has(a)) i++;
      continue;
    }
    words.push(a);
  }
  return words;
}

function resolveCommand(words: string[], isPath: (w: string) => boolean, helpAsked: boolean): [CommandName, string | undefined] {
  const first = words[0];
  if (first === undefined) return ['enrich', undefined];
  if (GROUPS.has(first)) {
    const members = (Object.entries(COMMANDS) as [CommandName, CommandSpec][]).filter(([, c]) => c.words[0] === first);
    const single = members.find(([, c]) => c.words.length === 1);
    if (single) return [single[0], undefined];
    const action = words[1];
    const actions = members.map(([, c]) => c.words[1]!);
    const match = members.find(([, c]) => c.words[1] === action);
    if (match) return [match[0], undefined];
    if (action === undefined && helpAsked) return [members[0]![0], first];
    if (action === undefined) throw new OptionError(`"errenrich ${first}" needs an action: ${actions.join(', ')} (see errenrich ${first} --help)`);
    throw new OptionError(`unknown action "${first} ${action}": one of ${actions.join(', ')}${didYouMean(action, actions)}`);
  }
  if (!isPath(first) && first !== '-') {
    const hint = didYouMean(first, GROUPS);
    if (hint !== '') throw new OptionError(`unknown command "${first}"${hint} — no file of that name either (see errenrich --help)`);
  }
  return ['enrich', undefined];
}

function rejectUnknownOptions(args: string[], command: CommandName, spec: CommandSpec): void {
  const own = new Map<string, OptionName>();
  const shorts = new Map<string, OptionName>();
  for (const name of spec.options) {
    own.set(flagOf(name), name);
    const alias = (OPTIONS[name] as OptionSpec).alias;
    if (alias) shorts.set(alias, name);
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return;
    if (a.startsWith('--')) {
      const flag = a.slice(2).split('=')[0]!;
      const name = own.get(flag);
      if (name !== undefined) {
        if ((OPTIONS[name] as OptionSpec).type !== 'boolean' && !a.includes('=')) i++;
        continue;
      }
      throw new OptionError(unknownOptionMessage(`--${flag}`, flag, command, spec));
    }
    if (a.startsWith('-') && a.length > 1) {
      for (const ch of a.slice(1)) {
        const name = shorts.get(ch);
        if (name === undefined) throw new OptionError(unknownOptionMessage(`-${ch}`, ch, command, spec));
        if ((OPTIONS[name] as OptionSpec).type !== 'boolean') {
          if (a.length === 2) i++;
          break;
        }
      }
    }
  }
}

function unknownOptionMessage(typed: string, flag: string, command: CommandName, spec: CommandSpec): string {
  const elsewhere = (Object.entries(COMMANDS) as [CommandName, CommandSpec][]).filter(
    ([n, c]) => n !== command && c.options.some((o) => flagOf(o) === flag),
  );
  const where = command === 'enrich' ? 'errenrich' : `errenrich ${COMMANDS[command].words.join(' ')}`;
  if (elsewhere.length > 0) {
    const others = elsewhere.map(([, c]) => (c.words.length ? `errenrich ${c.words.join(' ')}` : 'errenrich')).join(', ');
    return `${typed} is not an option of ${where} (it is an option of ${others})${seeHelp(command)}`;
  }
  const hint = didYouMean(flag, spec.options.map(flagOf), (w) => `--${w}`);
  return `unknown option ${typed}${hint}${seeHelp(command)}`;
}

function toNumber(flag: string, v: string, command: CommandName): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new OptionError(`--${flag}: must be a number (got "${v}")${seeHelp(command)}`);
  return n;
}

function checkPositionals(command: CommandName, spec: CommandSpec, positionals: string[], help: boolean): void {
  if (help) return;
  const variadic = spec.positionals.some((p) => p.variadic);
  const required = spec.positionals.filter((p) => p.required);
  if (positionals.length < required.length) throw new OptionError(`${spec.words.join(' ')}: ${required.map((p) => p.name).join(' ')} missing${seeHelp(command)}`);
  if (!variadic && positionals.length > spec.positionals.length)
    throw new OptionError(`${spec.words.join(' ')}: unexpected argument "${positionals[spec.positionals.length]!}"${seeHelp(command)}`);
}

function seeHelp(command: CommandName): string {
  const words = COMMANDS[command].words;
  return ` (see errenrich ${words.length ? words.join(' ') + ' ' : ''}--help)`;
}
