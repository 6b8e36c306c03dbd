import { describe, expect, it } from 'vitest';
import { MiniSearchLexicalIndex } from '../../../src/store/local/minisearch-lexical-index.ts';
import type { Chunk, Lang } from '../../../src/types.ts';

function chunk(id: string, text: string, lang: Lang): Chunk {
  return { id, docId: id.split('#')[0] ?? id, index: Number(id.split('#')[1] ?? 0), title: id, lang, start: 0, end: text.length, text };
}

const CHUNKS = [
  chunk('fr#0', "Les sanctions seraient inutiles car il est interdit aux hauts fonctionnaires russes de posséder des biens à l'étranger.", 'fr'),
  chunk('fr#1', "Le gaz requis serait dans ce cas livré depuis l'Afrique du Nord et le Moyen-Orient.", 'fr'),
  chunk('fr#2', "Les sanctions en cas d'attaque couvriront celles prévues en 2014 lors de l'invasion de la Crimée.", 'fr'),
  chunk('en#0', 'Joe Biden announced the upcoming dispatch of a limited number of soldiers to Eastern Europe.', 'en'),
  chunk('en#1', 'Washington and the European Union are working to supply additional volumes of natural gas.', 'en'),
];

function build(): MiniSearchLexicalIndex {
  const index = MiniSearchLexicalIndex.create();
  index.add(CHUNKS);
  return index;
}

describe('MiniSearchLexicalIndex', () => {
  it('finds a French chunk for an accent-free, inflected query (stemming and folding)', () => {
    const index = build();
    expect(index.search('crimee invasions', 5)[0]?.chunkId).toBe('fr#2');
    expect(index.search('Afrique nord', 5)[0]?.chunkId).toBe('fr#1');
    expect(index.search('fonctionnaire russe etranger', 5)[0]?.chunkId).toBe('fr#0');
  });

  it('matches across languages where the stems agree (sanction/sanctions)', () => {
    const hits = build().search('sanction', 5).map((h) => h.chunkId);
    expect(hits.sort()).toEqual(['fr#0', 'fr#2']);
  });

  it('ignores stopwords of both languages and returns nothing for them alone', () => {
    expect(build().search('the of les des de la', 5)).toEqual([]);
  });

  it('returns BM25 scores in descending order and honours k', () => {
    const hits = build().search('gas gaz Europe soldiers', 2);
    expect(hits).toHaveLength(2);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
    expect(hits.every((h) => h.score > 0)).toBe(true);
  });

  it('round-trips through toJSON/fromJSON with the same results', () => {
    const index = build();
    const restored = MiniSearchLexicalIndex.fromJSON(index.toJSON());
    expect(restored.size).toBe(CHUNKS.length);
    for (const query of ['crimee', 'natural gas', 'soldats Europe', 'sanctions inutiles', 'Biden']) {
      expect(restored.search(query, 5)).toEqual(index.search(query, 5));
    }
  });

  it('remove() takes a chunk out of the results and the count', () => {
    const index = build();
    index.remove(['fr#2', 'not-there#9']);
    expect(index.size).toBe(CHUNKS.length - 1);
    expect(index.search('crimee', 5).map((h) => h.chunkId)).not.toContain('fr#2');
    expect(index.search('sanctions', 5).map((h) => h.chunkId)).toEqual(['fr#0']);
  });

  it('re-adding a chunk id replaces its text instead of duplicating it', () => {
    const index = build();
    index.add([chunk('en#0', 'Talks about the Nord Stream 2 pipeline resumed.', 'en')]);
    expect(index.size).toBe(CHUNKS.length);
    expect(index.search('soldiers dispatch', 5).map((h) => h.chunkId)).not.toContain('en#0');
    expect(index.search('pipeline', 5)[0]?.chunkId).toBe('en#0');
  });
});

describe('cached scores of frequent terms', () => {
  // 1,500 chunks: "russia" and "border" in most of them (cached), "gas" in a few (not cached).
  const many = Array.from({ length: 1_500 }, (_, i) =>
    chunk(`d${i}#0`, `${i % 3 === 0 ? 'Russia' : 'Moscow'} moved troops to the border ${i % 2 === 0 ? 'again and again near the border' : ''} ${i % 97 === 0 ? 'while gas prices rose' : ''} item${i}`, 'en'),
  );
  const queries = ['Russia border troops', 'russia russia border', 'gas border', 'Moscow troops item7', 'border'];

  it('gives exactly MiniSearch\'s scores and order, on first use and from the cache', () => {
    const index = MiniSearchLexicalIndex.fromJSON(JSON.stringify(JSON.parse(buildMany().toJSON())));
    for (let round = 0; round < 2; round++) {
      for (const query of queries) expect(index.search(query, 40)).toEqual(index.miniSearch(query, 40));
    }
  });

  it('forgets the cache when the index changes', () => {
    const index = buildMany();
    expect(index.search('russia border', 40)).toEqual(index.miniSearch('russia border', 40));
    index.remove(['d0#0', 'd3#0']);
    index.add([chunk('new#0', 'Russia border Russia border Russia border', 'en')]);
    expect(index.search('russia border', 40)).toEqual(index.miniSearch('russia border', 40));
    expect(index.search('russia border', 1)[0]?.chunkId).toBe('new#0');
  });

  function buildMany(): MiniSearchLexicalIndex {
    const index = MiniSearchLexicalIndex.create();
    index.add(many);
    return index;
  }
});
