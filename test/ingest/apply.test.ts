import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../../src/embed/local-embedder.ts';
import { refreshRecord, removeDocuments, retitleArticle, storeArticle, type ApplyContext } from '../../src/ingest/apply.ts';
import { countChunks, startCounts } from '../../src/ingest/feature-counts.ts';
import type { IndexIdentity, ManifestFile } from '../../src/ports.ts';
import { LocalIndexRepository } from '../../src/store/local/index-repository.ts';
import { article } from '../contract/fixtures.ts';

const embedder = new LocalEmbedder();
const identity: IndexIdentity = { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: { targetChars: 400, maxChars: 600, overlapChars: 0 } };
const EN = article('doc-en', 'en', ['Russia massed troops near the Ukrainian border.', 'Western leaders threatened sanctions against Moscow.']);
const FR = article('doc-fr', 'fr', ['La Russie a massé des troupes à la frontière.']);
const record = (chunks: number, extra: Partial<ManifestFile> = {}): ManifestFile => ({ path: 'x.txt', hash: 'h', size: 10, mtimeMs: 1, chunks, cleaningVersion: 2, factsHash: '', ...extra });

describe('apply: the changes of one ingest into a transaction', () => {
  let dataDir: string;
  let repository: LocalIndexRepository;

  /** Publishes EN and FR with their feature counts, then opens a transaction over them. */
  async function applyContext(): Promise<ApplyContext> {
    const first = await repository.begin(identity);
    const counts = startCounts(undefined, embedder)!;
    const files: Record<string, ManifestFile> = {};
    const ctx: ApplyContext = { tx: first, base: undefined, embedder, counts, files };
    for (const doc of [EN, FR]) {
      await storeArticle(ctx, { ...doc, vectors: await embedder.embedDocuments(doc.chunks.map((c) => c.text)) }, record(doc.chunks.length));
      countChunks(counts, embedder, doc.chunks, 1);
    }
    await first.putFeatureStats(counts);
    await first.publish();
    const base = await repository.open(identity);
    return { tx: await repository.begin(identity), base, embedder, counts: startCounts(await base.featureStats(), embedder), files: await base.files() };
  }

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'crisisbot-apply-'));
    repository = new LocalIndexRepository(dataDir);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('removing a document drops its chunks, its manifest record and its feature counts', async () => {
    const ctx = await applyContext();
    const expected = startCounts(undefined, embedder)!;
    countChunks(expected, embedder, FR.chunks, 1);
    await removeDocuments(ctx, ['doc-en']);
    expect(ctx.files['doc-en']).toBeUndefined();
    expect(ctx.counts).toEqual(expected);
    await ctx.tx.publish();
    const snapshot = await repository.open(identity);
    expect(await snapshot.chunksOf('doc-en')).toEqual([]);
    expect(Object.keys(await snapshot.files())).toEqual(['doc-fr']);
  });

  it('storing a new version forgets the old chunks in the counts (the new ones are counted by prepare)', async () => {
    const ctx = await applyContext();
    const shorter = article('doc-en', 'en', ['Only one sentence is left.']);
    await storeArticle(ctx, { ...shorter, vectors: await embedder.embedDocuments(shorter.chunks.map((c) => c.text)) }, record(1));
    expect(ctx.counts?.documents).toBe(FR.chunks.length);
    expect(ctx.files['doc-en']?.chunks).toBe(1);
    await ctx.tx.publish();
    expect(await (await repository.open(identity)).chunksOf('doc-en')).toEqual(shorter.chunks);
  });

  it('a new title keeps the chunks and their vectors, retitled', async () => {
    const ctx = await applyContext();
    const before = await ctx.base!.vectors.vector('doc-en#1');
    await retitleArticle(ctx, { ...EN.article, title: 'A better title' }, record(2));
    await ctx.tx.publish();
    const snapshot = await repository.open(identity);
    expect((await snapshot.chunksOf('doc-en')).map((c) => [c.text, c.title])).toEqual(EN.chunks.map((c) => [c.text, 'A better title']));
    // The same vector (hnswlib normalises it again on insert: equal to float precision).
    const after = await snapshot.vectors.vector('doc-en#1');
    expect(after).toHaveLength(before!.length);
    after!.forEach((x, i) => expect(x).toBeCloseTo(before![i]!, 6));
  });

  it('a record whose modification time alone changed is kept, but is no reason to publish', async () => {
    const ctx = await applyContext();
    expect(await refreshRecord(ctx, 'doc-fr', { ...ctx.files['doc-fr']!, mtimeMs: 99 })).toBe(false);
    expect(ctx.files['doc-fr']?.mtimeMs).toBe(99);
    expect(await refreshRecord(ctx, 'doc-fr', { ...ctx.files['doc-fr']!, cleaningVersion: 3 })).toBe(true);
    expect(await refreshRecord(ctx, 'unknown', record(1))).toBe(false);
    await ctx.tx.abort();
  });
});
