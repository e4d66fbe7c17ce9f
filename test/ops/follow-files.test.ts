/**
 * followFiles in process (fast polls): start at the end, rotation (rename + recreate), truncation,
 * new files in a followed directory and under a glob, --include/--exclude, gzip files skipped,
 * and the stop: what the files hold is still read, then every file is closed.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, readdirSync, readlinkSync, renameSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defaultMaxOpenFiles, FOLLOW_DEFAULTS, followFiles, type FollowOptions } from '../../src/input/follow-files.js';
import { removeTempDirs, tempDir, waitFor } from './ops-helpers.js';

afterAll(removeTempDirs);

interface Seen {
  /** Text read, per file id, in order. */
  text: Map<string, string>;
  events: string[];
  notices: string[];
}

function startFollowing(o: Partial<FollowOptions> & { args: string[]; failOn?: string }) {
  const seen: Seen = { text: new Map(), events: [], notices: [] };
  let stopped = false;
  const listeners = new Set<() => void>();
  const stop = {
    get stopped() {
      return stopped;
    },
    onStop: (f: () => void) => {
      listeners.add(f);
      return () => listeners.delete(f);
    },
  };
  const paths = new Map<string, string>();
  const done = followFiles(
    { ...FOLLOW_DEFAULTS, include: [], exclude: [], fromStart: false, pollMs: 20, goneGraceMs: 100, ...o },
    {
      opened: (f, at) => {
        paths.set(f.id, f.path);
        seen.events.push(`opened ${f.path} at ${at}`);
      },
      data: (f, chunk) => {
        seen.text.set(f.id, (seen.text.get(f.id) ?? '') + chunk.toString());
        if (o.failOn !== undefined && chunk.includes(o.failOn)) throw new Error('handler failed');
      },
      failed: (f) => seen.events.push(`failed ${f.path}`),
      truncated: (f) => seen.events.push(`truncated ${f.path}`),
      closed: (f, why) => seen.events.push(`closed ${paths.get(f.id)} (${why})`),
      notice: (_level, message) => seen.notices.push(message),
      ready: () => seen.events.push('ready'),
    },
    stop,
  );
  const all = () => [...seen.text.values()].join('');
  return {
    seen,
    /** Everything read so far, files in the order they were opened. */
    all,
    waitForText: (s: string) => waitFor(`"${s}" to be read (have ${JSON.stringify(all())})`, () => (all().includes(s) ? true : undefined)),
    waitForEvent: (s: string) => waitFor(`event "${s}" (have ${JSON.stringify(seen.events)})`, () => (seen.events.includes(s) ? true : undefined)),
    stop: async () => {
      stopped = true;
      for (const f of listeners) f();
      await done;
    },
  };
}

let running: { stop: () => Promise<void> } | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

describe('followFiles', () => {
  it('starts at the end of files present at start (or at their start with fromStart)', async () => {
    const d = tempDir();
    const log = join(d, 'app.log');
    writeFileSync(log, 'old 1\nold 2\n');
    const f = startFollowing({ args: [log] });
    running = f;
    await f.waitForEvent(`opened ${log} at end`);
    appendFileSync(log, 'new 1\n');
    await f.waitForText('new 1\n');
    expect(f.all()).toBe('new 1\n');
    await f.stop();
    running = null;

    const g = startFollowing({ args: [log], fromStart: true });
    running = g;
    await g.waitForText('new 1\n');
    expect(g.all()).toBe('old 1\nold 2\nnew 1\n');
  });

  it('rotation (rename + recreate): the old file is read to its end, then the new one from its start', async () => {
    const d = tempDir();
    const log = join(d, 'app.log');
    writeFileSync(log, '');
    const f = startFollowing({ args: [log] });
    running = f;
    await f.waitForEvent(`opened ${log} at end`);
    appendFileSync(log, 'before rotation\n');
    await f.waitForText('before rotation\n');
    appendFileSync(log, 'last words of the old file\n');
    renameSync(log, `${log}.1`);
    appendFileSync(`${log}.1`, 'written after the rename, before the writer reopened\n');
    writeFileSync(log, 'first line of the new file\n');
    await f.waitForText('first line of the new file\n');
    await f.waitForText('before the writer reopened\n');
    // Two files, each read whole and in order; the old one closed after the grace period.
    const texts = [...f.seen.text.values()];
    expect(texts).toEqual(['before rotation\nlast words of the old file\nwritten after the rename, before the writer reopened\n', 'first line of the new file\n']);
    await f.waitForEvent(`closed ${log} (gone)`);
  });

  it('truncation: the file is read again from its start', async () => {
    const d = tempDir();
    const log = join(d, 'app.log');
    writeFileSync(log, 'a long first line that makes the file big\n');
    const f = startFollowing({ args: [log] });
    running = f;
    await f.waitForEvent(`opened ${log} at end`);
    truncateSync(log, 0);
    await f.waitForEvent(`truncated ${log}`);
    appendFileSync(log, 'after truncation\n');
    await f.waitForText('after truncation\n');
    expect(f.all()).toBe('after truncation\n');
  });

  it('new files in a followed directory (with --include/--exclude) and under a glob are read from their start', async () => {
    const d = tempDir();
    mkdirSync(join(d, 'logs'));
    mkdirSync(join(d, 'globbed'));
    const f = startFollowing({ args: [join(d, 'logs'), `${d}/globbed/*.log`], include: ['*.log'], exclude: ['skip*'] });
    running = f;
    await f.waitForEvent('ready');
    writeFileSync(join(d, 'logs', 'new.log'), 'in the directory\n');
    writeFileSync(join(d, 'logs', 'skip.log'), 'excluded\n');
    writeFileSync(join(d, 'logs', 'other.txt'), 'not included\n');
    writeFileSync(join(d, 'globbed', 'g.log'), 'under the glob\n');
    writeFileSync(join(d, 'globbed', 'g.txt'), 'not matching the glob\n');
    await f.waitForText('in the directory\n');
    await f.waitForText('under the glob\n');
    await new Promise((r) => setTimeout(r, 100));
    expect(f.all()).not.toMatch(/excluded|not included|not matching/);
  });

  it('a named file that does not exist yet is waited for; a gzip file is not followed', async () => {
    const d = tempDir();
    const later = join(d, 'later.log');
    const gz = join(d, 'old.log.gz');
    writeFileSync(gz, gzipSync('compressed\n'));
    const f = startFollowing({ args: [later, gz] });
    running = f;
    await waitFor('notices', () => (f.seen.notices.length >= 2 ? true : undefined));
    expect(f.seen.notices.join('\n')).toContain(`${later} does not exist (yet)`);
    expect(f.seen.notices.join('\n')).toContain(`${gz} is gzip-compressed`);
    writeFileSync(later, 'it came\n');
    await f.waitForText('it came\n');
  });

  it('on stop, what the files hold is read, then every file is closed', async () => {
    const d = tempDir();
    const log = join(d, 'app.log');
    writeFileSync(log, '');
    const f = startFollowing({ args: [log] });
    running = f;
    await f.waitForEvent(`opened ${log} at end`);
    appendFileSync(log, 'just before the stop\n');
    await f.stop();
    running = null;
    expect(f.all()).toBe('just before the stop\n');
    expect(f.seen.events.at(-1)).toBe(`closed ${log} (stop)`);
  });

  it('copytruncate, then regrown past the old size before the next poll: nothing is lost (first-bytes fingerprint)', async () => {
    const d = tempDir();
    const log = join(d, 'app.log');
    writeFileSync(log, '');
    const line = (i: number, pad: string) => `line ${String(i).padStart(4, '0')} ${pad}\n`;
    const f = startFollowing({ args: [log], pollMs: 400, watch: false });
    running = f;
    await f.waitForEvent(`opened ${log} at end`);
    let first = '';
    for (let i = 1; i <= 1000; i++) first += line(i, 'old');
    appendFileSync(log, first);
    await f.waitForText(line(1000, 'old'));
    // In one synchronous burst (no poll in between): copy, truncate, write more than was there.
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    let second = '';
    for (let i = 1001; i <= 2000; i++) second += line(i, 'new, a little longer');
    appendFileSync(log, second);
    await f.waitForText(line(2000, 'new, a little longer'));
    const got = f.all().split('\n').filter((l) => l !== '');
    expect(got).toHaveLength(2000);
    expect(new Set(got).size).toBe(2000);
    expect(f.seen.events).toContain(`truncated ${log}`);
  });

  it('a change is noticed through fs.watch well before the next poll', async () => {
    const d = tempDir();
    const log = join(d, 'app.log');
    writeFileSync(log, '');
    const f = startFollowing({ args: [log], pollMs: 60_000 });
    running = f;
    await f.waitForEvent(`opened ${log} at end`);
    appendFileSync(log, 'noticed\n');
    await waitFor('the append to be read long before the poll', () => (f.all() === 'noticed\n' ? true : undefined), 5000);
  });

  it('a change to a file followed through a symlink (as /var/log/containers links into /var/log/pods) is noticed through fs.watch too', async () => {
    const d = tempDir();
    mkdirSync(join(d, 'pods'));
    mkdirSync(join(d, 'containers'));
    const target = join(d, 'pods', '0.log');
    writeFileSync(target, '');
    symlinkSync(target, join(d, 'containers', 'app.log'));
    const f = startFollowing({ args: [join(d, 'containers')], pollMs: 60_000 });
    running = f;
    await f.waitForEvent('ready');
    appendFileSync(target, 'through the link\n');
    await waitFor('the append to be read long before the poll', () => (f.all() === 'through the link\n' ? true : undefined), 5000);
  });

  it('a handler failure on one chunk never makes the file be read again from its start', async () => {
    const d = tempDir();
    const log = join(d, 'app.log');
    writeFileSync(log, '');
    const f = startFollowing({ args: [log], failOn: 'POISON' });
    running = f;
    await f.waitForEvent(`opened ${log} at end`);
    appendFileSync(log, 'first\nPOISON\n');
    await f.waitForEvent(`failed ${log}`);
    appendFileSync(log, 'after\n');
    await f.waitForText('after\n');
    await new Promise((r) => setTimeout(r, 200));
    expect(f.all()).toBe('first\nPOISON\nafter\n');
    expect(f.seen.notices.join('\n')).toMatch(/error processing .*app\.log \(bytes 0–13\): handler failed; continuing after them/);
  });

  it('holds at most maxOpenFiles descriptors and still reads every file, each once', async () => {
    const d = tempDir();
    const names = Array.from({ length: 12 }, (_, i) => join(d, `f${i}.log`));
    for (const n of names) writeFileSync(n, '');
    const f = startFollowing({ args: [d], maxOpenFiles: 3 });
    running = f;
    await f.waitForEvent('ready');
    let most = 0;
    const countOpen = () => readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).startsWith(d);
      } catch {
        return false;
      }
    }).length;
    for (let round = 0; round < 3; round++) {
      for (const n of names) appendFileSync(n, `${n} ${round}\n`);
      for (const n of names) {
        await f.waitForText(`${n} ${round}\n`);
        most = Math.max(most, countOpen());
      }
    }
    expect(most).toBeLessThanOrEqual(3);
    for (const n of names) expect(f.all().split(`${n} `).length - 1).toBe(3);
  });

  it('a glob whose fixed directory cannot be listed is reported, not taken as empty', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'notadir'), '');
    const f = startFollowing({ args: [`${d}/notadir/*.log`] });
    running = f;
    await waitFor('the listing error', () => (f.seen.notices.some((n) => n.includes(`cannot read ${d}/notadir`) && n.includes('ENOTDIR')) ? true : undefined));
  });

  it('a FIFO is not followed silently: a warning says how to read it', async () => {
    const d = tempDir();
    execFileSync('mkfifo', [join(d, 'pipe.log')]);
    const f = startFollowing({ args: [join(d, 'pipe.log')] });
    running = f;
    await waitFor('the FIFO warning', () => (f.seen.notices.some((n) => n.includes('pipe.log is a FIFO')) ? true : undefined));
  });
});

describe('defaultMaxOpenFiles', () => {
  it('keeps half the soft limit for followed files, at most 1024', () => {
    expect(defaultMaxOpenFiles('Max open files            100                  1048576              files\n')).toBe(42);
    expect(defaultMaxOpenFiles('Max open files            1048576              1048576              files\n')).toBe(1024);
    expect(defaultMaxOpenFiles('Max open files            unlimited            unlimited            files\n')).toBe(1024);
  });
});
