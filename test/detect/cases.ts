/**
 * The positive cases of the detection tests: one per payload shape and per SDK string, and the
 * positions a payload can hide in within a log line. Shared by test/detect/positive.test.ts and
 * test/enrich/output-schemas.test.ts (which validates every output against the JSON Schemas).
 */
import type { Enrichment } from '../../src/enrich/build-enrichment.js';
import type { EnricherOptions } from '../../src/index.js';

/** The enrichment fields every positive test asserts (undefined subcode: the key is absent). */
export type Expected = Pick<
  Enrichment,
  'vendor' | 'service' | 'code' | 'subcode' | 'http_status' | 'message' | 'request_id' | 'known' | 'fallback' | 'category' | 'retryable' | 'rule'
>;

export interface PositiveCase {
  name: string;
  /** JSON payloads are also tried nested, as (once and twice) escaped strings and escaped in text. */
  kind: 'json' | 'text';
  payload: string;
  expect: Expected;
  /**
   * Text payloads whose message runs to the end of the line (no trailing field to stop at) cannot
   * be followed by more text without that text joining the message: no "text + suffix" position.
   */
  endsWithMessage?: boolean;
}

export interface Placed {
  position: string;
  line: string;
  options?: EnricherOptions;
}

const TS = '2024-05-01T10:00:00.123456789Z';

/** Every position a payload is tried in; each result is one event (one or more physical lines). */
export function positions(c: PositiveCase): Placed[] {
  const p = c.payload;
  const out: Placed[] = [
    { position: 'whole line', line: p },
    { position: 'embedded in text', line: `2024-05-01 10:00:00.123 ERROR [cluster-sync] call failed: ${p}` },
    { position: 'Docker json-file log', line: JSON.stringify({ log: p + '\n', stream: 'stderr', time: TS }) },
    { position: 'CRI line', line: `${TS} stderr F ${p}` },
    {
      position: 'Docker log holding a JSON app line',
      line: JSON.stringify({ log: JSON.stringify({ level: 'error', msg: 'call failed', err: c.kind === 'json' ? JSON.parse(p) : p }) + '\n', stream: 'stdout', time: TS }),
    },
    { position: 'CRI line holding a JSON app line', line: `${TS} stdout F ${JSON.stringify({ level: 'error', msg: 'call failed', err: c.kind === 'json' ? JSON.parse(p) : p })}` },
    // Wrappers that split one application line over several physical lines.
    {
      position: 'Docker partial records',
      line: [JSON.stringify({ log: p.slice(0, 25), stream: 'stderr', time: TS }), JSON.stringify({ log: p.slice(25) + '\n', stream: 'stderr', time: TS })].join('\n'),
    },
    { position: 'CRI partial lines (P then F)', line: `${TS} stderr P ${p.slice(0, 25)}\n${TS} stderr F ${p.slice(25)}` },
    { position: 'kubectl logs --prefix --timestamps', line: `[pod/api-7d9f8c6b5-x2x4q/app] ${TS} ${p}` },
  ];
  if (c.kind === 'json') {
    out.push(
      { position: 'nested field', line: `{"level":"error","ts":"${TS}","resp":{"status":400,"body":${p}}}` },
      { position: 'array element', line: `{"level":"error","attempts":[{"n":1,"body":${p}}]}` },
      { position: 'string field, escaped once', line: JSON.stringify({ level: 'error', body: p }) },
      { position: 'string field, escaped twice', line: JSON.stringify({ level: 'error', body: JSON.stringify(p) }) },
      { position: 'escaped JSON inside text', line: `ERROR upstream said body="${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}" retry=false` },
      { position: 'embedded in text, text after', line: `call failed: ${p} (attempt 3/5)` },
      { position: 'pretty-printed over several lines', line: JSON.stringify(JSON.parse(p), null, 2) },
    );
  } else {
    out.push({ position: 'string field', line: JSON.stringify({ level: 'error', msg: p }) });
    if (!c.endsWithMessage) out.push({ position: 'embedded in text, text after', line: `call failed: ${p}, will retry in 5s` });
  }
  return out;
}

const tke = { vendor: 'tencent', service: 'tke' };

export const POSITIVE_CASES: PositiveCase[] = [
  // ── Tencent API 3.0 ────────────────────────────────────────────────────────────────
  {
    name: 'TC3 Response: wrapper',
    kind: 'json',
    payload: '{"Response":{"Error":{"Code":"InternalError.CidrConflictWithVpcCidr","Message":"CIDR 10.0.0.0/16 conflicts with VPC CIDR"},"RequestId":"6c1d3a4e-8f2b-4c5d-9e0a-1b2c3d4e5f60"}}',
    expect: { ...tke, code: 'InternalError.CidrConflictWithVpcCidr', http_status: null, message: 'CIDR 10.0.0.0/16 conflicts with VPC CIDR', request_id: '6c1d3a4e-8f2b-4c5d-9e0a-1b2c3d4e5f60', known: true, fallback: 'exact', category: 'network', retryable: false, rule: 'tencent.api3.response' },
  },
  {
    name: 'TC3 Response: keys in another order',
    kind: 'json',
    payload: '{"Response":{"RequestId":"0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d","Error":{"Message":"Request limit exceeded.","Code":"RequestLimitExceeded"}}}',
    expect: { ...tke, code: 'RequestLimitExceeded', http_status: null, message: 'Request limit exceeded.', request_id: '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d', known: true, fallback: 'exact', category: 'rate_limit', retryable: true, rule: 'tencent.api3.response' },
  },
  {
    name: 'TC3 Response: unknown sub-code → parent',
    kind: 'json',
    payload: '{"Response":{"Error":{"Code":"ResourceNotFound.ClusterNotFound","Message":"cluster cls-abc12345 not found"},"RequestId":"b1c2d3e4-0000-4000-8000-000000000001"}}',
    expect: { ...tke, code: 'ResourceNotFound.ClusterNotFound', http_status: null, message: 'cluster cls-abc12345 not found', request_id: 'b1c2d3e4-0000-4000-8000-000000000001', known: true, fallback: 'parent', category: 'not_found', retryable: false, rule: 'tencent.api3.response' },
  },
  {
    name: 'TC3 Response: unknown code, no message',
    kind: 'json',
    payload: '{"Response":{"Error":{"Code":"FooBar.Baz"},"RequestId":"b1c2d3e4-0000-4000-8000-000000000002"}}',
    expect: { ...tke, code: 'FooBar.Baz', http_status: null, message: null, request_id: 'b1c2d3e4-0000-4000-8000-000000000002', known: false, fallback: 'guess', category: 'unknown', retryable: false, rule: 'tencent.api3.response' },
  },
  {
    name: 'TC3 bare: no Response wrapper',
    kind: 'json',
    payload: '{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"The provided credentials could not be validated."},"RequestId":"9a2b7c1d-3e4f-5a6b-7c8d-9e0f1a2b3c4d"}',
    expect: { ...tke, code: 'AuthFailure.SignatureFailure', http_status: null, message: 'The provided credentials could not be validated.', request_id: '9a2b7c1d-3e4f-5a6b-7c8d-9e0f1a2b3c4d', known: true, fallback: 'exact', category: 'auth', retryable: false, rule: 'tencent.api3.bare' },
  },
  {
    name: 'TC3 bare: keys in another order',
    kind: 'json',
    payload: '{"RequestId":"9a2b7c1d-0000-5a6b-7c8d-9e0f1a2b3c4d","Error":{"Message":"Insufficient resources in zone ap-guangzhou-3.","Code":"ResourceInsufficient"}}',
    expect: { ...tke, code: 'ResourceInsufficient', http_status: null, message: 'Insufficient resources in zone ap-guangzhou-3.', request_id: '9a2b7c1d-0000-5a6b-7c8d-9e0f1a2b3c4d', known: true, fallback: 'exact', category: 'capacity', retryable: true, rule: 'tencent.api3.bare' },
  },

  // ── Tencent legacy {code,message} ─────────────────────────────────────────────────
  {
    name: 'TC legacy: public code 4100, codeDesc',
    kind: 'json',
    payload: '{"code":4100,"message":"身份认证失败","codeDesc":"AuthFailure"}',
    expect: { vendor: 'tencent', service: 'legacy-api', code: '4100', http_status: null, message: '身份认证失败', request_id: null, known: true, fallback: 'exact', category: 'auth', retryable: false, rule: 'tencent.legacy' },
  },
  {
    name: 'TC legacy: public code 6200 (range end)',
    kind: 'json',
    payload: '{"message":"服务维护中","code":6200}',
    expect: { vendor: 'tencent', service: 'legacy-api', code: '6200', http_status: null, message: '服务维护中', request_id: null, known: true, fallback: 'exact', category: 'unavailable', retryable: true, rule: 'tencent.legacy' },
  },
  {
    name: 'TC legacy: module (10010) → CKafka',
    kind: 'json',
    payload: '{"code":4000,"message":"(10010)topic name is invalid","codeDesc":"InvalidParameter"}',
    expect: { vendor: 'tencent', service: 'ckafka', code: '4000', subcode: '10010', http_status: null, message: '(10010)topic name is invalid', request_id: null, known: true, fallback: 'module', category: 'invalid_request', retryable: false, rule: 'tencent.legacy' },
  },
  {
    name: 'TC legacy: module (-10013) → TKE',
    kind: 'json',
    payload: '{"code":5100,"message":"(-10013)cidr conflicts with another cluster in the VPC","codeDesc":"InternalError","requestId":"r-legacy-1"}',
    expect: { ...tke, code: '5100', subcode: '-10013', http_status: null, message: '(-10013)cidr conflicts with another cluster in the VPC', request_id: 'r-legacy-1', known: true, fallback: 'module', category: 'network', retryable: false, rule: 'tencent.legacy' },
  },
  {
    name: 'TC legacy: unknown module → public code',
    kind: 'json',
    payload: '{"code":5100,"message":"(100004)projectId不正确"}',
    expect: { vendor: 'tencent', service: 'legacy-api', code: '5100', subcode: '100004', http_status: null, message: '(100004)projectId不正确', request_id: null, known: true, fallback: 'public', category: 'internal', retryable: true, rule: 'tencent.legacy' },
  },
  {
    name: 'TC legacy: negative TKE code',
    kind: 'json',
    payload: '{"code":-16009,"message":"cluster not found","codeDesc":"ClusterNotFound"}',
    expect: { ...tke, code: '-16009', http_status: null, message: 'cluster not found', request_id: null, known: true, fallback: 'exact', category: 'not_found', retryable: false, rule: 'tencent.legacy' },
  },

  // ── Huawei ─────────────────────────────────────────────────────────────────────────
  {
    name: 'HW CCI Status with errorCode',
    kind: 'json',
    payload: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"namespace name is already exist","reason":"Conflict","code":409,"errorCode":"CCI.02.409101"}',
    expect: { vendor: 'huawei', service: 'cci', code: 'CCI.02.409101', http_status: 409, message: 'namespace name is already exist', request_id: null, known: true, fallback: 'exact', category: 'conflict', retryable: false, rule: 'huawei.cci.status' },
  },
  {
    name: 'HW CCI Status: reordered, unknown code → HTTP class',
    kind: 'json',
    payload: '{"errorCode":"CCI.05.503999","code":503,"reason":"ServiceUnavailable","status":"Failure","message":"backend busy","kind":"Status","apiVersion":"v1"}',
    expect: { vendor: 'huawei', service: 'cci', code: 'CCI.05.503999', http_status: 503, message: 'backend busy', request_id: null, known: false, fallback: 'http_status', category: 'unavailable', retryable: true, rule: 'huawei.cci.status' },
  },
  {
    name: 'HW error_msg body: CCI code',
    kind: 'json',
    payload: '{"error_code":"CCI.01.400101","error_msg":"request body error","request_id":"4f0e6b2c7d9a11ee"}',
    expect: { vendor: 'huawei', service: 'cci', code: 'CCI.01.400101', http_status: 400, message: 'request body error', request_id: '4f0e6b2c7d9a11ee', known: true, fallback: 'exact', category: 'invalid_request', retryable: false, rule: 'huawei.error' },
  },
  {
    name: 'HW error_msg body: APIGW code',
    kind: 'json',
    payload: '{"error_msg":"Incorrect IAM authentication information: decrypt token fail","error_code":"APIGW.0301","request_id":"7a8b9c0d1e2f"}',
    expect: { vendor: 'huawei', service: 'apigw', code: 'APIGW.0301', http_status: 401, message: 'Incorrect IAM authentication information: decrypt token fail', request_id: '7a8b9c0d1e2f', known: true, fallback: 'exact', category: 'auth', retryable: false, rule: 'huawei.error' },
  },
  {
    name: 'HW error_message body: APIGW throttling',
    kind: 'json',
    payload: '{"error_code":"APIGW.0308","error_message":"The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute"}',
    expect: { vendor: 'huawei', service: 'apigw', code: 'APIGW.0308', http_status: 429, message: 'The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute', request_id: null, known: true, fallback: 'exact', category: 'rate_limit', retryable: true, rule: 'huawei.error' },
  },
  {
    name: 'HW Go SDK JSON {status_code, request_id, error_code, error_message}',
    kind: 'json',
    payload: '{"status_code":403,"request_id":"b2a4c6e8f0a1b3c5","error_code":"CCI.01.403101","error_message":"Forbidden"}',
    expect: { vendor: 'huawei', service: 'cci', code: 'CCI.01.403101', http_status: 403, message: 'Forbidden', request_id: 'b2a4c6e8f0a1b3c5', known: true, fallback: 'exact', category: 'permission', retryable: false, rule: 'huawei.error' },
  },
  {
    name: 'HW error_msg body: other service code (VPC.0101)',
    kind: 'json',
    payload: '{"error_code":"VPC.0101","error_msg":"The VPC does not exist.","request_id":"c3d4e5f6a7b8"}',
    expect: { vendor: 'huawei', service: 'unknown', code: 'VPC.0101', http_status: null, message: 'The VPC does not exist.', request_id: 'c3d4e5f6a7b8', known: false, fallback: 'guess', category: 'unknown', retryable: false, rule: 'huawei.error' },
  },

  // ── NetEase ────────────────────────────────────────────────────────────────────────
  {
    name: 'NetEase: 7-digit code',
    kind: 'json',
    payload: '{"code":4030002,"message":"Container quota insufficient."}',
    expect: { vendor: 'netease', service: 'ncs', code: '4030002', http_status: 403, message: 'Container quota insufficient.', request_id: null, known: true, fallback: 'exact', category: 'quota', retryable: false, rule: 'netease.ncs' },
  },
  {
    name: 'NetEase: requestId, keys reordered',
    kind: 'json',
    payload: '{"requestId":"e3f1a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b","message":"No such user.","code":4040001}',
    expect: { vendor: 'netease', service: 'ncs', code: '4040001', http_status: 404, message: 'No such user.', request_id: 'e3f1a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b', known: true, fallback: 'exact', category: 'not_found', retryable: false, rule: 'netease.ncs' },
  },

  // ── SDK strings ────────────────────────────────────────────────────────────────────
  {
    name: 'TC Go SDK',
    kind: 'text',
    payload: '[TencentCloudSDKError] Code=InvalidParameterValue, Message=ClusterId cls-xyz is invalid, RequestId=5f0c1b2a-3d4e-4f5a-8b6c-7d8e9f0a1b2c',
    expect: { ...tke, code: 'InvalidParameterValue', http_status: null, message: 'ClusterId cls-xyz is invalid', request_id: '5f0c1b2a-3d4e-4f5a-8b6c-7d8e9f0a1b2c', known: true, fallback: 'exact', category: 'invalid_request', retryable: false, rule: 'tencent.sdk.go' },
  },
  {
    name: 'TC Go SDK: no RequestId',
    kind: 'text',
    payload: '[TencentCloudSDKError] Code=ClientError.NetworkError, Message=Fail to get response because Post "https://tke.tencentcloudapi.com/": dial tcp: i/o timeout',
    endsWithMessage: true,
    expect: { ...tke, code: 'ClientError.NetworkError', http_status: null, message: 'Fail to get response because Post "https://tke.tencentcloudapi.com/": dial tcp: i/o timeout', request_id: null, known: false, fallback: 'guess', category: 'unknown', retryable: false, rule: 'tencent.sdk.go' },
  },
  {
    name: 'TC Go SDK: RequestId=%!d(string=…)',
    kind: 'text',
    payload: '[TencentCloudSDKError] Code=AuthFailure.SecretIdNotFound, Message=The SecretId is not found, please ensure that your SecretId is correct., RequestId=%!d(string=8c2f9a1e-6b3d-4e5f-a7b8-c9d0e1f2a3b4)',
    expect: { ...tke, code: 'AuthFailure.SecretIdNotFound', http_status: null, message: 'The SecretId is not found, please ensure that your SecretId is correct.', request_id: '8c2f9a1e-6b3d-4e5f-a7b8-c9d0e1f2a3b4', known: true, fallback: 'exact', category: 'auth', retryable: false, rule: 'tencent.sdk.go' },
  },
  {
    name: 'TC Python SDK',
    kind: 'text',
    payload: '[TencentCloudSDKException] code:LimitExceeded message:The number of clusters exceeds the quota requestId:1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    expect: { ...tke, code: 'LimitExceeded', http_status: null, message: 'The number of clusters exceeds the quota', request_id: '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d', known: true, fallback: 'exact', category: 'quota', retryable: false, rule: 'tencent.sdk.python' },
  },
  {
    name: 'TC Python SDK: requestId:None',
    kind: 'text',
    payload: "[TencentCloudSDKException] code:ClientNetworkError message:HTTPSConnectionPool(host='tke.tencentcloudapi.com', port=443): Read timed out. (read timeout=60) requestId:None",
    expect: { ...tke, code: 'ClientNetworkError', http_status: null, message: "HTTPSConnectionPool(host='tke.tencentcloudapi.com', port=443): Read timed out. (read timeout=60)", request_id: null, known: false, fallback: 'guess', category: 'unknown', retryable: false, rule: 'tencent.sdk.python' },
  },
  {
    name: 'TC Java SDK',
    kind: 'text',
    payload: '[TencentCloudSDKException]code:ResourceUnavailable message:The cluster is being upgraded requestId:3e4d5c6b-7a8f-4b9c-8d0e-1f2a3b4c5d6e',
    expect: { ...tke, code: 'ResourceUnavailable', http_status: null, message: 'The cluster is being upgraded', request_id: '3e4d5c6b-7a8f-4b9c-8d0e-1f2a3b4c5d6e', known: true, fallback: 'exact', category: 'state', retryable: true, rule: 'tencent.sdk.java' },
  },
  {
    name: 'TC Java SDK, older: message:Code-Message',
    kind: 'text',
    payload: '[TencentCloudSDKException]message:UnauthorizedOperation-You are not authorized to perform operation (tke:DescribeClusters) requestId:4f5e6d7c-8b9a-4c0d-9e1f-2a3b4c5d6e7f',
    expect: { ...tke, code: 'UnauthorizedOperation', http_status: null, message: 'You are not authorized to perform operation (tke:DescribeClusters)', request_id: '4f5e6d7c-8b9a-4c0d-9e1f-2a3b4c5d6e7f', known: true, fallback: 'exact', category: 'permission', retryable: false, rule: 'tencent.sdk.java-legacy' },
  },
  {
    name: 'HW Python SDK: ClientRequestException',
    kind: 'text',
    payload: 'huaweicloudsdkcore.exceptions.exceptions.ClientRequestException: ClientRequestException - {status_code:400,request_id:0a1b2c3d4e5f,error_code:CCI.04.400104,error_msg:Invalid pod spec }',
    expect: { vendor: 'huawei', service: 'cci', code: 'CCI.04.400104', http_status: 400, message: 'Invalid pod spec', request_id: '0a1b2c3d4e5f', known: true, fallback: 'exact', category: 'invalid_request', retryable: false, rule: 'huawei.sdk.python' },
  },
  {
    name: 'HW Python SDK: encoded_authorization_message',
    kind: 'text',
    payload: 'ClientRequestException - {status_code:401,request_id:9f8e7d6c5b4a,error_code:APIGW.0301,error_msg:Incorrect IAM authentication information: verify aksk signature fail,encoded_authorization_message:None }',
    expect: { vendor: 'huawei', service: 'apigw', code: 'APIGW.0301', http_status: 401, message: 'Incorrect IAM authentication information: verify aksk signature fail', request_id: '9f8e7d6c5b4a', known: true, fallback: 'exact', category: 'auth', retryable: false, rule: 'huawei.sdk.python' },
  },
  {
    name: 'HW Python SDK: ServerRequestException, spaces',
    kind: 'text',
    payload: 'ServerRequestException - {status_code:500, request_id:1a2b3c4d, error_code:CCI.03.500101, error_msg:internal error}',
    expect: { vendor: 'huawei', service: 'cci', code: 'CCI.03.500101', http_status: 500, message: 'internal error', request_id: '1a2b3c4d', known: true, fallback: 'exact', category: 'internal', retryable: true, rule: 'huawei.sdk.python' },
  },
  {
    name: 'Code: X, Message: Y, RequestId: Z',
    kind: 'text',
    payload: 'tke client: Code: InternalError.QuotaMaxNodLimit, Message: node count exceeds the quota of the cluster, RequestId: 2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
    expect: { ...tke, code: 'InternalError.QuotaMaxNodLimit', http_status: null, message: 'node count exceeds the quota of the cluster', request_id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e', known: true, fallback: 'exact', category: 'quota', retryable: false, rule: 'generic.code-message' },
  },
  {
    name: 'Code: X, Message: Y with a CCI code',
    kind: 'text',
    payload: 'create namespace failed: Code: CCI.02.409101, Message: namespace name is already exist',
    endsWithMessage: true,
    expect: { vendor: 'huawei', service: 'cci', code: 'CCI.02.409101', http_status: 409, message: 'namespace name is already exist', request_id: null, known: true, fallback: 'exact', category: 'conflict', retryable: false, rule: 'generic.code-message' },
  },
  {
    name: 'logfmt: msg= before code=',
    kind: 'text',
    payload: 'level=error msg="describe clusters failed" code=AuthFailure.SignatureExpire request_id=6d7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f9a',
    expect: { ...tke, code: 'AuthFailure.SignatureExpire', http_status: null, message: 'describe clusters failed', request_id: '6d7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f9a', known: true, fallback: 'exact', category: 'auth', retryable: false, rule: 'generic.logfmt' },
  },
  {
    name: 'logfmt: error_code="…" (NetEase), msg= after',
    kind: 'text',
    payload: 'ts=2024-05-01T10:00:00Z level=error error_code="4030001" msg="too many requests" requestId=a7b8c9d0',
    expect: { vendor: 'netease', service: 'ncs', code: '4030001', http_status: 403, message: 'too many requests', request_id: 'a7b8c9d0', known: true, fallback: 'exact', category: 'rate_limit', retryable: true, rule: 'generic.logfmt' },
  },
];

/** Node SDK: util.inspect of TencentCloudSDKHttpException, several lines; one event with multiline 'stack'. */
export const NODE_SDK_LINES = [
  'TencentCloudSDKHttpException [Error]: The provided credentials could not be validated. Please check your signature is correct.',
  '    at /app/node_modules/tencentcloud-sdk-nodejs/tencentcloud/common/abstract_client.js:129:27',
  '    at processTicksAndRejections (node:internal/process/task_queues:95:5)',
  '    at async ClusterService.sync (/app/dist/cluster-service.js:42:17) {',
  "  requestId: 'a1b2c3d4-0000-4111-8222-333344445555',",
  "  traceId: 'a1b2c3d4-0000-4111-8222-333344445555',",
  '  httpCode: undefined,',
  "  code: 'AuthFailure.SignatureFailure'",
  '}',
];

export const NODE_SDK_EXPECT: Expected = {
  ...tke,
  code: 'AuthFailure.SignatureFailure',
  http_status: null,
  message: 'The provided credentials could not be validated. Please check your signature is correct.',
  request_id: 'a1b2c3d4-0000-4111-8222-333344445555',
  known: true,
  fallback: 'exact',
  category: 'auth',
  retryable: false,
  rule: 'tencent.sdk.node',
};

/** The Node SDK error as several physical lines, in the positions that keep it one event. */
export function nodeSdkPositions(): Placed[] {
  const opts: EnricherOptions = { multiline: 'stack' };
  return [
    { position: 'plain lines', line: NODE_SDK_LINES.join('\n'), options: opts },
    { position: 'Docker json-file records', line: NODE_SDK_LINES.map((l) => JSON.stringify({ log: l + '\n', stream: 'stderr', time: TS })).join('\n'), options: opts },
    { position: 'CRI lines', line: NODE_SDK_LINES.map((l) => `${TS} stderr F ${l}`).join('\n'), options: opts },
    // One physical line: a logger that put util.inspect(err) into a JSON string field.
    { position: 'JSON string field (no multiline needed)', line: JSON.stringify({ level: 'error', err: NODE_SDK_LINES.join('\n') }) },
  ];
}
