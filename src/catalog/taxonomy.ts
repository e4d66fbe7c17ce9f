/**
 * Facts of the shared taxonomy (docs/catalogs.md): which categories are retryable by default
 * and which category an HTTP status class stands for.
 */
import { CATEGORIES, type Category } from './types.js';

const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);

const RETRYABLE_BY_DEFAULT: ReadonlySet<Category> = new Set<Category>([
  'rate_limit',
  'internal',
  'unavailable',
  'capacity',
]);

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && CATEGORY_SET.has(value);
}

/**
 * Whether sending the same request again can succeed, when nothing more specific is known.
 * `state` is false: only a transient state (task in progress) is retryable, and that needs
 * an overlay to say so.
 */
export function isRetryableByDefault(category: Category): boolean {
  return RETRYABLE_BY_DEFAULT.has(category);
}

const CATEGORY_BY_STATUS: ReadonlyMap<number, Category> = new Map<number, Category>([
  [400, 'invalid_request'],
  [401, 'auth'],
  [403, 'permission'],
  [404, 'not_found'],
  [408, 'unavailable'],
  [409, 'conflict'],
  [429, 'rate_limit'],
  [503, 'unavailable'],
]);

/**
 * The category an HTTP status suggests: the listed statuses, any other 4xx is a request the
 * server refused as sent (invalid_request), any other 5xx a vendor-side failure (internal).
 */
export function categoryForHttpStatus(status: number): Category {
  const listed = CATEGORY_BY_STATUS.get(status);
  if (listed) return listed;
  if (status >= 400 && status < 500) return 'invalid_request';
  if (status >= 500 && status < 600) return 'internal';
  return 'unknown';
}
