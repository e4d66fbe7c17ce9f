/**
 * --shard K/N and `summary merge`: the shards of a batch read every input exactly once between
 * them, chosen by path (not by listing order); their merged --summary-json equals one run's; the
 * Indexed Job manifest wires each pod's completion index into --shard.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { parseShard, selectShard, shardOf } from '../../src/run/select-shard.js';
import { mergeSummaries } from '../../src/output/merge-summaries.js';
import type { SummaryData } from '../../src/output/summary.js';
import { CLI, HUAWEI, removeTempDirs, tempDir, TENCENT } from './ops-helpers.js';

afterAll(removeTempDirs);

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** 23 files in nested directories, each with its own mix of payloads. */
function makeArchive(): string {
  const root = join(tempDir(), 'in');
  for (let f = 0; f < 23; f++) {
    const dir = join(root, `ns-${f % 3}`, f % 2 ? 'odd' : 'even');
    mkdirSync(dir, { recursive: true });
    const lines: string[] = [];
    for (let i = 0; i < 40 + f; i++) lines.push(i % (f + 2) === 0 ? TENCENT : i % 7 === 3 ? HUAWEI : `file ${f} line ${i}`);
    writeFileSync(join(dir, `app-${f}.log`), lines.join('\n') + '\n');
  }
  return root;
}

describe('--shard K/N', () => {
  it('parses K/N with 0 ≤ K < N; refuses anything else', () => {
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    for (const bad of ['4/4', '1', '-1/4', '1/0', 'a/b', '1/4/2', ''])
      expect(() => parseShard(bad), bad).toThrow(/--shard: must be K\/N/);
  });

  it('the shard of a path is fixed (the same on every machine), whatever the listing order', () => {
    // Pinned values (32-bit FNV-1a, checked with an independent implementation): a change of hash
    // would move files between the pods of a Job whose pods run different versions.
    expect(['a.log', 'ns/app.log', 'é.log'].map((p) => shardOf(p, 7))).toEqual([1, 0, 4]);
    expect(shardOf('a.log', 1_000_000)).toBe(731244);
    expect(shardOf('', 1000)).toBe(0x811c9dc5 % 1000);
    const inputs = Array.from({ length: 50 }, (_, i) => ({ path: `/x/f${i}.log`, relative: `f${i}.log` }));
    const forward = selectShard(inputs, [], { index: 1, count: 3 }).inputs.map((i) => i.relative);
    const backward = selectShard([...inputs].reverse(), [], { index: 1, count: 3 }).inputs.map((i) => i.relative);
    expect(new Set(backward)).toEqual(new Set(forward));
    // a file that appears later moves no other file
    const more = selectShard([...inputs, { path: '/x/new.log', relative: 'new.log' }], [], { index: 1, count: 3 }).inputs.map((i) => i.relative);
    expect(more.filter((r) => r !== 'new.log')).toEqual(forward);
  });

  it('refuses stdin', () => {
    expect(() => selectShard([{ path: '-', relative: 'stdin' }], [], { index: 0, count: 2 })).toThrow(/stdin/);
  });

  it('through the CLI: the union of the shards is every input exactly once, and their merged summaries equal one run', () => {
    const root = makeArchive();
    const whole = join(tempDir(), 'whole.json');
    const all = run(['--jobs', '1', '--locate', '--summary-json', whole, root]);
    expect(all.code).toBe(0);
    const wholeFiles = new Set(all.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { input: { file: string } }).input.file));
    expect(wholeFiles.size).toBe(23);

    for (const n of [1, 2, 5]) {
      const seen: string[] = [];
      const parts: string[] = [];
      for (let k = 0; k < n; k++) {
        const part = join(tempDir(), `shard-${k}-of-${n}.json`);
        const r = run(['--shard', `${k}/${n}`, '--jobs', '2', '--locate', '--summary-json', part, root]);
        expect(r.code).toBe(0);
        expect(r.stderr).toBe('');
        const files = new Set(r.stdout.trim() === '' ? [] : r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { input: { file: string } }).input.file));
        seen.push(...files);
        parts.push(part);
      }
      expect(seen.sort()).toEqual([...wholeFiles].sort());
      expect(new Set(seen).size).toBe(seen.length);
      const merged = run(['summary', 'merge', ...parts]);
      expect(merged.code).toBe(0);
      expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(readFileSync(whole, 'utf8')));
    }
  });

  it('a path that cannot be read is reported by one shard only', () => {
    const root = makeArchive();
    const codes = [0, 1, 2].map((k) => run(['--shard', `${k}/3`, root, join(root, 'missing.log')]).code);
    expect(codes.filter((c) => c === 1)).toHaveLength(1);
    expect(codes.filter((c) => c === 0)).toHaveLength(2);
  });

  it('--shard with --follow or a malformed K/N: exit 2', () => {
    expect(run(['--shard', '2/2', '/dev/null']).code).toBe(2);
    expect(run(['--shard', '0/2', '--follow', '/dev/null']).code).toBe(2);
  });
});

describe('summary merge', () => {
  const part = (over: Partial<SummaryData>): SummaryData => ({
    lines: 0, records: 0, events_with_errors: 0, errors: 0, overlong_lines: 0, failed_events: 0,
    files: { ok: 0, failed: 0, failures: [] }, by_vendor: {}, by_category: {}, by_code: [], ...over,
  });

  it('adds counts, rows of the same code, files and failures', () => {
    const row = { vendor: 'tencent', service: 'tke', code: 'AuthFailure', category: 'auth', known: true, description: 'd' };
    const m = mergeSummaries([
      part({ lines: 3, records: 3, errors: 2, events_with_errors: 2, files: { ok: 1, failed: 0, failures: [] }, by_vendor: { tencent: 2 }, by_category: { auth: 2 }, by_code: [{ ...row, count: 2 }] }),
      part({ lines: 5, records: 4, errors: 1, events_with_errors: 1, overlong_lines: 1, files: { ok: 2, failed: 1, failures: [{ file: 'x', reason: 'gone' }] }, by_vendor: { tencent: 1 }, by_category: { auth: 1 }, by_code: [{ ...row, count: 1 }] }),
    ]);
    expect(m).toMatchObject({ lines: 8, records: 7, errors: 3, events_with_errors: 3, overlong_lines: 1, files: { ok: 3, failed: 1, failures: [{ file: 'x', reason: 'gone' }] } });
    expect(m.by_code).toEqual([{ ...row, count: 3 }]);
    expect(m.by_vendor).toEqual({ tencent: 3 });
    expect(m.by_category).toEqual({ auth: 3 });
  });

  it('a file that is not a summary: named, exit 2, nothing on stdout', () => {
    const d = tempDir();
    const good = join(d, 'good.json');
    writeFileSync(good, JSON.stringify(part({ lines: 1 })));
    const bad = join(d, 'bad.json');
    writeFileSync(bad, '{"lines": "many"}');
    const r = run(['summary', 'merge', good, bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(bad);
  });
});

describe('deploy/kubernetes/errenrich-batch-job.yaml', () => {
  const manifest = parseYaml(readFileSync(new URL('../../deploy/kubernetes/errenrich-batch-job.yaml', import.meta.url), 'utf8')) as {
    apiVersion: string;
    kind: string;
    metadata: { name: string };
    spec: {
      completionMode: string;
      completions: number;
      parallelism: number;
      template: { spec: { restartPolicy: string; containers: { image: string; args: string[]; env?: { name: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[]; volumeMounts: { mountPath: string }[] }[]; volumes: unknown[] } };
    };
  };

  it('an Indexed Job whose pods each run --shard $(JOB_COMPLETION_INDEX)/N with N = completions, into --out-dir on a shared volume', () => {
    expect(manifest.apiVersion).toBe('batch/v1');
    expect(manifest.kind).toBe('Job');
    expect(manifest.metadata.name).toBeTruthy();
    const spec = manifest.spec;
    expect(spec.completionMode).toBe('Indexed');
    expect(spec.completions).toBeGreaterThan(1);
    expect(spec.parallelism).toBe(spec.completions);
    expect(spec.template.spec.restartPolicy).toBe('Never');
    const [c] = spec.template.spec.containers;
    expect(c!.image).toBeTruthy();
    const args = c!.args;
    expect(args[args.indexOf('--shard') + 1]).toBe(`$(JOB_COMPLETION_INDEX)/${spec.completions}`);
    // $(VAR) is expanded only for variables declared in the container's env
    const env = c!.env?.find((e) => e.name === 'JOB_COMPLETION_INDEX');
    expect(env?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    const outDir = args[args.indexOf('--out-dir') + 1]!;
    expect(c!.volumeMounts.some((m) => outDir.startsWith(m.mountPath + '/'))).toBe(true);
    const summary = args[args.indexOf('--summary-json') + 1]!;
    expect(summary).toContain('$(JOB_COMPLETION_INDEX)');
    // the arguments (index 0 substituted) are accepted by the CLI's own parser
    expect(parseShard(args[args.indexOf('--shard') + 1]!.replace('$(JOB_COMPLETION_INDEX)', '0'))).toEqual({ index: 0, count: spec.completions });
  });
});
