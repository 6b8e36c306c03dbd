/**
 * The fast BM25 path reads MiniSearch's private fields (pinned at minisearch 7.2.0), and so do the
 * compact postings a served generation searches (bm25-postings.ts): on generated corpora both must
 * give exactly what MiniSearch's public `search()` gives — same chunks, same order
 * (ties included), same scores — fresh, after discards and compaction, after a save/load round
 * trip, with filters, and on a corpus whose frequent terms' long lists the served search prunes
 * (MaxScore: only probed for chunks the rarer terms list, bounds below the k-th score skipped).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Bm25Postings, decodePostings } from '../../../src/store/local/bm25-postings.ts';
import { MiniSearchLexicalIndex } from '../../../src/store/local/minisearch-lexical-index.ts';
import type { Chunk, Lang } from '../../../src/types.ts';

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'russia ukraine border troops sanctions moscow kyiv nato talks gas pipeline minister president army tanks ' +
  'diplomacy geneva summit crisis invasion security europe washington biden putin zelensky macron scholz ' +
  'frontière troupes sanctions négociations président ministre armée gazoduc sécurité crise invasion ' +
  'réunion sommet dirigeants occidentaux menace militaire économie énergie prix élections parlement ' +
  'the of and a to in le la les des du et à en est il elle'
).split(' ');

/** Zipf-like pick: early words much more often than late ones. */
function pick(rand: () => number): string {
  return WORDS[Math.floor(WORDS.length * rand() ** 2.2)] ?? 'russia';
}

function corpus(seed: number, size: number): Chunk[] {
  const rand = random(seed);
  return Array.from({ length: size }, (_, i) => {
    const length = 3 + Math.floor(rand() * 60);
    const words = Array.from({ length }, () => pick(rand));
    const text = words.map((w, j) => (j === 0 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ') + '.';
    const lang: Lang = rand() < 0.5 ? 'en' : 'fr';
    return { id: `g${seed}-${i}#0`, docId: `g${seed}-${i}`, index: 0, title: `T${i}`, lang, start: 0, end: text.length, text };
  });
}

function queries(seed: number, count: number): string[] {
  const rand = random(seed * 7919);
  const out = ['zeppelin', 'the and of', 'Russia russia RUSSIA', 'frontiere troupe', 'sanction'];
  for (let i = 0; i < count; i++) out.push(Array.from({ length: 1 + Math.floor(rand() * 7) }, () => pick(rand)).join(' '));
  return out;
}

/**
 * Fast paths first (they read, never write), then MiniSearch (whose search trims stale postings):
 * the path over MiniSearch's maps, and the compact postings file a served generation searches.
 */
function expectParity(index: MiniSearchLexicalIndex, qs: string[], accept?: (chunkId: string) => boolean, served?: Bm25Postings): void {
  for (const q of qs) {
    for (const k of [1, 10, 5000]) {
      const fast = index.search(q, k, accept);
      const compact = served?.search(q, k, accept);
      const reference = index.miniSearch(q, k, accept);
      for (const [path, hits] of [['fast', fast], ['postings', compact ?? reference]] as const) {
        expect(hits.map((h) => h.chunkId), `${path}: ${q} @${k}`).toEqual(reference.map((h) => h.chunkId));
        hits.forEach((hit, i) => expect(hit.score, `${path}: ${q} @${k} #${i}`).toBeCloseTo(reference[i]!.score, 10));
      }
    }
  }
}

/** The served form of a compacted index: its postings file, written and read back. */
function served(index: MiniSearchLexicalIndex): Bm25Postings {
  return Bm25Postings.fromBytes(new Uint8Array(index.toPostings()));
}

describe('fast BM25 path = MiniSearch public search()', () => {
  it('runs against the pinned MiniSearch version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.minisearch).toBe('7.2.0');
  });

  for (const seed of [1, 2, 3]) {
    it(`on a generated corpus (seed ${seed}): fresh, filtered, after discards, compacted, reloaded`, async () => {
      const chunks = corpus(seed, 400);
      const qs = queries(seed, 40);
      const index = MiniSearchLexicalIndex.create();
      index.add(chunks);
      expectParity(index, qs, undefined, served(index));
      const french = new Set(chunks.filter((c) => c.lang === 'fr').map((c) => c.id));
      expectParity(index, qs.slice(0, 15), (id) => french.has(id), served(index));
      // Discarded chunks linger in the posting lists until compaction; meanwhile MiniSearch's own
      // scores drift with each search (it trims stale postings as it reads them), so search defers
      // to it, and only never returns a discarded chunk. Publishing compacts.
      const removed = new Set(chunks.filter((_, i) => i % 5 === 0).map((c) => c.id));
      index.remove([...removed]);
      index.add(corpus(seed + 100, 30));
      for (const q of qs) for (const hit of index.search(q, 5000)) expect(removed.has(hit.chunkId)).toBe(false);
      await index.compact();
      expectParity(index, qs, undefined, served(index));
      expectParity(MiniSearchLexicalIndex.fromJSON(index.toJSON()), qs);
      // The next ingest's copy, rebuilt from the postings file, scores as the index it was written from.
      const rebuilt = MiniSearchLexicalIndex.fromPostings(decodePostings(index.toPostings()));
      expectParity(rebuilt, qs, undefined, served(rebuilt));
      expect(rebuilt.toPostings().equals(index.toPostings())).toBe(true);
    });
  }

  it('on long queries with repeated terms (alias-expanded renderings), at k 1 to 5000: no true top-k hit is dropped', () => {
    const index = MiniSearchLexicalIndex.create();
    index.add(corpus(11, 3_000));
    const rand = random(1_234);
    // 12 to 30 query words, frequent ones and repeats among them, as the alias table's renderings of Biden or Putin give.
    const qs = Array.from({ length: 25 }, () => Array.from({ length: 12 + Math.floor(rand() * 19) }, () => pick(rand)).join(' '));
    qs.push('putin putin putin president president russia kremlin kremlin zeppelin russia the');
    const compact = served(index);
    for (const k of [1, 3, 40, 200, 5000]) {
      for (const q of qs) {
        const reference = index.miniSearch(q, k);
        const hits = compact.search(q, k);
        expect(hits.map((h) => h.chunkId), `${q} @${k}`).toEqual(reference.map((h) => h.chunkId));
        hits.forEach((hit, i) => expect(hit.score, `${q} @${k} #${i}`).toBe(reference[i]!.score));
      }
    }
    // Most of these searches pass to summing term at a time once the k-th score has settled.
    expect(compact.sweeps).toBeGreaterThan(qs.length);
  });

  it('summing term at a time leaves nothing behind for the next search, even when a filter throws midway', () => {
    const index = MiniSearchLexicalIndex.create();
    index.add(corpus(13, 2_000));
    const compact = served(index);
    const rand = random(77);
    const qs = Array.from({ length: 12 }, () => Array.from({ length: 15 + Math.floor(rand() * 10) }, () => pick(rand)).join(' '));
    // A filter that fails once the search has started summing term at a time.
    let thrown = 0;
    for (const q of qs) {
      const before = compact.sweeps;
      try {
        compact.search(q, 40, () => {
          if (compact.sweeps > before) throw new Error('filter failed');
          return true;
        });
      } catch {
        thrown++;
      }
    }
    expect(thrown).toBeGreaterThan(0);
    for (const q of qs) expect(compact.search(q, 40)).toEqual(index.miniSearch(q, 40));
    const odd = (id: string): boolean => Number(id.split('-')[1]!.split('#')[0]) % 2 === 1;
    for (const q of qs) expect(compact.search(q, 10, odd)).toEqual(index.miniSearch(q, 10, odd));
  });

  it('a query analysed to the same terms as the one before is answered alike, and its hits are the caller\'s own', () => {
    const index = MiniSearchLexicalIndex.create();
    index.add(corpus(12, 500));
    const compact = served(index);
    const first = compact.search('Russia sanctions, Moscow!', 10);
    first[0]!.score = -1;
    first.pop();
    const again = compact.search('russia SANCTIONS moscow', 10);
    expect(again).toEqual(index.miniSearch('russia sanctions moscow', 10));
    expect(compact.search('russia sanctions moscow', 3)).toEqual(index.miniSearch('russia sanctions moscow', 3));
    expect(compact.search('kyiv talks', 10)).toEqual(index.miniSearch('kyiv talks', 10));
  });

  it('on a large generated corpus whose frequent terms\' long lists are pruned', () => {
    const index = MiniSearchLexicalIndex.create();
    index.add(corpus(9, 3_000));
    const qs = queries(9, 30);
    // Twice: the first search computes each term's best posting score, the second reads it.
    const compact = served(index);
    expectParity(index, qs, undefined, compact);
    expectParity(index, qs, undefined, compact);
  });
});
