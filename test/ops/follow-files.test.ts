/**
 * followFiles in process (fast polls): start at the end, rotation (rename + recreate), truncation,
 * new files in a followed directory and under a glob, --include/--exclude, gzip files skipped,
 * and the stop: what the files hold is still read, then every file is closed.
 */
import { appendFileSync, mkdirSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FOLLOW_DEFAULTS, followFiles, type FollowOptions } from '../../src/input/follow-files.js';
import { removeTempDirs, tempDir, waitFor } from './ops-helpers.js';

afterAll(removeTempDirs);

interface Seen {
  /** Text read, per file id, in order. */
  text: Map<string, string>;
  events: string[];
  notices: string[];
}

function startFollowing(o: Partial<FollowOptions> & { args: string[] }) {
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
    { ...FOLLOW_DEFAULTS, include: [], exclude: [], fromStart: false, ...o, pollMs: 20, goneGraceMs: 100 },
    {
      opened: (f, at) => {
        paths.set(f.id, f.path);
        seen.events.push(`opened ${f.path} at ${at}`);
      },
      data: (f, chunk) => {
        seen.text.set(f.id, (seen.text.get(f.id) ?? '') + chunk.toString());
      },
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
});
