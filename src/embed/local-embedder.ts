/**
 * The offline default embedder: no weights, no network, deterministic. A text becomes a signed,
 * hashed bag of features — character 3–5-grams of every content word (catching cognates and
 * transliterated names across French and English: Choïgou/Shoigu, Kouleba/Kuleba,
 * olympiques/olympics) plus whole-word stems — with sublinear term frequency, L2-normalised.
 *
 * Document vectors depend on the text alone, so re-embedding one article never touches the
 * others. Corpus statistics (document frequency per feature) are applied on the query side
 * (`embedQueryWeighted`), which gives IDF weighting without making stored vectors stale.
 */
import { Embeddings } from '@langchain/core/embeddings';
import { contentWords, stems } from '../corpus/text.ts';
import type { Embedder } from '../ports.ts';

export interface LocalEmbedderOptions {
  /** Hashed feature space size. */
  dimensions?: number;
  /** Shortest and longest character n-gram. */
  minGram?: number;
  maxGram?: number;
  /** Weight of a whole-word stem feature relative to one n-gram. */
  wordWeight?: number;
}

/** Sparse features: bucket index → signed weight. */
export type SparseVector = Map<number, number>;

/** FNV-1a 32-bit hash. */
function hash(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class LocalEmbedder extends Embeddings implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly maxBatchSize = 4096;
  private readonly minGram: number;
  private readonly maxGram: number;
  private readonly wordWeight: number;

  constructor(options: LocalEmbedderOptions = {}) {
    super({});
    this.dimensions = options.dimensions ?? 1024;
    this.minGram = options.minGram ?? 3;
    this.maxGram = options.maxGram ?? 5;
    this.wordWeight = options.wordWeight ?? 3;
    this.id = `local-ngram-v1:d${this.dimensions}:g${this.minGram}-${this.maxGram}:w${this.wordWeight}`;
  }

  /** Raw term-frequency features of a text (before weighting and normalisation). */
  features(text: string): SparseVector {
    const counts = new Map<string, number>();
    const add = (feature: string, weight: number): void => {
      counts.set(feature, (counts.get(feature) ?? 0) + weight);
    };
    for (const word of contentWords(text)) {
      for (const stem of stems(word)) add(`w:${stem}`, this.wordWeight);
      const marked = `<${word}>`;
      for (let n = this.minGram; n <= this.maxGram; n++) {
        for (let i = 0; i + n <= marked.length; i++) add(marked.slice(i, i + n), 1);
      }
    }
    const vector: SparseVector = new Map();
    for (const [feature, count] of counts) {
      const h = hash(feature, 0);
      const bucket = h % this.dimensions;
      const sign = hash(feature, 0x9e3779b9) & 1 ? 1 : -1;
      vector.set(bucket, (vector.get(bucket) ?? 0) + sign * (1 + Math.log(count)));
    }
    return vector;
  }

  /** Dense, L2-normalised vector; `weight(bucket)` scales each feature first (query-side IDF). */
  embedSync(text: string, weight?: (bucket: number) => number): Float32Array {
    const dense = new Float32Array(this.dimensions);
    for (const [bucket, value] of this.features(text)) dense[bucket] = weight ? value * weight(bucket) : value;
    let norm = 0;
    for (let i = 0; i < dense.length; i++) norm += (dense[i] ?? 0) * (dense[i] ?? 0);
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let i = 0; i < dense.length; i++) dense[i] = (dense[i] ?? 0) * scale;
    }
    return dense;
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return Promise.resolve(texts.map((text) => Array.from(this.embedSync(text))));
  }

  embedQuery(text: string): Promise<number[]> {
    return Promise.resolve(Array.from(this.embedSync(text)));
  }
}
