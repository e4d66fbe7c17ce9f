// Preloaded into a CLI child (node --import) by prototype-pollution tests: snapshots the built-in
// prototypes when the process starts and, when it exits, writes to $ERRENRICH_TEST_PROTO_FILE
// what changed (added, removed or replaced properties) and whether ({}).polluted appeared.
import { writeFileSync } from 'node:fs';

const file = process.env.ERRENRICH_TEST_PROTO_FILE;
const watched = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype, Number: Number.prototype };
const snapshot = (proto) => new Map(Reflect.ownKeys(proto).map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)]));
const before = Object.fromEntries(Object.entries(watched).map(([name, p]) => [name, snapshot(p)]));

if (file) {
  process.on('exit', () => {
    const changes = [];
    for (const [name, proto] of Object.entries(watched)) {
      const now = snapshot(proto);
      const then = before[name];
      for (const [k, d] of now) {
        const old = then.get(k);
        if (!old) changes.push(`${name}.prototype: added ${String(k)}`);
        else if (old.value !== d.value || old.get !== d.get || old.set !== d.set) changes.push(`${name}.prototype: replaced ${String(k)}`);
      }
      for (const k of then.keys()) if (!now.has(k)) changes.push(`${name}.prototype: removed ${String(k)}`);
    }
    if (Object.getPrototypeOf({}) !== Object.prototype) changes.push('Object.getPrototypeOf({}) changed');
    writeFileSync(file, JSON.stringify({ changes, polluted: ({}).polluted === undefined ? null : String(({}).polluted) }));
  });
}
