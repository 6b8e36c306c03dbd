/**
 * The offline default embedder: no weights, no network, deterministic. A text becomes a signed,
 * hashed bag of features — character 3–5-grams of every content word (catching cognates and
 * transliterated names across French and English: Choïgou/Shoigu, Kouleba/Kuleba,
 * olympiques/olympics) plus whole-word stems — with sublinear term frequency, L2-normalised.
 *
 * Document vectors depend on the text alone, so re-embedding one article never touches the
 * others. Corpus statistics (document frequency per feature) are applied on the query side
 * (`embedQueryWeighted`), which gives IDF weighting without making stored vectors stale.
 *
 * Speed: a word's features are worked out once and cached as interned feature ids (with their
 * bucket and sign), so embedding a text is a cache lookup per word and typed-array arithmetic;
 * no n-gram string is built or hashed again. The output is bit-for-bit what the plain
 * definition gives (features counted by string, summed per bucket in first-occurrence order).
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { contentWords, stems } from '../corpus/text.ts';
import type { Embedder, RelevanceCalibration } from '../ports.ts';

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

/**
 * A plain array copy of a typed array (what LangChain's interface and hnswlib-node take);
 * an indexed loop is about ten times faster than `Array.from` on a Float32Array.
 */
export function toNumberArray(values: ArrayLike<number>): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] as number;
  return out;
}

/** A word's features: interned ids in the order the definition visits them; the first `stems` are stem features. */
interface WordFeatures {
  ids: Int32Array;
  stems: number;
}

/** Distinct words cached before the caches are dropped and rebuilt (bounds memory on huge corpora). */
const MAX_CACHED_WORDS = 200_000;

/**
 * Calibrated on the dev set with 400-character chunks: answerable questions have a best-passage
 * cosine ≥ 0.234, unanswerable ≤ 0.175 (README "Abstention").
 */
export const LOCAL_RELEVANCE: RelevanceCalibration = { minRelevance: 0.2 };

/**
 * Implements LangChain's `EmbeddingsInterface` (usable wherever LangChain takes embeddings) without
 * extending its `Embeddings` class: that class only adds an async caller (retries, concurrency)
 * this in-process embedder has no use for, and loading @langchain/core would cost every
 * offline start.
 */
export class LocalEmbedder implements Embedder, EmbeddingsInterface {
  readonly id: string;
  readonly dimensions: number;
  readonly maxBatchSize = 4096;
  readonly relevance = LOCAL_RELEVANCE;
  private readonly minGram: number;
  private readonly maxGram: number;
  private readonly wordWeight: number;

  /** Feature string → interned id; `bucketOf`/`signOf` are indexed by id. */
  private featureIds = new Map<string, number>();
  private wordCache = new Map<string, WordFeatures>();
  private bucketOf = new Int32Array(4096);
  private signOf = new Int8Array(4096);
  /** Per-text scratch, indexed by feature id: summed weight, and the text (epoch) that last touched it. */
  private counts = new Float64Array(4096);
  private seen = new Uint32Array(4096);
  private epoch = 0;
  /** Distinct feature ids of the current text, in first-occurrence order. */
  private order = new Int32Array(1024);
  private orderLength = 0;
  /** Per-text scratch, indexed by bucket. */
  private readonly sums: Float64Array;
  private readonly bucketSeen: Uint32Array;
  private touched: Int32Array;
  private touchedLength = 0;

  constructor(options: LocalEmbedderOptions = {}) {
    this.dimensions = options.dimensions ?? 1024;
    this.minGram = options.minGram ?? 3;
    this.maxGram = options.maxGram ?? 5;
    this.wordWeight = options.wordWeight ?? 3;
    this.id = `local-ngram-v1:d${this.dimensions}:g${this.minGram}-${this.maxGram}:w${this.wordWeight}`;
    this.sums = new Float64Array(this.dimensions);
    this.bucketSeen = new Uint32Array(this.dimensions);
    this.touched = new Int32Array(this.dimensions);
  }

  private intern(feature: string): number {
    let id = this.featureIds.get(feature);
    if (id === undefined) {
      id = this.featureIds.size;
      if (id >= this.bucketOf.length) this.grow(id + 1);
      this.featureIds.set(feature, id);
      this.bucketOf[id] = hash(feature, 0) % this.dimensions;
      this.signOf[id] = hash(feature, 0x9e3779b9) & 1 ? 1 : -1;
    }
    return id;
  }

  private grow(needed: number): void {
    const size = Math.max(needed, this.bucketOf.length * 2);
    const grown = <T extends Int32Array | Int8Array | Float64Array | Uint32Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.bucketOf = grown(this.bucketOf, (n) => new Int32Array(n));
    this.signOf = grown(this.signOf, (n) => new Int8Array(n));
    this.counts = grown(this.counts, (n) => new Float64Array(n));
    this.seen = grown(this.seen, (n) => new Uint32Array(n));
  }

  private wordFeatures(word: string): WordFeatures {
    let cached = this.wordCache.get(word);
    if (cached) return cached;
    const ids: number[] = [];
    for (const stem of stems(word)) ids.push(this.intern(`w:${stem}`));
    const stemCount = ids.length;
    const marked = `<${word}>`;
    for (let n = this.minGram; n <= this.maxGram; n++) {
      for (let i = 0; i + n <= marked.length; i++) ids.push(this.intern(marked.slice(i, i + n)));
    }
    cached = { ids: Int32Array.from(ids), stems: stemCount };
    this.wordCache.set(word, cached);
    return cached;
  }

  private resetCaches(): void {
    this.featureIds = new Map();
    this.wordCache = new Map();
    this.seen.fill(0);
    this.bucketSeen.fill(0);
    this.epoch = 0;
  }

  /**
   * Counts the text's features into `counts`, leaving their distinct ids in `order[0..orderLength)`
   * in first-occurrence order (the order the definition inserts them into its count map).
   */
  private countFeatures(text: string): void {
    this.orderLength = 0;
    // Ids are only renumbered between texts, never while one is being counted.
    if (this.wordCache.size >= MAX_CACHED_WORDS || this.epoch === 0xfffffffe) this.resetCaches();
    const epoch = ++this.epoch;
    for (const word of contentWords(text)) {
      const { ids, stems: stemCount } = this.wordFeatures(word);
      for (let j = 0; j < ids.length; j++) {
        const id = ids[j] as number;
        const weight = j < stemCount ? this.wordWeight : 1;
        if (this.seen[id] !== epoch) {
          this.seen[id] = epoch;
          this.counts[id] = weight;
          if (this.orderLength === this.order.length) {
            const next = new Int32Array(this.order.length * 2);
            next.set(this.order);
            this.order = next;
          }
          this.order[this.orderLength++] = id;
        } else {
          this.counts[id] = (this.counts[id] as number) + weight;
        }
      }
    }
  }

  /**
   * Sums the counted features into `sums` per bucket (same order of additions as the definition),
   * leaving the distinct buckets in `touched[0..touchedLength)` in first-occurrence order.
   */
  private sumBuckets(): void {
    const epoch = this.epoch;
    this.touchedLength = 0;
    for (let k = 0; k < this.orderLength; k++) {
      const id = this.order[k] as number;
      const bucket = this.bucketOf[id] as number;
      const value = (this.signOf[id] as number) * (1 + Math.log(this.counts[id] as number));
      if (this.bucketSeen[bucket] !== epoch) {
        this.bucketSeen[bucket] = epoch;
        this.sums[bucket] = 0 + value;
        this.touched[this.touchedLength++] = bucket;
      } else {
        this.sums[bucket] = (this.sums[bucket] as number) + value;
      }
    }
  }

  /** Raw term-frequency features of a text (before weighting and normalisation). */
  features(text: string): SparseVector {
    this.countFeatures(text);
    this.sumBuckets();
    const vector: SparseVector = new Map();
    for (let k = 0; k < this.touchedLength; k++) {
      const bucket = this.touched[k] as number;
      vector.set(bucket, this.sums[bucket] as number);
    }
    return vector;
  }

  /** Dense, L2-normalised vector; `weight(bucket)` scales each feature first (query-side IDF). */
  embedSync(text: string, weight?: (bucket: number) => number): Float32Array {
    this.countFeatures(text);
    this.sumBuckets();
    return this.dense(weight);
  }

  /** The dense vector of the features summed last. */
  private dense(weight?: (bucket: number) => number): Float32Array {
    const dense = new Float32Array(this.dimensions);
    for (let k = 0; k < this.touchedLength; k++) {
      const bucket = this.touched[k] as number;
      const value = this.sums[bucket] as number;
      dense[bucket] = weight ? value * weight(bucket) : value;
    }
    let norm = 0;
    for (let i = 0; i < dense.length; i++) norm += (dense[i] as number) * (dense[i] as number);
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let i = 0; i < dense.length; i++) dense[i] = (dense[i] as number) * scale;
    }
    return dense;
  }

  /**
   * Embeds documents and, in the same pass, hands each one's distinct feature buckets (the keys
   * of `features(text)`) to `visit`, so callers keeping document frequencies need not compute the
   * features twice. `visit` must not keep the array: it is reused.
   */
  embedDocumentsWithBuckets(texts: string[], visit: (buckets: Int32Array, count: number) => void): number[][] {
    return texts.map((text) => {
      this.countFeatures(text);
      this.sumBuckets();
      visit(this.touched, this.touchedLength);
      return toNumberArray(this.dense());
    });
  }

  /**
   * Like {@link embedDocumentsWithBuckets}, into one flat Float32Array (text i at
   * `i * dimensions`), which can be moved between threads without copying.
   */
  embedFlat(texts: string[], visit: (buckets: Int32Array, count: number) => void): Float32Array {
    const out = new Float32Array(texts.length * this.dimensions);
    texts.forEach((text, i) => {
      this.countFeatures(text);
      this.sumBuckets();
      visit(this.touched, this.touchedLength);
      out.set(this.dense(), i * this.dimensions);
    });
    return out;
  }

  /** The options this embedder was built with: `new LocalEmbedder(settings)` embeds identically (e.g. in a worker thread). */
  get settings(): Required<LocalEmbedderOptions> {
    return { dimensions: this.dimensions, minGram: this.minGram, maxGram: this.maxGram, wordWeight: this.wordWeight };
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return Promise.resolve(texts.map((text) => toNumberArray(this.embedSync(text))));
  }

  embedQuery(text: string): Promise<number[]> {
    return Promise.resolve(toNumberArray(this.embedSync(text)));
  }
}
