/**
 * The ingest lock of a DATA_DIR (proper-lockfile: an atomic `mkdir` of DATA_DIR/ingest.lock, its
 * mtime refreshed while held). A second ingest — another `crisisbot ingest`, the bot's refresh —
 * waits for the first instead of writing beside it, and is told it is waiting. The holder's pid
 * is written in the lock, so a lock left by a process that died (kill -9) on this machine is
 * taken over at once instead of after the staleness delay.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

/** A held lock older than this without a refresh is stale (a long synchronous step can delay refreshes). */
const STALE_MS = 60_000;
const POLL_MS = 200;

export interface LockOptions {
  /** Called once when the lock is held by another process and this one starts waiting. */
  onWait?: () => void;
  /** Called if the lock is lost while held (its refreshes failed); the ingest goes on. */
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

function isLocked(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ELOCKED';
}

/** Waits for and takes the ingest lock of `dataDir` (which must exist); resolves with its release. */
export async function acquireIngestLock(dataDir: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  let told = false;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const release = await lockfile.lock(dataDir, {
        lockfilePath: lockPath(dataDir),
        stale: STALE_MS,
        realpath: false,
        onCompromised: (error) => options.onCompromised?.(error),
      });
      await writeFile(join(lockPath(dataDir), 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname() }));
      return async () => {
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
    if (!told) options.onWait?.();
    told = true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
