/**
 * node:zlib on first use: only gzip input and gzip output need it, and loading it at start-up
 * costs time every plain run would pay.
 */
import { createRequire } from 'node:module';

export function loadZlib(): typeof import('node:zlib') {
  return createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
}
