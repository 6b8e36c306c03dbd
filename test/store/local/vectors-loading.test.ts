/**
 * A generation is served before its vectors are in memory (at 100,000 articles hnswlib's read of
 * them is most of an open): the open resolves once the texts and the lexical postings are read,
 * the repository and /healthz say the vectors are loading, and vector reads wait for them. A
 * vectors file that fails to load after the open is reported as the generation's damage.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LocalEmbedder } from '../../../src/embed/local-embedder.ts';
import { DEFAULT_CHUNK_OPTIONS } from '../../../src/ingest/chunk.ts';
import { ingest } from '../../../src/ingest/pipeline.ts';
import type { Logger } from '../../../src/logger.ts';
import { storeHealth } from '../../../src/ops/health.ts';
import type { IndexIdentity } from '../../../src/ports.ts';
import { createLocalBackend } from '../../../src/store/local/backend.ts';
import type { HnswVectorStore } from '../../../src/store/local/hnsw-vector-store.ts';
import { removeDir, SEED_IDS, SEEDS_DIR, tempDir } from '../../support/seed-index.ts';

const embedder = new LocalEmbedder();
const identity: IndexIdentity = { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: DEFAULT_CHUNK_OPTIONS };
let dataDir: string;

beforeEach(async () => {
  dataDir = join(tempDir('crisisbot-vectors-loading-'), 'data');
  await ingest({ corpusDir: SEEDS_DIR, repository: createLocalBackend(dataDir).index, embedder, chunking: DEFAULT_CHUNK_OPTIONS });
});
afterEach(() => removeDir(join(dataDir, '..')));

/** A backend whose vectors, once read, are held back until `release()`. */
function heldBackend(logger?: Logger) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let read = false;
  const vectorsRead = async (reading: Promise<HnswVectorStore>): Promise<HnswVectorStore> => {
    const store = await reading;
    read = true;
    await held;
    return store;
  };
  return { backend: createLocalBackend(dataDir, logger, { serve: { vectorsRead } }), release, wasRead: () => read };
}

const settled = async <T>(promise: Promise<T>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true), () => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  return done;
};

it('opens and serves texts and lexical search while the vectors load; vector reads wait for them; /healthz says so', async () => {
  const { backend, release, wasRead } = heldBackend();
  const health = storeHealth(backend, { DATA_DIR: dataDir });
  const snapshot = await backend.index.open(identity);
  expect(backend.index.loading?.()).toEqual(['vectors']);
  expect((await health()).index.loading).toEqual(['vectors']);
  expect((await snapshot.lexical.search('troupes russes', 3)).length).toBe(3);
  expect((await snapshot.article(SEED_IDS.troopsEn))?.text.length).toBeGreaterThan(100);
  const loading = snapshot.vectors.loading?.();
  expect(loading).toBeInstanceOf(Promise);
  const query = await embedder.embedQuery('Russian troops at the border');
  const search = snapshot.vectors.search(query, 3);
  await expect.poll(wasRead, { timeout: 10_000 }).toBe(true);
  expect(await settled(search)).toBe(false);
  expect(await settled(loading!)).toBe(false);

  release();
  await loading;
  expect((await search).length).toBe(3);
  expect(snapshot.vectors.loading?.()).toBeUndefined();
  expect(backend.index.loading?.()).toEqual([]);
  expect((await health()).index).not.toHaveProperty('loading');
});

it('a vectors file that fails to load after the open is the generation damage: searches reject, verify() and the log say so', async () => {
  // Damage below the file system: VERIFIED vouches for the files as they are now, so the open trusts them.
  const generation = readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim();
  const vectorsFile = join(dataDir, generation, 'vectors.hnsw');
  writeFileSync(vectorsFile, readFileSync(vectorsFile).subarray(0, 4096));
  const signature = readdirSync(join(dataDir, generation)).sort().map((name) => {
    const info = statSync(join(dataDir, generation, name), { bigint: true });
    return `${name}:${info.size}:${info.mtimeNs}:${info.ctimeNs}:${info.ino}`;
  });
  writeFileSync(join(dataDir, 'VERIFIED'), `${generation}\n${signature.join('|')}`);
  const logged: string[] = [];
  const logger = { error: (_fields: unknown, message: string) => logged.push(message), warn: () => undefined, info: () => undefined, debug: () => undefined } as unknown as Logger;
  const backend = createLocalBackend(dataDir, logger);

  const snapshot = await backend.index.open(identity);
  expect((await snapshot.lexical.search('troupes russes', 3)).length).toBe(3);
  await expect(snapshot.vectors.search(await embedder.embedQuery('troops'), 3)).rejects.toThrow(/is corrupt \(vectors\.hnsw does not read\): run `crisisbot ingest`/u);
  expect(snapshot.vectors.loading?.()).toBeUndefined();
  expect(logged.join('\n')).toMatch(/vectors\.hnsw does not read/u);
  expect(await backend.index.verify?.()).toMatch(/vectors\.hnsw does not read/u);
  expect(backend.index.loading?.()).toEqual([]);
});
