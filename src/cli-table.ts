/**
 * Every command and option of the CLI, declared once. This table drives the parser
 * (src/cli-parse.ts), the help text (src/cli-help.ts), "did you mean" and choice validation, and
 * the type of the parsed values. Adding an option is one entry in OPTIONS plus its name in the
 * `options` list of the commands that take it; adding a subcommand is one entry in COMMANDS plus
 * its handler in src/cli-main.ts.
 */

export interface OptionSpec {
  type: 'string' | 'boolean' | 'number';
  alias?: string;
  default?: string | number | boolean | readonly string[];
  /** Repeatable: the values are collected in an array. */
  array?: boolean;
  /** The accepted values; anything else is a usage error with a suggestion. */
  choices?: readonly string[];
  /** Placeholder in help: `--output FILE`. */
  arg?: string;
  describe: string;
  group: string;
}

export const OPTIONS = {
  'output': { alias: 'o', type: 'string', arg: 'FILE', describe: 'write NDJSON to FILE (temporary name until complete)', group: 'Output' },
  'format': { type: 'string', arg: 'FORMAT', choices: ['ndjson', 'pretty'], describe: 'ndjson, or pretty: a coloured view for people (default: pretty when stdout is a terminal, NDJSON otherwise; NO_COLOR turns colours off)', group: 'Output' },
  'follow': { alias: 'f', type: 'boolean', default: false, describe: 'keep reading files as they grow, like tail -F: rotation, truncation, new files in directories and quoted globs', group: 'Live' },
  'from-start': { type: 'boolean', default: false, describe: 'with --follow: read the files present at start from their beginning (default: their end)', group: 'Live' },
  'poll-ms': { type: 'number', default: 250, arg: 'MS', describe: 'with --follow: how often files and directories are checked', group: 'Live' },
  'jobs': { alias: 'j', type: 'number', arg: 'N', describe: 'worker threads: files processed in parallel (once the inputs total 16 MiB); given explicitly, one large plain file is also split between them; 1 = one thread; default: number of CPUs', group: 'Batch' },
  'shard': { type: 'string', arg: 'K/N', describe: 'read only share K (0 ≤ K < N) of the inputs, chosen by path; N runs with K = 0…N-1 read each input once', group: 'Batch' },
  'out-dir': { type: 'string', arg: 'DIR', describe: 'one output per input under DIR (x.log → x.ndjson, x.log.gz → x.ndjson.gz), relative paths mirrored', group: 'Batch' },
  'input': { type: 'string', default: 'auto', arg: 'FORMAT', choices: ['auto', 'docker', 'cri', 'kubectl', 'text', 'json'], describe: 'input format: auto, docker, cri, kubectl, text, or json (whole JSON documents)', group: 'Input' },
  'path': { type: 'string', arg: 'PATH', describe: 'with --input json: dotted path of the array whose elements are records (e.g. items)', group: 'Input' },
  'include': { type: 'string', array: true, default: [], arg: 'GLOB', describe: 'with directories: only files matching GLOB (repeatable)', group: 'Input' },
  'exclude': { type: 'string', array: true, default: [], arg: 'GLOB', describe: 'with directories: skip files matching GLOB (repeatable)', group: 'Input' },
  'max-line-bytes': { type: 'number', default: 1048576, arg: 'N', describe: 'longer lines pass through untouched, without detection', group: 'Input' },
  'multiline': { type: 'string', default: 'none', arg: 'MODE', choices: ['none', 'stack'], describe: 'none, or stack: join exception stack traces into one event', group: 'Framing' },
  'max-event-lines': { type: 'number', default: 500, arg: 'N', describe: 'bound for joined multi-line events', group: 'Framing' },
  'max-event-bytes': { type: 'number', default: 1048576, arg: 'N', describe: 'bound for joined events', group: 'Framing' },
  'flush-ms': { type: 'number', arg: 'MS', describe: 'emit a held event after this much silence (default 1000; with --follow 30)', group: 'Framing' },
  'locate': { type: 'boolean', default: false, describe: 'add input: {file, line, lines} to each record', group: 'Framing' },
  'target': { type: 'string', default: 'vendor_error', arg: 'FIELD', describe: 'field the enrichment goes under', group: 'Output' },
  'schema': { type: 'string', default: 'default', arg: 'SCHEMA', choices: ['default', 'ecs', 'otel'], describe: 'default, ecs (Elastic Common Schema) or otel (OpenTelemetry)', group: 'Output' },
  'lang': { type: 'string', arg: 'LANG', choices: ['en', 'zh'], describe: 'language of descriptions and remediations: en or zh (default: zh when LC_ALL or LANG starts with zh, else en)', group: 'Output' },
  'max-record-bytes': { type: 'number', default: 0, arg: 'N', describe: 'shorten longer output records (longest strings cut, marked errenrich_cut); 0 = no cap. For Fluent Bit exec: below Buf_Size', group: 'Output' },
  'errors-only': { type: 'boolean', default: false, describe: 'emit only records with a vendor error', group: 'Output' },
  'fail-on': { type: 'string', arg: 'CATEGORIES', describe: 'exit 3 if an error of these categories (comma-separated, or "any") was seen', group: 'Output' },
  'summary': { type: 'boolean', default: false, describe: 'print counts by vendor, code and category on stderr at the end', group: 'Output' },
  'summary-json': { type: 'string', arg: 'FILE', describe: 'write the summary as JSON to FILE', group: 'Output' },
  'vendor': { type: 'string', arg: 'VENDOR', describe: 'prefer this vendor when a payload fits several (tencent, huawei, netease)', group: 'Knowledge' },
  'service': { type: 'string', arg: 'SERVICE', describe: 'prefer this service when a payload fits several (tke, ckafka, cci, ncs …)', group: 'Knowledge' },
  'rules': { type: 'string', array: true, default: [], arg: 'DIR', describe: 'extra rule directory (repeatable); same id overrides', group: 'Knowledge' },
  'catalog': { type: 'string', array: true, default: [], arg: 'DIR', describe: 'extra catalog directory (repeatable); same code overrides', group: 'Knowledge' },
  'json': { type: 'boolean', default: false, describe: 'machine-readable output (JSON)', group: 'Output' },
  'stats': { type: 'boolean', default: false, describe: 'counts per catalog, vendor and category', group: 'Output' },
  'category': { type: 'string', arg: 'CATEGORY', describe: 'only entries of this category', group: 'Knowledge' },
  'export-format': { type: 'string', arg: 'FORMAT', choices: ['csv', 'yaml', 'lua', 'ndjson'], describe: 'csv (Vector enrichment table), yaml (Logstash translate dictionary), lua (Fluent Bit Lua table) or ndjson (Elasticsearch enrich-index documents)', group: 'Output' },
  'log-format': { type: 'string', default: 'text', arg: 'FORMAT', choices: ['text', 'json'], describe: 'diagnostics on stderr: text (one line per message) or json (one JSON object per message, for machines)', group: 'Diagnostics' },
  'quiet': { alias: 'q', type: 'boolean', default: false, describe: 'only errors on stderr', group: 'Diagnostics' },
  'verbose': { alias: 'v', type: 'boolean', default: false, describe: 'debug diagnostics on stderr', group: 'Diagnostics' },
  'help': { alias: 'h', type: 'boolean', default: false, describe: 'show this help', group: 'Diagnostics' },
  'version': { alias: 'V', type: 'boolean', default: false, describe: 'show the version', group: 'Diagnostics' },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

/**
 * Options whose flag differs from their table key: `catalog export --format` takes other values
 * than the main command's `--format`, so it is its own entry, spelled `--format` on the command line.
 */
export const FLAG_OF: Partial<Record<OptionName, string>> = { 'export-format': 'format' };

export interface PositionalSpec {
  name: string;
  describe: string;
  /** Takes every remaining word. */
  variadic?: boolean;
  required?: boolean;
}

export interface CommandSpec {
  /** The words that select it: [] for the main command, ['catalog', 'list'] for a subcommand. */
  words: readonly string[];
  summary: string;
  /** More text under the usage line. */
  description?: string;
  positionals: readonly PositionalSpec[];
  options: readonly OptionName[];
  examples: readonly (readonly [string, string])[];
}

const DIAGNOSTICS = ['log-format', 'quiet', 'verbose', 'help'] as const;
const KNOWLEDGE = ['rules', 'catalog'] as const;

export const COMMANDS = {
  'enrich': {
    words: [],
    summary: 'enrich logs (the main job)',
    description:
      'Finds Tencent Cloud, Huawei Cloud and NetEase API error payloads in logs and adds what the code means. Reads stdin when no file is given; writes NDJSON to stdout (a readable view when stdout is a terminal).',
    positionals: [{ name: 'FILE|DIR|-', describe: 'files, directories or - for stdin', variadic: true }],
    options: [
      'output', 'format', 'target', 'schema', 'lang', 'max-record-bytes', 'errors-only', 'fail-on', 'summary', 'summary-json',
      'input', 'path', 'include', 'exclude', 'max-line-bytes',
      'multiline', 'max-event-lines', 'max-event-bytes', 'flush-ms', 'locate',
      'vendor', 'service', ...KNOWLEDGE,
      'follow', 'from-start', 'poll-ms', 'jobs', 'shard', 'out-dir',
      ...DIAGNOSTICS, 'version',
    ],
    examples: [
      ['kubectl logs deploy/api | errenrich', "enrich a pod's logs in a shell pipe"],
      ['errenrich --errors-only --summary archive/*.gz', 'what went wrong last month'],
      ['errenrich --schema ecs -o enriched.ndjson /var/log/containers', 'a directory, ECS fields, to a file'],
      ["errenrich --follow --include '*.log' /var/log/containers", 'follow container logs (tail -F); SIGHUP reloads rules and catalogs'],
      ['errenrich --jobs 4 --out-dir enriched/ archive/', 'a directory tree in parallel, one output per file'],
    ],
  },
  'explain': {
    words: ['explain'],
    summary: 'what error codes mean: vendor, description, category, remediation',
    description: 'Codes in any case; the Tencent legacy form CODE(SUBCODE) as --summary prints it is read as the code and its module code.',
    positionals: [{ name: 'CODE', describe: 'one or more error codes', variadic: true, required: true }],
    options: ['json', 'lang', 'vendor', 'service', 'catalog', ...DIAGNOSTICS],
    examples: [
      ['errenrich explain AuthFailure.SignatureFailure', 'a Tencent API 3.0 code'],
      ['errenrich explain "4000(10011)" cci.02.409101', 'several codes: a Tencent legacy code with its module code, a Huawei code'],
      ['errenrich explain --lang zh --json 4030002', 'in Chinese, as JSON'],
    ],
  },
  'catalog list': {
    words: ['catalog', 'list'],
    summary: 'list catalog entries (or counts with --stats)',
    positionals: [],
    options: ['stats', 'category', 'vendor', 'json', 'lang', 'catalog', ...DIAGNOSTICS],
    examples: [
      ['errenrich catalog list --stats', 'how many codes the catalogs know'],
      ['errenrich catalog list --vendor huawei --category quota', 'one vendor, one category'],
    ],
  },
  'catalog check': {
    words: ['catalog', 'check'],
    summary: 'validate catalog files (the built-in ones when no DIR)',
    positionals: [{ name: 'DIR', describe: 'a directory of catalog files' }],
    options: ['catalog', ...DIAGNOSTICS],
    examples: [['errenrich catalog check my-catalogs/', 'check your own catalogs before using them with --catalog']],
  },
  'catalog export': {
    words: ['catalog', 'export'],
    summary: 'the catalogs as a lookup table for log pipelines (Vector, Logstash, Fluent Bit, Elasticsearch)',
    description: 'See docs/catalog-export.md for each engine\'s configuration.',
    positionals: [],
    options: ['export-format', 'lang', 'vendor', 'catalog', 'output', ...DIAGNOSTICS],
    examples: [
      ['errenrich catalog export --format csv -o vendor_errors.csv', 'a Vector enrichment table'],
      ['errenrich catalog export --format yaml -o vendor_errors.yml', 'a Logstash translate dictionary'],
      ['errenrich catalog export --format lua -o vendor_errors.lua', 'a Fluent Bit Lua table'],
      ['errenrich catalog export --format ndjson', 'Elasticsearch enrich-index documents (for _bulk)'],
    ],
  },
  'summary merge': {
    words: ['summary', 'merge'],
    summary: 'merge the --summary-json files of several runs (e.g. of --shard K/N) into one',
    positionals: [{ name: 'FILE', describe: '--summary-json files', variadic: true, required: true }],
    options: [...DIAGNOSTICS],
    examples: [['errenrich summary merge shard-*.json > summary.json', 'one summary for a job run in shards']],
  },
  'rules check': {
    words: ['rules', 'check'],
    summary: 'validate rule files (the built-in ones when no DIR)',
    positionals: [{ name: 'DIR', describe: 'a directory of rule files' }],
    options: [...DIAGNOSTICS],
    examples: [['errenrich rules check my-rules/', 'check your own rules before using them with --rules']],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** The flag an option is written as (`--format` for the export-format entry). */
export function flagOf(name: OptionName): string {
  return FLAG_OF[name] ?? name;
}

type ValueOf<O> = O extends { type: 'boolean' } ? boolean : O extends { type: 'number' } ? number : O extends { array: true } ? string[] : string;

/** Parsed option values, keyed as in OPTIONS; options without a default may be undefined. */
export type OptionValues = {
  -readonly [K in OptionName]: (typeof OPTIONS)[K] extends { default: unknown } ? ValueOf<(typeof OPTIONS)[K]> : ValueOf<(typeof OPTIONS)[K]> | undefined;
};
