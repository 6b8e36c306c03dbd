/**
 * Document frequencies of the hashed features, kept by ingest for query-side IDF: the base
 * generation's, minus the chunks that leave, plus the chunks that arrive. Only for embedders that
 * declare `features`.
 */
import { hasFeatures, type Embedder, type FeatureStats } from '../ports.ts';
import type { Chunk } from '../types.ts';

/** A mutable copy of the base statistics (zeros without one); undefined when the embedder has no features. */
export function startCounts(base: FeatureStats | undefined, embedder: Embedder): FeatureStats | undefined {
  if (!hasFeatures(embedder)) return undefined;
  const df = new Float64Array(embedder.dimensions);
  if (base) df.set(base.df.subarray(0, df.length));
  return { documents: base?.documents ?? 0, df };
}

/** Adds (+1) or removes (−1) the chunks' features, by computing them. */
export function countChunks(counts: FeatureStats | undefined, embedder: Embedder, chunks: readonly Chunk[], sign: 1 | -1): void {
  if (!counts || !hasFeatures(embedder)) return;
  for (const chunk of chunks) {
    for (const bucket of embedder.features(chunk.text).keys()) counts.df[bucket] = Math.max(0, (counts.df[bucket] ?? 0) + sign);
  }
  counts.documents += sign * chunks.length;
}

/** Adds chunks whose distinct buckets are already known (`count` entries of `buckets`). */
export function countBuckets(counts: FeatureStats, buckets: Int32Array, count: number): void {
  const df = counts.df;
  for (let j = 0; j < count; j++) {
    const bucket = buckets[j] as number;
    df[bucket] = Math.max(0, (df[bucket] ?? 0) + 1);
  }
}

/** Adds a batch's per-bucket counts of `chunks` new chunks. */
export function addCounts(counts: FeatureStats, df: Float64Array, chunks: number): void {
  const target = counts.df;
  for (let bucket = 0; bucket < target.length; bucket++) {
    const count = df[bucket] ?? 0;
    if (count > 0) target[bucket] = (target[bucket] ?? 0) + count;
  }
  counts.documents += chunks;
}
