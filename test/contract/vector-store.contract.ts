/**
 * Contract of VectorStore, for every backend: similarity (higher is better, never a distance),
 * nearest first, `k` honoured, filters by document and language, stored vectors read back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IndexSnapshot } from '../../src/ports.ts';
import { cosine, IDENTITY, published, unit, VECTORS, type BackendFixture, type MakeBackend } from './fixtures.ts';

export function vectorStoreContract(name: string, makeBackend: MakeBackend): void {
  describe(`VectorStore contract: ${name}`, () => {
    let fixture: BackendFixture;
    let snapshot: IndexSnapshot;
    beforeEach(async () => {
      fixture = await makeBackend();
      await published(fixture.backend);
      snapshot = await fixture.backend.index.open(IDENTITY);
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('returns the nearest chunks first, with cosine similarity (1 for the same direction)', async () => {
      const hits = await snapshot.vectors.search(VECTORS['doc-en#1']!, 3);
      expect(hits).toHaveLength(3);
      expect(hits[0]?.chunkId).toBe('doc-en#1');
      expect(hits[0]?.similarity).toBeCloseTo(1, 5);
      // doc-fr#1 leans towards axis 1: the next nearest.
      expect(hits[1]?.chunkId).toBe('doc-fr#1');
      expect(hits[1]?.similarity).toBeCloseTo(cosine(VECTORS['doc-en#1']!, VECTORS['doc-fr#1']!), 4);
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.similarity).toBeGreaterThanOrEqual(hits[i]!.similarity);
    });

    it('honours k and never returns more chunks than it holds', async () => {
      expect(await snapshot.vectors.search(unit(0), 1)).toHaveLength(1);
      expect(await snapshot.vectors.search(unit(0), 50)).toHaveLength(6);
      expect(await snapshot.vectors.size()).toBe(6);
    });

    it('filters by document, by language, and by both; an empty list matches nothing', async () => {
      const query = VECTORS['doc-en#0']!;
      expect((await snapshot.vectors.search(query, 10, { docIds: ['doc-fr'] })).map((h) => h.chunkId).sort()).toEqual(['doc-fr#0', 'doc-fr#1']);
      expect((await snapshot.vectors.search(query, 10, { langs: ['fr'] })).map((h) => h.chunkId).sort()).toEqual(['doc-fr#0', 'doc-fr#1']);
      const english = await snapshot.vectors.search(query, 10, { langs: ['en'] });
      expect(english.map((h) => h.chunkId).sort()).toEqual(['doc-en#0', 'doc-en#1', 'doc-en#2', 'doc-other#0']);
      expect(english[0]?.chunkId).toBe('doc-en#0');
      expect(await snapshot.vectors.search(query, 10, { docIds: ['doc-fr'], langs: ['en'] })).toEqual([]);
      expect(await snapshot.vectors.search(query, 10, { docIds: [] })).toEqual([]);
      expect((await snapshot.vectors.search(query, 1, { docIds: ['doc-other', 'doc-fr'] }))[0]?.chunkId).toBe('doc-fr#0');
    });

    it('reads a stored vector back (normalised), and nothing for an unknown chunk', async () => {
      const stored = await snapshot.vectors.vector('doc-fr#0');
      expect(stored).toBeInstanceOf(Float32Array);
      expect(stored).toHaveLength(IDENTITY.dimensions);
      expect(cosine(stored!, VECTORS['doc-fr#0']!)).toBeCloseTo(1, 5);
      expect(Math.hypot(...stored!)).toBeCloseTo(1, 5);
      expect(await snapshot.vectors.vector('missing#0')).toBeUndefined();
    });
  });
}
