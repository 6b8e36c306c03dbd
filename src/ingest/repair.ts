/**
 * What ingest lends a store to repair a damaged generation from its whole parts (see
 * IndexTransaction.repair): the corpus (articles read again when their files are unchanged), its
 * chunking, its embedder and its feature counting, so repaired parts are exactly what an ingest
 * would have written.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseArticle, readArticleFile, readSources } from '../corpus/load.ts';
import type { Embedder, ManifestFile, PartRebuilders } from '../ports.ts';
import type { Article } from '../types.ts';
import { chunkArticle, type ChunkOptions } from './chunk.ts';
import { countChunks, startCounts } from './feature-counts.ts';
import { indexedAsIs } from './plan.ts';

/** The articles of these manifest records read again from the corpus, if every file is still as indexed. */
async function rereadArticles(corpusDir: string, records: Readonly<Record<string, ManifestFile>>): Promise<Map<string, Article> | undefined> {
  const sources = await readSources(corpusDir, []);
  const articles = new Map<string, Article>();
  for (const [docId, record] of Object.entries(records)) {
    if (!indexedAsIs(record, sources[docId])) return undefined;
    const bytes = await readArticleFile(join(corpusDir, record.path));
    if ('reason' in bytes) return undefined;
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (hash !== record.hash) return undefined;
    const article = parseArticle({ docId, path: record.path, hash, bytes, size: bytes.length, mtimeMs: record.mtimeMs }, sources[docId]);
    if ('reason' in article) return undefined;
    articles.set(docId, article);
  }
  return articles;
}

/** The rebuilders for this corpus, embedder and chunking. */
export function partRebuilders(corpusDir: string, embedder: Embedder, chunking: ChunkOptions): PartRebuilders {
  return {
    articles: (records) => rereadArticles(corpusDir, records),
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
