/**
 * Positive detection: every payload shape and SDK string, in every position a log line can hold
 * it, comes out with the right vendor, service, code, subcode, status, message, request id,
 * catalog knowledge and rule.
 */
import { describe, expect, it } from 'vitest';
import { NODE_SDK_EXPECT, NODE_SDK_LINES, POSITIVE_CASES, nodeSdkPositions, positions } from './cases.js';
import { enrichAll, enrichOne, picked } from './helpers.js';

describe.each(POSITIVE_CASES)('$name', (c) => {
  it.each(positions(c))('$position', ({ line, options }) => {
    const record = enrichOne(line, options);
    expect(picked(record.vendor_error)).toEqual(c.expect);
    expect(record).not.toHaveProperty('vendor_error.count');
  });
});

describe('Tencent Node SDK: TencentCloudSDKHttpException with its { requestId, code } block', () => {
  it.each(nodeSdkPositions())('$position', ({ line, options }) => {
    const record = enrichOne(line, options);
    expect(picked(record.vendor_error)).toEqual(NODE_SDK_EXPECT);
  });

  it('the whole stack is kept in the one record', () => {
    const record = enrichOne(NODE_SDK_LINES.join('\n'), { multiline: 'stack' });
    expect(record.message).toBe(NODE_SDK_LINES.join('\n'));
  });

  it('without --multiline stack the lines stay separate: the header names the code by its message, the code line by its code', () => {
    const records = enrichAll(NODE_SDK_LINES.join('\n'));
    expect(records).toHaveLength(NODE_SDK_LINES.length);
    const found = records.map((r) => r.vendor_error as { code: string; fallback: string } | undefined);
    expect(found[0]).toMatchObject({ code: 'AuthFailure.SignatureFailure', fallback: 'message', rule: 'tencent.api3.message' });
    expect(found[7]).toMatchObject({ code: 'AuthFailure.SignatureFailure', fallback: 'exact' });
    expect(found.filter((f, i) => f !== undefined && i !== 0 && i !== 7)).toEqual([]);
  });

  // Fixed: STACK_START_RE accepted neither a log prefix before the header nor "HttpException".
  it('with a log prefix on the header line (timestamp + level) it is still one event', () => {
    const lines = ['2024-05-01T10:00:00.123Z ERROR ' + NODE_SDK_LINES[0], ...NODE_SDK_LINES.slice(1)];
    const record = enrichOne(lines.join('\n'), { multiline: 'stack' });
    expect(picked(record.vendor_error)).toEqual(NODE_SDK_EXPECT);
  });
});

describe('several payloads in one event', () => {
  it('are all reported: the first at the top, count and errors[] in order', () => {
    const line = JSON.stringify({
      a: { Response: { Error: { Code: 'InvalidParameter', Message: 'm1' }, RequestId: 'r1' } },
      b: { code: 4030002, message: 'Container quota insufficient.' },
    });
    const ve = enrichOne(line).vendor_error as { code: string; count: number; errors: { code: string; vendor: string }[] };
    expect(ve.code).toBe('InvalidParameter');
    expect(ve.count).toBe(2);
    expect(ve.errors.map((e) => [e.vendor, e.code])).toEqual([
      ['tencent', 'InvalidParameter'],
      ['netease', '4030002'],
    ]);
  });

  it('the same error printed twice (SDK string and its JSON body) counts once', () => {
    const body = '{"Response":{"Error":{"Code":"InvalidParameter","Message":"bad"},"RequestId":"r-9"}}';
    const line = `[TencentCloudSDKError] Code=InvalidParameter, Message=bad, RequestId=r-9 body=${body}`;
    const ve = enrichOne(line).vendor_error as { code: string; count?: number };
    expect(ve.code).toBe('InvalidParameter');
    expect(ve.count).toBeUndefined();
  });
});

describe('Tencent legacy codeDesc', () => {
  it('is reported as code_desc when present, absent otherwise', () => {
    const withDesc = enrichOne('{"code":5100,"message":"(-10013)cidr conflict","codeDesc":"InternalError"}').vendor_error;
    expect(withDesc).toHaveProperty('code_desc', 'InternalError');
    const without = enrichOne('{"code":6200,"message":"maintenance"}').vendor_error;
    expect(without).not.toHaveProperty('code_desc');
  });
});
