/**
 * fast-check arbitraries for adversarial log input: a random mix of the line kinds errenrich
 * meets (plain JSON, vendor payloads, broken JSON, text, Docker/CRI/kubectl wrappers, empty and
 * hostile lines), with LF or CRLF endings and an optional unterminated last line.
 *
 * Each generated line remembers its kind, so a property can check what the contract promises
 * for that kind (docs/reliability.md).
 */
import fc from 'fast-check';

export type LineKind = 'json' | 'payload' | 'broken' | 'text' | 'docker' | 'cri' | 'kubectl' | 'empty' | 'hostile';

export interface GeneratedLine {
  kind: LineKind;
  /** The line's bytes without its ending. */
  bytes: Buffer;
}

export interface GeneratedInput {
  lines: GeneratedLine[];
  /** The whole input: lines joined with their endings. */
  bytes: Buffer;
}

const TENCENT_CODES = ['AuthFailure.SignatureFailure', 'ResourceNotFound.ClusterNotFound', 'LimitExceeded', 'InternalError', 'No.Such.Code'];
const LEGACY_CODES = [4030002, 4000, 5100, 6200, -10010, 4030002, 1234567];
const CCI_CODES = ['CCI.02.409101', 'CCI.01.400101', 'CCI.99.999999'];

/** Invalid or awkward byte sequences for UTF-8 decoders. */
const BAD_BYTES = [
  Buffer.from([0xff]),
  Buffer.from([0xc3]), // a lead byte without its continuation
  Buffer.from([0xed, 0xa0, 0x80]), // U+D800 encoded as UTF-8 (CESU), invalid
  Buffer.from([0xf4, 0x90, 0x80, 0x80]), // above U+10FFFF
  Buffer.from([0x80]),
];

const unicodeText = (maxLength: number) => fc.string({ unit: 'binary', maxLength });

/** Text that can never be part of a JSON value spread over lines (so its line is kept as text). */
const plainText = fc
  .tuple(
    fc.constantFrom('x', 'A', 'Z', 'q', '请', '错误', '#', '@', '*', 'é', '😀', 'ERROR ', 'at '),
    unicodeText(60),
    fc.constantFrom('', '', '', ' {', ' [', '{', '}', ' :', '"', '\\', '\t'),
  )
  .map(([head, body, tail]) => {
    // A line never holds "\n"; a final "\r" would be read as part of a CRLF ending.
    const s = (head + body + tail).replace(/\n/g, ' ');
    return s.endsWith('\r') ? s + '.' : s;
  });

const jsonKey = fc.string({ unit: 'binary', maxLength: 8 }).filter((k) => k !== 'log' && k !== 'input_errenrich');
const jsonValue = fc.jsonValue({ maxDepth: 3 });
const jsonObject = fc.dictionary(jsonKey, jsonValue, { maxKeys: 6 }).map((o) => JSON.stringify(o));

const payload = fc.oneof(
  fc.tuple(fc.constantFrom(...TENCENT_CODES), unicodeText(20), fc.uuid()).map(([c, m, id]) =>
    JSON.stringify({ Response: { Error: { Code: c, Message: m }, RequestId: id } }),
  ),
  fc.tuple(fc.constantFrom(...LEGACY_CODES), unicodeText(20)).map(([c, m]) => JSON.stringify({ code: c, message: m })),
  fc.tuple(fc.constantFrom(...CCI_CODES), unicodeText(20)).map(([c, m]) =>
    JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: m, reason: 'AlreadyExists', code: 409, errorCode: c }),
  ),
  fc.tuple(plainText, fc.constantFrom(...TENCENT_CODES)).map(([t, c]) => `${t} [TencentCloudSDKError] Code=${c}, Message=boom, RequestId=abc-1`),
  fc.tuple(plainText, fc.constantFrom(...LEGACY_CODES)).map(([t, c]) => `${t} request failed: {"code":${c},"message":"quota"} retry`),
  fc.constantFrom('level=error code=4030002 msg="quota" request_id=r1', 'Code: AuthFailure.SignatureFailure, Message: bad'),
);

/** Valid JSON cut short or with a byte replaced. */
const broken = fc
  .tuple(fc.oneof(jsonObject, payload), fc.nat(), fc.constantFrom('cut', 'replace', 'open'))
  .map(([json, at, how]) => {
    const i = json.length > 0 ? at % json.length : 0;
    if (how === 'cut') return json.slice(0, i);
    if (how === 'open') return json.slice(0, -1) + ',{';
    return json.slice(0, i) + '"' + json.slice(i + 1);
  })
  .map((s) => s.replace(/\n/g, ' '));

const TIMES = ['2026-11-23T10:00:00.123456789Z', '2026-11-23T10:00:01Z', '2026-11-23T10:00:02.5+08:00'];
const dockerOf = (streams: string[]) =>
  fc
    .tuple(fc.oneof(plainText, payload, jsonObject, fc.constantFrom('{', '[', '}', '')), fc.constantFrom(...streams), fc.boolean(), fc.constantFrom(...TIMES))
    .map(([log, stream, partial, time]) => JSON.stringify({ log: partial ? log : log + '\n', stream, time }));
const criOf = (streams: string[]) =>
  fc
    .tuple(fc.constantFrom(...TIMES), fc.constantFrom(...streams), fc.constantFrom('F', 'P', 'F'), fc.oneof(plainText, payload, jsonObject, fc.constantFrom('{', '}', '')))
    .map(([t, s, tag, msg]) => `${t} ${s} ${tag} ${msg}`);
const docker = dockerOf(['stdout', 'stderr']);
const cri = criOf(['stdout', 'stderr']);
const kubectl = fc
  .tuple(fc.constantFrom('[pod/api-1/app] ', '[pod/api-2/side] ', '2026-11-23T10:00:00.123456Z ', '[pod/a/b] 2026-11-23T10:00:00.123456789Z '), fc.oneof(plainText, payload, jsonObject, fc.constantFrom('{', '}')))
  .map(([p, rest]) => p + rest);

const hostile = fc.oneof(
  fc.constantFrom('{', '}', '[', ']', '{{', '}}', '{"a":', '"', '\\', '\\"', '[{', '{[', ']}', '{"Response":{', '{"code":4030002,', '}}}'),
  fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', ' ', '\t'), maxLength: 30 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c === 0x0a ? 0 : c)), maxLength: 20 }),
  fc.constantFrom('{"a":"\\ud800"}', '{"s":"\\udc00\\ud800","code":4030002,"message":"\\ud83d"}', '{"n":1e999,"z":-0,"k":1,"k":2}', '{"__proto__":{"polluted":1}}'),
);

/** A line as bytes; text lines and JSON lines sometimes get an invalid UTF-8 sequence inserted. */
function withBadBytes(kind: LineKind, text: fc.Arbitrary<string>, badRate: number): fc.Arbitrary<GeneratedLine> {
  return fc.tuple(text, fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(), fc.constantFrom(...BAD_BYTES)).map(([t, r, at, bad]) => {
    const b = Buffer.from(t, 'utf8');
    if (r >= badRate) return { kind, bytes: b };
    if (kind === 'json') {
      // Inside the first key, so the line is still a JSON object apart from the bytes.
      if (b[1] !== 0x22) return { kind, bytes: b };
      return { kind, bytes: Buffer.concat([b.subarray(0, 2), bad, b.subarray(2)]) };
    }
    if (kind === 'docker') {
      // Inside the log value, right after {"log":" — still a Docker record apart from the bytes.
      return { kind, bytes: Buffer.concat([b.subarray(0, 8), bad, b.subarray(8)]) };
    }
    if (kind === 'cri' || kind === 'kubectl') {
      // At the end of the message, so the prefix is still recognised.
      return { kind, bytes: Buffer.concat([b, bad]) };
    }
    // After the first character, so the line's kind (how it starts) does not change.
    const first = b.length > 0 ? (b[0]! < 0x80 ? 1 : Buffer.from([...t][0] ?? '').length) : 0;
    const i = first + (at % Math.max(1, b.length - first + 1));
    return { kind, bytes: Buffer.concat([b.subarray(0, i), bad, b.subarray(i)]) };
  });
}

const lineStreamKinds = [
  { weight: 4, arbitrary: withBadBytes('json', jsonObject, 0.1) },
  { weight: 4, arbitrary: payload.map((s) => ({ kind: 'payload' as const, bytes: Buffer.from(s) })) },
  { weight: 2, arbitrary: broken.map((s) => ({ kind: 'broken' as const, bytes: Buffer.from(s) })) },
  { weight: 5, arbitrary: withBadBytes('text', plainText, 0.15) },
  { weight: 2, arbitrary: withBadBytes('kubectl', kubectl, 0.1) },
  { weight: 1, arbitrary: fc.constant({ kind: 'empty' as const, bytes: Buffer.alloc(0) }) },
  { weight: 3, arbitrary: withBadBytes('hostile', hostile, 0.2) },
];

/**
 * Which lines an input mixes:
 * - mixed: everything, Docker and CRI of both streams interleaved with plain lines;
 * - line-stream: only lines errenrich frames in its plain-line stream (JSON, payloads, broken
 *   JSON, text, kubectl, empty, hostile) — one stream, so joined events are contiguous;
 * - docker-stdout / cri-stdout: one container stream only.
 */
export type LineFamily = 'mixed' | 'line-stream' | 'docker-stdout' | 'cri-stdout';

export function generatedLine(family: LineFamily = 'mixed'): fc.Arbitrary<GeneratedLine> {
  switch (family) {
    case 'line-stream':
      return fc.oneof(...lineStreamKinds);
    case 'docker-stdout':
      return withBadBytes('docker', dockerOf(['stdout']), 0.1);
    case 'cri-stdout':
      return withBadBytes('cri', criOf(['stdout']), 0.1);
    default:
      return fc.oneof(
        ...lineStreamKinds,
        { weight: 3, arbitrary: withBadBytes('docker', docker, 0.1) },
        { weight: 3, arbitrary: withBadBytes('cri', cri, 0.1) },
      );
  }
}

export function generatedInput(maxLines = 60, family: LineFamily = 'mixed'): fc.Arbitrary<GeneratedInput> {
  return fc
    .tuple(fc.array(fc.tuple(generatedLine(family), fc.constantFrom('\n', '\n', '\n', '\r\n')), { maxLength: maxLines }), fc.boolean())
    .map(([pairs, terminated]) => {
      const lines = pairs.map(([l]) => l);
      const parts: Buffer[] = [];
      pairs.forEach(([l, ending], i) => {
        parts.push(l.bytes);
        const last = i === pairs.length - 1;
        // An unterminated last line is a line too, unless it is empty (then it does not exist).
        if (!last || terminated || l.bytes.length === 0) parts.push(Buffer.from(ending));
      });
      // A hostile line may end with "\r": "\r\r\n" and "\r\n" are then read as errenrich documents
      // (the last "\r" before "\n" is the ending); text lines never end with "\r".
      return { lines, bytes: Buffer.concat(parts) };
    });
}

/** Chunk sizes for feeding: 1 byte, tiny, around typical reads, and a random list. */
export const chunking = fc.oneof(
  fc.constantFrom(1, 2, 3, 7, 64, 4096, 1 << 20),
  fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
);
