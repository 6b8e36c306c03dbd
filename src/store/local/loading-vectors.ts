/**
 * The vectors of a served generation while hnswlib reads them, off the main thread (its async
 * reader runs in the libuv pool). The rest of the generation — texts, lexical postings, statistics
 * — is served meanwhile: at 100,000 articles the vectors file is 2.35 GB and its read most of an
 * open, the rest about a second. Until they are in memory, `ready` is undefined and `loaded` is
 * pending; a read that fails (or disagrees with the chunks) rejects `loaded`.
 */
import type { HnswVectorStore } from './hnsw-vector-store.ts';

export class LoadingVectors {
  private store: HnswVectorStore | undefined;
  private failure: unknown;
  /** Settles when the vectors are in memory (or their read failed). */
  readonly loaded: Promise<HnswVectorStore>;
  /** Milliseconds the read took, once it has finished. */
  loadMs: number | undefined;

  constructor(reading: Promise<HnswVectorStore>) {
    const started = performance.now();
    this.loaded = reading.then(
      (store) => {
        this.store = store;
        this.loadMs = performance.now() - started;
        return store;
      },
      (error: unknown) => {
        this.failure = error;
        this.loadMs = performance.now() - started;
        throw error;
      },
    );
    // A failure is reported to whoever waits for the vectors (and logged by the repository).
    this.loaded.catch(() => undefined);
  }

  /** Vectors already in memory. */
  static of(store: HnswVectorStore): LoadingVectors {
    return new LoadingVectors(Promise.resolve(store));
  }

  /** The store once read; undefined while loading (or when the read failed). */
  get ready(): HnswVectorStore | undefined {
    return this.store;
  }

  /** True until the read has finished, well or not. */
  get loading(): boolean {
    return this.store === undefined && this.failure === undefined;
  }

  /** The store, now or once read. */
  get(): Promise<HnswVectorStore> {
    return this.store ? Promise.resolve(this.store) : this.loaded;
  }
}
