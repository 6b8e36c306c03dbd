/**
 * Hybrid retrieval: vector (hnswlib) + lexical (BM25), each run on the question and on its
 * French↔English expansion, fused at score level (min–max per list, weighted), then a
 * near-duplicate guard keeps one fact told twice from crowding out the rest.
 *
 * `relevance` is the raw, unexpanded evidence for the best passage (vector cosine and BM25
 * coverage), comparable across queries, for "the sources don't cover this".
 */
import { detectLanguage } from '../corpus/language.ts';
import { contentWords, fold, isStopword, stems, words } from '../corpus/text.ts';
import { instructionFactor } from './instructions.ts';
import { withoutArticleTalk } from './question.ts';
import { Vocabulary } from './vocabulary.ts';
import { isDictionaryWord } from './dictionary.ts';
import { SentenceScorer } from './sentence-scorer.ts';
import { hasFeatures, type Embedder, type FeatureStats, type IndexSnapshot, type LexicalHit, type VectorHit } from '../ports.ts';
import { CandidateVectors } from './candidate-vectors.ts';
import type { Chunk, Lang, Passage, Retrieval } from '../types.ts';
import type { Lexicon } from './lexicon.ts';

export interface RetrievalOptions {
  /** Candidates taken from each list before fusion. */
  candidates: number;
  /** Weight of the vector list in the fusion (the lexical list gets 1 − this). */
  vectorWeight: number;
  /** Weight of the expansion relative to the question itself. */
  expansionWeight: number;
  /** Two passages whose vectors are closer than this are near-duplicates. */
  duplicateSimilarity: number;
  /**
   * `translate`: also search with the query rendered in the other language, keeping each
   * passage's better score; `append`: add the translations to the query.
   */
  expansionMode: 'translate' | 'append';
  /** Query-side IDF exponent: 2 approximates TF-IDF on both sides (document vectors carry none). */
  idfPower: number;
  /** Trigram Dice similarity at which a question's name counts as found in the corpus. */
  nameSimilarity: number;
  /** Top passages whose sentences are scored for `evidence`. */
  evidencePassages: number;
  /**
   * A question asked while the index's vectors are still loading (a large local index, for seconds
   * after a start): `wait` for them, or answer at once from the `lexical` candidates, their vectors
   * embedded from their texts (embedders with local features; others wait).
   */
  whileVectorsLoad: 'wait' | 'lexical';
}

export const DEFAULT_RETRIEVAL_OPTIONS: RetrievalOptions = {
  candidates: 40,
  vectorWeight: 0.85,
  expansionWeight: 1.0,
  duplicateSimilarity: 0.9,
  expansionMode: 'translate',
  idfPower: 2,
  nameSimilarity: 0.6,
  evidencePassages: 4,
  whileVectorsLoad: 'wait',
};

/** Smoothed IDF of a hashed feature bucket, from the index's document frequencies (1 without them). */
export function featureIdf(stats: FeatureStats | undefined): (bucket: number) => number {
  if (!stats) return () => 1;
  return (bucket) => Math.log((stats.documents + 1) / ((stats.df[bucket] ?? 0) + 1)) + 1;
}

function normalise(scores: Map<string, number>): Map<string, number> {
  const values = [...scores.values()];
  const max = Math.max(...values);
  const min = Math.min(...values, 0);
  const span = max - min;
  return new Map([...scores].map(([id, s]) => [id, span > 0 ? (s - min) / span : 0]));
}

/** True when both vectors hold the same values. */
function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot;
}

/** What the four searches of a question found, and where the candidates' vectors are read. */
interface SearchLists {
  /** True when the question had an expansion (its hits are in `vectorHits` and `lexicalHits`). */
  expanded: boolean;
  rawVectorHits: VectorHit[];
  rawLexical: LexicalHit[];
  vectorHits: VectorHit[];
  lexicalHits: LexicalHit[];
  stored: (chunkId: string) => Promise<Float32Array | undefined>;
  /** True when the vector half searched the lexical candidates only (the index's vectors were loading). */
  vectorsLoading: boolean;
}

/** One candidate of the fused list with what the passage needs. */
interface Candidate {
  chunkId: string;
  score: number;
  chunk: Chunk | undefined;
  stored: Float32Array | undefined;
}

export class HybridRetriever {
  private vocabulary: Promise<Vocabulary> | undefined;
  /** Scores sentences against questions with this index's statistics (shared with answers). */
  readonly scorer: SentenceScorer;

  /** Prefer {@link HybridRetriever.open}, which reads the snapshot's feature statistics. */
  constructor(
    private readonly index: IndexSnapshot,
    private readonly embedder: Embedder,
    readonly lexicon: Lexicon,
    stats: FeatureStats | undefined,
    private readonly options: RetrievalOptions = DEFAULT_RETRIEVAL_OPTIONS,
    /** Chunk texts for the sentence scorer's n-gram IDF when the embedder has no local features. */
    offlineTexts: readonly string[] = [],
  ) {
    this.idf = featureIdf(stats);
    this.scorer = hasFeatures(embedder) ? new SentenceScorer(lexicon, embedder, this.idf) : SentenceScorer.withCorpusIdf(lexicon, () => offlineTexts);
  }

  /** A retriever over one published generation. */
  static async open(index: IndexSnapshot, embedder: Embedder, lexicon: Lexicon, options: RetrievalOptions = DEFAULT_RETRIEVAL_OPTIONS): Promise<HybridRetriever> {
    // Sentence evidence is computed offline whatever embedder built the index: without local
    // features, its n-gram IDF comes from the generation's own chunk texts.
    const texts = hasFeatures(embedder) ? [] : (await Promise.all((await index.articles()).map((a) => index.chunksOf(a.docId)))).flat().map((c) => c.text);
    return new HybridRetriever(index, embedder, lexicon, await index.featureStats(), options, texts);
  }

  private readonly idf: (bucket: number) => number;
  private readonly trustByChunk = new Map<string, number>();
  /** Most chunks whose trust is kept between questions. */
  static readonly TRUST_CACHE_LIMIT = 20_000;

  /**
   * Per chunk, 1 for reporting, lower for a passage that reads as instructions to its reader
   * (cached; the chunks not seen yet are read in one batch).
   */
  private async trust(chunkIds: string[]): Promise<Map<string, number>> {
    const missing = chunkIds.filter((id) => !this.trustByChunk.has(id));
    if (missing.length > 0) {
      // Bounded: a long-running bot on a large index would otherwise keep one entry per chunk ever retrieved.
      if (this.trustByChunk.size + missing.length > HybridRetriever.TRUST_CACHE_LIMIT) this.trustByChunk.clear();
      const found = new Map((await this.index.chunks(missing)).map((chunk) => [chunk.id, chunk]));
      for (const id of missing) {
        const chunk = found.get(id);
        this.trustByChunk.set(id, chunk ? instructionFactor(chunk.text, chunk.lang) : 1);
      }
    }
    return new Map(chunkIds.map((id) => [id, this.trustByChunk.get(id) ?? 1]));
  }

  /** The query vector: local features weighted by IDF (expansion scaled down), or the model's embedding. */
  private async queryVector(query: string, expansion: string): Promise<ArrayLike<number>> {
    const embedder = this.embedder;
    if (!hasFeatures(embedder)) return embedder.embedQuery(query);
    const features = embedder.features(query);
    if (expansion !== '') {
      for (const [bucket, value] of embedder.features(expansion)) {
        features.set(bucket, (features.get(bucket) ?? 0) + this.options.expansionWeight * value);
      }
    }
    const dense = new Float32Array(embedder.dimensions);
    let norm = 0;
    for (const [bucket, value] of features) {
      const idf = this.idf(bucket);
      const weighted = value * idf ** this.options.idfPower;
      dense[bucket] = weighted;
      norm += weighted * weighted;
    }
    if (norm > 0) for (let i = 0; i < dense.length; i++) dense[i] = (dense[i] ?? 0) / Math.sqrt(norm);
    return dense;
  }

  /**
   * The best sentence support for the question; for one about the articles themselves ("quels
   * responsables sont cités dans les articles"), the better of it read whole and without those words,
   * which no sentence says.
   */
  private evidence(query: string, lang: Lang, passages: Passage[]): number {
    const best = this.scorer.bestScore(query, lang, passages);
    const told = withoutArticleTalk(query);
    return told === undefined ? best : Math.max(best, this.scorer.bestScore(told, lang, passages));
  }

  /**
   * Retrieves the top `k` passages for a query. A follow-up's `context` (the earlier questions it
   * leans on, see `conversationContext`) is searched with it; the reading of the question itself
   * (`query`, `mended`) stays its own.
   */
  async retrieve(asked: string, k = 5, queryLang?: Lang, options: { context?: string } = {}): Promise<Retrieval> {
    const lang = queryLang ?? detectLanguage(asked);
    const { searched, mended } = await this.respell(asked);
    const query = options.context ? `${(await this.respell(options.context)).searched} ${searched}` : searched;
    const translateMode = this.options.expansionMode === 'translate';
    const expansion = translateMode ? this.lexicon.translate(query, lang) : this.lexicon.expand(query, lang);
    const rawVector = await this.queryVector(query, '');
    const expandedVector = expansion === '' ? undefined : await this.queryVector(translateMode ? expansion : query, translateMode ? '' : expansion);
    const lists = await this.searchLists(query, expansion, rawVector, expandedVector);
    const { vector, lexical } = this.merged(lists);
    const vNorm = vector.size > 0 ? normalise(vector) : new Map<string, number>();
    const lNorm = lexical.size > 0 ? normalise(lexical) : new Map<string, number>();
    const w = this.options.vectorWeight;
    const fused = new Map<string, number>();
    for (const id of new Set([...vNorm.keys(), ...lNorm.keys()])) fused.set(id, w * (vNorm.get(id) ?? 0) + (1 - w) * (lNorm.get(id) ?? 0));

    // A passage that reads as instructions to the reader is poor evidence: scored down.
    const trust = await this.trust([...fused.keys()]);
    for (const [id, score] of fused) fused.set(id, score * (trust.get(id) ?? 1));
    const ranked = [...fused].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const passages = await this.passages(ranked, k, rawVector, lists, new Map(lists.rawLexical.map((h) => [h.chunkId, h.score])));
    const relevance = Math.max(0, ...lists.rawVectorHits.slice(0, 1).map((h) => h.similarity));
    const names: string[] = [];
    const unknownNames: string[] = [];
    for (const candidate of nameCandidates(query)) {
      const kind = await this.classifyName(candidate, lang);
      if (kind !== 'common') names.push(candidate);
      if (kind === 'unknown') unknownNames.push(candidate);
    }
    const evidence = this.evidence(query, lang, passages.slice(0, this.options.evidencePassages));
    return { query: asked, ...(mended !== undefined ? { mended } : {}), queryLang: lang, passages, relevance, unknownNames, names: names.length, evidence, ...(lists.vectorsLoading ? { vectorsLoading: true as const } : {}) };
  }

  /**
   * The four searches: vectors and lexical, for the question and for its expansion. While the
   * index's vectors load, with `whileVectorsLoad: 'lexical'` and an embedder with local features,
   * the vector half is exact search over the lexical candidates ({@link CandidateVectors});
   * otherwise it waits for the vectors.
   */
  private async searchLists(query: string, expansion: string, rawVector: ArrayLike<number>, expandedVector: ArrayLike<number> | undefined): Promise<SearchLists> {
    const n = this.options.candidates;
    const index = this.index;
    const loading = index.vectors.loading?.();
    // Not awaited when answering without the vectors: their failed read is reported by later searches.
    loading?.catch(() => undefined);
    if (loading && this.options.whileVectorsLoad === 'lexical' && hasFeatures(this.embedder)) {
      const [rawLexical, lexicalHits] = await Promise.all([index.lexical.search(query, n), expansion === '' ? [] : index.lexical.search(expansion, n)]);
      const candidates = await CandidateVectors.of(index, this.embedder, [...rawLexical, ...lexicalHits].map((hit) => hit.chunkId));
      const vectorHits = expandedVector ? candidates.search(expandedVector, n) : [];
      return { expanded: expansion !== '', rawVectorHits: candidates.search(rawVector, n), rawLexical, vectorHits, lexicalHits, stored: (id) => candidates.vector(id), vectorsLoading: true };
    }
    if (loading) await loading;
    // An expansion whose vector is the question's own (its words have no translation) finds the same hits.
    const sameVector = expandedVector !== undefined && sameValues(rawVector, expandedVector);
    const [rawVectorHits, rawLexical, expandedVectorHits, lexicalHits] = await Promise.all([
      index.vectors.search(rawVector, n),
      index.lexical.search(query, n),
      expandedVector && !sameVector ? index.vectors.search(expandedVector, n) : [],
      expansion === '' ? [] : index.lexical.search(expansion, n),
    ]);
    const vectorHits = sameVector ? rawVectorHits : expandedVectorHits;
    return { expanded: expansion !== '', rawVectorHits, rawLexical, vectorHits, lexicalHits, stored: (id) => index.vectors.vector(id), vectorsLoading: false };
  }

  /** The question's and the expansion's hits merged per list (the better of the two in `translate` mode, summed lexical in `append` mode). */
  private merged(lists: SearchLists): { vector: Map<string, number>; lexical: Map<string, number> } {
    const vector = new Map(lists.rawVectorHits.map((h) => [h.chunkId, h.similarity]));
    const lexical = new Map(lists.rawLexical.map((h) => [h.chunkId, h.score]));
    if (!lists.expanded) return { vector, lexical };
    const ew = this.options.expansionWeight;
    if (this.options.expansionMode === 'translate') {
      for (const hit of lists.vectorHits) vector.set(hit.chunkId, Math.max(vector.get(hit.chunkId) ?? 0, ew * hit.similarity));
      for (const hit of lists.lexicalHits) lexical.set(hit.chunkId, Math.max(lexical.get(hit.chunkId) ?? 0, ew * hit.score));
    } else {
      vector.clear();
      for (const hit of lists.vectorHits) vector.set(hit.chunkId, hit.similarity);
      for (const hit of lists.lexicalHits) lexical.set(hit.chunkId, (lexical.get(hit.chunkId) ?? 0) + ew * hit.score);
    }
    return { vector, lexical };
  }

  /**
   * The query with names spelled as the corpus spells them ("Grushko" → "grouchko") and typos
   * mended ("brussles" → "brussels"), for search and evidence; and the question with its typos
   * mended only (undefined when it had none), for the answerer's reading of it.
   */
  private async respell(query: string): Promise<{ searched: string; mended: string | undefined }> {
    const vocabulary = await this.loadVocabulary();
    let typos = 0;
    const respelled = (token: string, spelled: string): string => (/^\p{Lu}/u.test(token) ? spelled.charAt(0).toUpperCase() + spelled.slice(1) : spelled);
    // Each word is looked up once for both readings.
    const mendedWords = new Map<string, string | undefined>();
    const mendedOnce = (word: string): string | undefined => {
      if (!mendedWords.has(word)) mendedWords.set(word, this.mended(word, vocabulary));
      return mendedWords.get(word);
    };
    const searched = query.replace(/[\p{L}][\p{L}'’-]*/gu, (token) => {
      const spelled = vocabulary.respelled(fold(token)) ?? mendedOnce(fold(token));
      return spelled === undefined ? token : respelled(token, spelled);
    });
    const mended = query.replace(/[\p{L}][\p{L}'’-]*/gu, (token) => {
      const spelled = vocabulary.respelled(fold(token)) === undefined ? mendedOnce(fold(token)) : undefined;
      if (spelled === undefined) return token;
      typos++;
      return respelled(token, spelled);
    });
    return { searched, mended: typos > 0 ? mended : undefined };
  }

  /**
   * The word a typo stands for ({@link Vocabulary.corrected}), unless the word is a stop word, one
   * the lexicon knows or one of the English and French word lists (a real word the articles do not
   * use), or the mended word is only another form of it (stemming finds those anyway).
   */
  private mended(word: string, vocabulary: Vocabulary): string | undefined {
    // "ukraine's", "l'otan": a possessive or an elision is a known word with an ending, not a typo.
    if (/['’]/u.test(word)) return undefined;
    const corrected = vocabulary.corrected(word);
    if (corrected === undefined || contentWords(word).length === 0 || this.lexicon.knows(word) || isDictionaryWord(word)) return undefined;
    const forms = new Set(stems(word));
    return stems(corrected).some((s) => forms.has(s)) ? undefined : corrected;
  }

  /** The next `count` candidates of the fused ranking, with their chunks and stored vectors. */
  private async candidates(ranked: Array<[string, number]>, from: number, count: number, stored: SearchLists['stored']): Promise<Candidate[]> {
    const slice = ranked.slice(from, from + count);
    const ids = slice.map(([chunkId]) => chunkId);
    const [chunks, vectors] = await Promise.all([this.index.chunks(ids), Promise.all(ids.map((id) => stored(id)))]);
    const byId = new Map(chunks.map((chunk) => [chunk.id, chunk]));
    return slice.map(([chunkId, score], i) => ({ chunkId, score, chunk: byId.get(chunkId), stored: vectors[i] }));
  }

  /** The top `k` passages of the fused ranking, skipping near-duplicates of a better one. */
  private async passages(ranked: Array<[string, number]>, k: number, rawVector: ArrayLike<number>, lists: SearchLists, rawLexicalById: Map<string, number>): Promise<Passage[]> {
    const rawVectorById = new Map(lists.rawVectorHits.map((h) => [h.chunkId, h.similarity]));
    const passages: Passage[] = [];
    const kept: Float32Array[] = [];
    // Candidates are read in small batches (one round trip each on a database backend).
    const batch = Math.max(k * 2, 8);
    for (let from = 0; from < ranked.length && passages.length < k; from += batch) {
      for (const { chunkId, score, chunk, stored } of await this.candidates(ranked, from, batch, lists.stored)) {
        if (passages.length >= k) break;
        if (!chunk) continue;
        if (stored && kept.some((v) => cosine(v, stored) >= this.options.duplicateSimilarity)) continue;
        if (stored) kept.push(stored);
        passages.push({
          rank: passages.length + 1,
          chunk,
          score,
          vectorScore: rawVectorById.get(chunkId) ?? cosine(rawVector, stored ?? []),
          lexicalScore: rawLexicalById.get(chunkId) ?? 0,
        });
      }
    }
    return passages;
  }

  /** The corpus vocabulary, read once per generation: the one the store kept, or built from the articles. */
  private loadVocabulary(): Promise<Vocabulary> {
    this.vocabulary ??= (async () => {
      // The lexicon's words are real words too: a typo may stand for one the articles do not use.
      const dictionary = (): string[] => this.lexicon.words();
      const kept = await this.index.vocabulary?.();
      if (kept) return new Vocabulary(kept, dictionary);
      const infos = await this.index.articles();
      const texts: string[] = [];
      for (const info of infos) {
        const article = await this.index.article(info.docId);
        if (article) texts.push(article.text);
      }
      return new Vocabulary(texts, dictionary);
    })();
    // A failed read (a database restarting) is tried again next time.
    this.vocabulary.catch(() => (this.vocabulary = undefined));
    return this.vocabulary;
  }

  /**
   * A capitalised question word is a `known` name when the corpus writes it (or a close
   * transliteration, or its translation) capitalised; a `common` word when the corpus has it only
   * in lower case ("Coupe"); else an `unknown` name the articles never mention.
   */
  private async classifyName(word: string, lang: Lang): Promise<'known' | 'common' | 'unknown'> {
    const vocabulary = await this.loadVocabulary();
    const folded = fold(word).replace(/['’-]/gu, '');
    if (vocabulary.nameSimilarity(folded) >= this.options.nameSimilarity) return 'known';
    const translated = words(this.lexicon.translate(word, lang, false));
    if (translated.some((w) => vocabulary.nameSimilarity(w) === 1)) return 'known';
    if (vocabulary.has(folded) || translated.some((w) => vocabulary.has(w))) return 'common';
    return 'unknown';
  }
}

/** Capitalised words after the first (names, places), at least 3 letters, not stopwords. */
export function nameCandidates(question: string): string[] {
  const tokens = question.match(/[\p{L}][\p{L}'’-]*/gu) ?? [];
  return [...new Set(tokens.slice(1).filter((t) => /^\p{Lu}/u.test(t) && t.replace(/['’-]/gu, '').length >= 3 && !isStopword(fold(t))))];
}
