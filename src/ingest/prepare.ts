/**
 * Ingest, step 2: prepare. Parses the new and changed files, chunks them and the re-cleaned
 * articles, and embeds the chunks — in worker threads for a bulk ingest with an embedder that can
 * run there (see prepare-pool.ts), else inline in batches of the embedder's size. Yields each
 * article with its chunks and vectors, articles in corpus order, and each file skipped (with why)
 * as it is found.
 */
import type { CorpusFile, SkippedFile, SourcesFile } from '../corpus/load.ts';
import { parseArticle, tallyRemoved } from '../corpus/load.ts';
import { hasFeatures, type Embedder, type FeatureStats } from '../ports.ts';
import type { Article, Chunk } from '../types.ts';
import { chunkArticle, type ChunkOptions } from './chunk.ts';
import { addCounts, countBuckets, countChunks } from './feature-counts.ts';
import { canPrepareInWorkers, MIN_PARALLEL_FILES, PreparePool, type PreparedBatch } from './prepare-pool.ts';

/** An article ready to store. */
export interface PreparedArticle {
  article: Article;
  chunks: Chunk[];
  vectors: ArrayLike<number>[];
}

/** One outcome of preparation. */
export type Prepared = { article: PreparedArticle } | { docId: string; skipped: SkippedFile };

export interface PrepareInput {
  /** New and changed files, in corpus order. */
  fresh: CorpusFile[];
  /** Unchanged files whose cleaned text changed, already parsed. */
  recleaned: Article[];
  sources: SourcesFile;
  embedder: Embedder;
  chunking: ChunkOptions;
  /** Document frequencies: the new chunks' features are added here. */
  counts: FeatureStats | undefined;
  onProgress?: (done: number, total: number) => void;
  /** Chunks embedded so far (read after the run for the summary). */
  progress: { done: number };
  /** Lines cleaning removed from the fresh files, by rule (read after the run for the summary). */
  cleaned: Record<string, number>;
}

/** A feature embedder that reports each text's distinct buckets while embedding it (the local one). */
interface BucketReporter {
  embedDocumentsWithBuckets(texts: string[], visit: (buckets: Int32Array, count: number) => void): number[][];
}

function reportsBuckets(embedder: Embedder): embedder is Embedder & BucketReporter {
  return hasFeatures(embedder) && typeof (embedder as Partial<BucketReporter>).embedDocumentsWithBuckets === 'function';
}

/** The articles of a batch, each with its slice of the batch's chunks and vectors. */
function* articlesOf(batch: PreparedBatch, dimensions: number): Generator<Prepared> {
  let next = 0;
  for (let i = 0; i < batch.results.length; i++) {
    const result = batch.results[i];
    const docId = batch.docIds[i];
    if (result === undefined || docId === undefined) continue;
    if ('reason' in result) {
      yield { docId, skipped: result };
      continue;
    }
    let end = next;
    while (end < batch.chunks.length && batch.chunks[end]?.docId === docId) end++;
    const vectors: Float32Array[] = [];
    for (let c = next; c < end; c++) vectors.push(batch.vectors.subarray(c * dimensions, (c + 1) * dimensions));
    yield { article: { article: result, chunks: batch.chunks.slice(next, end), vectors } };
    next = end;
  }
}

/** Worker threads prepare the fresh files, in corpus order. */
async function* inWorkers(input: PrepareInput, pool: PreparePool): AsyncGenerator<Prepared> {
  const { fresh, embedder, counts, progress } = input;
  const totalBytes = fresh.reduce((sum, file) => sum + file.bytes.length, 0);
  const bytesOf = new Map(fresh.map((file) => [file.docId, file.bytes.length]));
  let bytesDone = 0;
  for await (const batch of pool.prepare(fresh, input.sources)) {
    if (counts) addCounts(counts, batch.df, batch.chunks.length);
    for (const [rule, lines] of Object.entries(batch.removed)) input.cleaned[rule] = (input.cleaned[rule] ?? 0) + lines;
    for (const docId of batch.docIds) bytesDone += bytesOf.get(docId) ?? 0;
    yield* articlesOf(batch, embedder.dimensions);
    progress.done += batch.chunks.length;
    // The total is only known at the end: estimated from the share of bytes prepared.
    const done = progress.done;
    input.onProgress?.(done, bytesDone >= totalBytes ? done : Math.max(done, Math.round((done * totalBytes) / Math.max(1, bytesDone))));
  }
}

/** Embeds chunks in the embedder's batch size, counting their features. */
async function embedAll(input: PrepareInput, chunks: Chunk[]): Promise<ArrayLike<number>[]> {
  const { embedder, counts, progress } = input;
  const vectors: ArrayLike<number>[] = [];
  const total = progress.done + chunks.length;
  input.onProgress?.(progress.done, total);
  for (let i = 0; i < chunks.length; i += embedder.maxBatchSize) {
    const texts = chunks.slice(i, i + embedder.maxBatchSize).map((c) => c.text);
    // The local embedder counts document frequencies in the same pass; others get a second one.
    const batch = reportsBuckets(embedder) && counts ? embedder.embedDocumentsWithBuckets(texts, (b, n) => countBuckets(counts, b, n)) : await embedder.embedDocuments(texts);
    for (const vector of batch) vectors.push(vector);
    progress.done += texts.length;
    input.onProgress?.(progress.done, total);
  }
  if (reportsBuckets(embedder) && counts) counts.documents += chunks.length;
  else countChunks(counts, embedder, chunks, 1);
  return vectors;
}

/** Parses, chunks and embeds in this thread: `files`, then the re-cleaned articles. */
async function* inline(input: PrepareInput, files: CorpusFile[]): AsyncGenerator<Prepared> {
  const articles: Article[] = [];
  for (const file of files) {
    const result = parseArticle(file, input.sources[file.docId], undefined, (_, lines) => tallyRemoved(input.cleaned, lines));
    if ('reason' in result) yield { docId: file.docId, skipped: result };
    else articles.push(result);
  }
  articles.push(...input.recleaned);
  const chunked = articles.map((article) => chunkArticle(article, input.chunking));
  const vectors = await embedAll(input, chunked.flat());
  let offset = 0;
  for (let i = 0; i < articles.length; i++) {
    const chunks = chunked[i] ?? [];
    yield { article: { article: articles[i] as Article, chunks, vectors: vectors.slice(offset, offset + chunks.length) } };
    offset += chunks.length;
  }
}

/** Prepares every fresh file and re-cleaned article. */
export async function* prepareArticles(input: PrepareInput): AsyncGenerator<Prepared> {
  const { embedder, fresh } = input;
  const pool = canPrepareInWorkers(embedder) && fresh.length >= MIN_PARALLEL_FILES ? await PreparePool.start(embedder, input.chunking) : undefined;
  if (!pool) {
    yield* inline(input, fresh);
    return;
  }
  try {
    yield* inWorkers(input, pool);
  } finally {
    await pool.close();
  }
  yield* inline(input, []);
}
