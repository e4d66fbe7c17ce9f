/** The terminal view as a pure function of one NDJSON line, and the sink that puts it in front of stdout. */
import { describe, expect, it } from 'vitest';
import { createPrettyRenderer, cutToWidth, displayWidth, prettySink, wrapToWidth } from '../../src/output/render-pretty.js';
import type { OutputSink } from '../../src/output/open-output.js';
import { enrichLine } from '../../src/index.js';

const render = createPrettyRenderer({ target: 'vendor_error', columns: 80, color: false });
const TENCENT = '{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad signature"},"RequestId":"r-1"}}';

describe('createPrettyRenderer', () => {
  it('an enriched record: its line, then the enrichment indented (facts, description, remediation)', () => {
    const out = createPrettyRenderer({ target: 'vendor_error', columns: 100, color: false })(enrichLine(`{"time":"2026-11-23T08:14:05.123Z","level":"error","msg":"call failed","body":${TENCENT}}`)!);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('08:14:05.123 ERROR call failed');
    expect(lines[1]).toBe('  ✖ tencent/tke · AuthFailure.SignatureFailure · auth · not retryable · request r-1');
    expect(lines[2]).toMatch(/^ {4}Signature error/);
    expect(lines.some((l) => l.startsWith('    → Check the signing process'))).toBe(true);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(99);
  });

  it('shows doc_url when the enrichment has one', () => {
    const record = JSON.stringify({ message: 'x', vendor_error: { vendor: 'netease', service: 'ncs', code: 4030002, category: 'quota', retryable: false, description: 'd', remediation: 'r', doc_url: 'https://example.com/doc' } });
    expect(render(record)).toContain('\n    https://example.com/doc\n');
  });

  it('a plain record is its message; a Docker record holding an app JSON line shows the app\'s message and level', () => {
    expect(render('{"message":"plain text"}')).toBe('plain text\n');
    const docker = JSON.stringify({ log: '{"level":"warn","msg":"slow call"}\n', stream: 'stdout', time: '2026-11-23T08:14:01.000007919Z' });
    expect(render(docker)).toBe('08:14:01.000 WARN  slow call\n');
  });

  it('a very long line is cut to one terminal line, not flooded', () => {
    const out = render(JSON.stringify({ message: 'x'.repeat(20_000) }));
    expect(out.split('\n')).toHaveLength(2);
    expect(out.trimEnd().endsWith('…')).toBe(true);
    expect(out.trimEnd().length).toBe(79);
  });

  it('the enrichment under <target>_errenrich (when the record had the target field already) is shown too', () => {
    const record = JSON.stringify({ message: 'm', vendor_error: 'theirs', vendor_error_errenrich: { vendor: 'huawei', service: 'cci', code: 'CCI.02.409101', category: 'conflict', retryable: false } });
    expect(render(record)).toContain('✖ huawei/cci · CCI.02.409101 · conflict');
  });

  it('colours only when asked', () => {
    const coloured = createPrettyRenderer({ target: 'vendor_error', columns: 80, color: true })(enrichLine(TENCENT)!);
    expect(coloured).toContain('\x1b[');
    expect(render(enrichLine(TENCENT)!)).not.toContain('\x1b[');
  });

  it('a line that is not JSON is shown as it is', () => {
    expect(render('not json')).toBe('not json\n');
  });
});

describe('widths', () => {
  it('Chinese characters take two columns; wrapping and cutting respect that', () => {
    expect(displayWidth('配额不足')).toBe(8);
    expect(displayWidth(cutToWidth('配额不足配额不足', 7))).toBeLessThanOrEqual(7);
    for (const l of wrapToWidth('容器配额已用尽，账号无法再创建更多容器。 Check the quota in the console.', 20)) expect(displayWidth(l)).toBeLessThanOrEqual(20);
  });

  it('wraps at spaces, never inside a word', () => {
    const lines = wrapToWidth('Synchronise the client clock with NTP and retry the request', 20);
    expect(lines.join(' ')).toBe('Synchronise the client clock with NTP and retry the request');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(20);
  });
});

describe('prettySink', () => {
  it('renders whole lines whatever the chunking, and the last line at close', async () => {
    const written: string[] = [];
    const inner: OutputSink = { write: (c) => (written.push(c.toString()), true), drained: async () => {}, closedByReader: false, close: async () => {} };
    const sink = prettySink(inner, (l) => `<${l}>\n`);
    const text = '{"a":1}\n{"b":"配额"}\n{"c":3}';
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += 3) sink.write(bytes.subarray(i, i + 3));
    await sink.close(true);
    expect(written.join('')).toBe('<{"a":1}>\n<{"b":"配额"}>\n<{"c":3}>\n');
  });
});
