/**
 * The slow lane (src/pipeline/slow-lane.ts): slow-path events go to a worker thread and their
 * records come back into place. Whatever the lane does — works, never starts, dies mid-input —
 * the output is the same bytes, and the summary the same counts, as without it.
 *
 * The worker is the built one (dist/), like the batch workers in batch-cli.test.ts: npm test builds
 * before vitest runs.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../scripts/bench/generate-corpus.mjs';
import { resolveOptions, type EnricherOptions } from '../../src/options.js';
import { createEngine, recordSettings } from '../../src/pipeline/create-engine.js';
import type { EnrichEngine } from '../../src/pipeline/enrich-engine.js';
import { loadKnowledge } from '../../src/pipeline/load-knowledge.js';
import { SlowLane } from '../../src/pipeline/slow-lane.js';
import { packEvents, unpackEvents } from '../../src/pipeline/pack-events.js';
import type { FramedEvent } from '../../src/framing/frame-events.js';
import { CLI, REPO, runCli } from '../helpers/run-cli.js';

const WORKER = pathToFileURL(join(REPO, 'dist', 'pipeline', 'slow-lane-worker.js'));
const knowledge = loadKnowledge();

let corpus: Buffer;
let dir: string;

beforeAll(async () => {
  const chunks: Buffer[] = [];
  for await (const c of generateCorpus({ seed: 7, bytes: 2 * 1024 * 1024 })) chunks.push(c.corpus);
  corpus = Buffer.concat(chunks);
  dir = mkdtempSync(join(tmpdir(), 'errenrich-lane-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  out: Buffer;
  summary: unknown;
}

/** Feeds `input` in chunks of `chunkBytes`, as enrichInput does, and waits for the lane. */
async function enrich(input: Buffer, o: EnricherOptions, lane: SlowLane | null, chunkBytes = 65536): Promise<Run> {
  const options = resolveOptions(o);
  const parts: Buffer[] = [];
  const engine: EnrichEngine = createEngine(options, knowledge, (b) => parts.push(Buffer.from(b)));
  if (lane) engine.useSlowLane(() => lane, 1);
  engine.beginInput('corpus.log');
  for (let at = 0; at < input.length; at += chunkBytes) {
    engine.write(input.subarray(at, at + chunkBytes));
    if (engine.backlog > 4) await engine.settle(2);
  }
  engine.endInput();
  await engine.settle();
  return { out: Buffer.concat(parts), summary: engine.summary.toJSON() };
}

function startLane(o: EnricherOptions, url: URL = WORKER): SlowLane {
  return new SlowLane({ sources: {}, process: recordSettings(resolveOptions(o)) }, url);
}

describe('slow lane', () => {
  const variants: [string, EnricherOptions, number][] = [
    ['default options, 64 KiB chunks', {}, 65536],
    ['--locate, 7-byte chunks (events held across writes)', { locate: true }, 7],
    ['--errors-only --schema ecs --lang zh', { errorsOnly: true, schema: 'ecs', lang: 'zh' }, 4096],
  ];
  for (const [name, o, chunk] of variants) {
    it(`${name}: the same bytes and summary as one thread`, async () => {
      const input = chunk < 100 ? corpus.subarray(0, 200 * 1024) : corpus;
      const alone = await enrich(input, o, null, chunk);
      const lane = startLane(o);
      try {
        const laned = await enrich(input, o, lane, chunk);
        expect(laned.out.equals(alone.out)).toBe(true);
        expect(laned.summary).toEqual(alone.summary);
        expect(lane.failed).toBe(false);
      } finally {
        await lane.close();
      }
    });
  }

  it('a worker that cannot start: every event is done in this thread, nothing lost', async () => {
    const bad = join(dir, 'throws.mjs');
    writeFileSync(bad, 'throw new Error("no worker today");\n');
    const lane = startLane({}, pathToFileURL(bad));
    let failure: Error | null = null;
    lane.onFailure = (e) => (failure = e);
    try {
      const laned = await enrich(corpus, {}, lane);
      const alone = await enrich(corpus, {}, null);
      expect(laned.out.equals(alone.out)).toBe(true);
      expect(laned.summary).toEqual(alone.summary);
      expect(String(failure)).toMatch(/no worker today/);
    } finally {
      await lane.close();
    }
  });

  it('a worker that dies after its first batch: the batches it held are redone here, in order', async () => {
    const dies = join(dir, 'dies.mjs');
    writeFileSync(
      dies,
      // Answers nothing: it takes the first batch and exits, with later batches queued behind it.
      "import { parentPort } from 'node:worker_threads';\nparentPort.once('message', () => setTimeout(() => process.exit(3), 20));\n",
    );
    const lane = startLane({}, pathToFileURL(dies));
    try {
      const laned = await enrich(corpus, {}, lane);
      const alone = await enrich(corpus, {}, null);
      expect(lane.failed).toBe(true);
      expect(laned.out.equals(alone.out)).toBe(true);
      expect(laned.summary).toEqual(alone.summary);
    } finally {
      await lane.close();
    }
  });

  it('an output that fails while records come back from the lane: settle rejects with its error', async () => {
    const lane = startLane({});
    try {
      let writes = 0;
      const engine = createEngine(resolveOptions({}), knowledge, () => {
        if (++writes > 3) throw new Error('disk full');
      });
      engine.useSlowLane(() => lane, 1);
      engine.beginInput('x');
      const run = async () => {
        for (let at = 0; at < corpus.length; at += 65536) {
          engine.write(corpus.subarray(at, at + 65536));
          if (engine.backlog > 4) await engine.settle(2);
        }
        engine.endInput();
        await engine.settle();
      };
      await expect(run()).rejects.toThrow('disk full');
    } finally {
      await lane.close();
    }
  });

  it('records still in the worker keep the process alive: nothing else waiting, the output is still whole', () => {
    const dist = pathToFileURL(join(REPO, 'dist')).href;
    // A worker that answers each batch after 300 ms, and a process that has nothing else to do
    // meanwhile (stdout written synchronously at the end).
    const slowWorker = join(dir, 'slow-worker.mjs');
    writeFileSync(
      slowWorker,
      `import { parentPort } from 'node:worker_threads';
import { loadKnowledge } from '${dist}/pipeline/load-knowledge.js';
import { unpackEvents } from '${dist}/pipeline/pack-events.js';
import { processBatch } from '${dist}/pipeline/process-event.js';
import { OutputArena } from '${dist}/output/output-arena.js';
import { resolveOptions } from '${dist}/options.js';
import { recordSettings } from '${dist}/pipeline/create-engine.js';
const k = loadKnowledge();
const opts = { ...recordSettings(resolveOptions({})), rules: k.rules, lookup: k.lookup, locate: null };
parentPort.on('message', (req) => setTimeout(() => {
  const r = processBatch(unpackEvents(req.events), opts, new OutputArena());
  const out = new Uint8Array(r.out);
  parentPort.postMessage({ type: 'result', id: req.id, out, ends: r.ends, records: r.records, errors: r.errors, failures: r.failures });
}, 300));
`,
    );
    const main = join(dir, 'lane-main.mjs');
    writeFileSync(
      main,
      `import { writeSync } from 'node:fs';
import { resolveOptions } from '${dist}/options.js';
import { createEngine, recordSettings } from '${dist}/pipeline/create-engine.js';
import { loadKnowledge } from '${dist}/pipeline/load-knowledge.js';
import { SlowLane } from '${dist}/pipeline/slow-lane.js';
const lines = [];
for (let i = 0; i < 50; i++) lines.push(JSON.stringify({ Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'm' + i }, RequestId: 'r' + i } }));
const parts = [];
const engine = createEngine(resolveOptions({}), loadKnowledge(), (b) => parts.push(Buffer.from(b)));
const lane = new SlowLane({ sources: {}, process: recordSettings(resolveOptions({})) }, new URL(${JSON.stringify(pathToFileURL(slowWorker).href)}));
engine.useSlowLane(() => lane, 1);
engine.beginInput('x');
// Two batches, the second sent after the first came back (when the idle lane had let go of the process).
engine.write(Buffer.from(lines.slice(0, 25).join('\\n') + '\\n'));
await engine.settle();
engine.write(Buffer.from(lines.slice(25).join('\\n') + '\\n'));
engine.endInput();
await engine.settle();
writeSync(1, String(Buffer.concat(parts).toString().split('\\n').filter(Boolean).length) + '\\n');
await lane.close();
`,
    );
    const r = spawnSync(process.execPath, [main], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('50');
  });

  it('packEvents/unpackEvents: bytes, ranges and every other field survive a structured clone', () => {
    const chunk = Buffer.from('xx{"a":1}\nsecond line\n');
    const events: FramedEvent[] = [
      { kind: 'line', firstLine: 1, lineCount: 1, bytes: chunk.subarray(2, 9), text: null, triggered: true, utf8: true },
      { kind: 'docker', firstLine: 2, lineCount: 3, bytes: null, text: 'joined', docker: { log: 'joined\n', stream: 'stdout' }, invalidUtf8: true },
      { kind: 'line', firstLine: 5, lineCount: 1, bytes: chunk.subarray(10, 21), text: null, parsed: { b: [1, 2] } },
    ];
    const packed = packEvents(events);
    expect(packed.bytes.byteLength).toBe(7 + 11);
    const back = unpackEvents(structuredClone(packed));
    expect(back.map((e) => e.bytes?.toString() ?? null)).toEqual(['{"a":1}', null, 'second line']);
    expect(back.map(({ bytes: _b, ...rest }) => rest)).toEqual(events.map(({ bytes: _b, ...rest }) => rest));
  });
});

describe('errenrich with the slow lane (CLI)', () => {
  it('one file: the default (lane) and --jobs 1 (one thread) write the same bytes and summary', async () => {
    // Four copies: enough slow events (more than LANE_AFTER) for the lane to start.
    const file = join(dir, 'corpus.log');
    writeFileSync(file, Buffer.concat([corpus, corpus, corpus, corpus]));
    const s1 = join(dir, 's1.json');
    const s2 = join(dir, 's2.json');
    const laned = await runCli(['--verbose', '--jobs', '2', '--summary-json', s1, file]);
    const alone = await runCli(['--verbose', '--jobs', '1', '--summary-json', s2, file]);
    expect(laned.code).toBe(0);
    expect(alone.code).toBe(0);
    expect(laned.stderr).toMatch(/slow lane: a worker thread/);
    expect(alone.stderr).not.toMatch(/slow lane/);
    expect(laned.stderr).not.toMatch(/failed/);
    expect(laned.stdout.equals(alone.stdout)).toBe(true);
    expect(JSON.parse(readFileSync(s1, 'utf8'))).toEqual(JSON.parse(readFileSync(s2, 'utf8')));
  });

  it('stdin redirected from a file gets the lane (same bytes); stdin from a pipe does not', async () => {
    const file = join(dir, 'corpus4.log');
    const big = Buffer.concat([corpus, corpus, corpus, corpus]);
    writeFileSync(file, big);
    const fd = openSync(file, 'r');
    let redirected;
    try {
      redirected = spawnSync(process.execPath, [CLI, '--verbose', '--jobs', '2'], { stdio: [fd, 'pipe', 'pipe'], maxBuffer: 1 << 30 });
    } finally {
      closeSync(fd);
    }
    const piped = await runCli(['--verbose', '--jobs', '2'], { input: big });
    const alone = await runCli(['--jobs', '1', file]);
    expect(redirected.status).toBe(0);
    expect(redirected.stderr.toString()).toMatch(/slow lane: a worker thread/);
    expect(redirected.stdout.equals(alone.stdout)).toBe(true);
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toMatch(/slow lane/);
    expect(piped.stdout.equals(alone.stdout)).toBe(true);
  });
});
