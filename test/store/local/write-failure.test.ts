/**
 * A generation write that fails part-way (a full disk: one file gets ENOSPC while others are still
 * being written) must not report the failure, and remove its folder, before every file write it
 * started has ended: a write still in flight could create its file in the folder while it is being
 * removed, leaving a half-written generation behind (seen in the fault suite's full-disk case).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { LocalEmbedder } from '../../../src/embed/local-embedder.ts';
import { DEFAULT_CHUNK_OPTIONS } from '../../../src/ingest/chunk.ts';
import { ingest } from '../../../src/ingest/pipeline.ts';
import type { IndexIdentity } from '../../../src/ports.ts';
import { readIndex, writeIndex } from '../../../src/store/local/generation-files.ts';
import { LocalIndexRepository } from '../../../src/store/local/index-repository.ts';
import { removeDir, SEEDS_DIR, tempDir } from '../../support/seed-index.ts';

/** While set, writes of `stats.json` fail at once with ENOSPC and writes of `articles.bin` take 300 ms. */
const faults = vi.hoisted(() => ({ on: false, inFlight: 0 }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  const writeFile: typeof actual.writeFile = async (path, data, options) => {
    const name = typeof path === 'string' ? path.split('/').pop() : undefined;
    if (!faults.on || (name !== 'stats.json' && name !== 'articles.bin')) return actual.writeFile(path, data, options);
    faults.inFlight++;
    try {
      if (name === 'stats.json') throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      return await actual.writeFile(path, data, options);
    } finally {
      faults.inFlight--;
    }
  };
  return { ...actual, writeFile, default: { ...actual, writeFile } };
});

const embedder = new LocalEmbedder();
const identity: IndexIdentity = { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: DEFAULT_CHUNK_OPTIONS };
let root: string;
let dataDir: string;

beforeAll(async () => {
  root = tempDir('crisisbot-write-failure-');
  dataDir = join(root, 'data');
  await ingest({ corpusDir: SEEDS_DIR, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
});
afterAll(() => removeDir(root));

it('a write failing on one file reports the disk as full only after the other writes ended, and leaves only the previous generation', async () => {
  const live = readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim();
  const index = await readIndex(dataDir, identity);
  faults.on = true;
  let inFlightAtFailure = -1;
  try {
    await expect(
      writeIndex(dataDir, index).catch((error: unknown) => {
        inFlightAtFailure = faults.inFlight;
        throw error;
      }),
    ).rejects.toThrow(/disk is full/iu);
  } finally {
    faults.on = false;
  }
  expect(inFlightAtFailure).toBe(0);
  // Nothing is written into DATA_DIR after the failure was reported.
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(readdirSync(dataDir).filter((entry) => entry.startsWith('index-'))).toEqual([live]);
  expect(readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim()).toBe(basename(join(dataDir, live)));
});
