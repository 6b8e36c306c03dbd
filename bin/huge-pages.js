// Linux with glibc: hnswlib's index loader (the local store's open) mallocs room for the whole vectors
// file — 235 MB at 10,000 articles, 2.35 GB at 100,000 — which glibc backs with 4 KiB pages, each
// faulted in as the file is read. glibc's `glibc.malloc.hugetlb=1` tunable makes malloc ask the kernel
// for transparent huge pages instead (madvise): hnswlib's load of a 10k index measured 2.2–2.5 s →
// 1.5 s, of a 100k index 19–21 s → 9–10 s. glibc reads its tunables only when a process starts, so
// `crisisbot` starts itself once more with the tunable added to GLIBC_TUNABLES, and only relays
// signals and the exit status. Not done when GLIBC_TUNABLES already names glibc.malloc.hugetlb (set
// `GLIBC_TUNABLES=glibc.malloc.hugetlb=0` to turn it off), off glibc, or for the bot (`start`:
// `npm start` sets the tunable in its script; a long-running service keeps a single process, so a
// service manager's signals reach the bot once).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TUNABLE = 'glibc.malloc.hugetlb';
/** Set in the relaunched process's environment (and removed from it at once). */
const RELAUNCHED = 'CRISISBOT_RELAUNCHED';
/** Relayed to the relaunched process; every other signal keeps its default action in both. */
const RELAYED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/** `env` with glibc's malloc asking for transparent huge pages (appended to any other tunables). */
export function hugePagesEnv(env) {
  const tunables = env.GLIBC_TUNABLES ? `${env.GLIBC_TUNABLES}:` : '';
  return { ...env, GLIBC_TUNABLES: `${tunables}${TUNABLE}=1` };
}

/** True when this process runs on glibc (its C library is mapped), whose tunables these are. */
function onGlibc() {
  if (process.platform !== 'linux') return false;
  try {
    return readFileSync('/proc/self/maps', 'utf8').includes('/libc.so.6');
  } catch {
    return false;
  }
}

/** Whether to start again with the tunable: not when it is set (or chosen otherwise), not off glibc, not for the bot. */
export function wantsRelaunch(env = process.env, args = process.argv.slice(2)) {
  if (env.GLIBC_TUNABLES?.includes(TUNABLE) || env[RELAUNCHED] !== undefined) return false;
  // A command line with the word `start` may run the bot: it is never relaunched (see above).
  return !args.includes('start') && onGlibc();
}

/**
 * Runs this command again in a child process with the tunable set, relays the signals above to it,
 * and ends as it ends (same exit code, or the same signal). True when it did (the caller must then
 * do nothing more); false when this process should run the command itself.
 */
export function relaunchWithHugePages() {
  if (!wantsRelaunch()) return false;
  const env = { ...hugePagesEnv(process.env), [RELAUNCHED]: '1' };
  // The IPC channel tells the child when this process is gone (see followLauncher), even after a SIGKILL.
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env });
  const relay = (signal) => child.kill(signal);
  for (const signal of RELAYED) process.on(signal, relay);
  child.on('error', (error) => {
    process.stderr.write(`crisisbot: could not start the command again with huge pages (${error.message}); set GLIBC_TUNABLES=glibc.malloc.hugetlb=0 to run it in one process.\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const name of RELAYED) process.off(name, relay);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
  return true;
}

/**
 * In a relaunched process: forgets the marker (processes it starts are not relaunched ones), and
 * stops as on SIGTERM should the launching process disappear without relaying it (killed outright).
 */
export function followLauncher() {
  if (process.env[RELAUNCHED] === undefined) return;
  delete process.env[RELAUNCHED];
  if (!process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
