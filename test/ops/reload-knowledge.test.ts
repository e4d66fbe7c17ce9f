/** SIGHUP reload: all or nothing; a bad file is named and the set in use stays; engines swap. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { holdKnowledge } from '../../src/pipeline/reload-knowledge.js';
import { createEngine } from '../../src/pipeline/create-engine.js';
import { resolveOptions } from '../../src/options.js';
import { overrideCatalog, removeTempDirs, tempDir, TENCENT } from './ops-helpers.js';

afterAll(removeTempDirs);

describe('holdKnowledge', () => {
  it('a failed reload reports problems naming the file and keeps the set in use', () => {
    const rules = tempDir('errenrich-rules-');
    const holder = holdKnowledge({ rulesDirs: [rules] });
    const before = holder.current;
    writeFileSync(join(rules, 'broken.json'), '{ not json');
    const outcome = holder.reload();
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems.join('\n')).toContain(join(rules, 'broken.json'));
    expect(holder.current).toBe(before);
  });

  it('a successful reload gives a new set, and an engine given it uses it for the next events', () => {
    const catalogs = tempDir('errenrich-catalogs-');
    const holder = holdKnowledge({ catalogDirs: [catalogs] });
    const out: string[] = [];
    const engine = createEngine(resolveOptions({}), holder.current, (c) => out.push(c.toString()));
    engine.beginInput('-');
    engine.write(Buffer.from(TENCENT + '\n'));
    expect(out.join('')).not.toContain('ACME override');

    writeFileSync(join(catalogs, 'acme.json'), overrideCatalog('ACME override: rotate the key in vault.'));
    const before = holder.current;
    expect(holder.reload()).toEqual({ ok: true });
    expect(holder.current).not.toBe(before);
    engine.useKnowledge(holder.current);
    engine.write(Buffer.from(TENCENT + '\n'));
    engine.endInput();
    const records = out.join('').trim().split('\n').map((l) => JSON.parse(l) as { vendor_error: { description: string } });
    expect(records.map((r) => r.vendor_error.description.startsWith('ACME override'))).toEqual([false, true]);
  });
});
