/**
 * Contract of LexicalIndex, for every backend: BM25-style ranking of the chunks holding the
 * query's words (any of them), best first, folded and stemmed like the local index, with filters.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IndexSnapshot } from '../../src/ports.ts';
import { IDENTITY, published, type BackendFixture, type MakeBackend } from './fixtures.ts';

export function lexicalIndexContract(name: string, makeBackend: MakeBackend): void {
  describe(`LexicalIndex contract: ${name}`, () => {
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

    it('ranks the chunk holding the query words first, positive scores, best first', async () => {
      const hits = await snapshot.lexical.search('Geneva talks', 5);
      expect(hits[0]?.chunkId).toBe('doc-en#2');
      for (const hit of hits) expect(hit.score).toBeGreaterThan(0);
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    });

    it('matches any of the words (OR), a chunk with more of them ranking higher', async () => {
      const ids = (await snapshot.lexical.search('sanctions Geneva', 5)).map((h) => h.chunkId);
      expect(ids).toEqual(expect.arrayContaining(['doc-en#1', 'doc-en#2', 'doc-fr#1']));
      const both = (await snapshot.lexical.search('troops border Ukrainian', 5))[0];
      expect(both?.chunkId).toBe('doc-en#0');
    });

    it('folds case and accents and stems (sanction ~ sanctions, frontiere ~ frontière)', async () => {
      expect((await snapshot.lexical.search('SANCTION', 5)).map((h) => h.chunkId)).toEqual(expect.arrayContaining(['doc-en#1', 'doc-fr#1']));
      expect((await snapshot.lexical.search('frontiere', 5))[0]?.chunkId).toBe('doc-fr#0');
    });

    it('honours k; nothing for words no chunk holds, or a query of stopwords only', async () => {
      expect(await snapshot.lexical.search('sanctions', 1)).toHaveLength(1);
      expect(await snapshot.lexical.search('zeppelin quokka', 5)).toEqual([]);
      expect(await snapshot.lexical.search('the and of', 5)).toEqual([]);
    });

    it('filters by document and by language; an empty list matches nothing', async () => {
      expect((await snapshot.lexical.search('sanctions', 5, { langs: ['fr'] })).map((h) => h.chunkId)).toEqual(['doc-fr#1']);
      expect((await snapshot.lexical.search('sanctions', 5, { docIds: ['doc-en'] })).map((h) => h.chunkId)).toEqual(['doc-en#1']);
      expect(await snapshot.lexical.search('sanctions', 5, { docIds: ['doc-other'] })).toEqual([]);
      expect(await snapshot.lexical.search('sanctions', 5, { langs: [] })).toEqual([]);
    });
  });
}
