/**
 * The command line: the only module that reads argv and decides exit codes.
 *   0 success · 1 an input could not be read · 2 usage or configuration error ·
 *   3 --fail-on matched an error that was seen.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Options } from 'yargs';
import { createLogger, type Logger } from './log.js';
import { OptionError, resolveOptions, type ResolvedOptions } from './options.js';
import { loadKnowledge } from './pipeline/load-knowledge.js';
import { holdKnowledge } from './pipeline/reload-knowledge.js';
import { RuleError } from './detect/compile-rules.js';
import { CatalogFileError } from './catalog/validate-catalog.js';
import type { Lang } from './catalog/types.js';
import { openFileSink, openStdoutSink } from './output/open-output.js';
import { planOutputTarget, stdoutWasClosed, writeWholeFile } from './output/output-target.js';
import { createProgressBar, type ProgressBar } from './output/progress-bar.js';
import { renderSummary } from './output/render-summary.js';
import { parseFailOn } from './fail-on.js';
import { stdinIsRegularFile, stdinSource } from './input/open-input.js';
import { runInputs } from './run-inputs.js';
import { PACKAGE_ROOT } from './runtime/package-root.js';
import { collectYoungGarbageSooner } from './runtime/tune-gc.js';

const EXIT_OK = 0;
const EXIT_INPUT = 1;
const EXIT_USAGE = 2;
const EXIT_FAIL_ON = 3;
/** The output could not be written (a full disk, a closed descriptor): sysexits' EX_IOERR. */
const EXIT_OUTPUT = 74;

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** yargs drops a bare "-" from positional arrays; it means stdin, so it travels under another name. */
const STDIN_ARG = '\u0000stdin';

/** The progress bar in use, cleared before any diagnostic line is written. */
let progressBar: ProgressBar | null = null;
const stderrBelowProgress = {
  write(line: string): void {
    progressBar?.clear();
    process.stderr.write(line);
  },
};

interface MainOption {
  type: 'string' | 'boolean' | 'number';
  alias?: string;
  default?: unknown;
  array?: boolean;
  describe: string;
  group?: string;
}

/**
 * The main command's options, in one table: yargs builds --help and the error messages from it,
 * and the start-up fast path (parseArgs from node:util, no yargs import) parses ordinary runs.
 */
const MAIN_OPTIONS = {
  'output': { alias: 'o', type: 'string', describe: 'write NDJSON to FILE (temporary name until complete)' },
  'follow': { alias: 'f', type: 'boolean', default: false, describe: 'keep reading files as they grow, like tail -F: rotation, truncation, new files in directories and quoted globs', group: 'Live:' },
  'from-start': { type: 'boolean', default: false, describe: 'with --follow: read the files present at start from their beginning (default: their end)', group: 'Live:' },
  'poll-ms': { type: 'number', default: 250, describe: 'with --follow: how often files and directories are checked', group: 'Live:' },
  'jobs': { alias: 'j', type: 'number', describe: 'worker threads: files processed in parallel (once the inputs total 16 MiB), or a second thread for one large file; 1 = one thread; default: number of CPUs', group: 'Batch:' },
  'out-dir': { type: 'string', describe: 'one output per input under DIR (x.log → x.ndjson, x.log.gz → x.ndjson.gz), relative paths mirrored', group: 'Batch:' },
  'input': { type: 'string', default: 'auto', describe: 'input format: auto, docker, cri, kubectl, text, or json (whole JSON documents)', group: 'Input:' },
  'path': { type: 'string', describe: 'with --input json: dotted path of the array whose elements are records (e.g. items)', group: 'Input:' },
  'include': { type: 'string', array: true, default: [] as string[], describe: 'with directories: only files matching GLOB', group: 'Input:' },
  'exclude': { type: 'string', array: true, default: [] as string[], describe: 'with directories: skip files matching GLOB', group: 'Input:' },
  'max-line-bytes': { type: 'number', default: 1048576, describe: 'longer lines pass through untouched, without detection', group: 'Input:' },
  'multiline': { type: 'string', default: 'none', describe: 'none, or stack: join exception stack traces into one event', group: 'Framing:' },
  'max-event-lines': { type: 'number', default: 500, describe: 'bound for joined multi-line events', group: 'Framing:' },
  'max-event-bytes': { type: 'number', default: 1048576, describe: 'bound for joined events', group: 'Framing:' },
  'flush-ms': { type: 'number', default: 1000, describe: 'emit a held event after this much silence', group: 'Framing:' },
  'locate': { type: 'boolean', default: false, describe: 'add input: {file, line, lines} to each record', group: 'Framing:' },
  'target': { type: 'string', default: 'vendor_error', describe: 'field the enrichment goes under', group: 'Output:' },
  'schema': { type: 'string', default: 'default', describe: 'default, ecs (Elastic Common Schema) or otel (OpenTelemetry)', group: 'Output:' },
  'lang': { type: 'string', default: 'en', describe: 'language of descriptions and remediations: en or zh', group: 'Output:' },
  'errors-only': { type: 'boolean', default: false, describe: 'emit only records with a vendor error', group: 'Output:' },
  'fail-on': { type: 'string', describe: 'exit 3 if an error of these categories (comma-separated, or "any") was seen', group: 'Output:' },
  'summary': { type: 'boolean', default: false, describe: 'print counts by vendor, code and category on stderr at the end', group: 'Output:' },
  'summary-json': { type: 'string', describe: 'write the summary as JSON to FILE', group: 'Output:' },
  'vendor': { type: 'string', describe: 'prefer this vendor when a payload fits several (tencent, huawei, netease)', group: 'Knowledge:' },
  'service': { type: 'string', describe: 'prefer this service when a payload fits several (tke, ckafka, cci, ncs …)', group: 'Knowledge:' },
  'rules': { type: 'string', array: true, default: [] as string[], describe: 'extra rule directory (repeatable); same id overrides', group: 'Knowledge:' },
  'catalog': { type: 'string', array: true, default: [] as string[], describe: 'extra catalog directory (repeatable); same code overrides', group: 'Knowledge:' },
  'quiet': { alias: 'q', type: 'boolean', default: false, describe: 'only errors on stderr' },
  'verbose': { alias: 'v', type: 'boolean', default: false, describe: 'debug diagnostics on stderr' },
} as const satisfies Record<string, MainOption>;

const SUBCOMMANDS = new Set(['explain', 'catalog', 'rules']);

/**
 * The common case without loading yargs (~60 ms of start-up): an ordinary run with known options.
 * Anything else — help, version, subcommands, an unknown or malformed option — returns null and
 * yargs handles it (and words the error).
 */
function parseMainFast(argv: string[]): Record<string, unknown> | null {
  if (argv.some((a) => a === '--help' || a === '-h' || a === '--version')) return null;
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(MAIN_OPTIONS) as [string, MainOption][]) {
    options[name] = { type: o.type === 'boolean' ? 'boolean' : 'string' };
    if (o.alias) options[name]!.short = o.alias;
    if (o.array) options[name]!.multiple = true;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch {
    return null;
  }
  if (parsed.positionals[0] !== undefined && SUBCOMMANDS.has(parsed.positionals[0])) return null;
  const out: Record<string, unknown> = { _: [], inputs: parsed.positionals };
  for (const [name, o] of Object.entries(MAIN_OPTIONS) as [string, MainOption][]) {
    let v: unknown = (parsed.values as Record<string, unknown>)[name];
    if (v === undefined) v = o.default;
    else if (o.type === 'number') {
      v = Number(v);
      if (!Number.isFinite(v)) return null;
    }
    out[name] = v;
    out[name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] = v;
  }
  return out;
}

async function main(rawArgv: string[]): Promise<number> {
  let log: Logger = createLogger({ stream: stderrBelowProgress });
  let exitCode = EXIT_OK;
  const argv = rawArgv.map((a) => (a === '-' ? STDIN_ARG : a));
  const fast = parseMainFast(argv);
  if (fast) {
    log = createLogger({ verbose: fast.verbose === true, quiet: fast.quiet === true, stream: stderrBelowProgress });
    try {
      return await enrichCommand(fast as unknown as MainArgs, log);
    } catch (e) {
      return usageErrorOrThrow(e, log);
    }
  }
  const { default: yargs } = await import('yargs');
  const parser = yargs(argv)
    .scriptName('errenrich')
    .usage('$0 [options] [FILE|DIR|-]...\n\nFinds Tencent Cloud, Huawei Cloud and NetEase API error payloads in logs and adds what the code means.\nReads stdin when no file is given; writes NDJSON to stdout.')
    .command('$0 [inputs..]', 'enrich logs (the main job)', (y) => y.positional('inputs', { type: 'string', array: true, describe: 'files, directories or - for stdin' }))
    .command('explain <code>', 'explain an error code: vendor, description, category, remediation', (y) =>
      y.positional('code', { type: 'string', demandOption: true }).option('json', { type: 'boolean', describe: 'machine-readable output' }),
    )
    .command('catalog <action> [dir]', 'list catalog entries (list), validate catalog files (check DIR)', (y) =>
      y
        .positional('action', { choices: ['list', 'check'] as const, demandOption: true })
        .positional('dir', { type: 'string' })
        .option('stats', { type: 'boolean', describe: 'with list: counts per catalog, vendor and category' })
        .option('category', { type: 'string', describe: 'with list: only this category' })
        .option('json', { type: 'boolean' }),
    )
    .command('rules <action> [dir]', 'validate rule files: rules check [DIR] (built-in when no DIR)', (y) =>
      y.positional('action', { choices: ['check'] as const, demandOption: true }).positional('dir', { type: 'string' }),
    )
    .options(MAIN_OPTIONS as unknown as Record<string, Options>)
    .example('kubectl logs deploy/api | $0', 'enrich a pod\'s logs in a shell pipe')
    .example('$0 --errors-only --summary archive/*.gz', 'what went wrong last month')
    .example('$0 --schema ecs -o enriched.ndjson /var/log/containers', 'a directory, ECS fields, to a file')
    .example("$0 --follow --include '*.log' /var/log/containers", 'follow container logs (tail -F); SIGHUP reloads rules and catalogs')
    .example('$0 --jobs 4 --out-dir enriched/ archive/', 'a directory tree in parallel, one output per file')
    .example('$0 explain AuthFailure.SignatureFailure', 'what a code means')
    .example('$0 catalog list --stats', 'how many codes the catalogs know')
    .strictOptions()
    .version(packageVersion())
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      throw new OptionError(msg || err?.message || 'invalid usage');
    });

  let args: Awaited<ReturnType<typeof parser.parseAsync>>;
  try {
    args = await parser.parseAsync();
  } catch (e) {
    log.error(`${(e as Error).message} (see errenrich --help)`);
    return EXIT_USAGE;
  }
  if (args.help || args.version) return EXIT_OK;
  log = createLogger({ verbose: args.verbose === true, quiet: args.quiet === true, stream: stderrBelowProgress });
  const command = String(args._[0] ?? '');

  // A reader that goes away (`errenrich catalog list --json | head -1`) ends a subcommand quietly.
  if (command !== '') process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  try {
    if (command === 'explain') return await explain(args as unknown as ExplainArgs);
    if (command === 'catalog') return await catalogCommand(args as unknown as CatalogArgs, log);
    if (command === 'rules') return await rulesCheck(args.dir as string | undefined, log);
    if (command !== '') {
      log.error(`unknown command "${command}" (see errenrich --help)`);
      return EXIT_USAGE;
    }
    exitCode = await enrichCommand(args as unknown as MainArgs, log);
  } catch (e) {
    return usageErrorOrThrow(e, log);
  }
  return exitCode;
}

/** Configuration problems are exit 2 with their messages (one line each); anything else is a bug. */
function usageErrorOrThrow(e: unknown, log: Logger): number {
  if (e instanceof OptionError || e instanceof RuleError || e instanceof CatalogFileError) {
    for (const line of e.message.split('\n')) log.error(line);
    return EXIT_USAGE;
  }
  throw e;
}

interface MainArgs {
  inputs?: string[];
  output?: string;
  input: string;
  path?: string;
  include: string[];
  exclude: string[];
  maxLineBytes: number;
  multiline: string;
  maxEventLines: number;
  maxEventBytes: number;
  flushMs: number;
  locate: boolean;
  target: string;
  schema: string;
  lang: string;
  errorsOnly: boolean;
  failOn?: string;
  summary: boolean;
  summaryJson?: string;
  vendor?: string;
  service?: string;
  rules: string[];
  catalog: string[];
  follow: boolean;
  fromStart: boolean;
  pollMs: number;
  jobs?: number;
  outDir?: string;
  quiet: boolean;
}

async function enrichCommand(a: MainArgs, log: Logger): Promise<number> {
  const options: ResolvedOptions = resolveOptions({
    target: a.target,
    schema: a.schema as ResolvedOptions['schema'],
    lang: a.lang as Lang,
    input: a.input as ResolvedOptions['input'],
    jsonPath: a.path,
    multiline: a.multiline as ResolvedOptions['multiline'],
    maxLineBytes: a.maxLineBytes,
    maxEventLines: a.maxEventLines,
    maxEventBytes: a.maxEventBytes,
    flushMs: a.flushMs,
    errorsOnly: a.errorsOnly,
    vendor: a.vendor,
    service: a.service,
    locate: a.locate,
    rulesDirs: a.rules,
    catalogDirs: a.catalog,
  });
  const failOn = parseFailOn(a.failOn);
  const jobs = a.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new OptionError(`--jobs: must be a positive integer (got ${String(a.jobs)})`);
  if (!Number.isFinite(a.pollMs) || a.pollMs < 10) throw new OptionError(`--poll-ms: must be a number ≥ 10 (got ${String(a.pollMs)})`);
  if (a.outDir !== undefined && a.output !== undefined) throw new OptionError('--out-dir and --output are exclusive (one output per input, or one for all)');
  const sources = { rulesDirs: a.rules, catalogDirs: a.catalog };
  // A warning, not a refusal: a supervisor's "discard stdout" (systemd StandardOutput=null) looks the same.
  if (!a.output && !a.outDir && stdoutWasClosed()) log.warn('stdout is closed (>&-) or read-write /dev/null: the records are discarded; redirect it, or use -o FILE');
  const knowledge = holdKnowledge(sources);

  const stop = { stopped: false, listeners: new Set<() => void>() };
  const onSignal = (sig: NodeJS.Signals) => {
    log.debug(`${sig}: stopping, flushing what is in flight`);
    stop.stopped = true;
    for (const f of [...stop.listeners]) f();
  };
  // SIGHUP: rules and catalogs again, all or nothing; on failure the set in use stays.
  const onReload = () => {
    const outcome = knowledge.reload();
    if (outcome.ok) log.info('SIGHUP: rules and catalogs reloaded');
    else {
      for (const p of outcome.problems) log.error(p);
      log.error('SIGHUP: reload failed; still using the rules and catalogs loaded before');
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onReload);
  if (earlySignal()) onSignal('SIGTERM');

  // Only when records do not go to the same terminal (like curl: progress when the output is redirected).
  const recordsOnTerminal = a.output === undefined && a.outDir === undefined && process.stdout.isTTY;
  progressBar = a.follow || recordsOnTerminal ? null : createProgressBar(process.stderr, { quiet: a.quiet });
  const inputArgs = (a.inputs ?? []).map((i) => (i === STDIN_ARG ? '-' : String(i)));
  const summaryTarget = a.summaryJson ? planOutputTarget(a.summaryJson, '--summary-json', inputArgs) : null;
  const sink = a.output ? openFileSink(planOutputTarget(a.output, '--output', inputArgs)) : openStdoutSink();
  const stdinIsFile = stdinIsRegularFile();
  let result;
  try {
    result = await runInputs({
      args: inputArgs,
      include: a.include,
      exclude: a.exclude,
      options,
      knowledge: () => knowledge.current,
      sources,
      sink,
      log,
      stdin: stdinSource(stdinIsFile),
      stdinIsFile,
      onLaneStart: collectYoungGarbageSooner,
      failOn,
      follow: a.follow ? { fromStart: a.fromStart, pollMs: a.pollMs } : null,
      jobs,
      jobsExplicit: a.jobs !== undefined,
      outDir: a.outDir ?? null,
      progress: progressBar,
      stopSignal: {
        get stopped() {
          return stop.stopped;
        },
        onStop: (f) => {
          stop.listeners.add(f);
          return () => stop.listeners.delete(f);
        },
      },
    });
  } finally {
    progressBar?.stop();
    progressBar = null;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onReload);
  }
  try {
    await sink.close(true);
  } catch (e) {
    log.error(`cannot write the output${a.output ? ` ${a.output}` : ' (stdout)'}: ${(e as Error).message}`);
    return EXIT_OUTPUT;
  }

  if (a.summary) process.stderr.write(renderSummary(result.summary));
  if (summaryTarget) writeWholeFile(summaryTarget, JSON.stringify(result.summary, null, 2) + '\n');
  if (result.failedInputs > 0) {
    const reasons = result.summary.files.failures.map((f) => `${f.file} (${f.reason})`).join('; ');
    log.error(`${result.failedInputs} input(s) failed, ${result.summary.files.ok} read completely: ${reasons}`);
    return EXIT_INPUT;
  }
  if (result.failOnHit) return EXIT_FAIL_ON;
  return EXIT_OK;
}

interface ExplainArgs {
  code: string;
  json?: boolean;
  vendor?: string;
  service?: string;
  lang: string;
  catalog: string[];
}

// Subcommands load what only they need (start-up time of the main job).
async function explain(a: ExplainArgs): Promise<number> {
  const { lookupCode } = await import('./catalog/lookup-code.js');
  const { formatExplanation } = await import('./catalog/format-catalog.js');
  const lang = resolveOptions({ lang: a.lang as Lang }).lang;
  const k = loadKnowledge({ catalogDirs: a.catalog });
  let candidates = lookupCode(k.catalogs, { code: a.code });
  if (a.vendor) candidates = candidates.filter((c) => c.vendor === a.vendor);
  if (a.service) candidates = candidates.filter((c) => c.service === a.service);
  process.stdout.write(formatExplanation(candidates, { lang, json: Boolean(a.json) }) + '\n');
  return candidates.some((c) => c.known) ? EXIT_OK : EXIT_INPUT;
}

interface CatalogArgs {
  action: 'list' | 'check';
  dir?: string;
  stats?: boolean;
  category?: string;
  vendor?: string;
  json?: boolean;
  lang: string;
  catalog: string[];
}

async function catalogCommand(a: CatalogArgs, log: Logger): Promise<number> {
  const { loadCatalogDir } = await import('./catalog/load-catalogs.js');
  const { formatCatalogList, formatCatalogStats } = await import('./catalog/format-catalog.js');
  if (a.action === 'check') {
    const dirs = a.dir ? [a.dir] : [...a.catalog];
    try {
      const cats = dirs.length > 0 ? dirs.flatMap((d) => loadCatalogDir(d)) : loadKnowledge().catalogs.catalogs;
      const n = cats.reduce((s, c) => s + c.entries.length, 0);
      process.stdout.write(`ok: ${cats.length} catalog(s), ${n} entries${dirs.length ? ' in ' + dirs.join(', ') : ' (built-in)'}\n`);
      return EXIT_OK;
    } catch (e) {
      if (e instanceof CatalogFileError) {
        log.error(e.message);
        return EXIT_USAGE;
      }
      throw e;
    }
  }
  const k = loadKnowledge({ catalogDirs: a.catalog });
  if (a.stats) {
    process.stdout.write(formatCatalogStats(k.catalogs, { json: Boolean(a.json) }) + '\n');
    return EXIT_OK;
  }
  const entries = [...k.catalogs.codesByCatalog.values()].flatMap((m) => [...m.values()]);
  const listOptions: Parameters<typeof formatCatalogList>[1] = { json: Boolean(a.json), lang: resolveOptions({ lang: a.lang as Lang }).lang };
  if (a.vendor) listOptions.vendor = a.vendor;
  if (a.category) listOptions.category = a.category;
  process.stdout.write(formatCatalogList(entries, listOptions) + '\n');
  return EXIT_OK;
}

async function rulesCheck(dir: string | undefined, log: Logger): Promise<number> {
  const { readRuleDir, validateRuleFiles, builtinRulesDir } = await import('./detect/compile-rules.js');
  try {
    const files = readRuleDir(dir ?? builtinRulesDir());
    const problems = validateRuleFiles(files);
    if (problems.length > 0) {
      for (const p of problems) log.error(p);
      return EXIT_USAGE;
    }
    const n = files.reduce((s, f) => s + (Array.isArray(f.spec.rules) ? f.spec.rules.length : 0), 0);
    process.stdout.write(`ok: ${files.length} rule file(s), ${n} rules in ${dir ?? 'built-in rules/'}\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof RuleError) {
      for (const p of e.problems) log.error(p);
      return EXIT_USAGE;
    }
    throw e;
  }
}

/**
 * Runs the CLI; `signalledEarly` tells whether SIGINT/SIGTERM arrived while modules were still
 * loading (src/cli.ts catches those: nothing has been read yet, so the run just ends with 0).
 */
export async function runCli(argv: string[], signalledEarly: () => boolean): Promise<number> {
  earlySignal = signalledEarly;
  return main(argv);
}

let earlySignal: () => boolean = () => false;
