/**
 * What ingest lends a store to repair a damaged generation from its whole parts (see
 * IndexTransaction.repair): its chunking, its embedder and its feature counting, so repaired
 * parts are exactly what an ingest would have written.
 */
import type { Embedder, PartRebuilders } from '../ports.ts';
import { chunkArticle, type ChunkOptions } from './chunk.ts';
import { countChunks, startCounts } from './feature-counts.ts';

/** The rebuilders for this embedder and chunking. */
export function partRebuilders(embedder: Embedder, chunking: ChunkOptions): PartRebuilders {
  return {
    chunk: (article) => chunkArticle(article, chunking),
    embed: async (texts) => {
      const vectors: number[][] = [];
      for (let i = 0; i < texts.length; i += embedder.maxBatchSize) vectors.push(...(await embedder.embedDocuments(texts.slice(i, i + embedder.maxBatchSize))));
      return vectors;
    },
    featureStats: (chunks) => {
      const counts = startCounts(undefined, embedder);
      countChunks(counts, embedder, chunks, 1);
      return counts;
    },
  };
}
