import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSources, scanCorpus, type CorpusFile, type SourcesFile } from '../../src/corpus/load.ts';
import { LocalEmbedder } from '../../src/embed/local-embedder.ts';
import { chunkArticle, DEFAULT_CHUNK_OPTIONS } from '../../src/ingest/chunk.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { MIN_PARALLEL_FILES, prepareBatch, PreparePool } from '../../src/ingest/prepare-pool.ts';
import { readIndex } from '../../src/store/local/generation-files.ts';
import { makeSyntheticCorpus } from '../../scripts/make-synthetic-corpus.ts';
import { CountingEmbedder, removeDir, SEEDS_DIR, tempDir } from '../support/seed-index.ts';
import { LocalIndexRepository } from '../../src/store/local/index-repository.ts';

describe('prepareBatch', () => {
  it('parses, chunks and embeds exactly like the inline steps, and counts document frequencies', async () => {
    const embedder = new LocalEmbedder();
    const { files } = await scanCorpus(SEEDS_DIR);
    const sources = await readSources(SEEDS_DIR, []);
    const batch = prepareBatch(files, sources, embedder, DEFAULT_CHUNK_OPTIONS);
    expect(batch.docIds).toEqual(files.map((f) => f.docId));
    const articles = batch.results.flatMap((r) => ('reason' in r ? [] : [r]));
    expect(articles).toHaveLength(5);
    expect(batch.chunks).toEqual(articles.flatMap((a) => chunkArticle(a, DEFAULT_CHUNK_OPTIONS)));
    const expected = await embedder.embedDocuments(batch.chunks.map((c) => c.text));
    expect(batch.vectors).toHaveLength(batch.chunks.length * embedder.dimensions);
    batch.chunks.forEach((_, i) => expect(Array.from(batch.vectors.subarray(i * 1024, (i + 1) * 1024))).toEqual(expected[i]));
    const df = new Float64Array(1024);
    for (const chunk of batch.chunks) for (const bucket of embedder.features(chunk.text).keys()) df[bucket]! += 1;
    expect(Array.from(batch.df)).toEqual(Array.from(df));
  });
});

describe('bulk ingest through worker threads', () => {
  let root: string;
  let corpus: string;
  let files: CorpusFile[];
  let sources: SourcesFile;
  let pool: PreparePool | undefined;

  beforeAll(async () => {
    root = tempDir('crisisbot-pool-');
    corpus = join(root, 'corpus');
    makeSyntheticCorpus({ seedsDir: SEEDS_DIR, outDir: corpus, articles: MIN_PARALLEL_FILES + 20, seed: 7 });
    ({ files } = await scanCorpus(corpus));
    sources = await readSources(corpus, []);
    pool = await PreparePool.start(new LocalEmbedder(), DEFAULT_CHUNK_OPTIONS, 2);
  }, 60_000);
  afterAll(async () => {
    await pool?.close();
    removeDir(root);
  });

  it('returns the inline result for every batch, in file order', async (context) => {
    if (!pool) return context.skip('worker threads cannot load the TypeScript sources here');
    const inline = prepareBatch(files, sources, new LocalEmbedder(), DEFAULT_CHUNK_OPTIONS);
    const results = [];
    const chunks = [];
    const vectors: number[] = [];
    const df = new Float64Array(1024);
    let batches = 0;
    for await (const batch of pool.prepare(files, sources, 16 * 1024)) {
      batches++;
      results.push(...batch.results);
      chunks.push(...batch.chunks);
      for (const v of batch.vectors) vectors.push(v);
      batch.df.forEach((n, b) => (df[b]! += n));
    }
    expect(batches).toBeGreaterThan(2);
    expect(results).toEqual(inline.results);
    expect(chunks).toEqual(inline.chunks);
    expect(vectors).toEqual(Array.from(inline.vectors));
    expect(Array.from(df)).toEqual(Array.from(inline.df));
  }, 60_000);

  it('writes the same index as the one-thread path', async (context) => {
    if (!pool) return context.skip('worker threads cannot load the TypeScript sources here');
    const chunking = DEFAULT_CHUNK_OPTIONS;
    const parallelDir = join(root, 'data-parallel');
    const inlineDir = join(root, 'data-inline');
    // The real local embedder takes the worker path; the counting wrapper around it does not.
    const parallel = await ingest({ corpusDir: corpus, repository: new LocalIndexRepository(parallelDir), embedder: new LocalEmbedder(), chunking });
    const inline = await ingest({ corpusDir: corpus, repository: new LocalIndexRepository(inlineDir), embedder: new CountingEmbedder(), chunking });
    expect(parallel.embeddedChunks).toBe(inline.embeddedChunks);
    expect(parallel.skipped).toEqual(inline.skipped);
    const identity = { embedderId: new LocalEmbedder().id, dimensions: 1024, chunking };
    const [a, b] = await Promise.all([readIndex(parallelDir, identity), readIndex(inlineDir, identity)]);
    expect([...a.articles.values()]).toEqual([...b.articles.values()]);
    expect([...a.chunks.values()]).toEqual([...b.chunks.values()]);
    expect(a.stats).toEqual(b.stats);
    expect(a.lexical.toJSON()).toBe(b.lexical.toJSON());
    const current = (dir: string): string => join(dir, readFileSync(join(dir, 'CURRENT'), 'utf8').trim());
    // The chunk offsets with their vector labels, byte for byte.
    expect(readFileSync(join(current(parallelDir), 'chunks.bin'))).toEqual(readFileSync(join(current(inlineDir), 'chunks.bin')));
    const embedder = new LocalEmbedder();
    for (const query of ['Russian troops at the border', 'sanctions contre la Russie', 'Biden Poutine sommet']) {
      const vector = await embedder.embedQuery(query);
      expect(a.vectors.search(vector, 10)).toEqual(b.vectors.search(vector, 10));
    }
  }, 120_000);
});
