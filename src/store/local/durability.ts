/**
 * What makes a published generation survive a power cut: its files and folder are flushed to disk
 * (fsync) before CURRENT is renamed to name it, and DATA_DIR is flushed after the rename, so after
 * a crash CURRENT never names a generation whose files are not on disk. Without it, the page cache
 * may write the renamed pointer before the files it points at.
 */
import { open, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

/** The file-system steps of a publish: a seam, so a test can see their order or stop between them. */
export interface PublishSteps {
  /** Flushes a file's content to disk. */
  syncFile: (path: string) => Promise<void>;
  /** Flushes a folder's entries (files created or renamed in it) to disk. */
  syncDir: (path: string) => Promise<void>;
  rename: (from: string, to: string) => Promise<void>;
}

async function fsync(path: string, isDir: boolean): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    // Some platforms (Windows) cannot open a folder: nothing to flush there.
    if (isDir && ['EISDIR', 'EPERM', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!(isDir && ['EINVAL', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? ''))) throw error;
  } finally {
    await handle.close();
  }
}

/** The real steps. */
export const DISK_STEPS: PublishSteps = {
  syncFile: (path) => fsync(path, false),
  syncDir: (path) => fsync(path, true),
  rename,
};

/** Flushes every file of a generation folder, then the folder itself. */
export async function syncGeneration(dir: string, steps: PublishSteps): Promise<void> {
  const names = (await readdir(dir)).sort();
  await Promise.all(names.map((name) => steps.syncFile(join(dir, name))));
  await steps.syncDir(dir);
}
