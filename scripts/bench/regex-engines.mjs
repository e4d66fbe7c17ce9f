// Compares the regex engines a rule could run on: V8's backtracking engine (today's), V8's
// linear-time engine (the `l` flag behind --enable-experimental-regexp-engine) and re2js (RE2
// ported to JS). For each built-in rule pattern: does it compile, does it find the same match, and
// the CPU time of the slow path's work (every text rule pattern and field pattern over windows
// that hold a payload, and over windows that only hold the trigger). Run: node scripts/bench/regex-engines.mjs
import { readdirSync, readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { RE2JS } from 're2js';

v8.setFlagsFromString('--enable-experimental-regexp-engine');

const patterns = [];
for (const f of readdirSync('rules')) {
  const spec = JSON.parse(readFileSync(`rules/${f}`, 'utf8'));
  for (const r of spec.rules) {
    if (r.code?.pattern) patterns.push(r.code.pattern);
    if (r.code?.exclude_pattern) patterns.push(r.code.exclude_pattern);
    if (r.subcode) patterns.push(r.subcode.pattern);
    if (r.shape === 'text') patterns.push(r.pattern, ...Object.values(r.fields ?? {}));
  }
}

const LINEAR_FLAG = 'l'; // a variable: the linter does not know V8's experimental flag
const engines = {
  backtracking: (p) => new RegExp(p),
  'v8-linear': (p) => new RegExp(p, LINEAR_FLAG),
  re2js: (p) => RE2JS.compile(p),
};

const filler = 'level=error ts=2026-12-04T10:00:00Z caller=reconcile.go:118 msg="request failed" '.repeat(50);
const payloads = [
  '[TencentCloudSDKError] Code=AuthFailure.SignatureExpire, Message=签名过期, RequestId=6f2a1b3c-1111-2222-3333-444455556666',
  '[TencentCloudSDKException] code:ResourceNotFound message:The instance does not exist requestId:abc-123',
  'ClientRequestException - {status_code:403, request_id:8f1e2d3c, error_code:CCI.01.400101, error_msg:Forbidden}',
  'time=1 error_code="InvalidParameter.Foo" msg="bad parameter" request_id=req-42 ',
  "TencentCloudSDKHttpException [E]: code: 'LimitExceeded' requestId: 'zz-9'",
  'Code: 4030002, Message: quota exceeded, RequestId: 99-aa',
  'CCI.01.400101', 'InvalidParameter.Foo', '4030002', '(-1001) rest',
];
const windows = [];
for (const p of payloads) windows.push(filler.slice(0, 256) + p + filler.slice(0, 4096 - p.length));
for (const p of payloads) windows.push(p);
windows.push(filler.slice(0, 4096)); // trigger only, no payload

const rounds = Number(process.env.ROUNDS ?? 200);
const results = {};
const reference = patterns.map((p) => windows.map((w) => JSON.stringify(new RegExp(p).exec(w)?.groups ?? new RegExp(p).exec(w)?.[0] ?? null)));
for (const [name, compile] of Object.entries(engines)) {
  const compiled = [];
  const refused = [];
  for (const p of patterns) {
    try {
      compiled.push(compile(p));
    } catch (e) {
      compiled.push(null);
      refused.push(`${p}: ${e.message}`);
    }
  }
  let differ = 0;
  compiled.forEach((re, i) => {
    if (!re) return;
    windows.forEach((w, j) => {
      const m = re.exec(w);
      const got = JSON.stringify(m ? normalise(m.groups) ?? m[0] : null);
      if (got !== reference[i][j]) differ++;
    });
  });
  const t0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (const re of compiled) if (re) for (const w of windows) re.exec(w);
  const cpu = process.cpuUsage(t0);
  const execs = rounds * compiled.filter(Boolean).length * windows.length;
  results[name] = { compiled: compiled.filter(Boolean).length, of: patterns.length, refused, differentMatches: differ, cpuSeconds: (cpu.user + cpu.system) / 1e6, microsPerExec: ((cpu.user + cpu.system) / execs).toFixed(2) };
}

function normalise(groups) {
  if (!groups) return undefined;
  const o = {};
  for (const [k, v] of Object.entries(groups)) o[k] = v === null ? undefined : v;
  return o;
}

// The patterns, on lines of the lengths it reported (only the engines that compile them).
const hostile = [
  ['ZZZ(?:a{1,100}){1,100}(?<code>b)', 'ZZZ' + 'a'.repeat(61)],
  ['(?:.*){1,100}(?<code>ZZZ)x', 'ZZZ'.repeat(1100)],
  ['ZZZ(?<code>(?:a|a){1,100})!', 'ZZZ' + 'a'.repeat(41)],
  ['.*.*(?<code>ZZZ)=', 'ZZZ'.repeat(2730)],
];
const hostileResults = {};
for (const [name, compile] of Object.entries(engines)) {
  if (name === 'backtracking') continue;
  hostileResults[name] = hostile.map(([p, line]) => {
    let re;
    try {
      re = compile(p);
    } catch (e) {
      return `${p}: refused (${e.message.slice(0, 60)})`;
    }
    const t0 = process.cpuUsage();
    re.exec(line);
    const c = process.cpuUsage(t0);
    return `${p}: ${((c.user + c.system) / 1e3).toFixed(1)} ms CPU on ${line.length} chars`;
  });
}
console.log(JSON.stringify({ patterns: patterns.length, windows: windows.length, rounds, results, hostile: hostileResults }, null, 2));
