import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCatalogFiles } from '../../src/catalog/build-catalogs-cli.js';
import { loadCatalogDir } from '../../src/catalog/load-catalogs.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

const overlayOf = (id: string): { entries: Record<string, Record<string, unknown>> } & Record<string, unknown> =>
  JSON.parse(readFileSync(join(REPO, 'data', 'overlays', `${id}.json`), 'utf8')) as never;

describe('generateCatalogFiles in a scratch repository', () => {
  let root: string;
  const writeOverlay = (id: string, overlay: unknown): void => {
    writeFileSync(join(root, 'data', 'overlays', `${id}.json`), typeof overlay === 'string' ? overlay : JSON.stringify(overlay));
  };
  const catalogPath = (id: string): string => join(root, 'data', 'catalogs', `${id}.json`);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'errenrich-catalogs-'));
    cpSync(join(REPO, 'data', 'sources'), join(root, 'data', 'sources'), { recursive: true });
    mkdirSync(join(root, 'data', 'overlays'), { recursive: true });
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('missing overlays: reported with their new codes, nothing generated, exit 0', () => {
    const result = generateCatalogFiles({ root });
    expect(result.exitCode).toBe(0);
    expect(result.lines).toContain('tencent-tke-legacy: no overlay yet (data/overlays/tencent-tke-legacy.json); data/catalogs/tencent-tke-legacy.json not generated');
    expect(result.lines).toContain('  new (no overlay entry): 29 — -10000, -10010, -10011, -10013, -10014, -10015, -10019, -10021, -10022, -10023, -16013, -16009, …');
    expect(result.lines).toContain('huawei-apigw: no overlay yet (data/overlays/huawei-apigw.json); data/catalogs/huawei-apigw.json not generated');
    expect(existsSync(join(root, 'data', 'catalogs'))).toBe(false);
  });

  it('a partial overlay: new and vanished codes reported, the catalog written and loadable', () => {
    const overlay = overlayOf('tencent-tke-v3');
    const { ['AuthFailure.MFAFailure']: removed, ...entries } = overlay.entries;
    expect(removed).toBeDefined();
    writeOverlay('tencent-tke-v3', { ...overlay, entries: { ...entries, 'AuthFailure.Gone': removed } });

    const result = generateCatalogFiles({ root });
    expect(result.exitCode).toBe(0);
    expect(result.lines).toContain('tencent-tke-v3: 46 codes → data/catalogs/tencent-tke-v3.json (written)');
    expect(result.lines).toContain('  new (no overlay entry, category unknown): 1 — AuthFailure.MFAFailure');
    expect(result.lines).toContain('  vanished (in the overlay, not in the document): 1 — AuthFailure.Gone');
    expect(result.changed).toEqual(['data/catalogs/tencent-tke-v3.json']);

    const [catalog] = loadCatalogDir(join(root, 'data', 'catalogs'));
    expect(catalog?.entries.find((entry) => entry.code === 'AuthFailure.MFAFailure')).toMatchObject({
      category: 'unknown',
      retryable: false,
      description: { zh: 'MFA 错误。', en: 'MFA 错误。' },
    });
  });

  it('an overlay that breaks validation: exact messages, file left as it was, exit 1', () => {
    const overlay = overlayOf('huawei-cci');
    const entry = overlay.entries['CCI.01.400103'];
    writeOverlay('huawei-cci', { ...overlay, entries: { ...overlay.entries, 'CCI.01.400103': { ...entry, category: 'foo' } } });
    mkdirSync(join(root, 'data', 'catalogs'));
    writeFileSync(catalogPath('huawei-cci'), 'previous\n');

    const result = generateCatalogFiles({ root });
    expect(result.exitCode).toBe(1);
    expect(result.lines).toContain('huawei-cci: data/catalogs/huawei-cci.json NOT written:');
    expect(result.lines).toContain(
      '  data/catalogs/huawei-cci.json: entry #3 (code "CCI.01.400103"): unknown category "foo" (expected one of auth, permission, invalid_request, not_found, conflict, quota, rate_limit, billing, account, state, unsupported, capacity, network, internal, unavailable, unknown, not_a_failure)',
    );
    expect(result.lines.at(-1)).toBe('FAILED: see the messages above');
    expect(readFileSync(catalogPath('huawei-cci'), 'utf8')).toBe('previous\n');
  });

  it('an overlay that is not JSON (still being written): exit 1', () => {
    writeOverlay('netease-ncs', '{ "catalog": "netease-ncs", "entries": {');
    const result = generateCatalogFiles({ root });
    expect(result.exitCode).toBe(1);
    expect(result.lines.find((line) => line.startsWith('netease-ncs: data/overlays/netease-ncs.json: not valid JSON'))).toBeDefined();
  });

  it('--check: unchanged output passes, a stale file fails', () => {
    writeOverlay('tencent-legacy-common', overlayOf('tencent-legacy-common'));
    expect(generateCatalogFiles({ root }).exitCode).toBe(0);
    const checked = generateCatalogFiles({ root, check: true });
    expect(checked.exitCode).toBe(0);
    expect(checked.lines).toContain('tencent-legacy-common: 22 codes → data/catalogs/tencent-legacy-common.json (unchanged)');

    writeFileSync(catalogPath('tencent-legacy-common'), '{}\n');
    const stale = generateCatalogFiles({ root, check: true });
    expect(stale.exitCode).toBe(1);
    expect(stale.lines).toContain('tencent-legacy-common: 22 codes → data/catalogs/tencent-legacy-common.json (OUT OF DATE)');
    expect(readFileSync(catalogPath('tencent-legacy-common'), 'utf8')).toBe('{}\n');
  });
});

describe('the repository', () => {
  it('data/catalogs is what `npm run catalogs` generates from data/sources + data/overlays', () => {
    const result = generateCatalogFiles({ root: REPO, check: true });
    expect(result.lines.join('\n')).not.toContain('OUT OF DATE');
    expect(result.exitCode).toBe(0);
  });
});
