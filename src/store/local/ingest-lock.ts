/**
 * The ingest lock of a DATA_DIR (proper-lockfile: an atomic `mkdir` of DATA_DIR/ingest.lock, its
 * mtime refreshed while held). A second ingest — another `crisisbot ingest`, the bot's refresh —
 * waits for the first instead of writing beside it, and is told it is waiting. The holder's pid
 * is written in the lock, so a lock left by a process that died (kill -9) on this machine is
 * taken over at once instead of after the staleness delay.
 */
import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { IngestLockError } from '../../errors.ts';

/**
 * A held lock not refreshed for this long is stale and may be taken over. Long, because a busy
 * machine or a long synchronous step (hnswlib inserts) delays refreshes: at 60 s, a loaded ingest
 * lost its lock to a waiting process. A holder that died on this machine is detected at once by
 * its pid (below); only a holder on another machine that died waits this long.
 */
const STALE_MS = 10 * 60_000;
/** The lock's mtime is refreshed this often (proper-lockfile's minimum is 1 s). */
const UPDATE_MS = 2_000;
const POLL_MS = 200;

export interface LockOptions {
  /** Called once when the lock is held by another process and this one starts waiting. */
  onWait?: () => void;
  /** false: throw IngestLockError INGEST_BUSY at once when another live process holds the lock. */
  wait?: boolean;
  /** Called if the lock is lost while held (taken over, or its folder removed): the holder must stop writing. */
  onCompromised?: (error: Error) => void;
  signal?: AbortSignal;
}

function lockPath(dataDir: string): string {
  return join(dataDir, 'ingest.lock');
}

/** True when the lock was left by a process of this machine that no longer exists. */
async function ownerIsGone(dataDir: string): Promise<boolean> {
  try {
    const owner = JSON.parse(await readFile(join(lockPath(dataDir), 'owner.json'), 'utf8')) as { pid?: unknown; host?: unknown };
    if (owner.host !== hostname() || typeof owner.pid !== 'number') return false;
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Records this process as the holder, inside the lock folder. proper-lockfile takes a change of
 * the folder's mtime for a takeover (ECOMPROMISED at its next refresh), and creating a file in a
 * folder changes it: the mtime is put back as proper-lockfile set it.
 */
async function writeOwner(dataDir: string): Promise<void> {
  const { atime, mtime } = await stat(lockPath(dataDir));
  await writeFile(join(lockPath(dataDir), 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname() }));
  await utimes(lockPath(dataDir), atime, mtime);
}

function isLocked(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ELOCKED';
}

/** Waits for and takes the ingest lock of `dataDir` (which must exist); resolves with its release. */
export async function acquireIngestLock(dataDir: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  let told = false;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      let lost = false;
      const release = await lockfile.lock(dataDir, {
        lockfilePath: lockPath(dataDir),
        stale: STALE_MS,
        update: UPDATE_MS,
        realpath: false,
        onCompromised: (error) => {
          lost = true;
          options.onCompromised?.(error);
        },
      });
      await writeOwner(dataDir);
      return async () => {
        // A lost lock may be another process's now: leave its folder alone.
        if (lost) return;
        await rm(join(lockPath(dataDir), 'owner.json'), { force: true }).catch(() => undefined);
        await release().catch(() => undefined);
      };
    } catch (error) {
      if (!isLocked(error)) throw error;
    }
    if (await ownerIsGone(dataDir)) {
      await rm(lockPath(dataDir), { recursive: true, force: true });
      continue;
    }
    if (options.wait === false) throw new IngestLockError('INGEST_BUSY', `Another ingest of ${dataDir} is under way.`);
    if (!told) options.onWait?.();
    told = true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
