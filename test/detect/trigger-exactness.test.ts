/**
 * The byte pre-filter is exact: a line without any trigger literal takes the fast path, so a line
 * the rules would detect must never lack one. Proof by comparison: every line of the project's
 * corpora and of a sample of the shared generator's corpus goes once through the default path and
 * once with a pre-filter that lets every line through (the slow path on every line); the outputs
 * must be identical, record for record.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planTriggerScan } from '../../src/detect/trigger-scan.js';
import { enrichLine, loadKnowledge, type Knowledge } from '../../src/index.js';

const DEFAULT = loadKnowledge();

/** The same rules and catalogs with a pre-filter every non-empty line passes (every byte is a trigger). */
function slowEverywhere(k: Knowledge): Knowledge {
  const all: string[] = [];
  for (let b = 1; b < 256; b++) if (b !== 0x0a) all.push(String.fromCharCode(b));
  const bytes = all.map((c) => Buffer.from([c.charCodeAt(0)]));
  return {
    rules: { ...k.rules, triggers: bytes, triggerStrings: all, stringTriggerPlan: { anchor: '', withAnchor: [], others: all }, byteScan: planTriggerScan(bytes) },
    get catalogs() {
      return k.catalogs;
    },
    lookup: k.lookup,
    catalogMessages: k.catalogMessages,
  };
}
const SLOW = slowEverywhere(DEFAULT);

function firstDifference(text: string): string | null {
  const fast = (enrichLine(text, {}, DEFAULT) ?? '').split('\n');
  const slow = (enrichLine(text, {}, SLOW) ?? '').split('\n');
  const n = Math.max(fast.length, slow.length);
  for (let i = 0; i < n; i++) if (fast[i] !== slow[i]) return `record ${i + 1}:\n  default: ${fast[i]}\n  slow:    ${slow[i]}`;
  return null;
}

const fixture = (p: string) => new URL(`../fixtures/${p}`, import.meta.url);
const realWorld = (name: string) =>
  readFileSync(fixture(`real-world/${name}`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { text: string }).text)
    .join('\n');

describe('the byte pre-filter never skips a line the rules detect', () => {
  it('the comparison can fail: a pre-filter that lets nothing through changes the output', () => {
    const never = '\u0001\u0002\u0003';
    const none: Knowledge = {
      ...SLOW,
      rules: { ...DEFAULT.rules, triggers: [Buffer.from(never)], triggerStrings: [never], stringTriggerPlan: { anchor: '', withAnchor: [], others: [never] }, byteScan: planTriggerScan([Buffer.from(never)]) },
    };
    const text = readFileSync(fixture('detect/accuracy.log'), 'utf8');
    expect(enrichLine(text, {}, none)).not.toBe(enrichLine(text, {}, DEFAULT));
  });

  it.each([
    ['detect/accuracy.log', () => readFileSync(fixture('detect/accuracy.log'), 'utf8')],
    ['detect/negatives.txt', () => readFileSync(fixture('detect/negatives.txt'), 'utf8')],
    ['real-world positives', () => realWorld('positives.ndjson')],
    ['real-world negatives', () => realWorld('negatives.ndjson')],
  ])('%s: the default path and the slow path on every line agree', (_name, read) => {
    expect(firstDifference(read())).toBeNull();
  });

  it('code keys with short numbers, which the pre-filter reads as values: both paths agree in every printed form', () => {
    const values = ['0', '7', '42', '200', '404', '999', '-1', '-200', '007', '1000', '4000', '5100', '-10010', '4030002', '200.5', '200abc', '"200"', '"-10010"', 'null', '[200]'];
    const keys = ['code', 'Code', 'errorCode', 'error_code', 'errCode', 'err_code', 'code_', 'codeDesc'];
    const messages = ['(-10010) cluster not found', '(10010) InternalError', 'Container quota insufficient.', 'ok'];
    const lines: string[] = [];
    for (const v of values)
      for (const k of keys)
        for (const m of messages) {
          const bare = v.replace(/"/g, '');
          lines.push(
            `{"level":"info","${k}":${v},"message":${JSON.stringify(m)}}`,
            `{"${k}":${v},"message":${JSON.stringify(m)},"requestId":"r-1"}`,
            `{"log":${JSON.stringify(`{"${k}":${v},"message":${JSON.stringify(m)}}`)}}`,
            `time=x ${k}=${bare} msg="${m}" request_id=abc`,
            `resp {'${k}': ${v}, 'message': '${m}'} from netease ncs`,
            `${k.replace(/^./, (c) => c.toUpperCase())}: ${bare}, Message: ${m}`,
            `<Error><${k}>${bare}</${k}><Message>${m}</Message></Error>`,
          );
        }
    expect(firstDifference(lines.join('\n'))).toBeNull();
  });

  it('code keys with quoted words, which the pre-filter reads as values: both paths agree in every printed form', () => {
    const words = ['card_declined', 'not_found', 'ECONNRESET', 'NotFound', 'NoSuchKey', 'InternalError', 'ResourceNotFound.ClusterNotFound', 'AuthFailure.SignatureFailure', 'FailedOperation', 'CCI.02.409101', 'APIGW.0101', 'CCE.01400001', 'invalid-grant', 'a.b', 'x', '5100', '-10010'];
    const keys = ['code', 'Code', 'errorCode', 'ErrorCode', 'error_code', 'errCode', 'err_code'];
    const contexts = [
      '',
      ',"message":"The specified key does not exist."',
      ',"RequestId":"NjJiYTZkYjhfYThlZjc4MGJfMWFjZWNfMzE1NzczNw=="',
      ',"TraceId":"OGVmYzZiMmQzYjA2OWNhODk0NTRkMTBiOWVmMDAxODczNTBmNjMwZmQ0MTZkMjg0NjlkNTYyNmY4ZTRkZTk0N2FiMmYwMTY2MDExNTVkYjZlZjEyOTBjYTg3YWFkMTczYTlmZTJmOTljMmY3ZGQxNz=="',
      ',"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"',
      ',"host":"examplebucket-1250000000.cos.ap-beijing.myqcloud.com"',
      ',"msg":"tencent cloud call failed"',
      ',"requestId":"0123456789ABCDEF0123456789ABCDEF","msg":"obs-sdk"',
    ];
    const lines: string[] = [];
    for (const w of words)
      for (const k of keys)
        for (const c of contexts) {
          const obj = `{"level":"error","${k}":"${w}"${c}}`;
          lines.push(
            obj,
            `{"log":${JSON.stringify(obj + '\n')},"stream":"stderr","time":"2026-11-23T10:00:02.056758792Z"}`,
            JSON.stringify({ log: JSON.stringify({ msg: obj }) }),
            `2026-11-23T10:00:02.056758792Z stderr F ${obj}`,
            obj.replace(/"/g, "'"),
            `resp {'${k}': '${w}'${c.replace(/"/g, "'")}}`,
            `{"${k}":\\"${w}\\"${c}}`,
            `{"${k}": "${w} "${c}}`,
          );
        }
    expect(firstDifference(lines.join('\n'))).toBeNull();
  });

  // The shared generator lives outside the repository (../shared/bench); without it there is nothing to compare.
  const generator = new URL('../../../shared/bench/gen-corpus.mjs', import.meta.url);
  it.runIf(existsSync(generator))('a sample of the shared corpus (every mix): both paths agree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'errenrich-trigger-'));
    try {
      for (const mix of ['mixed', 'ndjson', 'plain']) {
        const out = join(dir, `${mix}.log`);
        const g = spawnSync(process.execPath, [generator.pathname, '--mb', '0.3', '--mix', mix, '--error-rate', '0.05', '--seed', '7', '--out', out, '--quiet']);
        expect(g.status, String(g.stderr)).toBe(0);
        expect(firstDifference(readFileSync(out, 'utf8')), mix).toBeNull();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
