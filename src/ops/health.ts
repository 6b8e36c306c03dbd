/**
 * The index and store parts of /healthz, from the backend's ports: is the store reachable (`ping`),
 * which generation is live (`currentGeneration`), and how old it is — for the local store, the time
 * `DATA_DIR/CURRENT` was last replaced; for a shared one, since this process first saw the generation —
 * whether the live generation's files still match their checksums (`damaged`, where the store can tell),
 * and what of it is still being read into memory (`loading`: `vectors` while they load after a start).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Backend } from '../ports.ts';
import type { Health } from './health-server.ts';

/** A function reporting the store's health each time it is called. */
export function storeHealth(backend: Backend, config: Pick<Config, 'DATA_DIR'>): () => Promise<Pick<Health, 'index' | 'store'>> {
  const firstSeen = new Map<string, number>();
  const publishedAt = async (generation: string): Promise<number> => {
    if (backend.name === 'local') {
      const info = await stat(join(config.DATA_DIR, 'CURRENT')).catch(() => undefined);
      if (info) return info.mtimeMs;
    }
    if (!firstSeen.has(generation)) firstSeen.set(generation, Date.now());
    return firstSeen.get(generation) ?? Date.now();
  };
  return async () => {
    const [reachable, generation] = await Promise.all([backend.ping().catch(() => false), backend.index.currentGeneration().catch(() => undefined)]);
    if (generation === undefined) return { index: {}, store: { reachable } };
    const ageSeconds = Math.max(0, Math.round((Date.now() - (await publishedAt(generation))) / 1000));
    // Stats the live files each time; re-hashes them only when one changed since it was last verified.
    const damaged = await backend.index.verify?.().catch((error: unknown) => `it could not be verified: ${(error as Error).message}`);
    // Parts still being read into memory (the vectors of a large index, for seconds after a start): it answers meanwhile.
    const loading = backend.index.loading?.() ?? [];
    return { index: { generation, ageSeconds, ...(damaged === undefined ? {} : { damaged }), ...(loading.length > 0 ? { loading } : {}) }, store: { reachable } };
  };
}
