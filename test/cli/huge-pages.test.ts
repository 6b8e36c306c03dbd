/**
 * `crisisbot` starts itself again with glibc's malloc asking for huge pages (bin/huge-pages.js), and
 * `npm start` execs the bot with the same tunable (bin/with-huge-pages.sh). Checked on a probe that
 * uses the same helpers as bin/crisisbot.js: the command runs in the second process with the tunable
 * set, its exit code and signals pass through, and it does not outlive a launcher killed outright.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR, removeDir, tempDir } from '../support/seed-index.ts';

const onGlibc = process.platform === 'linux' && readFileSync('/proc/self/maps', 'utf8').includes('/libc.so.6');

interface Report {
  pid: number;
  ppid: number;
  tunables: string | null;
  marker: string | null;
}

interface Run {
  launcher: number;
  lines: () => string[];
  report: () => Promise<Report>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal: NodeJS.Signals) => void;
}

/** Runs `command` (argv) with `env` added; its stdout lines as they come. */
function start(command: string[], env: Record<string, string | undefined>): Run {
  const child = spawn(command[0]!, command.slice(1), { cwd: REPO_DIR, env: { ...process.env, GLIBC_TUNABLES: undefined, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const lines = (): string[] => out.split('\n').filter(Boolean);
  const report = async (): Promise<Report> => {
    const deadline = Date.now() + 20_000;
    while (lines().length === 0) {
      if (Date.now() > deadline) throw new Error('no report from the probe');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return JSON.parse(lines()[0]!) as Report;
  };
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { launcher: child.pid!, lines, report, exit, kill: (signal) => child.kill(signal) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!onGlibc)('huge pages for the index load', () => {
  let dir: string;
  let probe: string;
  beforeAll(() => {
    dir = tempDir('crisisbot-huge-pages-');
    probe = join(dir, 'probe.mjs');
    // What bin/crisisbot.js does, then a report; `exit N` ends with N, `wait` waits for SIGTERM.
    writeFileSync(
      probe,
      `import { followLauncher, relaunchWithHugePages } from ${JSON.stringify(pathToFileURL(join(REPO_DIR, 'bin', 'huge-pages.js')).href)};
if (!relaunchWithHugePages()) {
  followLauncher();
  console.log(JSON.stringify({ pid: process.pid, ppid: process.ppid, tunables: process.env.GLIBC_TUNABLES ?? null, marker: process.env.CRISISBOT_RELAUNCHED ?? null }));
  if (process.argv[2] === 'exit') process.exit(Number(process.argv[3]));
  process.on('SIGTERM', () => { console.log('SIGTERM'); process.exit(0); });
  setInterval(() => undefined, 1000);
}
`,
    );
  });
  afterAll(() => removeDir(dir));

  it('runs the command in a second process with the tunable set, and exits with its code', async () => {
    const run = start([process.execPath, probe, 'exit', '3'], {});
    const report = await run.report();
    expect(report.ppid).toBe(run.launcher);
    expect(report.tunables).toBe('glibc.malloc.hugetlb=1');
    // Processes the command starts are not taken for relaunched ones.
    expect(report.marker).toBeNull();
    expect(await run.exit).toEqual({ code: 3, signal: null });
  });

  it('keeps other tunables, and does not start again when glibc.malloc.hugetlb is already chosen or the command may be the bot', async () => {
    const other = start([process.execPath, probe, 'exit', '0'], { GLIBC_TUNABLES: 'glibc.malloc.check=0' });
    expect((await other.report()).tunables).toBe('glibc.malloc.check=0:glibc.malloc.hugetlb=1');
    await other.exit;
    const chosen = start([process.execPath, probe, 'exit', '0'], { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' });
    expect(await chosen.report()).toMatchObject({ pid: chosen.launcher, tunables: 'glibc.malloc.hugetlb=0' });
    await chosen.exit;
    const bot = start([process.execPath, probe, 'exit', '0', 'start'], {});
    expect(await bot.report()).toMatchObject({ pid: bot.launcher, tunables: null });
    await bot.exit;
  });

  it('relays SIGTERM to the command and ends as it ends', async () => {
    const run = start([process.execPath, probe, 'wait'], {});
    await run.report();
    run.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.lines()).toContain('SIGTERM');
  });

  it('ends with the signal that ended the command', async () => {
    const run = start([process.execPath, probe, 'wait'], {});
    const { pid } = await run.report();
    process.kill(pid, 'SIGKILL');
    expect(await run.exit).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('the command stops as on SIGTERM when the launcher is killed outright', async () => {
    const run = start([process.execPath, probe, 'wait'], {});
    const { pid } = await run.report();
    run.kill('SIGKILL');
    await run.exit;
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(pid), 'the command outlived its launcher').toBe(false);
  });

  it('npm start execs the bot with the tunable (one process), keeping other tunables and an explicit choice', async () => {
    const script = join(REPO_DIR, 'bin', 'with-huge-pages.sh');
    const report = (env: Record<string, string | undefined>): Promise<Report> => start(['sh', script, process.execPath, probe, 'exit', '0', 'start'], env).report();
    const plain = start(['sh', script, process.execPath, probe, 'exit', '0', 'start'], {});
    expect(await plain.report()).toMatchObject({ pid: plain.launcher, tunables: 'glibc.malloc.hugetlb=1' });
    expect((await report({ GLIBC_TUNABLES: 'glibc.malloc.check=0' })).tunables).toBe('glibc.malloc.check=0:glibc.malloc.hugetlb=1');
    expect((await report({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' })).tunables).toBe('glibc.malloc.hugetlb=0');
  });
});
