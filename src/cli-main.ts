/**
 * The command line: the only module that reads argv and decides exit codes.
 *   0 success · 1 an input could not be read · 2 usage or configuration error ·
 *   3 --fail-on matched an error that was seen.
 * Commands and options are declared in src/cli-table.ts; this file holds what each command does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createLogger, type LogFormat, type Logger } from './log.js';
import { OptionError, langFromLocale, resolveOptions, type ResolvedOptions } from './options.js';
import type { CommandName, OptionValues } from './cli-table.js';
import { parseCommandLine } from './cli-parse.js';
import { loadKnowledge, type Knowledge } from './pipeline/load-knowledge.js';
import { holdKnowledge } from './pipeline/reload-knowledge.js';
import { RuleError } from './detect/compile-rules.js';
import { CatalogFileError } from './catalog/validate-catalog.js';
import { CATEGORIES, type Lang } from './catalog/types.js';
import { openFileSink, openStdoutSink, type OutputSink } from './output/open-output.js';
import { capOutput } from './output/cap-record-size.js';
import { planOutputTarget, stdoutWasClosed, temporaryName, writeWholeFile } from './output/output-target.js';
import { createProgressBar, type ProgressBar } from './output/progress-bar.js';
import { renderSummary } from './output/render-summary.js';
import { parseFailOn } from './fail-on.js';
import { setInputNoticeHandler, stdinIsRegularFile, stdinSource } from './input/open-input.js';
import { runInputs } from './run-inputs.js';
import { PACKAGE_ROOT } from './runtime/package-root.js';
import { didYouMean } from './did-you-mean.js';
import { parseShard } from './run/select-shard.js';
import { createStopSignal } from './run/stop-signal.js';

/**
 * How long a held event (stack trace, JSON block, partial line) waits for more. Live files get a
 * short wait: Fluent Bit pauses its inputs as soon as it is told to stop and signals the command
 * only after its grace period, so a record not yet handed over when it is told to stop is lost
 * (docs/fluent-bit.md, "Shutdown").
 */
const BATCH_FLUSH_MS = 1000;
const FOLLOW_FLUSH_MS = 30;

const EXIT_OK = 0;
/** The output could not be written (a full disk, a closed descriptor): sysexits' EX_IOERR. */
const EXIT_OUTPUT = 74;
const EXIT_INPUT = 1;
const EXIT_USAGE = 2;
const EXIT_FAIL_ON = 3;

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The progress bar in use, cleared before any diagnostic line is written. */
let progressBar: ProgressBar | null = null;
const stderrBelowProgress = {
  write(line: string): void {
    progressBar?.clear();
    process.stderr.write(line);
  },
};

/** `--log-format json` is honoured even for the errors of parsing the command line itself. */
function logFormatIn(argv: string[]): LogFormat {
  const i = argv.findIndex((a) => a === '--log-format' || a.startsWith('--log-format='));
  if (i < 0) return 'text';
  return (argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1]) === 'json' ? 'json' : 'text';
}

function isExistingPath(word: string): boolean {
  return existsSync(word);
}

async function main(argv: string[]): Promise<number> {
  let log: Logger = createLogger({ stream: stderrBelowProgress, format: logFormatIn(argv) });
  let parsed;
  try {
    parsed = parseCommandLine(argv, isExistingPath);
  } catch (e) {
    return usageErrorOrThrow(e, log);
  }
  const { command, values: a, positionals } = parsed;
  log = createLogger({ verbose: a.verbose, quiet: a.quiet, stream: stderrBelowProgress, format: a['log-format'] as LogFormat });
  if (a.help) {
    const { renderHelp, renderGroupHelp } = await import('./cli-help.js');
    const columns = process.stdout.columns;
    process.stdout.write(parsed.groupHelp !== undefined ? renderGroupHelp(parsed.groupHelp, columns) : renderHelp(command, columns));
    return EXIT_OK;
  }
  if (a.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  try {
    return await COMMAND_HANDLERS[command](a, positionals, log);
  } catch (e) {
    return usageErrorOrThrow(e, log);
  }
}

type CommandHandler = (a: OptionValues, positionals: string[], log: Logger) => Promise<number>;

/** What each command of src/cli-table.ts does. */
const COMMAND_HANDLERS: Record<CommandName, CommandHandler> = {
  'enrich': enrichCommand,
  'explain': explain,
  'catalog list': catalogList,
  'catalog check': catalogCheck,
  'catalog export': catalogExport,
  'summary merge': summaryMerge,
  'rules check': rulesCheck,
};

async function summaryMerge(_a: OptionValues, files: string[]): Promise<number> {
  const { mergeSummaries, readSummaryFiles } = await import('./output/merge-summaries.js');
  process.stdout.write(JSON.stringify(mergeSummaries(readSummaryFiles(files)), null, 2) + '\n');
  return EXIT_OK;
}

/** Configuration problems are exit 2 with their messages (one line each); anything else is a bug. */
function usageErrorOrThrow(e: unknown, log: Logger): number {
  if (e instanceof OptionError && e.option !== undefined) {
    log.error(`--${cliFlagOf(e.option)}: ${e.reason}`);
    return EXIT_USAGE;
  }
  if (e instanceof OptionError || e instanceof RuleError || e instanceof CatalogFileError) {
    for (const line of e.message.split('\n')) log.error(line);
    return EXIT_USAGE;
  }
  throw e;
}

/** The CLI flag of a library option (`maxLineBytes` → `max-line-bytes`, `jsonPath` → `path`). */
function cliFlagOf(option: string): string {
  const renamed: Record<string, string> = { jsonPath: 'path', rulesDirs: 'rules', catalogDirs: 'catalog' };
  return renamed[option] ?? option.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** --lang as given, else from the locale (LC_ALL, LC_MESSAGES, LANG). */
function chosenLang(a: OptionValues): Lang {
  return (a.lang as Lang | undefined) ?? langFromLocale(process.env);
}

/** --vendor/--service must name what the catalogs know: a typo would otherwise silently prefer nothing. */
function checkVendorAndService(a: OptionValues, k: Pick<Knowledge, 'catalogs'>): void {
  const catalogs = k.catalogs.catalogs;
  const vendors = [...new Set(catalogs.map((c) => c.vendor))].sort();
  if (a.vendor !== undefined && !vendors.includes(a.vendor))
    throw new OptionError(`--vendor: unknown vendor "${a.vendor}"; the catalogs know ${vendors.join(', ')}${didYouMean(a.vendor, vendors)}`);
  const services = [...new Set(catalogs.filter((c) => a.vendor === undefined || c.vendor === a.vendor).map((c) => c.service))].sort();
  if (a.service !== undefined && !services.includes(a.service))
    throw new OptionError(`--service: unknown service "${a.service}"${a.vendor ? ` of ${a.vendor}` : ''}; the catalogs know ${services.join(', ')}${didYouMean(a.service, services)}`);
}

async function enrichCommand(a: OptionValues, inputs: string[], log: Logger): Promise<number> {
  const options: ResolvedOptions = resolveOptions({
    target: a.target,
    schema: a.schema as ResolvedOptions['schema'],
    lang: chosenLang(a),
    input: a.input as ResolvedOptions['input'],
    jsonPath: a.path,
    multiline: a.multiline as ResolvedOptions['multiline'],
    maxLineBytes: a['max-line-bytes'],
    maxEventLines: a['max-event-lines'],
    maxEventBytes: a['max-event-bytes'],
    maxRecordBytes: a['max-record-bytes'],
    flushMs: a['flush-ms'] ?? (a.follow ? FOLLOW_FLUSH_MS : BATCH_FLUSH_MS),
    errorsOnly: a['errors-only'],
    vendor: a.vendor,
    service: a.service,
    locate: a.locate,
    rulesDirs: a.rules,
    catalogDirs: a.catalog,
  });
  const failOn = parseFailOn(a['fail-on']);
  const jobs = a.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new OptionError(`--jobs: must be a positive integer (got ${String(a.jobs)})`);
  if (!Number.isFinite(a['poll-ms']) || a['poll-ms'] < 10) throw new OptionError(`--poll-ms: must be a number ≥ 10 (got ${String(a['poll-ms'])})`);
  if (a['out-dir'] !== undefined && a.output !== undefined) throw new OptionError('--out-dir and --output are exclusive (one output per input, or one for all)');
  if (a['out-dir'] !== undefined && a.format === 'pretty') throw new OptionError('--format pretty: not with --out-dir (its outputs are NDJSON files)');
  // The cap guards one reader's line buffer (Fluent Bit's exec Buf_Size): stdout or -o. Refused
  // rather than silently not applied to --out-dir files.
  if (a['out-dir'] !== undefined && a['max-record-bytes'] !== 0) throw new OptionError('--max-record-bytes: for stdout or --output (a reader with a line limit), not with --out-dir');
  if (a['from-start'] && !a.follow) log.warn('--from-start has no effect without --follow');
  const sources = { rulesDirs: a.rules, catalogDirs: a.catalog };
  const knowledge = holdKnowledge(sources);
  if (a.vendor !== undefined || a.service !== undefined) checkVendorAndService(a, knowledge.current);

  const shard = a.shard === undefined ? null : parseShard(a.shard);
  const stop = createStopSignal();
  const onSignal = (sig: NodeJS.Signals) => {
    log.debug(`${sig}: stopping, flushing what is in flight`);
    stop.stop();
  };
  // SIGHUP: rules and catalogs again, all or nothing; on failure the set in use stays.
  const reloadListeners = new Set<() => void>();
  const onReload = () => {
    for (const f of [...reloadListeners]) f();
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
  const recordsOnTerminal = a.output === undefined && a['out-dir'] === undefined && process.stdout.isTTY;
  const pretty = a.format === 'pretty' || (a.format === undefined && recordsOnTerminal);
  progressBar = a.follow || recordsOnTerminal ? null : createProgressBar(process.stderr, { quiet: a.quiet });
  const maxRecordBytes = options.maxRecordBytes;
  // A warning, not a refusal: a supervisor's "discard stdout" (systemd StandardOutput=null) looks the same.
  if (!a.output && !a['out-dir'] && stdoutWasClosed()) log.warn('stdout is closed (>&-) or read-write /dev/null: the records are discarded; redirect it, or use -o FILE');
  const summaryTarget = a['summary-json'] ? planOutputTarget(a['summary-json'], '--summary-json', inputs) : null;
  const outputTarget = a.output ? planOutputTarget(a.output, '--output', inputs) : null;
  const cappedSink = capOutput(outputTarget ? openFileSink(outputTarget) : openStdoutSink(), maxRecordBytes);
  let sink: OutputSink = cappedSink;
  if (pretty) {
    // The terminal view is loaded only when it is used: pipes and files never pay for it.
    const { prettySink, createPrettyRenderer } = await import('./output/render-pretty.js');
    const toTerminal = a.output === undefined && Boolean(process.stdout.isTTY);
    sink = prettySink(
      sink,
      createPrettyRenderer({
        target: options.target,
        columns: toTerminal ? process.stdout.columns || 80 : 100,
        color: toTerminal && !process.env.NO_COLOR,
      }),
    );
  }
  setInputNoticeHandler((msg) => log.warn(msg));
  // A first run without arguments would otherwise wait silently for typed input.
  if (inputs.length === 0 && process.stdin.isTTY && !a.follow)
    log.info('reading log lines from the terminal (end with Ctrl-D); pipe logs in or name files — errenrich --help');
  const stdinIsFile = stdinIsRegularFile();
  let stdinStream: Readable | undefined;
  let result;
  try {
    result = await runInputs({
      args: inputs,
      include: a.include,
      exclude: a.exclude,
      options,
      knowledge: () => knowledge.current,
      sources,
      sink,
      log,
      stdin: () => (stdinStream ??= stdinSource(stdinIsFile)),
      stdinIsFile,
      failOn,
      follow: a.follow ? { fromStart: a['from-start'], pollMs: a['poll-ms'] } : null,
      jobs,
      jobsExplicit: a.jobs !== undefined,
      onReload: (f) => {
        reloadListeners.add(f);
        return () => reloadListeners.delete(f);
      },
      outDir: a['out-dir'] ?? null,
      progress: progressBar,
      shard,
      ownOutputs: {
        stdout: outputTarget === null && a['out-dir'] === undefined,
        paths: outputTarget === null ? [] : outputTarget.kind === 'atomic' ? [outputTarget.path, temporaryName(outputTarget.path)] : [outputTarget.path],
      },
      stopSignal: stop.signal,
    });
  } finally {
    setInputNoticeHandler(null);
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
  if (cappedSink.cut() > 0) log.warn(`${cappedSink.cut()} record(s) longer than --max-record-bytes ${maxRecordBytes} were shortened (marked errenrich_cut)`);

  if (a.summary) process.stderr.write(renderSummary(result.summary, { columns: process.stderr.isTTY ? process.stderr.columns || 80 : undefined }));
  if (summaryTarget) writeWholeFile(summaryTarget, JSON.stringify(result.summary, null, 2) + '\n');
  if (result.failedInputs > 0) {
    const reasons = result.summary.files.failures.map((f) => `${f.file} (${f.reason})`).join('; ');
    log.error(`${result.failedInputs} input(s) failed, ${result.summary.files.ok} read completely: ${reasons}`);
    return EXIT_INPUT;
  }
  const filesRead = result.summary.files.ok + result.summary.files.failed;
  if (inputs.length > 0 && filesRead === 0 && !a.follow && !stop.signal.stopped) {
    const filters = [...a.include.map((g) => `--include '${g}'`), ...a.exclude.map((g) => `--exclude '${g}'`)];
    log.error(`nothing to read: no file in ${inputs.join(', ')}${filters.length ? ` passed ${filters.join(' ')}` : ''}`);
    return EXIT_USAGE;
  }
  if (result.failOnHit) return EXIT_FAIL_ON;
  return EXIT_OK;
}

/** A subcommand's output: `errenrich catalog export … | head` ends quietly, like the main job. */
async function writeStdout(text: string): Promise<void> {
  const sink = openStdoutSink();
  sink.write(Buffer.from(text));
  await sink.close(true);
}

// Subcommands load what only they need (start-up time of the main job).
async function explain(a: OptionValues, codes: string[], log: Logger): Promise<number> {
  const { explainCodes } = await import('./catalog-explain.js');
  const k = loadKnowledge({ catalogDirs: a.catalog });
  checkVendorAndService(a, k);
  const outcome = explainCodes(k.catalogs, codes, { lang: chosenLang(a), json: a.json, vendor: a.vendor, service: a.service });
  await writeStdout(outcome.text);
  for (const hint of outcome.hints) log.warn(hint);
  return outcome.allKnown ? EXIT_OK : EXIT_INPUT;
}

async function catalogCheck(a: OptionValues, positionals: string[], log: Logger): Promise<number> {
  const { loadCatalogDir } = await import('./catalog/load-catalogs.js');
  const dirs = positionals[0] !== undefined ? [positionals[0]] : [...a.catalog];
  try {
    const cats = dirs.length > 0 ? dirs.flatMap((d) => loadCatalogDir(d)) : loadKnowledge().catalogs.catalogs;
    const n = cats.reduce((s, c) => s + c.entries.length, 0);
    if (dirs.length > 0 && cats.length === 0) {
      log.error(`${dirs.join(', ')}: no catalog files found (nothing was checked; see docs/catalogs.md for the file format)`);
      return EXIT_USAGE;
    }
    process.stdout.write(`ok: ${cats.length} catalog(s), ${n} entries${dirs.length ? ' in ' + dirs.join(', ') : ' (built-in)'}\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CatalogFileError) {
      for (const line of e.message.split('\n')) log.error(line);
      return EXIT_USAGE;
    }
    throw e;
  }
}

async function catalogList(a: OptionValues): Promise<number> {
  const { formatCatalogList, formatCatalogStats } = await import('./catalog/format-catalog.js');
  const k = loadKnowledge({ catalogDirs: a.catalog });
  checkVendorAndService(a, k);
  if (a.category !== undefined && !(CATEGORIES as readonly string[]).includes(a.category))
    throw new OptionError(`--category: unknown category "${a.category}"; one of ${CATEGORIES.join(', ')}${didYouMean(a.category, CATEGORIES)}`);
  if (a.stats) {
    await writeStdout(formatCatalogStats(k.catalogs, { json: a.json }) + '\n');
    return EXIT_OK;
  }
  const entries = [...k.catalogs.codesByCatalog.values()].flatMap((m) => [...m.values()]);
  const listOptions: Parameters<typeof formatCatalogList>[1] = { json: a.json, lang: chosenLang(a) };
  if (a.vendor) listOptions.vendor = a.vendor;
  if (a.category) listOptions.category = a.category;
  let text = formatCatalogList(entries, listOptions);
  if (!a.json && process.stdout.isTTY) {
    const { fitLinesToWidth } = await import('./output/render-pretty.js');
    text = fitLinesToWidth(text, process.stdout.columns || 80);
  }
  await writeStdout(text + '\n');
  return EXIT_OK;
}

async function catalogExport(a: OptionValues): Promise<number> {
  const { exportCatalog } = await import('./catalog/export-catalog.js');
  if (a['export-format'] === undefined) throw new OptionError('catalog export: --format is required: csv, yaml, lua or ndjson (see errenrich catalog export --help)');
  const k = loadKnowledge({ catalogDirs: a.catalog });
  checkVendorAndService(a, k);
  const entries = [...k.catalogs.codesByCatalog.values()].flatMap((m) => [...m.values()]).filter((e) => a.vendor === undefined || e.vendor === a.vendor);
  const text = exportCatalog(entries, a['export-format'] as 'csv' | 'yaml' | 'lua' | 'ndjson', { lang: chosenLang(a) });
  if (a.output !== undefined) {
    const sink = openFileSink(planOutputTarget(a.output, '--output', []));
    sink.write(Buffer.from(text));
    await sink.close(true);
  } else await writeStdout(text);
  return EXIT_OK;
}

async function rulesCheck(_a: OptionValues, positionals: string[], log: Logger): Promise<number> {
  const { readRuleDir, validateRuleFiles, builtinRulesDir } = await import('./detect/compile-rules.js');
  const dir = positionals[0];
  try {
    const files = readRuleDir(dir ?? builtinRulesDir());
    if (files.length === 0) {
      log.error(`${dir ?? builtinRulesDir()}: no rule files found (nothing was checked; see docs/rules.md for the file format)`);
      return EXIT_USAGE;
    }
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
