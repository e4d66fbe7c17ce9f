/**
 * The package's root directory (rules/, data/catalogs/, package.json). Two levels above this
 * module both in tsc's output (dist/runtime/) and in the start-up bundle (dist/bin/), so every
 * module that needs a shipped file asks here instead of counting its own depth.
 */
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
