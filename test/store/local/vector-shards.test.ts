/**
 * An index whose vectors are kept in several hnswlib files (shards, read side by side): written,
 * served, changed, damaged and repaired as the one-file index is, and answering the same. The
 * shard size is made small here so the seeds make several shards.
 */
import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, type CrisisAssistant } from '../../../src/app.ts';
import { LocalEmbedder } from '../../../src/embed/local-embedder.ts';
import { IndexError } from '../../../src/errors.ts';
import { DEFAULT_CHUNK_OPTIONS } from '../../../src/ingest/chunk.ts';
import { ingest } from '../../../src/ingest/pipeline.ts';
import type { IndexIdentity } from '../../../src/ports.ts';
import { readIndex } from '../../../src/store/local/generation-files.ts';
import { LocalIndexRepository } from '../../../src/store/local/index-repository.ts';
import { copySeeds, removeDir, tempDir, testConfig } from '../../support/seed-index.ts';

const embedder = new LocalEmbedder();
const identity: IndexIdentity = { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: DEFAULT_CHUNK_OPTIONS };
const SHARD_POINTS = 10;
const QUESTIONS = [
  'What did Biden say about sending troops to Eastern Europe?',
  'Quelles sanctions contre la Russie ?',
  'Que dit le Kremlin des négociations à Paris ?',
  'gas supplies to Europe',
];
const MADE_UP = 'Fishing ban\n\nThe Azov harbour master closed the port of Berdyansk to trawlers on Tuesday, citing floating mines near the breakwater.';

function generationDir(dataDir: string): string {
  return join(dataDir, readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim());
}

const run = (corpus: string, dataDir: string, shardPoints?: number): ReturnType<typeof ingest> =>
  ingest({ corpusDir: corpus, repository: new LocalIndexRepository(dataDir, undefined, shardPoints === undefined ? {} : { vectorShardPoints: shardPoints }), embedder, chunking: DEFAULT_CHUNK_OPTIONS });

async function retrievals(assistant: CrisisAssistant): Promise<Array<{ ids: string[]; answer: string }>> {
  const out = [];
  for (const question of QUESTIONS) {
    const found = await assistant.search(question, 8);
    out.push({ ids: found.passages.map((p) => p.chunk.id), answer: (await assistant.ask(question)).answer });
  }
  return out;
}

describe('vectors kept in shards', () => {
  let root: string;
  let corpus: string;
  let whole: Awaited<ReturnType<typeof retrievals>>;

  beforeAll(async () => {
    root = tempDir('crisisbot-shards-');
    corpus = copySeeds(join(root, 'corpus'));
    await run(corpus, join(root, 'one'));
    const assistant = await createAssistant(testConfig(corpus, join(root, 'one')));
    whole = await retrievals(assistant);
    await assistant.close();
  });
  afterAll(() => removeDir(root));

  it('an ingest past the shard size writes one checksummed file per shard and answers exactly as one file does', async () => {
    const dataDir = join(root, 'sharded');
    await run(corpus, dataDir, SHARD_POINTS);
    const index = await readIndex(dataDir, identity);
    const shards = Math.ceil(index.chunks.size / SHARD_POINTS);
    expect(shards).toBeGreaterThan(2);
    const generation = generationDir(dataDir);
    const manifest = JSON.parse(readFileSync(join(generation, 'manifest.json'), 'utf8')) as { vectorShards: number; checksums: Record<string, string> };
    expect(manifest.vectorShards).toBe(shards);
    const files = readdirSync(generation).filter((name) => name.endsWith('.hnsw')).sort();
    expect(files).toEqual(['vectors.hnsw', ...Array.from({ length: shards - 1 }, (_, s) => `vectors.${s + 1}.hnsw`)].sort());
    for (const file of files) expect(manifest.checksums[file]).toMatch(/^[0-9a-f]{64}$/u);
    const assistant = await createAssistant(testConfig(corpus, dataDir));
    expect(await retrievals(assistant)).toEqual(whole);
    await assistant.close();
  });

  it('a damaged further shard is refused as corrupt, and the next ingest re-embeds it: same answers after', async () => {
    const dataDir = join(root, 'damaged');
    await run(corpus, dataDir, SHARD_POINTS);
    truncateSync(join(generationDir(dataDir), 'vectors.2.hnsw'), 64);
    await expect(readIndex(dataDir, identity)).rejects.toSatisfy((error: unknown) => error instanceof IndexError && error.code === 'INDEX_CORRUPT');
    const summary = await run(corpus, dataDir, SHARD_POINTS);
    expect(summary.repaired).toContain('vectors.2.hnsw');
    expect(summary.embeddedChunks).toBe(0);
    const assistant = await createAssistant(testConfig(corpus, dataDir));
    expect(await retrievals(assistant)).toEqual(whole);
    await assistant.close();
  });

  it('a sharded index takes a new article and drops a removed one without re-embedding the rest', async () => {
    const dataDir = join(root, 'changed');
    await run(corpus, dataDir, SHARD_POINTS);
    const extra = join(corpus, 'azov-fishing.txt');
    writeFileSync(extra, MADE_UP);
    try {
      const added = await run(corpus, dataDir, SHARD_POINTS);
      expect(added.embeddedChunks).toBeGreaterThan(0);
      expect(added.embeddedChunks).toBeLessThan(3);
      const assistant = await createAssistant(testConfig(corpus, dataDir));
      expect((await assistant.search('Berdyansk port closed to trawlers', 1)).passages[0]?.chunk.docId).toBe('azov-fishing');
      await assistant.close();
    } finally {
      rmSync(extra, { force: true });
    }
    const removed = await run(corpus, dataDir, SHARD_POINTS);
    expect(removed.embeddedChunks).toBe(0);
    const assistant = await createAssistant(testConfig(corpus, dataDir));
    expect(await retrievals(assistant)).toEqual(whole);
    await assistant.close();
  });
});
