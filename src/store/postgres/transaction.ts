/**
 * An ingest into the shared tables. It holds the ingest advisory lock on its own connection from
 * begin to publish/abort, so two ingests (any processes) never interleave. Its rows carry its new
 * generation id, greater than the live one, so readers of the live generation never see them; rows it
 * replaces get `gen_to` = its id, so they stay visible to those readers. Changes are buffered and
 * written many articles at a time (batch.ts), one transaction per batch, while the caller prepares
 * the next ones; publish writes the rest and updates index_state (plus the generation's statistics)
 * in one transaction, atomic for every reader. Rows no reader can see any more are purged after it.
 */
import { CrisisbotError, IndexError } from '../../errors.ts';
import type { FeatureStats, IndexTransaction, ManifestFile } from '../../ports.ts';
import type { Article, Chunk } from '../../types.ts';
import { emptyBatch, encodeAll, writeBatch, type Batch, type BatchTarget } from './batch.ts';
import { explainFailure, type PoolClient } from './db.ts';
import { encodeStats } from './rows.ts';
import { ensureVectorIndex, type ServerFeatures } from './schema.ts';

/** Key of the ingest advisory lock ("crisisbot ingest"). */
export const INGEST_LOCK = 7_261_636_901;
/** A batch is written once it holds this many chunks (about 4 MiB of 1024-d vectors)… */
const FLUSH_CHUNKS = 1_000;
/** …or this many changed articles and manifest records. */
const FLUSH_ENTRIES = 1_000;
/** Memory for building the HNSW index at publish: an in-memory build for ~100k rows of 1024-d. */
const VECTOR_BUILD_MEMORY = '1GB';
const TABLES = ['articles', 'chunks', 'manifest_files'] as const;

/** Undoes whatever a generation newer than `current` left behind (a crashed or aborted ingest). */
export async function discardNewerThan(client: PoolClient, current: string): Promise<void> {
  await client.query('BEGIN');
  for (const table of TABLES) {
    await client.query(`DELETE FROM ${table} WHERE gen_from > $1`, [current]);
    await client.query(`UPDATE ${table} SET gen_to = NULL WHERE gen_to > $1`, [current]);
  }
  await client.query(`UPDATE generations SET state = 'aborted' WHERE state = 'building'`);
  await client.query('COMMIT');
}

export class PostgresIndexTransaction implements IndexTransaction {
  private done = false;
  private batch: Batch = emptyBatch();
  /** The batch being written, if any (never rejects: a failure lands in `failure`). */
  private writing: Promise<void> = Promise.resolve();
  /** Why a batch write failed: the ingest is over, every later call throws it. */
  private failure: Error | undefined;
  private readonly target: BatchTarget;

  private readonly generation: string;
  private readonly previous: string;
  private readonly dimensions: number;
  /** The server, for messages. */
  private readonly where: string;
  /** The HNSW index for these dimensions is built at publish (see schema.ts `vectorIndexDeferrable`). */
  private readonly buildVectorIndex: boolean;

  constructor(
    private readonly client: PoolClient,
    target: { generation: string; previous: string; dimensions: number; where: string; buildVectorIndex: boolean },
    private readonly features: ServerFeatures,
    /** The base generation's statistics, carried over unless putFeatureStats replaces them. */
    private stats: FeatureStats | undefined,
    private readonly release: (destroy?: boolean) => void,
  ) {
    ({ generation: this.generation, previous: this.previous, dimensions: this.dimensions } = target);
    this.where = target.where;
    this.buildVectorIndex = target.buildVectorIndex;
    this.target = { client, generation: this.generation, dimensions: this.dimensions, lexical: features.lexical };
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.done) throw new IndexError('INDEX_CORRUPT', 'This index transaction is already published or aborted.');
  }

  /** In one transaction on the locked connection; a failure ends the ingest (see `guarded`). */
  private async atomically<T>(work: () => Promise<T>): Promise<T> {
    this.check();
    return this.guarded(async () => {
      await this.client.query('BEGIN');
      try {
        const result = await work();
        await this.client.query('COMMIT');
        return result;
      } catch (error) {
        await this.client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

    async putArticle(article: Article, chunks: Chunk[], vectors: ArrayLike<number>[]): Promise<void> {
    this.check();
    // A refused article ends the ingest, as a failed write does.
    await this.guarded(() => Promise.resolve(this.validate(article.docId, chunks, vectors)));
    this.forget(article.docId);
    this.batch.articles.set(article.docId, { article, chunks: [...chunks], vectors: encodeAll(vectors) });
    this.batch.chunks += chunks.length;
    await this.maybeFlush();
  }

  private validate(docId: string, chunks: Chunk[], vectors: ArrayLike<number>[]): void {
    if (vectors.length !== chunks.length) throw new Error(`${chunks.length} chunks but ${vectors.length} vectors for ${docId}`);
    if (chunks.length > 0 && !this.features.vector) {
      throw new CrisisbotError('CONFIG_INVALID', `The server at ${this.where} has no \`vector\` extension (pgvector), which the index needs: install it (PostgreSQL ≥ 15 with pgvector), or use \`npm run pg:serve\`.`);
    }
    for (const vector of vectors) if (vector.length !== this.dimensions) throw new Error(`a vector of ${docId} has ${vector.length} dimensions, the index ${this.dimensions}`);
  }

  /** Drops a document's buffered article (it is being replaced or removed). */
  private forget(docId: string): void {
    const buffered = this.batch.articles.get(docId);
    if (buffered) this.batch.chunks -= buffered.chunks.length;
  }

  async removeArticle(docId: string): Promise<void> {
    this.check();
    this.forget(docId);
    this.batch.articles.set(docId, null);
    await this.maybeFlush();
  }

  async putFile(key: string, file: ManifestFile | undefined): Promise<void> {
    this.check();
    this.batch.files.set(key, file ?? null);
    await this.maybeFlush();
  }

  private async maybeFlush(): Promise<void> {
    if (this.batch.chunks >= FLUSH_CHUNKS || this.batch.articles.size + this.batch.files.size >= FLUSH_ENTRIES) await this.startWrite();
  }

  /** Writes what is buffered now (still invisible to readers until publish) and waits for it. */
  async flush(): Promise<void> {
    await this.startWrite();
    await this.writing;
    this.check();
  }

  /**
   * Starts writing what is buffered, in one transaction, and returns once the previous write is done:
   * the caller prepares the next articles (parsing, embedding) while the server stores these.
   * A failed write surfaces at the next call (or at publish).
   */
  private async startWrite(): Promise<void> {
    this.check();
    await this.writing;
    this.check();
    const batch = this.batch;
    this.batch = emptyBatch();
    if (batch.articles.size === 0 && batch.files.size === 0) return;
    this.writing = this.atomically(() => writeBatch(this.target, batch)).catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
    });
  }

  putFeatureStats(stats: FeatureStats | undefined): Promise<void> {
    this.check();
    this.stats = stats ? { documents: stats.documents, df: Float64Array.from(stats.df) } : undefined;
    return Promise.resolve();
  }

  async publish(): Promise<string> {
    this.check();
    await this.writing;
    this.check();
    const rest = this.batch;
    this.batch = emptyBatch();
    await this.atomically(async () => {
      await writeBatch(this.target, rest);
      if (this.buildVectorIndex) {
        // pgvector builds in memory up to maintenance_work_mem (1024-d: ~6 KiB a row), on disk past it, far slower.
        await this.client.query(`SET LOCAL maintenance_work_mem = '${VECTOR_BUILD_MEMORY}'`);
        await ensureVectorIndex(this.client, this.dimensions);
      }
      await this.client.query(`UPDATE generations SET state = 'published', published_at = now(), feature_documents = $2, feature_df = $3 WHERE id = $1`, [
        this.generation,
        this.stats?.documents ?? null,
        this.stats ? encodeStats(this.stats) : null,
      ]);
      await this.client.query(`UPDATE index_state SET current_generation = $1, updated_at = now()`, [this.generation]);
    });
    this.done = true;
    try {
      // Readers of the replaced generation may still be reading: keep what it sees, drop what neither sees.
      for (const table of TABLES) await this.client.query(`DELETE FROM ${table} WHERE gen_to <= $1`, [this.previous]);
      await this.client.query(`DELETE FROM generations WHERE state = 'aborted' OR (state = 'published' AND id < $1)`, [this.previous]);
    } catch {
      // Published all the same; the next publish purges these rows too.
    } finally {
      await this.unlock();
    }
    return this.generation;
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.batch = emptyBatch();
    try {
      await this.writing;
      await discardNewerThan(this.client, this.previous);
    } finally {
      await this.unlock();
    }
  }

  /**
   * Runs a step; if it fails the ingest is over: the connection is closed, which makes the server drop
   * the lock, and the next ingest discards what this one wrote.
   */
  async guarded<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (!this.done) {
        this.done = true;
        this.release(true);
      }
      throw explainFailure(this.where, error);
    }
  }

  private async unlock(): Promise<void> {
    const ok = await this.client.query('SELECT pg_advisory_unlock($1)', [INGEST_LOCK]).then(() => true, () => false);
    this.release(!ok);
  }
}
