/**
 * Reload: SIGHUP loads rules and catalogs again, all or nothing. A reload that fails (a broken
 * catalog, a rule the linear regex engine refuses) keeps the set in use and says so on stderr, naming the file; the
 * run goes on. Tested against --follow (the mode SIGHUP is for).
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNdjson, startCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'errenrich-reload-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const RULES = {
  vendor: 'acme',
  version: '1',
  rules: [
    {
      id: 'acme.body',
      shape: 'object',
      require: { acme_code: 'string' },
      fields: { code: 'acme_code', message: 'acme_msg' },
      lookup: { catalogs: ['acme'], accept: 'known' },
      service: 'gateway',
    },
  ],
};

function catalog(description: string): string {
  return JSON.stringify({
    id: 'acme',
    version: '1',
    vendor: 'acme',
    service: 'gateway',
    entries: [{ code: 'ACME.1', description: { zh: '说明', en: description }, remediation: { zh: '处理', en: 'fix it' }, category: 'quota', retryable: false }],
  });
}

let detail: (() => string) | null = null;
const waitFor = async (what: string, cond: () => boolean, ms = 8_000) => {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${detail ? ': ' + detail() : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('SIGHUP reload under --follow', () => {
  it('broken catalog, then a rule with a back-reference: each reload refused with the file named, the old set kept and used; a good reload then takes effect; SIGTERM exits 0 (< 20 s)', async () => {
    const rulesDir = join(dir, 'rules');
    const catalogDir = join(dir, 'catalogs');
    mkdirSync(rulesDir);
    mkdirSync(catalogDir);
    const rulesFile = join(rulesDir, 'acme.json');
    const catalogFile = join(catalogDir, 'acme.json');
    writeFileSync(rulesFile, JSON.stringify(RULES));
    writeFileSync(catalogFile, catalog('first description'));
    const log = join(dir, 'app.log');
    writeFileSync(log, '');

    let stdout = '';
    // The file first: --rules/--catalog are repeatable arrays and would take a following path as theirs.
    const run = startCli([log, '--follow', '--from-start', '--poll-ms', '50', '--flush-ms', '0', '--rules', rulesDir, '--catalog', catalogDir], {
      timeoutMs: 20_000,
      onStdout: (c) => (stdout += c.toString('utf8')),
    });
    const records = () => (stdout.endsWith('\n') ? parseNdjson(stdout) : parseNdjson(stdout.slice(0, stdout.lastIndexOf('\n') + 1)));
    const descriptions = () => records().map((r) => (r.vendor_error as { description?: string } | undefined)?.description ?? null);
    // stderr as it arrives (startCli only hands it over at the end).
    let stderrLive = '';
    let stderrSeen = 0;
    run.child.stderr!.on('data', (c: Buffer) => (stderrLive += c.toString('utf8')));
    const stderrNow = () => stderrLive.slice(stderrSeen);
    detail = () => `stdout: ${stdout.slice(-500)} stderr: ${stderrLive.slice(-1000)}`;

    const event = (n: number) => appendFileSync(log, JSON.stringify({ n, acme_code: 'ACME.1', acme_msg: 'over quota' }) + '\n');

    event(1);
    await waitFor('the first record', () => records().length === 1);
    expect(descriptions()).toEqual(['first description']);

    // 1. A catalog that is not JSON: refused, named, old set kept.
    writeFileSync(catalogFile, '{"id": "acme", "entries": [');
    run.child.kill('SIGHUP');
    await waitFor('the reload failure', () => /reload failed/.test(stderrLive));
    let err = stderrNow();
    expect(err).toContain(catalogFile);
    expect(err).toMatch(/still using/);
    stderrSeen = stderrLive.length;
    event(2);
    await waitFor('the second record', () => records().length === 2);
    expect(descriptions()[1]).toBe('first description');

    // 2. A good catalog but a rule with a back-reference (RE2 refuses it): refused as a whole (all or nothing).
    writeFileSync(catalogFile, catalog('second description'));
    writeFileSync(rulesFile, JSON.stringify({ ...RULES, rules: [{ ...RULES.rules[0], code: { pattern: '^(A)\\1$' } }] }));
    run.child.kill('SIGHUP');
    await waitFor('the second reload failure', () => /reload failed/.test(stderrLive.slice(stderrSeen)));
    err = stderrNow();
    expect(err).toContain(rulesFile);
    expect(err).toContain('acme.body');
    stderrSeen = stderrLive.length;
    event(3);
    await waitFor('the third record', () => records().length === 3);
    expect(descriptions()[2]).toBe('first description');

    // 3. Both fixed: the reload takes effect.
    writeFileSync(rulesFile, JSON.stringify(RULES));
    run.child.kill('SIGHUP');
    await waitFor('the reload', () => /reloaded/.test(stderrLive.slice(stderrSeen)));
    event(4);
    await waitFor('the fourth record', () => records().length === 4);
    expect(descriptions()[3]).toBe('second description');

    run.child.kill('SIGTERM');
    const r = await run.result;
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 0, signal: null });
    expect(records().map((x) => x.n)).toEqual([1, 2, 3, 4]);
    expect(stdout.endsWith('\n')).toBe(true);
  });
});
