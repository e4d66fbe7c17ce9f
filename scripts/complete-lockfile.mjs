// npm/cli#4828: npm leaves optional platform packages for other platforms out of the lock, and
// then `npm ci` refuses the lock. This adds an entry for each missing one, with os/cpu/libc read
// from the package name (the registry here does not serve other platforms' packages), so npm ci
// accepts the lock and skips them on this platform.
import { readFileSync, writeFileSync } from 'node:fs';
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const pk = lock.packages;
const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32', 'sunos', 'netbsd', 'aix', 'wasi', 'cygwin'];
const CPU = [['arm64', 'arm64'], ['arm-eabi', 'arm'], ['arm-gnueabihf', 'arm'], ['arm-musleabihf', 'arm'], ['arm', 'arm'], ['x64', 'x64'], ['ia32', 'ia32'], ['loong64', 'loong64'], ['ppc64', 'ppc64'], ['riscv64', 'riscv64'], ['s390x', 's390x'], ['mips64el', 'mips64el'], ['wasm32', 'wasm32']];
let added = 0;
for (const [path, meta] of Object.entries(pk)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    if (pk[`node_modules/${name}`] || pk[`${path}/node_modules/${name}`]) continue;
    const tail = name.split('/').pop();
    const os = OS.find((o) => tail.includes(o === 'win32' ? 'win32' : o + '-') || tail.endsWith('-' + o) || tail.startsWith(o));
    const cpu = CPU.find(([k]) => tail.includes('-' + k))?.[1];
    const entry = { version };
    if (cpu) entry.cpu = [cpu];
    if (meta.dev) entry.dev = true;
    if (tail.includes('musl')) entry.libc = ['musl'];
    else if (tail.includes('gnu') && os === 'linux') entry.libc = ['glibc'];
    entry.optional = true;
    if (os) entry.os = [os];
    pk[`node_modules/${name}`] = entry;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pk).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log('added', added);
