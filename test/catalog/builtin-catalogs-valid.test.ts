/**
 * A start loads the package's own catalogs without the validation pass (loadBuiltinCatalogs).
 * That is safe only because every shipped file passes it here, and because the validated load
 * and the start-up load give the same catalogs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG_DIR, loadBuiltinCatalogs } from '../../src/catalog/load-catalogs.js';
import { validateCatalogFile } from '../../src/catalog/validate-catalog.js';

describe('shipped catalogs (data/catalogs)', () => {
  const names = readdirSync(BUILTIN_CATALOG_DIR).filter((n) => n.endsWith('.json'));

  it.each(names)('%s passes the full built-in validation', (name) => {
    const value: unknown = JSON.parse(readFileSync(join(BUILTIN_CATALOG_DIR, name), 'utf8'));
    expect(validateCatalogFile(value, `data/catalogs/${name}`, 'builtin')).toEqual([]);
  });

  it('the start-up load (no validation pass) equals the validated load', () => {
    expect(names.length).toBe(7);
    expect(loadBuiltinCatalogs()).toEqual(loadBuiltinCatalogs({ validate: true }));
  });
});
