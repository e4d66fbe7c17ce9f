/** Well-formed codes missing from the catalogs: still detected where the shape is unmistakable. */
import { describe, expect, it } from 'vitest';
import { enrichLine } from '../../src/index.js';

const ve = (line: string) => (JSON.parse(enrichLine(line) ?? '{}') as { vendor_error?: Record<string, unknown> }).vendor_error;

describe('codes not in the catalogs', () => {
  it('a NetEase-shaped body with an unknown code and a NetEase hint: known false, category from the HTTP status', () => {
    expect(ve('{"code":4040999,"message":"No such volume snapshot.","endpoint":"https://open.c.163.com/api/v1/snapshots"}')).toMatchObject({
      vendor: 'netease', code: '4040999', known: false, fallback: 'http_status', http_status: 404, category: 'not_found',
    });
  });
  // Many applications answer {"code":…,"message":…} with seven-digit codes of their own: an
  // unknown code in that shape says nothing about NetEase without a NetEase hint.
  it('…without a hint an unknown code in the weak {code,message} shape is not NetEase\'s', () => {
    expect(ve('{"code":4040999,"message":"No such volume snapshot."}')).toBeUndefined();
    expect(ve('{"code":5000001,"message":"internal error"}')).toBeUndefined();
  });
  it('…but not when the first three digits are no HTTP error status', () => {
    expect(ve('{"code":4999999,"message":"x"}')).toBeUndefined();
  });
  it('…and not next to a log-level key without a NetEase hint; with one it is', () => {
    expect(ve('{"level":"warn","code":4049999,"message":"m"}')).toBeUndefined();
    expect(ve('{"level":"warn","api":"https://open.c.163.com/api/v1/x","code":4049999,"message":"m"}')).toMatchObject({ vendor: 'netease' });
  });
  it('an unknown CCI code in a `Code: X, Message: Y` string is Huawei\'s, not Tencent\'s', () => {
    expect(ve('readNamespace failed, Code: CCI.01.400999, Message: request parameter invalid')).toMatchObject({
      vendor: 'huawei', service: 'cci', known: false, fallback: 'http_status', category: 'invalid_request',
    });
  });
  it('Huawei Python ServerResponseException strings', () => {
    expect(ve('ServerResponseException - {status_code:500, request_id:38, error_code:CCI.03.500002, error_msg:Database request error}')).toMatchObject({
      vendor: 'huawei', code: 'CCI.03.500002', http_status: 500, known: true, category: 'internal',
    });
  });
  it('an unknown Tencent code in a namespace the documents define is found (category from the prefix); an unknown namespace is not', () => {
    for (const line of [
      '{"Error":{"Code":"OperationDenied.ClusterInDeletionProtection","Message":"m"},"RequestId":"r-1"}',
      'scale failed, Code: OperationDenied.ClusterInDeletionProtection, Message: The cluster is in deletion protection.',
      'level=error msg="m" code=OperationDenied.ClusterInDeletionProtection',
    ])
      expect(ve(line), line).toMatchObject({ vendor: 'tencent', known: false, fallback: 'guess', category: 'permission' });
    expect(ve('Code: Forbidden.RAM, Message: not allowed')).toBeUndefined();
    expect(ve('{"Error":{"Code":"Forbidden.RAM","Message":"m"},"RequestId":"r-1"}')).toBeUndefined();
  });
});
