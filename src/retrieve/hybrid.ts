/**
 * Hybrid retrieval: vector (hnswlib) + lexical (BM25), each run on the question and on its
 * French↔English expansion, fused at score level (min–max per list, weighted), then a
 * near-duplicate guard keeps one fact told twice from crowding out the rest.
 *
 * `relevance` is the raw, unexpanded evidence for the best passage (vector cosine and BM25
 * coverage), comparable across queries, for "the sources don't cover this".
 */
import { detectLanguage } from '../corpus/language.ts';
import { fold, isStopword, words } from '../corpus/text.ts';
import { instructionFactor } from './instructions.ts';
import { Vocabulary } from './vocabulary.ts';
import { SentenceScorer } from './sentence-scorer.ts';
import { hasFeatures, type Embedder, type FeatureStats } from '../ports.ts';
import type { IndexData } from '../store/index-store.ts';
import type { Lang, Passage, Retrieval } from '../types.ts';
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
};

/** Smoothed IDF of a hashed feature bucket, from the index's document frequencies. */
export function featureIdf(stats: FeatureStats): (bucket: number) => number {
  return (bucket) => Math.log((stats.documents + 1) / ((stats.df[bucket] ?? 0) + 1)) + 1;
}

function normalise(scores: Map<string, number>): Map<string, number> {
  const values = [...scores.values()];
  const max = Math.max(...values);
  const min = Math.min(...values, 0);
  const span = max - min;
  return new Map([...scores].map(([id, s]) => [id, span > 0 ? (s - min) / span : 0]));
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot;
}

export class HybridRetriever {
  private vocabulary: Vocabulary | undefined;
  /** Scores sentences against questions with this index's statistics (shared with answers). */
  readonly scorer: SentenceScorer;
  constructor(
    private readonly index: IndexData,
    private readonly embedder: Embedder,
    readonly lexicon: Lexicon,
    private readonly options: RetrievalOptions = DEFAULT_RETRIEVAL_OPTIONS,
  ) {
    this.idf = featureIdf(index.stats);
    this.scorer = hasFeatures(embedder) ? new SentenceScorer(lexicon, embedder, this.idf) : new SentenceScorer(lexicon);
  }

  private readonly idf: (bucket: number) => number;
  private readonly trustByChunk = new Map<string, number>();

  /** 1 for reporting, lower for a passage that reads as instructions to its reader (cached). */
  private trust(chunkId: string): number {
    let factor = this.trustByChunk.get(chunkId);
    if (factor === undefined) {
      const chunk = this.index.chunks.get(chunkId);
      factor = chunk ? instructionFactor(chunk.text, chunk.lang) : 1;
      this.trustByChunk.set(chunkId, factor);
    }
    return factor;
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

  /** Retrieves the top `k` passages for a query. */
  async retrieve(query: string, k = 5, queryLang?: Lang): Promise<Retrieval> {
    const lang = queryLang ?? detectLanguage(query);
    const translateMode = this.options.expansionMode === 'translate';
    const expansion = translateMode ? this.lexicon.translate(query, lang) : this.lexicon.expand(query, lang);
    const n = this.options.candidates;

    const rawVector = await this.queryVector(query, '');
    const rawVectorHits = this.index.vectors.search(rawVector, n);
    const vector = new Map(rawVectorHits.map((h) => [h.chunkId, h.similarity]));
    const rawLexical = this.index.lexical.search(query, n);
    const lexical = new Map(rawLexical.map((h) => [h.chunkId, h.score]));
    if (expansion !== '') {
      const ew = this.options.expansionWeight;
      if (translateMode) {
        for (const hit of this.index.vectors.search(await this.queryVector(expansion, ''), n)) {
          vector.set(hit.chunkId, Math.max(vector.get(hit.chunkId) ?? 0, ew * hit.similarity));
        }
        for (const hit of this.index.lexical.search(expansion, n)) {
          lexical.set(hit.chunkId, Math.max(lexical.get(hit.chunkId) ?? 0, ew * hit.score));
        }
      } else {
        vector.clear();
        for (const hit of this.index.vectors.search(await this.queryVector(query, expansion), n)) vector.set(hit.chunkId, hit.similarity);
        for (const hit of this.index.lexical.search(expansion, n)) {
          lexical.set(hit.chunkId, (lexical.get(hit.chunkId) ?? 0) + ew * hit.score);
        }
      }
    }
    const vNorm = vector.size > 0 ? normalise(vector) : new Map<string, number>();
    const lNorm = lexical.size > 0 ? normalise(lexical) : new Map<string, number>();
    const w = this.options.vectorWeight;
    const fused = new Map<string, number>();
    for (const id of new Set([...vNorm.keys(), ...lNorm.keys()])) fused.set(id, w * (vNorm.get(id) ?? 0) + (1 - w) * (lNorm.get(id) ?? 0));

    const rawVectorById = new Map(rawVectorHits.map((h) => [h.chunkId, h.similarity]));
    const rawLexicalById = new Map(rawLexical.map((h) => [h.chunkId, h.score]));
    // A passage that reads as instructions to the reader is poor evidence: scored down.
    for (const [id, score] of fused) fused.set(id, score * this.trust(id));
    const ranked = [...fused].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

    const passages: Passage[] = [];
    const kept: number[][] = [];
    for (const [chunkId, score] of ranked) {
      if (passages.length >= k) break;
      const chunk = this.index.chunks.get(chunkId);
      if (!chunk) continue;
      const stored = this.index.vectors.vector(chunkId);
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
    const relevance = Math.max(0, ...rawVectorHits.slice(0, 1).map((h) => h.similarity));
    const names: string[] = [];
    const unknownNames: string[] = [];
    for (const candidate of nameCandidates(query)) {
      const kind = this.classifyName(candidate, lang);
      if (kind !== 'common') names.push(candidate);
      if (kind === 'unknown') unknownNames.push(candidate);
    }
    const evidence = this.scorer.bestScore(query, lang, passages.slice(0, this.options.evidencePassages));
    return { query, queryLang: lang, passages, relevance, unknownNames, names: names.length, evidence };
  }

  /**
   * A capitalised question word is a `known` name when the corpus writes it (or a close
   * transliteration, or its translation) capitalised; a `common` word when the corpus has it only
   * in lower case ("Coupe"); else an `unknown` name the articles never mention.
   */
  private classifyName(word: string, lang: Lang): 'known' | 'common' | 'unknown' {
    this.vocabulary ??= new Vocabulary([...this.index.articles.values()].map((a) => a.text));
    const vocabulary = this.vocabulary;
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
