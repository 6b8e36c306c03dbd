/**
 * Ingest: scan the corpus, work out what changed since the last index (by file hash), clean and
 * chunk only new or changed articles, embed only their chunks, drop removed ones, and write a new
 * index generation atomically. Unchanged articles keep their vectors.
 */
import type { Logger } from '../logger.ts';
import { parseArticle, readSources, scanCorpus, type SkippedFile } from '../corpus/load.ts';
import { LocalEmbedder } from '../embed/local-embedder.ts';
import { IndexError } from '../errors.ts';
import { hasFeatures, type Embedder, type FeatureEmbedder, type FeatureStats } from '../ports.ts';
import { HnswVectorStore } from '../store/hnsw-vector-store.ts';
import { readIndex, writeIndex, indexExists, type IndexData, type IndexIdentity } from '../store/index-store.ts';
import { MiniSearchLexicalIndex } from '../store/minisearch-lexical-index.ts';
import type { Article, Chunk, Lang } from '../types.ts';
import { chunkArticle, type ChunkOptions } from './chunk.ts';
import { MIN_PARALLEL_FILES, PreparePool } from './prepare-pool.ts';

/**
 * A feature embedder that reports each document's distinct feature buckets while embedding it
 * (the local one), so the document frequencies need no second feature pass over new chunks.
 */
export interface BucketReporter {
  embedDocumentsWithBuckets(texts: string[], visit: (buckets: Int32Array, count: number) => void): number[][];
}

function reportsBuckets(embedder: Embedder): embedder is FeatureEmbedder & BucketReporter {
  return hasFeatures(embedder) && typeof (embedder as Partial<BucketReporter>).embedDocumentsWithBuckets === 'function';
}

export interface IngestOptions {
  corpusDir: string;
  dataDir: string;
  embedder: Embedder;
  chunking: ChunkOptions;
  /** Ignore the existing index and rebuild everything. */
  rebuild?: boolean;
  /**
   * An existing index that is corrupt or was built with other settings: `rebuild` it (the default,
   * for an explicit `crisisbot ingest`), or `throw` its IndexError so the user is told — the
   * implicit refresh before serving must not silently re-embed everything (maybe through a paid API).
   */
  onInvalidIndex?: 'rebuild' | 'throw';
  /** Called as chunks are embedded: (done, total). */
  onProgress?: (done: number, total: number) => void;
  logger?: Logger;
}

export interface IngestSummary {
  articles: number;
  chunks: number;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  embeddedChunks: number;
  skipped: SkippedFile[];
  seconds: number;
  /** Why the old index was not reused, if it was not. */
  rebuiltBecause?: string;
}

function updateStats(stats: FeatureStats, embedder: Embedder, chunks: Chunk[], sign: 1 | -1): void {
  if (!hasFeatures(embedder)) return;
  for (const chunk of chunks) {
    for (const bucket of embedder.features(chunk.text).keys()) stats.df[bucket] = Math.max(0, (stats.df[bucket] ?? 0) + sign);
  }
  stats.documents += sign * chunks.length;
}

function emptyIndex(identity: IndexIdentity): IndexData {
  const now = new Date().toISOString();
  return {
    manifest: { format: 1, embedder: { id: identity.embedderId, dimensions: identity.dimensions }, chunking: identity.chunking, createdAt: now, updatedAt: now, files: {} },
    articles: new Map(),
    chunks: new Map(),
    vectors: HnswVectorStore.create(identity.dimensions),
    lexical: MiniSearchLexicalIndex.create(),
    stats: { documents: 0, df: new Float64Array(identity.dimensions) },
  };
}

/** Same title, language, path and source facts (whatever the key order). */
function sameMetadata(a: Article, b: Article): boolean {
  const keys: Array<keyof Article['source']> = ['publisher', 'date', 'author', 'url'];
  return a.title === b.title && a.lang === b.lang && a.path === b.path && a.hash === b.hash && keys.every((k) => a.source[k] === b.source[k]);
}

/** Runs an incremental ingest and returns what it did. */
export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const { embedder, dataDir } = options;
  const identity: IndexIdentity = { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: options.chunking };
  const { files, skipped } = await scanCorpus(options.corpusDir);

  let index: IndexData | undefined;
  let rebuiltBecause: string | undefined;
  if (options.rebuild) rebuiltBecause = 'a rebuild was requested';
  else if (indexExists(dataDir)) {
    try {
      index = await readIndex(dataDir, identity);
    } catch (error) {
      if (!(error instanceof IndexError) || options.onInvalidIndex === 'throw') throw error;
      rebuiltBecause = error.message;
      options.logger?.warn({ code: error.code }, `Rebuilding the index: ${error.message}`);
    }
  }
  index ??= emptyIndex(identity);

  const current = new Map(files.map((file) => [file.docId, file]));
  const previous = index.manifest.files;
  const added = files.filter((f) => !previous[f.docId]).map((f) => f.docId);
  const changed = files.filter((f) => previous[f.docId] && previous[f.docId]?.hash !== f.hash).map((f) => f.docId);
  const removed = Object.keys(previous).filter((docId) => !current.has(docId));
  const stale = new Set([...changed, ...removed]);

  // Drop removed and changed articles' chunks from every part of the index.
  const dropChunks = (docIds: Set<string>): void => {
    const staleChunks = [...index.chunks.values()].filter((chunk) => docIds.has(chunk.docId));
    updateStats(index.stats, embedder, staleChunks, -1);
    index.vectors.remove(staleChunks.map((c) => c.id));
    index.lexical.remove(staleChunks.map((c) => c.id));
    for (const chunk of staleChunks) index.chunks.delete(chunk.id);
    for (const docId of docIds) {
      index.articles.delete(docId);
      delete previous[docId];
    }
  };
  dropChunks(stale);

  // Metadata (titles, sources.json facts) is refreshed for every article; text only for new ones.
  const fresh = new Set([...added, ...changed]);
  const sources = await readSources(options.corpusDir, skipped);
  const results = new Map<string, Article | SkippedFile>();
  // Articles already indexed: an unchanged cleaned text keeps its detected language.
  const knownLanguage = (docId: string, text: string): Lang | undefined => {
    const stored = index.articles.get(docId);
    return stored && stored.text === text ? stored.lang : undefined;
  };
  for (const file of files) if (!fresh.has(file.docId)) results.set(file.docId, parseArticle(file, sources[file.docId], knownLanguage));
  // Unchanged files whose cleaned text differs from the indexed one (the cleaning rules changed
  // since): their stored chunk offsets point into the old text, so they are chunked again.
  const recleaned = new Set<string>();
  let metadataChanged = false;
  // Chunk ids per article, built on first need (one pass over the index, not one per article).
  let chunkIdsByDoc: Map<string, string[]> | undefined;
  const chunkIdsOf = (docId: string): string[] => {
    if (!chunkIdsByDoc) {
      chunkIdsByDoc = new Map();
      for (const chunk of index.chunks.values()) {
        const list = chunkIdsByDoc.get(chunk.docId);
        if (list) list.push(chunk.id);
        else chunkIdsByDoc.set(chunk.docId, [chunk.id]);
      }
    }
    return chunkIdsByDoc.get(docId) ?? [];
  };
  for (const file of files) {
    const article = results.get(file.docId);
    if (!article || 'reason' in article) continue;
    const stored = index.articles.get(article.docId);
    if (stored && stored.text !== article.text) recleaned.add(article.docId);
    else if (stored) {
      if (sameMetadata(stored, article)) continue;
      metadataChanged = true;
      index.articles.set(article.docId, article);
      for (const chunkId of chunkIdsOf(article.docId)) {
        const chunk = index.chunks.get(chunkId);
        if (chunk) index.chunks.set(chunkId, { ...chunk, title: article.title, lang: article.lang });
      }
    }
  }
  if (recleaned.size > 0) {
    dropChunks(recleaned);
    changed.push(...recleaned);
  }

  const df = index.stats.df;
  const countBuckets = (buckets: Int32Array, count: number): void => {
    for (let j = 0; j < count; j++) {
      const bucket = buckets[j] as number;
      df[bucket] = Math.max(0, (df[bucket] ?? 0) + 1);
    }
  };
  let done = 0;
  // Many new articles with the local embedder: worker threads parse, chunk and embed them while
  // this thread stores the batches already done (see prepare-pool.ts). Same index either way.
  const freshFiles = files.filter((file) => fresh.has(file.docId));
  const preparedArticles: Article[] = [];
  const preparedChunks: Chunk[] = [];
  const pool = embedder instanceof LocalEmbedder && freshFiles.length >= MIN_PARALLEL_FILES ? await PreparePool.start(embedder, options.chunking) : undefined;
  if (pool) {
    try {
      const totalBytes = freshFiles.reduce((sum, file) => sum + file.bytes.length, 0);
      let bytesDone = 0;
      for await (const batch of pool.prepare(freshFiles, sources)) {
        batch.results.forEach((result, i) => {
          const docId = batch.docIds[i];
          if (docId === undefined) return;
          results.set(docId, result);
          if (!('reason' in result)) preparedArticles.push(result);
          bytesDone += current.get(docId)?.bytes.length ?? 0;
        });
        const rows: Float32Array[] = [];
        for (let i = 0; i < batch.chunks.length; i++) rows.push(batch.vectors.subarray(i * embedder.dimensions, (i + 1) * embedder.dimensions));
        index.vectors.add(batch.chunks, rows);
        index.lexical.add(batch.chunks);
        for (let bucket = 0; bucket < df.length; bucket++) {
          const count = batch.df[bucket] ?? 0;
          if (count > 0) df[bucket] = (df[bucket] ?? 0) + count;
        }
        index.stats.documents += batch.chunks.length;
        for (const chunk of batch.chunks) preparedChunks.push(chunk);
        done += batch.chunks.length;
        // The total is only known at the end: estimated from the share of bytes prepared.
        options.onProgress?.(done, bytesDone >= totalBytes ? done : Math.max(done, Math.round((done * totalBytes) / Math.max(1, bytesDone))));
      }
    } finally {
      await pool.close();
    }
  } else {
    for (const file of freshFiles) results.set(file.docId, parseArticle(file, sources[file.docId]));
  }

  // Every file's outcome, in corpus order (as a single parsing pass would report them).
  const articles: Article[] = [];
  for (const file of files) {
    const result = results.get(file.docId);
    if (!result) continue;
    if ('reason' in result) skipped.push(result);
    else articles.push(result);
  }
  // New and changed articles first (unless the workers did them), then the re-cleaned ones.
  const toChunk = [...articles.filter((article) => !pool && fresh.has(article.docId)), ...articles.filter((article) => recleaned.has(article.docId))];
  // A file that failed to parse this time but was indexed before is no longer in the corpus.
  const parsed = new Set(articles.map((a) => a.docId));
  for (const file of files) {
    if (!parsed.has(file.docId) && previous[file.docId]) removed.push(file.docId);
  }

  const newChunks = toChunk.flatMap((article) => chunkArticle(article, options.chunking));
  const total = done + newChunks.length;
  options.onProgress?.(done, total);
  for (let i = 0; i < newChunks.length; i += embedder.maxBatchSize) {
    const batch = newChunks.slice(i, i + embedder.maxBatchSize);
    const texts = batch.map((c) => c.text);
    // The local embedder counts document frequencies in the same pass; others get a second one below.
    const vectors = reportsBuckets(embedder) ? embedder.embedDocumentsWithBuckets(texts, countBuckets) : await embedder.embedDocuments(texts);
    index.vectors.add(batch, vectors);
    done += batch.length;
    options.onProgress?.(done, total);
  }
  index.lexical.add(newChunks);
  if (reportsBuckets(embedder)) index.stats.documents += newChunks.length;
  else updateStats(index.stats, embedder, newChunks, 1);
  for (const article of [...preparedArticles, ...toChunk]) index.articles.set(article.docId, article);
  for (const chunk of preparedChunks) index.chunks.set(chunk.id, chunk);
  for (const chunk of newChunks) index.chunks.set(chunk.id, chunk);
  const chunkCounts = new Map<string, number>();
  for (const chunk of index.chunks.values()) chunkCounts.set(chunk.docId, (chunkCounts.get(chunk.docId) ?? 0) + 1);
  for (const article of articles) {
    const file = current.get(article.docId);
    if (file) previous[article.docId] = { path: file.path, hash: file.hash, chunks: chunkCounts.get(article.docId) ?? 0 };
  }
  index.manifest.updatedAt = new Date().toISOString();

  // Nothing changed: the live generation stays as it is (no rewrite on every start or command).
  const changedSomething =
    added.length + changed.length + removed.length > 0 || metadataChanged || rebuiltBecause !== undefined || !indexExists(dataDir);
  if (changedSomething) {
    await index.lexical.compact();
    await writeIndex(dataDir, index);
  }

  const summary: IngestSummary = {
    articles: index.articles.size,
    chunks: index.chunks.size,
    added,
    changed,
    removed,
    unchanged: files.length - added.length - changed.length,
    embeddedChunks: preparedChunks.length + newChunks.length,
    skipped,
    seconds: (performance.now() - started) / 1000,
  };
  if (rebuiltBecause !== undefined) summary.rebuiltBecause = rebuiltBecause;
  return summary;
}
