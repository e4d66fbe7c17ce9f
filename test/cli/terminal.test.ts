/**
 * The CLI under a pseudo-terminal (util-linux `script`), as a person sees it: the terminal view,
 * help at 80 and 120 columns, progress frames, and NDJSON byte for byte when stdout is a pipe.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
const CLI = join(REPO, 'dist', 'bin', 'errenrich.cjs');
const SAMPLES = join(REPO, 'data', 'samples');
const TENCENT = '{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad signature"},"RequestId":"r-1"}}';

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs `shell` (which may redirect) inside a pseudo-terminal of `columns` columns; returns what
 * the terminal showed, with the pty's CR LF turned into LF, and the exit code.
 */
function inTerminal(shell: string, columns: number, env: Record<string, string> = {}): { screen: string; code: number } {
  const r = spawnSync('script', ['-qfec', `stty cols ${columns} rows 50; ${shell}`, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', ...env },
    timeout: 60_000,
    input: '',
  });
  return { screen: (r.stdout ?? '').replace(/\r\n/g, '\n'), code: r.status ?? -1 };
}

const node = shellQuote(process.execPath);
const cli = `${node} ${shellQuote(CLI)}`;
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

describe('on a terminal', () => {
  it('shows the terminal view: time, level, message, and the enrichment indented under it', () => {
    const { screen, code } = inTerminal(`${cli} ${shellQuote(join(SAMPLES, 'cci-deployer.kubectl.log'))}`, 100, { NO_COLOR: '1' });
    expect(code).toBe(0);
    expect(screen).not.toContain('{"kubectl"');
    expect(screen).toMatch(/^10:31:00\.412 namespace name is already exist$/m);
    expect(screen).toMatch(/^ {2}✖ huawei\/cci · CCI\.02\.409101 · conflict · not retryable$/m);
    expect(screen).toMatch(/^ {4}Failed to create the namespace: the namespace name already exists\.$/m);
    expect(screen).toMatch(/^ {4}→ Change the namespace name and try again\.$/m);
    expect(screen).not.toMatch(ANSI);
  });

  it('without inputs and with stdin a terminal, says it reads the terminal instead of waiting silently', () => {
    const { screen } = inTerminal(`${cli} < /dev/tty`, 80);
    expect(screen).toContain('errenrich: reading log lines from the terminal (end with Ctrl-D)');
    expect(inTerminal(`echo x | ${cli}`, 80).screen).not.toContain('reading log lines');
  });

  it('colours the view unless NO_COLOR is set', () => {
    const coloured = inTerminal(`echo ${shellQuote(TENCENT)} | ${cli}`, 100).screen;
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, '')).toContain('✖ tencent/tke · AuthFailure.SignatureFailure · auth · not retryable · request r-1');
    expect(inTerminal(`echo ${shellQuote(TENCENT)} | ${cli}`, 100, { NO_COLOR: '1' }).screen).not.toMatch(ANSI);
  });

  it('keeps every line of the view within the terminal width, at 80 and at 120 columns', () => {
    for (const columns of [80, 120]) {
      const { screen } = inTerminal(`${cli} --lang zh ${shellQuote(SAMPLES)}`, columns, { NO_COLOR: '1' });
      const lines = screen.split('\n').filter((l) => l !== '');
      expect(lines.length).toBeGreaterThan(30);
      const widths = lines.map((l) => [...l].reduce((w, ch) => w + (/[\u2e80-\ua4cf\uac00-\ud7a3\uff00-\uff60]/.test(ch) ? 2 : 1), 0));
      expect(Math.max(...widths)).toBeLessThanOrEqual(columns - 1);
      // The wider terminal shows more of each line.
      if (columns === 120) expect(Math.max(...widths)).toBeGreaterThan(80);
    }
  });

  it('--format ndjson on a terminal, and a pipe, get NDJSON byte for byte as a file does', () => {
    const expected = execFileSync(process.execPath, [CLI, SAMPLES]);
    const outFile = join(mkdtempSync(join(tmpdir(), 'errenrich-tty-')), 'out');
    inTerminal(`${cli} ${shellQuote(SAMPLES)} | cat > ${shellQuote(outFile)}`, 80);
    expect(readFileSync(outFile).equals(expected)).toBe(true);
    const forced = inTerminal(`${cli} --format ndjson ${shellQuote(SAMPLES)}`, 80).screen;
    expect(Buffer.from(forced).equals(expected)).toBe(true);
  });

  it('catalog list and --summary fit a 100-column terminal (their rows ran to 160–301 characters)', () => {
    for (const shell of [`${cli} catalog list`, `${cli} --lang zh catalog list`, `${cli} --summary ${shellQuote(SAMPLES)} > /dev/null`]) {
      const { screen, code } = inTerminal(shell, 100, { NO_COLOR: '1' });
      expect(code).toBe(0);
      // (Progress frames are redrawn over one another with \r: each frame counts as a line.)
      const lines = screen.replace(ANSI, '').split(/\r|\n/).filter((l) => l !== '');
      expect(lines.length).toBeGreaterThan(10);
      const widths = lines.map((l) => [...l].reduce((w, ch) => w + (/[\u2e80-\ua4cf\uac00-\ud7a3\uff00-\uff60]/.test(ch) ? 2 : 1), 0));
      expect(Math.max(...widths), shell).toBeLessThanOrEqual(99);
    }
  });

  it('help is wrapped at word boundaries to the width, at 80 and 120 columns', () => {
    const words = new Set(execFileSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).split(/\s+/));
    for (const columns of [80, 120]) {
      const { screen, code } = inTerminal(`${cli} --help`, columns);
      expect(code).toBe(0);
      const lines = screen.split('\n');
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(Math.min(columns, 101) - 1);
      // No word is broken across lines: every word on screen is a word of the unwrapped text.
      for (const w of screen.split(/\s+/)) expect(words.has(w), `"${w}" at ${columns} columns`).toBe(true);
      expect(screen).toContain('NetEase');
    }
  });

  it('shows progress frames on stderr when the records go to a file, ending with the final state', () => {
    const dir = mkdtempSync(join(tmpdir(), 'errenrich-progress-'));
    const lines = Array.from({ length: 400_000 }, (_, i) => (i % 5000 === 0 ? TENCENT : `2026-11-23 10:00:00 INFO request ${i} served in 12 ms`));
    writeFileSync(join(dir, 'a.log'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'b.log'), lines.slice(0, 1000).join('\n') + '\n');
    const out = join(mkdtempSync(join(tmpdir(), 'errenrich-progress-out-')), 'out.ndjson');
    const { screen, code } = inTerminal(`${cli} --jobs 1 ${shellQuote(dir)} > ${shellQuote(out)}`, 100);
    expect(code).toBe(0);
    const frames = screen.split(/\r|\n/).map((f) => f.replace(ANSI, '')).filter((f) => f.includes('files'));
    expect(frames.length).toBeGreaterThanOrEqual(1);
    for (const f of frames) expect(f.length).toBeLessThanOrEqual(99);
    const last = frames[frames.length - 1]!;
    expect(last).toContain('100%');
    expect(last).toContain('2/2 files');
    expect(last).toContain('81 vendor errors');
    const barWidths = new Set(frames.map((f) => /\[([#-]+)\]/.exec(f)?.[1]?.length));
    expect(barWidths.size).toBe(1);
    expect(readFileSync(out, 'utf8').split('\n')).toHaveLength(401_001);
  });
});
