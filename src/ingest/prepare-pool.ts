/**
 * Parallel preparation of new articles for a bulk ingest with the local embedder: worker threads
 * parse (decode, clean, detect the language), chunk and embed batches of files while the ingesting
 * thread inserts the vectors of earlier batches into hnswlib (whose `addPoint` is synchronous and
 * single-threaded). Language detection and hnswlib insertion are the two largest costs of a first
 * ingest, so overlapping them nearly halves it on two cores.
 *
 * Batches come back in file order and each is exactly what the inline path computes (same parser,
 * chunker and embedder settings), so the index is the same whichever path built it. When worker
 * threads cannot start (no TypeScript loader in the worker, a sandbox), `PreparePool.start`
 * returns undefined and the caller prepares inline.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parseArticle, tallyRemoved, type CorpusFile, type SkippedFile, type SourcesFile } from '../corpus/load.ts';
import type { LocalEmbedderOptions } from '../embed/local-embedder.ts';
import { hasFeatures, type Embedder } from '../ports.ts';
import type { Article, Chunk } from '../types.ts';
import { chunkArticle, type ChunkOptions } from './chunk.ts';

/**
 * An embedder a worker thread can rebuild from its settings (the local n-gram one): it embeds into
 * flat arrays and reports each text's feature buckets. A worker that builds an embedder of another
 * id is refused, so a look-alike never prepares for the wrong index.
 */
export interface WorkerEmbedder extends Embedder {
  readonly settings: Required<LocalEmbedderOptions>;
  embedFlat(texts: string[], visit: (buckets: Int32Array, count: number) => void): Float32Array;
}

/** Whether worker threads can prepare for this embedder (capabilities, not its class). */
export function canPrepareInWorkers(embedder: Embedder): embedder is WorkerEmbedder {
  const candidate = embedder as Partial<WorkerEmbedder>;
  return hasFeatures(embedder) && typeof candidate.embedFlat === 'function' && typeof candidate.settings === 'object' && candidate.settings !== null;
}

/** What a worker needs to prepare exactly like the ingesting thread. */
export interface PrepareSettings {
  embedder: Required<LocalEmbedderOptions>;
  chunking: ChunkOptions;
}

/** One prepared batch of files, in file order. */
export interface PreparedBatch {
  /** The files' doc ids, in order. */
  docIds: string[];
  /** Each file's article, or why it was skipped. */
  results: Array<Article | SkippedFile>;
  /** The articles' chunks in order. */
  chunks: Chunk[];
  /** Chunk i's vector at `i * dimensions`. */
  vectors: Float32Array;
  /** Per feature bucket, how many of the chunks have it (document-frequency increment). */
  df: Float64Array;
  /** Lines cleaning removed from the batch's articles, by rule. */
  removed: Record<string, number>;
}

/** Parses, chunks and embeds files; what the workers run, and the reference for the inline path. */
export function prepareBatch(files: CorpusFile[], sources: SourcesFile, embedder: Pick<WorkerEmbedder, 'dimensions' | 'embedFlat'>, chunking: ChunkOptions): PreparedBatch {
  const removed: Record<string, number> = {};
  const results = files.map((file) => parseArticle(file, sources[file.docId], undefined, (_, lines) => tallyRemoved(removed, lines)));
  const chunks = results.flatMap((result) => ('reason' in result ? [] : chunkArticle(result, chunking)));
  const df = new Float64Array(embedder.dimensions);
  const vectors = embedder.embedFlat(
    chunks.map((chunk) => chunk.text),
    (buckets, count) => {
      for (let j = 0; j < count; j++) {
        const bucket = buckets[j] as number;
        df[bucket] = (df[bucket] as number) + 1;
      }
    },
  );
  return { docIds: files.map((file) => file.docId), results, chunks, vectors, df, removed };
}

/** Worker → pool messages. */
export type WorkerReply = { ready: true; embedderId: string } | { seq: number; batch: PreparedBatch } | { seq: number; error: string };
/** Pool → worker message. */
export interface WorkerRequest {
  seq: number;
  files: Array<Omit<CorpusFile, 'bytes'> & { bytes: Uint8Array }>;
  sources: SourcesFile;
}

/** Files smaller than this in number are prepared inline: starting a worker costs about half a second. */
export const MIN_PARALLEL_FILES = 256;

/** JavaScript that starts the worker module, registering the TypeScript loader first when the sources are .ts. */
function bootstrap(): string {
  const here = import.meta.url;
  const ts = here.endsWith('.ts');
  const target = new URL(ts ? './prepare-worker.ts' : './prepare-worker.js', here).href;
  if (!ts) return `import(${JSON.stringify(target)});`;
  const loader = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(target)}); });`;
}

/** Keeps an unexpected error of an idle worker from crashing the process (`error` events must have a listener). */
function ignoreErrors(): void {
  // The run that is waiting on the worker reports the failure; between runs there is nothing to do.
}

export class PreparePool {
  private constructor(
    private readonly workers: Worker[],
    private readonly dimensions: number,
  ) {}

  /**
   * Starts worker threads that prepare like `embedder`; undefined when they cannot start. The
   * default size leaves one core to the ingesting thread.
   */
  static async start(embedder: WorkerEmbedder, chunking: ChunkOptions, size = Math.max(1, Math.min(availableParallelism() - 1, 4))): Promise<PreparePool | undefined> {
    let code: string;
    try {
      code = bootstrap();
    } catch {
      return undefined;
    }
    const settings: PrepareSettings = { embedder: embedder.settings, chunking };
    const starting = Array.from({ length: size }, () => {
      const worker = new Worker(code, { eval: true, workerData: settings });
      worker.on('error', ignoreErrors);
      return new Promise<Worker | undefined>((resolve) => {
        const done = (ready: Worker | undefined): void => {
          clearTimeout(timer);
          worker.off('exit', onExit);
          worker.off('message', onMessage);
          resolve(ready);
        };
        const onExit = (): void => done(undefined);
        const onMessage = (reply: WorkerReply): void => done('ready' in reply && reply.embedderId === embedder.id ? worker : undefined);
        const timer = setTimeout(() => done(undefined), 30_000);
        worker.on('exit', onExit);
        worker.on('message', onMessage);
      }).then((ready) => {
        if (!ready) void worker.terminate();
        return ready;
      });
    });
    const workers = (await Promise.all(starting)).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) return undefined;
    return new PreparePool(workers, embedder.dimensions);
  }

  /**
   * Prepares `files` in batches of about `batchBytes` of text, yielding them in file order. At most
   * two batches per worker are in flight, so finished batches never pile up while the consumer works.
   */
  async *prepare(files: CorpusFile[], sources: SourcesFile, batchBytes = 256 * 1024): AsyncGenerator<PreparedBatch> {
    const batches: CorpusFile[][] = [];
    let current: CorpusFile[] = [];
    let bytes = 0;
    for (const file of files) {
      current.push(file);
      bytes += file.bytes.length;
      if (bytes >= batchBytes) {
        batches.push(current);
        current = [];
        bytes = 0;
      }
    }
    if (current.length > 0) batches.push(current);

    const pending = new Map<number, { resolve: (batch: PreparedBatch) => void; reject: (error: Error) => void }>();
    const results = new Map<number, Promise<PreparedBatch>>();
    const failAll = (error: Error): void => {
      for (const { reject } of pending.values()) reject(error);
      pending.clear();
    };
    const onMessage = (reply: WorkerReply): void => {
      if (!('seq' in reply)) return;
      const waiting = pending.get(reply.seq);
      pending.delete(reply.seq);
      if ('error' in reply) waiting?.reject(new Error(`preparing articles failed in a worker thread: ${reply.error}`));
      else waiting?.resolve(reply.batch);
    };
    const onExit = (code: number): void => failAll(new Error(`a worker thread preparing articles exited (code ${code})`));
    // (Never removeAllListeners on a Worker: it also drops the hooks that deliver its messages.)
    for (const worker of this.workers) {
      worker.on('message', onMessage);
      worker.on('error', failAll);
      worker.on('exit', onExit);
    }
    const send = (seq: number): void => {
      const batch = batches[seq];
      const worker = this.workers[seq % this.workers.length];
      if (!batch || !worker) return;
      const promise = new Promise<PreparedBatch>((resolve, reject) => pending.set(seq, { resolve, reject }));
      promise.catch(() => undefined); // rejections surface when the batch is awaited
      results.set(seq, promise);
      const request: WorkerRequest = {
        seq,
        // A view on part of a larger buffer would be cloned with all of it: send just the bytes.
        files: batch.map((file) => ({ docId: file.docId, path: file.path, hash: file.hash, size: file.size, mtimeMs: file.mtimeMs, bytes: file.bytes.byteLength === file.bytes.buffer.byteLength ? file.bytes : new Uint8Array(file.bytes) })),
        sources: Object.fromEntries(batch.flatMap((file) => {
          const facts = sources[file.docId];
          return facts ? [[file.docId, facts] as const] : [];
        })),
      };
      worker.postMessage(request);
    };
    const inFlight = 2 * this.workers.length;
    try {
      for (let seq = 0; seq < Math.min(inFlight, batches.length); seq++) send(seq);
      for (let seq = 0; seq < batches.length; seq++) {
        const prepared = await results.get(seq);
        results.delete(seq);
        send(seq + inFlight);
        if (prepared) {
          if (prepared.vectors.length !== prepared.chunks.length * this.dimensions) throw new Error('a worker thread returned vectors of the wrong size');
          yield prepared;
        }
      }
    } finally {
      for (const worker of this.workers) {
        worker.off('message', onMessage);
        worker.off('error', failAll);
        worker.off('exit', onExit);
      }
    }
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
