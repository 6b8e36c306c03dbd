/**
 * An ingest into the shared tables. It holds the ingest advisory lock on its own connection from
 * begin to publish/abort, so two ingests (any processes) never interleave. Its rows carry its new
 * generation id, greater than the live one, so readers of the live generation never see them; rows it
 * replaces get `gen_to` = its id, so they stay visible to those readers. Each call is one short
 * transaction; publish is one UPDATE of index_state (plus the generation's statistics), atomic for
 * every reader. Rows no reader can see any more are purged after the publish.
 */
import { CrisisbotError, IndexError } from '../../errors.ts';
import type { FeatureStats, IndexTransaction, ManifestFile } from '../../ports.ts';
import type { Article, Chunk } from '../../types.ts';
import { encodeVector, normalised, type PoolClient } from './db.ts';
import { postingsOf } from './lexical.ts';
import { encodeStats } from './rows.ts';
import type { ServerFeatures } from './schema.ts';

/** Key of the ingest advisory lock ("crisisbot ingest"). */
export const INGEST_LOCK = 7_261_636_901;
/** Rows a multi-row INSERT carries (COPY is not available through every server, e.g. PGlite's socket). */
const BATCH = 200;
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

  private readonly generation: string;
  private readonly previous: string;
  private readonly dimensions: number;
  /** The server, for messages. */
  private readonly where: string;

  constructor(
    private readonly client: PoolClient,
    target: { generation: string; previous: string; dimensions: number; where: string },
    private readonly features: ServerFeatures,
    /** The base generation's statistics, carried over unless putFeatureStats replaces them. */
    private stats: FeatureStats | undefined,
    private readonly release: (destroy?: boolean) => void,
  ) {
    ({ generation: this.generation, previous: this.previous, dimensions: this.dimensions } = target);
    this.where = target.where;
  }

  private check(): void {
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

  /** Retires the doc's live rows, and drops the rows this generation wrote for it. */
  private async retire(docId: string): Promise<void> {
    const g = this.generation;
    for (const table of ['chunks', 'articles']) {
      await this.client.query(`DELETE FROM ${table} WHERE doc_id = $1 AND gen_from = $2`, [docId, g]);
      await this.client.query(`UPDATE ${table} SET gen_to = $2 WHERE doc_id = $1 AND gen_to IS NULL AND gen_from < $2`, [docId, g]);
    }
  }

  async putArticle(article: Article, chunks: Chunk[], vectors: ArrayLike<number>[]): Promise<void> {
    await this.atomically(async () => {
      this.validate(article.docId, chunks, vectors);
      await this.retire(article.docId);
      await this.client.query(
        `INSERT INTO articles (doc_id, gen_from, title, lang, path, hash, source, text, chunk_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [article.docId, this.generation, article.title, article.lang, article.path, article.hash, JSON.stringify(article.source), article.text, chunks.length],
      );
      for (let start = 0; start < chunks.length; start += BATCH) await this.insertChunks(chunks.slice(start, start + BATCH), vectors.slice(start, start + BATCH));
    });
  }

  private validate(docId: string, chunks: Chunk[], vectors: ArrayLike<number>[]): void {
    if (vectors.length !== chunks.length) throw new Error(`${chunks.length} chunks but ${vectors.length} vectors for ${docId}`);
    if (chunks.length > 0 && !this.features.vector) {
      throw new CrisisbotError('CONFIG_INVALID', `The server at ${this.where} has no \`vector\` extension (pgvector), which the index needs: install it (PostgreSQL ≥ 15 with pgvector), or use \`npm run pg:serve\`.`);
    }
    for (const vector of vectors) if (vector.length !== this.dimensions) throw new Error(`a vector of ${docId} has ${vector.length} dimensions, the index ${this.dimensions}`);
  }

  private async insertChunks(chunks: Chunk[], vectors: ArrayLike<number>[]): Promise<void> {
    const params: unknown[] = [];
    const values: string[] = [];
    const analysed = chunks.map((chunk) => postingsOf(chunk.text));
    chunks.forEach((chunk, i) => {
      const unit = normalised(vectors[i] as ArrayLike<number>);
      const info = analysed[i] as ReturnType<typeof postingsOf>;
      const row = [chunk.id, chunk.docId, chunk.index, chunk.title, chunk.lang, chunk.start, chunk.end, chunk.text, info.terms.join(' '), info.length, this.dimensions, this.generation, encodeVector(unit)];
      const base = params.length;
      params.push(...row);
      values.push(`(${row.map((_, j) => (j === row.length - 1 ? `$${base + j + 1}::vector` : `$${base + j + 1}`)).join(', ')})`);
    });
    const { rows } = await this.client.query<{ row_id: string; chunk_id: string }>(
      `INSERT INTO chunks (chunk_id, doc_id, ord, title, lang, start_offset, end_offset, text, terms, term_count, dimensions, gen_from, embedding)
       VALUES ${values.join(', ')} RETURNING row_id, chunk_id`,
      params,
    );
    if (this.features.lexical === 'postings') await this.insertPostings(rows, new Map(chunks.map((chunk, i) => [chunk.id, analysed[i]!.tf])));
  }

  private async insertPostings(rows: Array<{ row_id: string; chunk_id: string }>, tfs: Map<string, Map<string, number>>): Promise<void> {
    const triples: unknown[][] = rows.flatMap((row) => [...(tfs.get(row.chunk_id) ?? new Map<string, number>())].map(([term, tf]) => [row.row_id, term, tf]));
    for (let start = 0; start < triples.length; start += 2_000) {
      const batch = triples.slice(start, start + 2_000);
      await this.client.query(
        `INSERT INTO chunk_terms (chunk_row, term, tf) SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[])`,
        [batch.map((t) => t[0]), batch.map((t) => t[1]), batch.map((t) => t[2])],
      );
    }
  }

  async removeArticle(docId: string): Promise<void> {
    await this.atomically(() => this.retire(docId));
  }

  async putFile(key: string, file: ManifestFile | undefined): Promise<void> {
    await this.atomically(async () => {
      await this.client.query(`DELETE FROM manifest_files WHERE key = $1 AND gen_from = $2`, [key, this.generation]);
      await this.client.query(`UPDATE manifest_files SET gen_to = $2 WHERE key = $1 AND gen_to IS NULL AND gen_from < $2`, [key, this.generation]);
      if (file) await this.client.query(`INSERT INTO manifest_files (key, record, gen_from) VALUES ($1, $2, $3)`, [key, JSON.stringify(file), this.generation]);
    });
  }

  putFeatureStats(stats: FeatureStats | undefined): Promise<void> {
    this.check();
    this.stats = stats ? { documents: stats.documents, df: Float64Array.from(stats.df) } : undefined;
    return Promise.resolve();
  }

  async publish(): Promise<string> {
    await this.atomically(async () => {
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
    } finally {
      await this.unlock();
    }
    return this.generation;
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
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
      throw error;
    }
  }

  private async unlock(): Promise<void> {
    const ok = await this.client.query('SELECT pg_advisory_unlock($1)', [INGEST_LOCK]).then(() => true, () => false);
    this.release(!ok);
  }
}
