/**
 * A publish survives a power cut: the new generation's files and folder, and the CURRENT temp
 * pointer, are flushed to disk before the rename that makes it live, and DATA_DIR after it. The
 * steps are the real file-system calls, recorded in order; a failure between them (as a crash
 * would leave things) keeps the previous generation live and serving the same results.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LocalEmbedder } from '../../../src/embed/local-embedder.ts';
import { DEFAULT_CHUNK_OPTIONS } from '../../../src/ingest/chunk.ts';
import { ingest } from '../../../src/ingest/pipeline.ts';
import type { IndexIdentity } from '../../../src/ports.ts';
import { DISK_STEPS, type PublishSteps } from '../../../src/store/local/durability.ts';
import { readIndex, writeIndex } from '../../../src/store/local/generation-files.ts';
import { LocalIndexRepository } from '../../../src/store/local/index-repository.ts';
import { removeDir, SEEDS_DIR, tempDir } from '../../support/seed-index.ts';

const embedder = new LocalEmbedder();
const identity: IndexIdentity = { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: DEFAULT_CHUNK_OPTIONS };
let root: string;
let dataDir: string;

/** The real steps, each recorded as "<step> <path relative to DATA_DIR>" before it runs. */
function recording(log: string[], failAt?: string): PublishSteps {
  const rel = (path: string): string => path.slice(dataDir.length + 1) || '.';
  const step = <A extends string[]>(name: string, run: (...args: A) => Promise<void>) => async (...args: A): Promise<void> => {
    const entry = `${name} ${args.map(rel).join(' → ')}`;
    log.push(entry);
    if (failAt !== undefined && entry.startsWith(failAt)) throw Object.assign(new Error('power cut'), { code: 'EIO' });
    await run(...args);
  };
  return { syncFile: step('syncFile', DISK_STEPS.syncFile), syncDir: step('syncDir', DISK_STEPS.syncDir), rename: step('rename', DISK_STEPS.rename) };
}

const current = (): string => readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim();

beforeAll(async () => {
  root = tempDir('crisisbot-durability-');
  dataDir = join(root, 'data');
  await ingest({ corpusDir: SEEDS_DIR, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
});
afterAll(() => removeDir(root));

it('flushes every file of the new generation, its folder and the pointer before the rename, and DATA_DIR after it', async () => {
  const log: string[] = [];
  const generation = await writeIndex(dataDir, await readIndex(dataDir, identity), recording(log));
  expect(current()).toBe(generation);
  const files = readdirSync(join(dataDir, generation)).sort();
  expect(files).toEqual(['articles.bin', 'chunks.bin', 'files.json', 'lexical.bin', 'manifest.json', 'stats.json', 'vectors.hnsw', 'vocabulary.json']);
  const pointer = `CURRENT.${process.pid}.tmp`;
  expect(log.slice(0, files.length).sort()).toEqual(files.map((file) => `syncFile ${generation}/${file}`));
  expect(log.slice(files.length)).toEqual([`syncDir ${generation}`, `syncFile ${pointer}`, 'syncDir .', `rename ${pointer} → CURRENT`, 'syncDir .']);
});

for (const failAt of ['syncFile index-', 'syncDir index-', 'syncFile CURRENT', 'rename']) {
  it(`a failure at "${failAt}…" leaves the previous generation live, whole and serving, and nothing half-written`, async () => {
    const before = current();
    const entries = readdirSync(dataDir).sort();
    const data = await readIndex(dataDir, identity);
    const expected = data.lexical.search('sanctions Putin', 5);
    await expect(writeIndex(dataDir, data, recording([], failAt))).rejects.toThrow(/power cut/u);
    expect(current()).toBe(before);
    expect(readdirSync(dataDir).sort()).toEqual(entries);
    const served = await readIndex(dataDir, identity);
    expect(served.lexical.search('sanctions Putin', 5)).toEqual(expected);
  });
}
