/**
 * What the shape of an error code tells before any catalog is consulted: its canonical string
 * form, the HTTP status some vendors encode in it, the catalog family it looks like it belongs
 * to, and the category its Tencent-style prefix names.
 */
import type { Category } from './types.js';

/**
 * Canonical string form: 5100 and "5100" are the same code, as are -10010 and "-10010".
 * Integer strings lose a "+" sign and leading zeros; anything else is only trimmed.
 */
export function normalizeCode(code: string | number): string {
  const text = String(code).trim();
  const integer = /^([+-]?)0*(\d+)$/.exec(text);
  if (!integer) return text;
  const digits = integer[2] ?? '0';
  return integer[1] === '-' && digits !== '0' ? `-${digits}` : digits;
}

/** The HTTP status a Huawei CCI code (CCI.xx.SSSnnn) or NetEase code (SSSnnnn) encodes. */
export function httpStatusFromCode(code: string): number | null {
  const status = /^CCI\.\d{2}\.([1-5]\d\d)\d{3}$/.exec(code)?.[1] ?? /^([1-5]\d\d)\d{4}$/.exec(code)?.[1];
  return status === undefined ? null : Number(status);
}

export interface CatalogFamily {
  catalog: string;
  vendor: string;
  service: string;
}

/** Code shapes, most specific first; Tencent 3.0 names last since "APIGW.0101" also fits them. */
const FAMILIES: readonly { shape: RegExp; family: CatalogFamily }[] = [
  { shape: /^CCI\./, family: { catalog: 'huawei-cci', vendor: 'huawei', service: 'cci' } },
  { shape: /^APIGW?\./, family: { catalog: 'huawei-apigw', vendor: 'huawei', service: 'apigw' } },
  // Huawei codes of other services ("VPC.0201", "Ecs.0114", "CCE.01400001"): no catalog, but Huawei's.
  { shape: /^[A-Z][A-Za-z0-9_]*\.\d{4,}$/, family: { catalog: 'unknown', vendor: 'huawei', service: 'unknown' } },
  { shape: /^-\d+$/, family: { catalog: 'tencent-tke-legacy', vendor: 'tencent', service: 'tke' } },
  { shape: /^[1-5]\d{6}$/, family: { catalog: 'netease-ncs', vendor: 'netease', service: 'ncs' } },
  { shape: /^[4-6]\d{3}$/, family: { catalog: 'tencent-legacy-common', vendor: 'tencent', service: 'legacy-api' } },
  {
    shape: /^[A-Z][A-Za-z0-9]*(\.[A-Za-z0-9_-]+)*$/,
    family: { catalog: 'tencent-tke-v3', vendor: 'tencent', service: 'tke' },
  },
];

/**
 * Every spelling under which the catalogs may list a code: Huawei's gateway returns its codes as
 * "APIG.0301" (API Gateway's own pages) and "APIGW.0301" (the request-signing guide), one code.
 */
export function documentedSpellings(code: string): string[] {
  return code.startsWith('APIG.') ? [code, `APIGW.${code.slice('APIG.'.length)}`] : [code];
}

/** The catalog family a code's shape suggests, null when it fits none. */
export function catalogFamilyOfCode(code: string): CatalogFamily | null {
  return FAMILIES.find(({ shape }) => shape.test(code))?.family ?? null;
}

/** The family of a catalog id from docs/catalogs.md, null for other ids. */
export function catalogFamilyById(catalog: string): CatalogFamily | null {
  return FAMILIES.find(({ family }) => family.catalog === catalog)?.family ?? null;
}

/** Whether a code has the shape of the given catalog's codes (false for unknown catalog ids). */
export function codeFitsCatalog(code: string, catalog: string): boolean {
  return FAMILIES.some(({ shape, family }) => family.catalog === catalog && shape.test(code));
}

/** Tencent 3.0 error-code prefixes (the part before the first dot) and what they mean. */
const CATEGORY_BY_PREFIX: readonly { prefix: RegExp; category: Category }[] = [
  { prefix: /^AuthFailure$/, category: 'auth' },
  { prefix: /^(UnauthorizedOperation|OperationDenied)$/, category: 'permission' },
  // An unknown action is a malformed request in the taxonomy, not a missing resource.
  { prefix: /^(InvalidParameter\w*|MissingParameter|UnknownParameter|InvalidAction)$/, category: 'invalid_request' },
  { prefix: /^ResourceNotFound$/, category: 'not_found' },
  { prefix: /^LimitExceeded$/, category: 'quota' },
  { prefix: /^RequestLimitExceeded$/, category: 'rate_limit' },
  { prefix: /^(ResourceInUse|ResourceUnavailable)$/, category: 'state' },
  { prefix: /^(ResourceInsufficient|ResourcesSoldOut)$/, category: 'capacity' },
  { prefix: /^(UnsupportedOperation|UnsupportedRegion|UnsupportedProtocol|NoSuchVersion)$/, category: 'unsupported' },
  { prefix: /^InternalError$/, category: 'internal' },
  { prefix: /^FailedOperation$/, category: 'unknown' },
];

/** The category a code's prefix names ("InvalidParameterValue.Foo" → invalid_request), or null. */
export function categoryFromCodePrefix(code: string): Category | null {
  const prefix = code.split('.', 1)[0] ?? '';
  return CATEGORY_BY_PREFIX.find((rule) => rule.prefix.test(prefix))?.category ?? null;
}
