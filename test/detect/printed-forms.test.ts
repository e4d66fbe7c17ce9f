/**
 * A vendor code is found by its key and the vendor's grammar in whatever syntax printed it, and
 * other clouds' and applications' look-alikes stay unlabelled.
 */
import { describe, expect, it } from 'vitest';
import { extractFields } from '../../src/detect/extract-fields.js';
import { enrichLine } from '../../src/index.js';

const ve = (line: string) => (JSON.parse(enrichLine(line) ?? '{}') as { vendor_error?: Record<string, unknown> }).vendor_error;

describe('extractFields', () => {
  const pairs = (text: string) => extractFields(text).fields.map((f) => [f.norm, f.value]);

  it('reads JSON, escaped JSON, JS/Python literals, Go and Java prints, logfmt, XML and prose alike', () => {
    expect(pairs(`{"code":"VPC.0201","message":"m \\"q\\""}`)).toEqual([['code', 'VPC.0201'], ['message', 'm "q"']]);
    // A quoted value is one value (escaped JSON in it is parsed as JSON elsewhere), unescaped.
    expect(pairs(`body="{\\"error_code\\":\\"DNS.0302\\"}"`)).toEqual([['body', '{"error_code":"DNS.0302"}']]);
    expect(pairs(`{ code: 4100, message: 'x y' }`)).toEqual([['code', '4100'], ['message', 'x y']]);
    expect(pairs(`{'error_code': 'DNS.0302'}`)).toEqual([['errorcode', 'DNS.0302']]);
    expect(pairs(`{StatusCode:404 ErrorCode:Ecs.0114 ErrorMessage:The image is invalid}`)).toEqual([
      ['statuscode', '404'], ['errorcode', 'Ecs.0114'], ['errormessage', 'The image is invalid'],
    ]);
    expect(pairs(`Foo{errorCode='CCE.01400001', errorMsg='bad'}`)).toEqual([['errorcode', 'CCE.01400001'], ['errormsg', 'bad']]);
    expect(pairs(`code=AuthFailure msg="a b"`)).toEqual([['code', 'AuthFailure'], ['msg', 'a b']]);
    expect(pairs(`<Error><Code>NoSuchKey</Code><Message>a &amp; b</Message></Error>`)).toEqual([['code', 'NoSuchKey'], ['message', 'a & b']]);
    expect(pairs(`code:X message:the text here requestId:r-1`)).toEqual([['code', 'X'], ['message', 'the text here'], ['requestid', 'r-1']]);
    expect(pairs(`[Code] => InvalidParameterValue.X`)).toEqual([['code', 'InvalidParameterValue.X']]);
    expect(pairs(`{"\\u0043ode":"A.B"}`)).toEqual([['code', 'A.B']]);
    // The OBS Hadoop connector's Key[value] run; a lone Key[…] is an index, not a pair.
    expect(pairs(`ResponseCode[404],ErrorCode[NoSuchKey],ErrorMessage[a b.],RequestId[0000]`)).toEqual([
      ['responsecode', '404'], ['errorcode', 'NoSuchKey'], ['errormessage', 'a b.'], ['requestid', '0000'],
    ]);
    expect(pairs(`handler(null, ErrorCode[ErrorCode.AmountError])`)).toEqual([]);
  });

  it('a two-word id key as the AWS SDKs print it is one key ("Request ID" → requestid), but only where a pair starts', () => {
    expect(pairs(`(Service: Amazon S3; Error Code: NoSuchKey; Request ID: NjA1; S3 Extended Request ID: null)`)).toEqual([
      ['service', 'Amazon'], ['code', 'NoSuchKey'], ['requestid', 'NjA1'], ['id', 'null'],
    ]);
    expect(pairs(`AccessDenied: Access Denied\n\tstatus code: 403, request id: 71TP, host id: abc`)).toEqual([
      ['accessdenied', 'Access'], ['code', '403'], ['requestid', '71TP'], ['hostid', 'abc'],
    ]);
  });

  it('groups pairs by their {…}: a nested object keeps its own message', () => {
    const ex = extractFields(`{"message":"outer","error":{"code":"VPC.0201","message":"inner"}}`);
    const code = ex.fields.find((f) => f.norm === 'code')!;
    const inner = ex.fields.find((f) => f.value === 'inner')!;
    const outer = ex.fields.find((f) => f.value === 'outer')!;
    expect(code.group).toBe(inner.group);
    expect(outer.group).not.toBe(code.group);
    expect(ex.parents[code.group]).toBe(outer.group);
  });

  it('URLs and timestamps are not keys', () => {
    expect(pairs('GET https://x.example/a at 2026-11-23T10:00:00Z')).toEqual([]);
  });
});

describe('vendor codes in every printed form', () => {
  it.each([
    ['Node util.inspect, legacy code', `{ code: 4100, message: '身份认证失败', codeDesc: 'AuthFailure' }`, 'tencent', '4100'],
    ['Python dict, legacy code with a module code in the message (corroborated without codeDesc)', `{'code': 5100, 'message': '(10010)projectId不正确'}`, 'tencent', '5100'],
    ['Node util.inspect, legacy code next to a Tencent hint', `DescribeClusterInstances failed: { code: 4101, message: '未授权访问接口' }`, 'tencent', '4101'],
    ['Java SDK, space after code:', `[TencentCloudSDKException]code: AuthFailure.SecretIdNotFound message:The SecretId is not found requestId:abc-123`, 'tencent', 'AuthFailure.SecretIdNotFound'],
    ['pino err object of the Node SDK', `{"level":50,"err":{"type":"TencentCloudSDKHttpException","message":"m","code":"AuthFailure.SecretIdNotFound","requestId":"9d3c-11"}}`, 'tencent', 'AuthFailure.SecretIdNotFound'],
    ['Go %#v of sdkerr.ServiceResponseError', `error: sdkerr.ServiceResponseError{StatusCode:404, RequestId:"a1b2", ErrorCode:"VPC.0201", ErrorMessage:"Vpc not found"}`, 'huawei', 'VPC.0201'],
    ['Go %+v', `{StatusCode:400 RequestId:f00 ErrorCode:Ecs.0114 ErrorMessage:The image is invalid}`, 'huawei', 'Ecs.0114'],
    ['Java ServiceResponseException', `ServiceResponseException{httpStatusCode=400, errorCode='CCE.01400001', errorMsg='Invalid request', requestId='r-1'}`, 'huawei', 'CCE.01400001'],
    ['Python dict', `{'error_code': 'DNS.0302', 'error_msg': 'The zone does not exist.'}`, 'huawei', 'DNS.0302'],
    ['{"error":{"code","message"}}', `{"error":{"code":"CSS.0036","message":"cluster busy"}}`, 'huawei', 'CSS.0036'],
    ['errCode/externalMessage', `{"errCode":"CCE_CM.0201","externalMessage":"bad"}`, 'huawei', 'CCE_CM.0201'],
    ['Terraform, embedded JSON', `Error: error creating VPC: {"code":"VPC.0201","message":"Invalid request"}`, 'huawei', 'VPC.0201'],
    ['code in brackets', `request failed [APIGW.0301] Incorrect IAM authentication information`, 'huawei', 'APIGW.0301'],
    ['code alone in prose', `Service error: AuthFailure.SignatureFailure:The provided credentials could not be validated.`, 'tencent', 'AuthFailure.SignatureFailure'],
    ['Go SDK print without the blank after its bracket (synthetic)', `rpc error: code = Internal desc =[TencentCloudSDKError]Code=DiskNotReady, Message=m, RequestId=c7932c18-f712-4bc1-9b47-4903727fccda`, 'tencent', 'DiskNotReady'],
    ['Terraform Tencent provider', `tencentcloud: got error, code:InternalError, message:internal error, requestId:abc`, 'tencent', 'InternalError'],
    ['C++ SDK', `RequestId=8fdff8ea, ErrorCode=FailedOperation.ResourceInOperating, ErrorMessage=busy`, 'tencent', 'FailedOperation.ResourceInOperating'],
    ['C++ SDK, undotted code (an API 3.0 request id)', `RequestId=a7e786f4-5c73-47e6-8d37-0afe54a64aa6, ErrorCode=ResourceBusy, ErrorMessage=ins-1 is busy`, 'tencent', 'ResourceBusy'],
    ['.NET SDK ToString, undotted code', `message：code:InternalError message:service internal error  requestId27b7dfcd-8d6c-4f13-999f-d94b945f259a`, 'tencent', 'InternalError'],
    ['unicode-escaped key', `{"Response":{"Error":{"\\u0043ode":"AuthFailure.SignatureExpire","Message":"x"},"RequestId":"r"}}`, 'tencent', 'AuthFailure.SignatureExpire'],
    ['COS XML', `<Error><Code>NoSuchKey</Code><Message>m</Message><Resource>b-125.cos.ap-beijing.myqcloud.com/x</Resource><RequestId>NjA1</RequestId><TraceId>OGVm</TraceId></Error>`, 'tencent', 'NoSuchKey'],
    ['COS error as JSON, only its TraceId (long base64) names COS', `{"Code":"NoSuchKey","Message":"m","TraceId":"OGVmYzZiMmQzYjA2OWNhODk0NTRkMTBiOWVmMDAxODczNTBmNjMwZmQ0MTZkMjg0NjlkNTYyNmY4ZTRkZTk0N2FiMmYwMTY2MDExNTVkYjZlZjEyOTBjYTg3YWFkMTczYTlmZTJmOTljMmY3ZGQxNz=="}`, 'tencent', 'NoSuchKey'],
    ['S3-compatible SDK print naming S3, only the COS request id (base64) tells the vendor (synthetic)', `Not found (Service: Amazon S3; Status Code: 404; Error Code: NoSuchKey; Request ID: NjA2MDBiZmJfNTBjODJhMDlfMjhhZjRfMzkzOTU3; S3 Extended Request ID: null)`, 'tencent', 'NoSuchKey'],
    ['AWS SDK for Go v2 error from OBS: only the 32-hex-digit request id tells the vendor (synthetic)', `operation error S3: GetObject, https response error StatusCode: 403, RequestID: 00000193E1B2C3D4E5F60718293A4B5C, HostID: abc=, api error AccessDenied: Access Denied`, 'huawei', 'AccessDenied'],
    ['COS PHP SDK exception print: its own "Cos Error Code" wording names COS (synthetic)', `Qcloud\\Cos\\Exception\\ServiceResponseException: Cos Error Code: NoSuchKey, Status Code: 404, Cos Request ID: , Cos Error Type: client, Cos Error Message: The specified key does not exist.`, 'tencent', 'NoSuchKey'],
    ['OBS Hadoop connector print: Key[value] pairs, OBS request id shape (synthetic)', `java.io.FileNotFoundException: getFileStatus on obs://bucket/dir/part-0: ResponseCode[404],ErrorCode[NoSuchKey],ErrorMessage[Request Error.],RequestId[0000019503B8A478964791AA54C16EB0]`, 'huawei', 'NoSuchKey'],
    ['DLI job error: the code, a colon, the message (synthetic)', `Job failed: DLI.0003: Permission denied for resource 'databases.db1', User = 'u1', Action = 'SELECT'`, 'huawei', 'DLI.0003'],
    ['Go SDK error with the start of its tag cut off (terminal paste, synthetic)', `CloudSDKError] Code=ResourceInUse, Message=the resource is in use, RequestId=fcb7`, 'tencent', 'ResourceInUse'],
    ['OBS XML (request id shape)', `<Error><Code>NoSuchKey</Code><Message>m</Message><RequestId>001B21A61C6C0000013402C4616D5285</RequestId><HostId>x</HostId></Error>`, 'huawei', 'NoSuchKey'],
    ['escaped JSON in error_message, outer code empty', `{"error_code":"","error_message":"{\\"error_code\\":\\"VPC.0201\\",\\"error_msg\\":\\"x\\"}"}`, 'huawei', 'VPC.0201'],
  ])('%s', (_name, line, vendor, code) => {
    expect(ve(line)).toMatchObject({ vendor, code });
  });

  it('an unknown Huawei code is reported with known: false, the HTTP status from the payload and its category', () => {
    expect(ve(`{StatusCode:404 RequestId:f00 ErrorCode:VPC.0201 ErrorMessage:not found}`)).toMatchObject({
      vendor: 'huawei', code: 'VPC.0201', known: false, http_status: 404, category: 'not_found', request_id: 'f00', message: 'not found',
    });
  });

  it('only the message: the code inferred in a Tencent context, fallback "message"', () => {
    const line = '[TencentCloudSDKException]message:The provided credentials could not be validated. Please check your signature is correct.  requestId:ed93';
    expect(ve(line)).toMatchObject({ vendor: 'tencent', code: 'AuthFailure.SignatureFailure', fallback: 'message', rule: 'tencent.api3.message' });
    // No Tencent context: the same sentence says nothing.
    expect(ve('The provided credentials could not be validated. Please check your signature is correct.')).toBeUndefined();
  });

  it('the English request-rate message gives RequestLimitExceeded in a Tencent context only (synthetic)', () => {
    const en = 'Tencent translate fail: Your current request times equals to `9` in a second, which exceeds the frequency limit `5` for a second.';
    expect(ve(en)).toMatchObject({ vendor: 'tencent', code: 'RequestLimitExceeded', fallback: 'message' });
    expect(ve('Your current request times equals to `9` in a second, which exceeds the frequency limit `5` for a second.')).toBeUndefined();
  });

  it('a CKafka module code in a bare {code,message} is reported with a CKafka hint in the event (synthetic)', () => {
    expect(ve(`DescribeTopic failed: {"code":10000,"message":"topic not found"}`)).toMatchObject({ vendor: 'tencent', code: '10000', rule: 'tencent.legacy.corroborated' });
  });

  it('a code found in the text outranks one inferred from a message', () => {
    const line = 'TencentCloudSDKHttpException: The SecretId is not found, please ensure that your SecretId is correct. code: AuthFailure.InvalidSecretId';
    expect(ve(line)).toMatchObject({ code: 'AuthFailure.InvalidSecretId' });
  });
});

describe('look-alikes stay unlabelled', () => {
  it.each([
    ['AWS Java SDK print of S3 whose extended request id is base64 like COS\'s request id', `Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: 25B458BA4187FD7E; S3 Extended Request ID: NBye2b7LH/9DPlbprRidritbD8iwMjtdAbwEbsu9TYcw8OmdUSpASS7BkK0iOZBemfxXBhcOBtg=)`],
    ['AWS SDK for Go v2 error from S3 (16-character request id)', `operation error S3: PutObject, https response error StatusCode: 403, RequestID: VMR0P517BVGX8KTN, HostID: f7q86nhKo+0tirSZS1OQ=, api error AccessDenied: Access Denied`],
    ['synthetic: an S3-compatible print with "Error Code" but no COS wording', `Error Code: NoSuchKey, Status Code: 404, Request ID: , Error Message: The specified key does not exist.`],
    ['synthetic: the same Key[value] run with an S3-shaped request id (16 characters)', `getFileStatus on s3a://bucket/k: ResponseCode[403],ErrorCode[AccessDenied],ErrorMessage[Access Denied],RequestId[4442587FB7D0A2F9]`],
    ['synthetic: a longer name ending in DLI before the number is not a DLI code', `CDLI.0003: calibration step done`],
    ['S3 XML error', `<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>abc</HostId></Error>`],
    ['an app body with a Tencent-like undotted code', `{"code":"InvalidParameter","message":"the parameter is invalid","requestId":"x-1"}`],
    ['gRPC status', `rpc error: code = Unavailable desc = connection error`],
    ['app log with code 200', `{"level":"info","code":200,"msg":"ok"}`],
    ['Alibaba SDK error', `SDKError: ErrorCode: Forbidden.RAM Recommend: https://api.aliyun.com RequestId: 5D3C Message: User not authorized`],
    ['AWS query error with a Tencent-like dotted code', `{"ErrorResponse":{"Error":{"Type":"Sender","Code":"AuthFailure.TokenFailure","Message":"m"},"RequestId":"r"}}`],
    ['a task row of a Tencent success response', `{"Response":{"RequestId":"r","TaskSet":[{"TaskId":"t","ErrorCode":"AuthFailure.SecretIdNotFound","ErrorMessage":"m"}]}}`],
    ['a version under a code key', `{"code":"v1.2","message":"release"}`],
    ['C++-like print with an upper-case request id (not API 3.0\'s)', `RequestId=5D3C2B1A-0000-4000-8000-00000000BEEF, ErrorCode=InternalError, ErrorMessage=m`],
    ['C++-like print of a code outside the API 3.0 grammar', `RequestId=a7e786f4-5c73-47e6-8d37-0afe54a64aa6, ErrorCode=Throttling, ErrorMessage=m`],
    ['a Node system error next to a log\'s own trace id (OpenTelemetry: 32 hex digits)', `{"level":"error","msg":"request failed","code":"ECONNRESET","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}`],
    ['a gRPC status name next to a trace id', `{"level":"warn","msg":"upstream error","code":"NotFound","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}`],
    ['Huawei-looking code next to an AWS marker', `AWS error: {"code":"EC2.0001","message":"m"}`],
    ['synthetic: a bare {code,message} whose number is a CKafka module code (Cloudflare, Discord use the same numbers)', `{"errors":[{"code":10000,"message":"Authentication error"}]}`],
    ['synthetic: a program\'s print of a bare {code,message} with a Tencent legacy public code (Discord RPC\'s close frame as util.inspect shows it)', `{ code: 4000, message: 'Invalid Client ID' }`],
    ['synthetic: the same as a Python dict', `{'code': 5000, 'message': 'Internal Server Error'}`],
    ['synthetic: the same in util.inspect form', `{ message: 'Unknown Channel', code: 10003 }`],
    ['synthetic: a seven-digit HTTP-status code whose message ends in an English word in -nce (no NetEase hint)', `{"code":4041001,"message":"Cannot find the instance."}`],
    ['synthetic: `Code: N, Message: …` with an application\'s own seven-digit HTTP-status code (not in any catalog, no NetEase hint)', `Code: 4001001, Message: user not found`],
    ['synthetic: the same code in logfmt', `level=error code=5001234 msg="db error"`],
  ])('%s', (_name, line) => {
    expect(ve(line)).toBeUndefined();
  });
});
