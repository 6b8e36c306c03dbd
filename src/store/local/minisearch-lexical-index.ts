/**
 * Lexical index adapter over MiniSearch (BM25+). Terms are folded, stopword-free and stemmed by
 * both the French and the English Snowball stemmer (see corpus/text.ts), so the same name or
 * cognate matches whatever the language of the article.
 *
 * MiniSearch stays the index of record (adding, discarding, serialising), but top-k search is
 * scored here, straight over its posting lists, into typed arrays: MiniSearch's own `search`
 * builds a result object (with match details) for every matching chunk and sorts them all, which
 * on a corpus of 50,000 chunks costs tens of milliseconds per query for the common terms. The
 * scores and their order are exactly MiniSearch's (same BM25+ formula, parameters, summation
 * order, matched-term multiplier and stable tie order); if MiniSearch's internals ever change
 * shape, search falls back to `MiniSearch.search`.
 */
import MiniSearch from 'minisearch';
import { isStopword, stems, words } from '../../corpus/text.ts';
import type { LexicalHit } from '../../ports.ts';
import type { Chunk } from '../../types.ts';
import { BM25, encodePostings, insertTopK, type PostingsData } from './bm25-postings.ts';

interface IndexedChunk {
  id: string;
  text: string;
}

const OPTIONS = {
  fields: ['text'],
  idField: 'id',
  tokenize: (text: string): string[] => words(text),
  processTerm: (term: string): string[] | null => (isStopword(term) ? null : stems(term)),
};

/** Terms with at least this many postings get their scores cached, up to this many postings in all (12 bytes each). */
const CACHE_MIN_POSTINGS = 512;
const CACHE_MAX_POSTINGS = 2_000_000;


/** The parts of MiniSearch 7's private state that scoring reads (never writes). */
interface MiniSearchInternals {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined; [Symbol.iterator](): Iterator<[string, Map<number, Map<number, number>>]> };
  _documentIds: Map<number, unknown>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _fieldIds: Record<string, number>;
  _nextId: number;
  _dirtCount: number;
}

function internalsOf(index: MiniSearch<IndexedChunk>): MiniSearchInternals | undefined {
  const raw = index as unknown as Partial<MiniSearchInternals>;
  const ok =
    typeof raw._index?.get === 'function' &&
    raw._documentIds instanceof Map &&
    raw._fieldLength instanceof Map &&
    Array.isArray(raw._avgFieldLength) &&
    typeof raw._documentCount === 'number' &&
    typeof raw._fieldIds?.text === 'number' &&
    typeof raw._nextId === 'number' &&
    typeof raw._dirtCount === 'number';
  return ok ? (raw as MiniSearchInternals) : undefined;
}

export class MiniSearchLexicalIndex {
  private readonly internals: MiniSearchInternals | undefined;
  /** Field length per short document id, rebuilt after the index changes. */
  private lengths: Float64Array | undefined;
  /** Per-search scratch, indexed by short document id (`seen` holds the search that last set a slot). */
  private scores = new Float64Array(0);
  private matched = new Uint32Array(0);
  private seen = new Uint32Array(0);
  private searches = 0;
  /**
   * Per frequent term, its postings as typed arrays with their BM25+ scores (query-independent),
   * in posting order: a search then adds arrays instead of walking a Map and recomputing. Bounded;
   * cleared whenever the index changes.
   */
  private readonly termScores = new Map<string, { ids: Uint32Array; scores: Float64Array }>();
  private cachedPostings = 0;

  private constructor(private readonly index: MiniSearch<IndexedChunk>) {
    this.internals = internalsOf(index);
  }

  static create(): MiniSearchLexicalIndex {
    return new MiniSearchLexicalIndex(new MiniSearch<IndexedChunk>(OPTIONS));
  }

  /** Restores an index serialised by `toJSON`. */
  static fromJSON(json: string): MiniSearchLexicalIndex {
    return new MiniSearchLexicalIndex(MiniSearch.loadJSON<IndexedChunk>(json, OPTIONS));
  }

  /** Rebuilds the MiniSearch index a postings file was written from (`toPostings`), to change it. */
  static fromPostings(data: PostingsData): MiniSearchLexicalIndex {
    const fieldId = data.fieldIds.text ?? 0;
    const documentIds: Record<number, string> = {};
    const fieldLength: Record<number, number[]> = {};
    data.shortIds.forEach((shortId, i) => {
      documentIds[shortId] = data.ids[i] as string;
      fieldLength[shortId] = [data.lengths[i] as number];
    });
    // One term's postings object at a time (MiniSearch turns each into a Map as it goes).
    function* index(): Generator<[string, Record<number, Record<number, number>>]> {
      for (let t = 0; t < data.terms.length; t++) {
        const postings: Record<number, number> = {};
        for (let i = data.offsets[t] as number; i < (data.offsets[t + 1] as number); i++) postings[data.postingIds[i] as number] = data.postingFreqs[i] as number;
        yield [data.terms[t] as string, { [fieldId]: postings }];
      }
    }
    const { documentCount, nextId, fieldIds, averageFieldLength } = data;
    const js = { documentCount, nextId, documentIds, fieldIds, fieldLength, averageFieldLength, storedFields: {}, dirtCount: 0, index: index(), serializationVersion: 2 };
    return new MiniSearchLexicalIndex(MiniSearch.loadJS<IndexedChunk>(js as unknown as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS));
  }

  /**
   * The compact postings file of this index (see bm25-postings.ts), terms sorted, each term's
   * postings in short-id order (as MiniSearch lists them after loading). Compact first: discarded
   * chunks must not linger in the posting lists.
   */
  toPostings(): Buffer {
    const internals = this.internals;
    if (!internals || internals._dirtCount > 0) throw new Error('the lexical index must be compacted (and be MiniSearch 7.2) to write its postings');
    const fieldId = internals._fieldIds.text as number;
    const shortIds = Uint32Array.from(internals._documentIds.keys());
    const ids = [...internals._documentIds.values()].map(String);
    const lengths = Uint32Array.from(shortIds, (shortId) => internals._fieldLength.get(shortId)?.[fieldId] ?? 0);
    const entries: Array<[string, Map<number, number>]> = [];
    for (const [term, fields] of internals._index) {
      const postings = fields.get(fieldId);
      if (postings && postings.size > 0) entries.push([term, postings]);
    }
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const offsets = new Uint32Array(entries.length + 1);
    entries.forEach(([, postings], t) => (offsets[t + 1] = (offsets[t] as number) + postings.size));
    const total = offsets[entries.length] as number;
    const postingIds = new Uint32Array(total);
    const postingFreqs = new Uint16Array(total);
    entries.forEach(([, postings], t) => writeSorted(postings, postingIds, postingFreqs, offsets[t] as number));
    const { _documentCount: documentCount, _nextId: nextId, _fieldIds: fieldIds, _avgFieldLength: averageFieldLength } = internals;
    return encodePostings({ documentCount, nextId, fieldIds, averageFieldLength, shortIds, ids, lengths, terms: entries.map(([term]) => term), offsets, postingIds, postingFreqs });
  }

  get size(): number {
    return this.index.documentCount;
  }

  private changed(): void {
    this.lengths = undefined;
    this.termScores.clear();
    this.cachedPostings = 0;
  }

  add(chunks: Chunk[]): void {
    this.changed();
    for (const chunk of chunks) {
      if (this.index.has(chunk.id)) this.index.discard(chunk.id);
    }
    this.index.addAll(chunks.map((chunk) => ({ id: chunk.id, text: chunk.text })));
  }

  remove(chunkIds: string[]): void {
    this.changed();
    for (const id of chunkIds) {
      if (this.index.has(id)) this.index.discard(id);
    }
  }

  /** The `k` best chunks for a query (BM25+, terms combined with OR) among those `accept` admits, best first. */
  search(query: string, k: number, accept?: (chunkId: string) => boolean): LexicalHit[] {
    const internals = this.internals;
    // With discarded chunks still in the posting lists (a write in progress, never a published
    // generation: publish compacts), MiniSearch's own search trims them as it goes, which changes
    // a repeated query term's score: the fast path only reads, so it defers to MiniSearch then.
    if (!internals || internals._dirtCount > 0) return this.miniSearch(query, k, accept);
    return this.scoreTopK(internals, query, k, accept);
  }

  /** MiniSearch's own search: the reference the fast path reproduces. */
  miniSearch(query: string, k: number, accept?: (chunkId: string) => boolean): LexicalHit[] {
    return this.index
      .search(query, { combineWith: 'OR', ...(accept ? { filter: (result) => accept(String(result.id)) } : {}) })
      .slice(0, k)
      .map((result) => ({ chunkId: String(result.id), score: result.score }));
  }

  private fieldLengths(internals: MiniSearchInternals, fieldId: number): Float64Array {
    if (this.lengths && this.lengths.length >= internals._nextId) return this.lengths;
    const lengths = new Float64Array(internals._nextId);
    for (const [shortId, perField] of internals._fieldLength) lengths[shortId] = perField[fieldId] ?? 0;
    this.lengths = lengths;
    return lengths;
  }

  /**
   * MiniSearch's OR search, top-k only. Per query term (duplicates included, in order), every
   * live posting adds the term's BM25+ score to its chunk; a chunk's final score is that sum
   * times the number of distinct query terms it matched; ties keep first-matched order.
   */
  private scoreTopK(internals: MiniSearchInternals, query: string, k: number, accept?: (chunkId: string) => boolean): LexicalHit[] {
    const terms = OPTIONS.tokenize(query)
      .flatMap((term) => OPTIONS.processTerm(term) ?? [])
      .filter((term) => term !== '');
    if (terms.length === 0 || k <= 0) return [];
    const fieldId = internals._fieldIds.text as number;
    const lengths = this.fieldLengths(internals, fieldId);
    const size = internals._nextId;
    if (this.scores.length < size) {
      const capacity = Math.max(size, Math.ceil(this.scores.length * 1.5));
      this.scores = new Float64Array(capacity);
      this.matched = new Uint32Array(capacity);
      this.seen = new Uint32Array(capacity);
      this.searches = 0;
    }
    if (++this.searches === 0xffffffff) {
      this.seen.fill(0);
      this.searches = 1;
    }
    const stamp = this.searches;
    const { scores, matched, seen } = this;
    const order: number[] = [];
    const total = internals._documentCount;
    const avgLength = internals._avgFieldLength[fieldId] ?? 0;
    const checkLive = internals._dirtCount > 0;
    const live = internals._documentIds;
    const { k: k1, b, d } = BM25;

    const add = (shortId: number, score: number, firstOccurrence: boolean): void => {
      if (seen[shortId] !== stamp) {
        seen[shortId] = stamp;
        scores[shortId] = score;
        matched[shortId] = 1;
        order.push(shortId);
      } else {
        scores[shortId] = (scores[shortId] as number) + score;
        if (firstOccurrence) matched[shortId] = (matched[shortId] as number) + 1;
      }
    };

    terms.forEach((term, position) => {
      const postings = internals._index.get(term)?.get(fieldId);
      if (!postings) return;
      const firstOccurrence = terms.indexOf(term) === position;
      const cached = checkLive ? undefined : this.cachedTerm(term, postings, (termFreq, fieldLength, idf) => idf * (d + (termFreq * (k1 + 1)) / (termFreq + k1 * (1 - b + (b * fieldLength) / avgLength))), lengths, total);
      if (cached) {
        const { ids, scores: termScores } = cached;
        for (let i = 0; i < ids.length; i++) add(ids[i] as number, termScores[i] as number, firstOccurrence);
        return;
      }
      // As in MiniSearch, the document count shrinks by each discarded chunk still listed.
      let matching = postings.size;
      let idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
      postings.forEach((termFreq, shortId) => {
        if (checkLive && !live.has(shortId)) {
          matching -= 1;
          idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
          return;
        }
        const fieldLength = lengths[shortId] as number;
        add(shortId, idf * (d + (termFreq * (k1 + 1)) / (termFreq + k1 * (1 - b + (b * fieldLength) / avgLength))), firstOccurrence);
      });
    });

    // Top k by final score, stable: a later chunk only displaces a strictly lower one.
    const top: number[] = [];
    const topScores: number[] = [];
    for (const shortId of order) {
      const score = (scores[shortId] as number) * (matched[shortId] as number);
      if (top.length >= k && score <= (topScores[top.length - 1] as number)) continue;
      if (accept && !accept(String(live.get(shortId)))) continue;
      insertTopK(top, topScores, shortId, score, k);
    }
    return top.map((shortId, i) => ({ chunkId: String(live.get(shortId)), score: topScores[i] as number }));
  }

  /**
   * The term's postings and scores as arrays (computed once, then reused), for terms frequent enough
   * to be worth it while the cache has room; undefined otherwise. Only for an index with no
   * discarded chunks pending, whose scores do not depend on the search.
   */
  private cachedTerm(
    term: string,
    postings: Map<number, number>,
    bm25: (termFreq: number, fieldLength: number, idf: number) => number,
    lengths: Float64Array,
    total: number,
  ): { ids: Uint32Array; scores: Float64Array } | undefined {
    const hit = this.termScores.get(term);
    if (hit) return hit;
    if (postings.size < CACHE_MIN_POSTINGS || this.cachedPostings + postings.size > CACHE_MAX_POSTINGS) return undefined;
    const idf = Math.log(1 + (total - postings.size + 0.5) / (postings.size + 0.5));
    const ids = new Uint32Array(postings.size);
    const scores = new Float64Array(postings.size);
    let i = 0;
    postings.forEach((termFreq, shortId) => {
      ids[i] = shortId;
      scores[i] = bm25(termFreq, lengths[shortId] as number, idf);
      i++;
    });
    const entry = { ids, scores };
    this.termScores.set(term, entry);
    this.cachedPostings += postings.size;
    return entry;
  }

  /**
   * Purges discarded chunks from the posting lists. MiniSearch discards lazily, and until it has
   * vacuumed, its scores drift with each search (a stale posting is trimmed by one occurrence per
   * query); a compacted index scores the same before and after saving and loading.
   */
  async compact(): Promise<void> {
    if (this.internals && this.internals._dirtCount === 0) return;
    this.changed();
    await this.index.vacuum({ batchWait: 0 });
  }

  /** Whether any indexed chunk contains the term (after folding and stemming). */
  hasTerm(word: string, fuzzy = 0): boolean {
    return this.index.search(word, { combineWith: 'OR', fuzzy, prefix: (term) => term.length >= 5 }).length > 0;
  }

  toJSON(): string {
    return JSON.stringify(this.index);
  }
}

/** Copies one term's postings into the arrays at `from`, in short-id order. */
function writeSorted(postings: Map<number, number>, ids: Uint32Array, freqs: Uint16Array, from: number): void {
  let at = from;
  let sorted = true;
  let previous = -1;
  for (const [shortId, termFreq] of postings) {
    if (termFreq > 0xffff) throw new Error('a term occurs more than 65,535 times in one chunk');
    if (shortId < previous) sorted = false;
    ids[at] = previous = shortId;
    freqs[at++] = termFreq;
  }
  if (sorted) return;
  const order = Array.from(ids.subarray(from, at), (id, i) => [id, freqs[from + i] as number] as const).sort((a, b) => a[0] - b[0]);
  order.forEach(([id, freq], i) => {
    ids[from + i] = id;
    freqs[from + i] = freq;
  });
}
