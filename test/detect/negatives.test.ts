/**
 * Realistic lines that are not one of our vendors' API errors (success envelopes, ordinary app
 * logs with a numeric code, Kubernetes Status failures without errorCode, AWS, Alibaba, Azure,
 * GCP errors, stack traces…) come out unenriched and passed through: JSON object lines byte for
 * byte, other lines as {"message": line}.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { enrichLine } from '../../src/index.js';

const FILE = new URL('../fixtures/detect/negatives.txt', import.meta.url);
const LINES = readFileSync(FILE, 'utf8')
  .split('\n')
  .filter((l) => l !== '');

function isJsonObject(line: string): boolean {
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

describe('negatives.txt', () => {
  it('holds at least 30 lines, JSON and text', () => {
    expect(LINES.length).toBeGreaterThanOrEqual(30);
    expect(LINES.filter(isJsonObject).length).toBeGreaterThanOrEqual(15);
    expect(LINES.filter((l) => !isJsonObject(l)).length).toBeGreaterThanOrEqual(15);
  });

  it.each(LINES.map((line, i) => [i + 1, line] as const))('line %i is passed through unenriched', (_n, line) => {
    const out = enrichLine(line);
    expect(out).not.toBeNull();
    expect(out).not.toContain('"vendor_error"');
    if (isJsonObject(line)) expect(out).toBe(line);
    else expect(out).toBe(JSON.stringify({ message: line }));
  });

  it.each(LINES.map((line, i) => [i + 1, line] as const))('line %i is dropped with errorsOnly', (_n, line) => {
    expect(enrichLine(line, { errorsOnly: true })).toBeNull();
  });

  it('all of them as one stream: one record per line, none enriched, none changed', () => {
    const out = enrichLine(LINES.join('\n'))!.split('\n');
    expect(out).toHaveLength(LINES.length);
    out.forEach((rec, i) => {
      const line = LINES[i]!;
      expect(rec).toBe(isJsonObject(line) ? line : JSON.stringify({ message: line }));
    });
  });

  it('and in the other schemas too', () => {
    for (const schema of ['ecs', 'otel'] as const)
      for (const line of LINES) expect(enrichLine(line, { schema })).toBe(isJsonObject(line) ? line : JSON.stringify({ message: line }));
  });
});

describe('known false positives (reported, not fixed: a trade-off for the rule owner)', () => {
  // An application's own error log uses the same {code, message} convention (4000 "参数错误",
  // 5000 "系统繁忙"). tencent.legacy has corroborate_if_keys: next to a log-level key the code
  // alone is not enough (a (module) subcode, codeDesc or a Tencent API host in the event is) —
  // so a Tencent body merged into a log record with its subcode is still found (positive tests).
  const APP_LINES = [
    '{"level":"error","ts":"2024-05-01T10:00:00Z","code":5000,"message":"系统繁忙，请稍后再试"}',
    '{"level":"warn","caller":"user/handler.go:88","code":4000,"message":"参数错误: name"}',
    '{"severity":"ERROR","code":4100,"message":"login failed for user 42"}',
  ];
  for (const line of APP_LINES) {
    it(`an app's own error log is not a Tencent legacy body: ${line}`, () => {
      expect(enrichLine(line)).toBe(line);
    });
  }
});
