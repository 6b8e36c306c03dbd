/**
 * Health facts of the local store (DATA_DIR): the live index generation named by `CURRENT`, its age,
 * and whether the folder is still readable and writable.
 * TODO(ports): once app.ts exposes the Backend, read `index.currentGeneration()` and `ping()` instead.
 */
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Health } from './health-server.ts';

/** The index and store parts of /healthz for a local DATA_DIR. */
export async function localStoreHealth(dataDir: string): Promise<Pick<Health, 'index' | 'store'>> {
  const reachable = await access(dataDir, constants.R_OK | constants.W_OK).then(() => true, () => false);
  const pointer = join(dataDir, 'CURRENT');
  try {
    const [generation, info] = await Promise.all([readFile(pointer, 'utf8'), stat(pointer)]);
    return { index: { generation: generation.trim(), ageSeconds: Math.max(0, Math.round((Date.now() - info.mtimeMs) / 1000)) }, store: { reachable } };
  } catch {
    return { index: {}, store: { reachable } };
  }
}
