/**
 * Message-only inference from the catalogs' own message texts: a rule of shape "message" with
 * `messages_from_catalogs` reads the distinctive texts of those catalogs, in the vendor's context
 * only, with fallback "message", never above a code found in the event.
 */
import { describe, expect, it } from 'vitest';
import { distinctiveMessages } from '../../src/catalog/catalog-messages.js';
import { validateRuleFiles } from '../../src/detect/compile-rules.js';
import type { RuleFile } from '../../src/detect/rule-types.js';
import type { Catalog, CatalogEntry } from '../../src/catalog/types.js';
import { enrichLine } from '../../src/index.js';

const ve = (line: string) => (JSON.parse(enrichLine(line) ?? '{}') as { vendor_error?: Record<string, unknown> }).vendor_error;

describe('distinctiveMessages', () => {
  const entry = (code: string, message: string) => ({ code, message }) as unknown as CatalogEntry;
  const catalog = (id: string, entries: CatalogEntry[]) => ({ id, entries }) as unknown as Catalog;

  it('keeps texts long enough and of one code, compared without case and final full stop, longest first', () => {
    const c = catalog('c', [
      entry('A', 'Container quota insufficient.'),
      entry('B', 'Bad request.'),
      entry('C', 'The same text for two codes'),
      entry('D', 'the same text for two codes.'),
      entry('E', 'The API does not exist or has not been published.'),
    ]);
    expect(distinctiveMessages([c, catalog('other', [entry('X', 'Container quota insufficient, really')])], ['c'])).toEqual([
      { code: 'E', text: 'the api does not exist or has not been published' },
      { code: 'A', text: 'container quota insufficient' },
    ]);
  });
});

describe('a vendor message without its code', () => {
  it.each([
    ['Huawei API gateway', 'ClientRequestException (huaweicloud): Incorrect IAM authentication information.', 'huawei', 'APIGW.0301'],
    ['Huawei CCI', 'huaweicloud cci: missing user token in the request header', 'huawei', 'CCI.01.400103'],
    ['NetEase', 'netease api call failed: Container quota insufficient', 'netease', '4030002'],
  ])('%s: the catalog message gives the code, fallback "message"', (_name, line, vendor, code) => {
    expect(ve(line)).toMatchObject({ vendor, code, fallback: 'message' });
  });

  it('without the vendor in the event the same text says nothing', () => {
    expect(ve('api failed: Incorrect IAM authentication information.')).toBeUndefined();
    expect(ve('failed: Container quota insufficient')).toBeUndefined();
  });

  it('a code found in the event outranks the one its message would give', () => {
    expect(ve('huawei: request failed {"error_code":"APIGW.0302","error_msg":"Incorrect IAM authentication information."}')).toMatchObject({
      code: 'APIGW.0302',
      fallback: 'exact',
    });
  });

  it('a rule names only catalogs it looks codes up in', () => {
    const file = {
      vendor: 'acme',
      version: '1',
      rules: [{ id: 'acme.message', shape: 'message', triggers: ['acme'], messages_from_catalogs: ['netease-ncs'], lookup: { catalogs: ['huawei-cci'], accept: 'any' } }],
    };
    expect(validateRuleFiles([{ file: 'acme.json', spec: file as RuleFile }])).toEqual([
      'acme.json: rule #1 ("acme.message"): every catalog of "messages_from_catalogs" must be one of "lookup.catalogs"',
    ]);
  });
});
