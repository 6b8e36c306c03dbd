/**
 * Contract of IndexRepository / IndexSnapshot / IndexTransaction, for every backend: what a
 * publish makes visible (and when), that a snapshot never changes under its reader, that abort
 * leaves nothing, and that a mismatched index is refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexError } from '../../src/errors.ts';
import type { IndexIdentity } from '../../src/ports.ts';
import { article, EN, FR, IDENTITY, NEW, OTHER, published, putAll, vectorsOf, type BackendFixture, type MakeBackend } from './fixtures.ts';

async function indexError(promise: Promise<unknown>): Promise<IndexError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof IndexError)) throw new Error(`expected an IndexError, got ${String(error)}`);
  return error;
}

export function indexRepositoryContract(name: string, makeBackend: MakeBackend): void {
  describe(`IndexRepository contract: ${name}`, () => {
    let fixture: BackendFixture;
    beforeEach(async () => {
      fixture = await makeBackend();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('has no generation before the first publish: open() says INDEX_MISSING', async () => {
      const { index } = fixture.backend;
      expect(await index.currentGeneration()).toBeUndefined();
      expect((await indexError(index.open(IDENTITY))).code).toBe('INDEX_MISSING');
    });

    it('publishes articles, chunks, manifest and feature statistics, read back exactly', async () => {
      const { index } = fixture.backend;
      const tx = await index.begin(IDENTITY);
      await putAll(tx, [EN, FR]);
      await tx.putFeatureStats({ documents: 5, df: Float64Array.from([5, 4, 3, 2, 1, 0, 0, 1]) });
      const generation = await tx.publish();
      expect(await index.currentGeneration()).toBe(generation);
      const snapshot = await index.open(IDENTITY);
      expect(snapshot.generation).toBe(generation);
      expect(snapshot.identity).toEqual(IDENTITY);
      expect((await snapshot.articles()).map((a) => [a.docId, a.title, a.lang, a.chunks])).toEqual([
        ['doc-en', EN.article.title, 'en', 3],
        ['doc-fr', FR.article.title, 'fr', 2],
      ]);
      expect(await snapshot.article('doc-fr')).toEqual(FR.article);
      expect(await snapshot.article('nope')).toBeUndefined();
      expect(await snapshot.chunk('doc-en#1')).toEqual(EN.chunks[1]);
      expect(await snapshot.chunks(['doc-fr#1', 'missing#0', 'doc-en#0'])).toEqual([FR.chunks[1], EN.chunks[0]]);
      expect(await snapshot.chunksOf('doc-en')).toEqual(EN.chunks);
      for (const chunk of await snapshot.chunksOf('doc-fr')) expect((await snapshot.article('doc-fr'))?.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
      expect((await snapshot.files())['doc-en']).toMatchObject({ path: 'doc-en.txt', hash: 'hash-doc-en', chunks: 3, cleaningVersion: 1 });
      const stats = await snapshot.featureStats();
      expect(stats?.documents).toBe(5);
      expect(Array.from(stats?.df ?? [])).toEqual([5, 4, 3, 2, 1, 0, 0, 1]);
      expect(await snapshot.vectors.size()).toBe(5);
    });

    it('readers never see a write in progress, and an open snapshot never changes (publish is atomic)', async () => {
      const { index } = fixture.backend;
      const first = await published(fixture.backend);
      const before = await index.open(IDENTITY);
      const tx = await index.begin(IDENTITY);
      await tx.removeArticle('doc-fr');
      await tx.putFile('doc-fr', undefined);
      await putAll(tx, [NEW]);
      // Mid-write: the live generation and what it serves are unchanged.
      expect(await index.currentGeneration()).toBe(first);
      const during = await index.open(IDENTITY);
      expect((await during.articles()).map((a) => a.docId)).toEqual(['doc-en', 'doc-fr', 'doc-other']);
      expect(await during.chunk('doc-new#0')).toBeUndefined();
      const second = await tx.publish();
      expect(second).not.toBe(first);
      expect(await index.currentGeneration()).toBe(second);
      const after = await index.open(IDENTITY);
      expect((await after.articles()).map((a) => a.docId)).toEqual(['doc-en', 'doc-new', 'doc-other']);
      expect(await after.chunksOf('doc-fr')).toEqual([]);
      expect(await after.chunk('doc-fr#0')).toBeUndefined();
      expect(Object.keys(await after.files())).not.toContain('doc-fr');
      // The snapshot opened before still serves the old generation, whole.
      expect(before.generation).toBe(first);
      expect((await before.articles()).map((a) => a.docId)).toEqual(['doc-en', 'doc-fr', 'doc-other']);
      expect(await before.chunk('doc-fr#0')).toEqual(FR.chunks[0]);
      expect((await before.vectors.search(vectorsOf([FR.chunks[0]!])[0]!, 1))[0]?.chunkId).toBe('doc-fr#0');
      expect((await before.lexical.search('frontière troupes', 1))[0]?.chunkId).toBe('doc-fr#0');
    });

    it('putArticle replaces every chunk of the article (fewer chunks: the old ones go)', async () => {
      const { index } = fixture.backend;
      await published(fixture.backend);
      const shorter = article('doc-en', 'en', ['Russia massed troops near the Ukrainian border.']);
      const tx = await index.begin(IDENTITY);
      await tx.putArticle(shorter.article, shorter.chunks, vectorsOf(shorter.chunks));
      await tx.publish();
      const snapshot = await index.open(IDENTITY);
      expect(await snapshot.chunksOf('doc-en')).toEqual(shorter.chunks);
      expect(await snapshot.chunk('doc-en#2')).toBeUndefined();
      expect(await snapshot.vectors.size()).toBe(4);
      expect((await snapshot.lexical.search('Geneva diplomats', 5)).map((h) => h.chunkId)).not.toContain('doc-en#2');
      expect((await snapshot.articles()).find((a) => a.docId === 'doc-en')?.chunks).toBe(1);
    });

    it('abort leaves the live generation as it was', async () => {
      const { index } = fixture.backend;
      const generation = await published(fixture.backend);
      const tx = await index.begin(IDENTITY);
      await tx.removeArticle('doc-en');
      await tx.abort();
      expect(await index.currentGeneration()).toBe(generation);
      const snapshot = await index.open(IDENTITY);
      expect(await snapshot.chunksOf('doc-en')).toEqual(EN.chunks);
    });

    it('a rebuild starts from empty', async () => {
      const { index } = fixture.backend;
      await published(fixture.backend);
      const tx = await index.begin(IDENTITY, { rebuild: true });
      await putAll(tx, [OTHER]);
      await tx.publish();
      const snapshot = await index.open(IDENTITY);
      expect((await snapshot.articles()).map((a) => a.docId)).toEqual(['doc-other']);
      expect(Object.keys(await snapshot.files())).toEqual(['doc-other']);
      expect(await snapshot.vectors.size()).toBe(1);
    });

    it('refuses an index built with another embedder, dimension count or chunking (INDEX_MISMATCH)', async () => {
      const { index } = fixture.backend;
      await published(fixture.backend);
      const others: IndexIdentity[] = [
        { ...IDENTITY, embedderId: 'another-embedder' },
        { ...IDENTITY, chunking: { ...IDENTITY.chunking, targetChars: 300 } },
      ];
      for (const other of others) {
        const error = await indexError(index.open(other));
        expect(error.code).toBe('INDEX_MISMATCH');
        expect(error.message).toMatch(/ingest/u);
      }
    });

    it('a second process sees the published generation', async () => {
      const generation = await published(fixture.backend);
      const other = await fixture.reopen();
      try {
        expect(await other.index.currentGeneration()).toBe(generation);
        expect(await (await other.index.open(IDENTITY)).chunksOf('doc-fr')).toEqual(FR.chunks);
      } finally {
        await other.close();
      }
    });
  });
}
