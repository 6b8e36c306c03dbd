/**
 * Scores short texts (sentences) against a question, in both languages: the best of the
 * question and its translation, by IDF-weighted n-gram cosine and by stem overlap. Used by the
 * extractive answerer and summaries; deterministic and offline whatever embedder built the index.
 */
import { contentWords, stems } from '../corpus/text.ts';
import { LocalEmbedder, type SparseVector } from '../embed/local-embedder.ts';
import type { FeatureEmbedder } from '../ports.ts';
import { splitSentences } from '../corpus/sentences.ts';
import type { Chunk, Lang, Passage } from '../types.ts';
import { INSTRUCTION_PENALTY, looksLikeInstructions } from './instructions.ts';
import type { Lexicon } from './lexicon.ts';

export interface ScoredText {
  /** Cosine of n-gram features (best of question and translation), 0..1. */
  similarity: number;
  /** Share of the question's content stems found in the text (best of both languages), 0..1. */
  overlap: number;
  /** Combined score, 0..1. */
  score: number;
}

/** A sentence of a retrieved passage, with its offsets in the article and its score. */
export interface SentenceCandidate {
  passage: Passage;
  text: string;
  start: number;
  end: number;
  score: number;
}

// The loops below run for every sentence of every question: `forEach` instead of `for…of` over
// entries, which allocates a [key, value] array per entry (most of a warm search's garbage at 10k
// articles, and the young-generation collections that came with it). Same order, same sums.

function dot(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  const small = a.size < b.size ? a : b;
  const large = small === a ? b : a;
  small.forEach((v, k) => {
    sum += v * (large.get(k) ?? 0);
  });
  return sum;
}

function weighted(features: SparseVector, idf: (bucket: number) => number): SparseVector {
  const out: SparseVector = new Map();
  let norm = 0;
  features.forEach((v, k) => {
    const w = v * idf(k);
    out.set(k, w);
    norm += w * w;
  });
  if (norm > 0) {
    const length = Math.sqrt(norm);
    out.forEach((v, k) => out.set(k, v / length));
  }
  return out;
}

/** How many of `set`'s members `other` holds. */
function sharedCount(set: ReadonlySet<string>, other: ReadonlySet<string>): number {
  let count = 0;
  set.forEach((member) => {
    if (other.has(member)) count++;
  });
  return count;
}

function stemSet(text: string): Set<string> {
  return new Set(contentWords(text).flatMap(stems));
}

/** Smoothed IDF of each feature bucket over a set of texts (the same formula as the index's). */
function corpusIdf(embedder: LocalEmbedder, texts: Iterable<string>): (bucket: number) => number {
  const df = new Map<number, number>();
  let documents = 0;
  for (const text of texts) {
    documents++;
    for (const bucket of embedder.features(text).keys()) df.set(bucket, (df.get(bucket) ?? 0) + 1);
  }
  return (bucket) => Math.log((documents + 1) / ((df.get(bucket) ?? 0) + 1)) + 1;
}

/** Texts whose vectors and stems are kept (sentences are scored again and again across questions). */
const CACHE_LIMIT = 20_000;

/** Questions whose analysis is kept: the few of the question being answered (evidence, then the answer's choices). */
const QUESTION_CACHE_LIMIT = 4;

/** A question and its translation, analysed for scoring. */
interface AnalysedQuestion {
  vectors: SparseVector[];
  stemSets: Array<Set<string>>;
}

/** A sentence of a chunk that can be evidence, with its heading discount and instruction penalty. */
interface ChunkSentence {
  text: string;
  start: number;
  end: number;
  heading: number;
  trust: number;
}

export class SentenceScorer {
  private readonly embedder: Pick<FeatureEmbedder, 'features'>;
  private readonly cache = new Map<string, { vector: SparseVector; stems: Set<string> }>();
  private readonly questions = new Map<string, AnalysedQuestion>();
  /** Per chunk text, its evidence sentences (for the language and offset they were split with). */
  private readonly chunkSentences = new Map<string, { lang: Lang; start: number; sentences: ChunkSentence[] }>();

  /**
   * @param lexicon the FR↔EN bridge
   * @param idf IDF per feature bucket of `embedder` (from the index, when the local embedder built it)
   */
  constructor(
    private readonly lexicon: Lexicon,
    embedder?: Pick<FeatureEmbedder, 'features'>,
    private readonly idf: (bucket: number) => number = () => 1,
  ) {
    this.embedder = embedder ?? new LocalEmbedder();
  }

  /**
   * A scorer for an index built by an embedder without local features (a model's embeddings):
   * the n-gram IDF is computed from the index's chunk texts on first use, so sentence evidence has
   * the same scale (and the same calibrated bar) whatever embedder built the index.
   */
  static withCorpusIdf(lexicon: Lexicon, texts: () => Iterable<string>): SentenceScorer {
    const embedder = new LocalEmbedder();
    let idf: ((bucket: number) => number) | undefined;
    const lazy = (bucket: number): number => {
      idf ??= corpusIdf(embedder, texts());
      return idf(bucket);
    };
    return new SentenceScorer(lexicon, embedder, lazy);
  }

  /** Scores every text against the question. */
  score(question: string, lang: Lang, texts: string[]): ScoredText[] {
    const { vectors, stemSets } = this.questionOf(question, lang);
    return texts.map((text) => {
      const { vector: features, stems: textStems } = this.analysed(text);
      const similarity = Math.max(0, ...vectors.map((v) => dot(v, features)));
      const overlap = Math.max(
        0,
        ...stemSets.map((set) => (set.size === 0 ? 0 : sharedCount(set, textStems) / set.size)),
      );
      return { similarity, overlap, score: 0.6 * similarity + 0.4 * overlap };
    });
  }

  /**
   * The question and its translation as weighted features and stem sets, cached: a question is
   * scored against its passages' sentences several times (evidence, then the answer's choices).
   */
  private questionOf(question: string, lang: Lang): AnalysedQuestion {
    const key = `${lang}\u0000${question}`;
    let found = this.questions.get(key);
    if (!found) {
      const translation = this.lexicon.translate(question, lang);
      const queries = [question, translation].filter((q) => q.trim() !== '');
      found = { vectors: queries.map((q) => weighted(this.embedder.features(q), this.idf)), stemSets: queries.map(stemSet) };
      if (this.questions.size >= QUESTION_CACHE_LIMIT) this.questions.clear();
      this.questions.set(key, found);
    }
    return found;
  }

  /**
   * A chunk's sentences that can be evidence (letters, 25 characters or more), with what depends on
   * their text alone (heading, instructions), cached: the same passages come back question after question.
   */
  private sentencesOf(chunk: Chunk): ChunkSentence[] {
    let found = this.chunkSentences.get(chunk.text);
    if (!found || found.lang !== chunk.lang || found.start !== chunk.start) {
      const sentences = splitSentences(chunk.text, chunk.lang, chunk.start)
        .filter((s) => /\p{L}{2,}/u.test(s.text) && s.text.length >= 25)
        .map((s) => ({
          text: s.text,
          start: s.start,
          end: s.end,
          heading: /[.!?…"»)]$/u.test(s.text) ? 1 : 0.75,
          trust: looksLikeInstructions(s.text) ? INSTRUCTION_PENALTY : 1,
        }));
      found = { lang: chunk.lang, start: chunk.start, sentences };
      if (this.chunkSentences.size >= CACHE_LIMIT) this.chunkSentences.clear();
      this.chunkSentences.set(chunk.text, found);
    }
    return found.sentences;
  }

  /** The weighted features and stems of a text, cached (this scorer's IDF is fixed). */
  private analysed(text: string): { vector: SparseVector; stems: Set<string> } {
    let found = this.cache.get(text);
    if (!found) {
      found = { vector: weighted(this.embedder.features(text), this.idf), stems: stemSet(text) };
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(text, found);
    }
    return found;
  }

  /** Feature vector of a text (for similarity between sentences: duplicates, centroids). */
  vector(text: string): SparseVector {
    return this.analysed(text).vector;
  }

  static cosine(a: SparseVector, b: SparseVector): number {
    return dot(a, b);
  }

  /**
   * The sentences of the given passages scored against the question. Subheadings (no closing
   * punctuation) are discounted — a sentence about the topic answers better than its title — and
   * a small prior for the passage's rank breaks ties. A sentence that reads as instructions to
   * the reader ("ignore previous instructions…") is poor evidence: scored down.
   */
  candidates(question: string, lang: Lang, passages: Passage[]): SentenceCandidate[] {
    const raw = passages.flatMap((passage) => this.sentencesOf(passage.chunk).map((sentence) => ({ passage, sentence })));
    const scores = this.score(question, lang, raw.map((c) => c.sentence.text));
    return raw.map(({ passage, sentence }, i) => {
      const prior = 0.05 * (1 - (passage.rank - 1) / Math.max(1, passages.length));
      const { text, start, end, heading, trust } = sentence;
      return { passage, text, start, end, score: ((scores[i]?.score ?? 0) * heading + prior) * trust };
    });
  }

  /** The best sentence score among the passages (0 when there are none). */
  bestScore(question: string, lang: Lang, passages: Passage[]): number {
    return Math.max(0, ...this.candidates(question, lang, passages).map((c) => c.score));
  }
}
