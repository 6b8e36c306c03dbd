/**
 * One published generation, read from the shared tables. Every query is pinned to the generation
 * (rows.ts `visibleIn`), so a reader sees it whole while another process ingests and publishes.
 * Immutable, so what it reads once (vectors, counts, statistics) is cached.
 */
import type { ArticleInfo, FeatureStats, IndexIdentity, IndexSnapshot, ManifestFile, SearchFilter, VectorHit, VectorStore } from '../../ports.ts';
import type { Article, Chunk } from '../../types.ts';
import { decodeVector, encodeVector, type Reader } from './db.ts';
import { filterSql, PostgresLexicalIndex } from './lexical.ts';
import { ARTICLE_INFO_COLUMNS, CHUNK_COLUMNS, decodeStats, toArticle, toArticleInfo, toChunk, visibleIn, type ArticleRow, type ChunkRow } from './rows.ts';
import type { LexicalMode } from './schema.ts';

const VECTOR_CACHE = 4_096;

class PostgresVectorStore implements VectorStore {
  private readonly cache = new Map<string, Float32Array | undefined>();
  private count: Promise<number> | undefined;

  constructor(
    private readonly pool: Reader,
    private readonly generation: string,
    private readonly dimensions: number,
  ) {}

  async search(vector: ArrayLike<number>, k: number, filter?: SearchFilter): Promise<VectorHit[]> {
    if (k <= 0 || filter?.docIds?.length === 0 || filter?.langs?.length === 0) return [];
    if (vector.length !== this.dimensions) throw new Error(`query vector has ${vector.length} dimensions, the index ${this.dimensions}`);
    const d = this.dimensions;
    const where = filterSql(filter, 4);
    const { rows } = await this.pool.query<{ chunk_id: string; distance: number }>(
      `SELECT chunk_id, embedding::vector(${d}) <=> $1::vector(${d}) AS distance FROM chunks
       WHERE dimensions = ${d} AND ${visibleIn('$2')}${where.sql}
       ORDER BY embedding::vector(${d}) <=> $1::vector(${d}) LIMIT $3`,
      [encodeVector(vector), this.generation, k, ...where.params],
    );
    // Iterative HNSW scans may return rows slightly out of order: sort, best first.
    return rows.map((row) => ({ chunkId: row.chunk_id, similarity: 1 - row.distance })).sort((a, b) => b.similarity - a.similarity);
  }

  async vector(chunkId: string): Promise<Float32Array | undefined> {
    if (this.cache.has(chunkId)) return this.cache.get(chunkId);
    const { rows } = await this.pool.query<{ v: Buffer }>(`SELECT vector_send(embedding) AS v FROM chunks WHERE chunk_id = $1 AND ${visibleIn('$2')}`, [chunkId, this.generation]);
    const found = rows[0] ? decodeVector(rows[0].v) : undefined;
    if (this.cache.size >= VECTOR_CACHE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(chunkId, found);
    return found;
  }

  size(): Promise<number> {
    this.count ??= this.pool
      .query<{ n: string }>(`SELECT count(*) AS n FROM chunks WHERE ${visibleIn('$1')}`, [this.generation])
      .then(({ rows }) => Number(rows[0]?.n ?? 0));
    // A failed read (server restarting) is not cached.
    this.count.catch(() => (this.count = undefined));
    return this.count;
  }
}

export class PostgresSnapshot implements IndexSnapshot {
  readonly vectors: VectorStore;
  readonly lexical: PostgresLexicalIndex;
  private articleList: Promise<ArticleInfo[]> | undefined;

  constructor(
    private readonly pool: Reader,
    readonly generation: string,
    readonly identity: IndexIdentity,
    lexicalMode: LexicalMode,
    private readonly stats: FeatureStats | undefined,
  ) {
    this.vectors = new PostgresVectorStore(pool, generation, identity.dimensions);
    this.lexical = new PostgresLexicalIndex(pool, generation, lexicalMode);
  }

  async files(): Promise<Record<string, ManifestFile>> {
    const { rows } = await this.pool.query<{ key: string; record: ManifestFile }>(`SELECT key, record FROM manifest_files WHERE ${visibleIn('$1')} ORDER BY key`, [this.generation]);
    return Object.fromEntries(rows.map((row) => [row.key, row.record]));
  }

  articles(): Promise<ArticleInfo[]> {
    this.articleList ??= this.pool
      .query<ArticleRow>(`SELECT ${ARTICLE_INFO_COLUMNS} FROM articles WHERE ${visibleIn('$1')} ORDER BY doc_id`, [this.generation])
      .then(({ rows }) => rows.map(toArticleInfo));
    // A failed read (server restarting) is not cached.
    this.articleList.catch(() => (this.articleList = undefined));
    return this.articleList;
  }

  async article(docId: string): Promise<Article | undefined> {
    const { rows } = await this.pool.query<ArticleRow & { text: string }>(
      `SELECT ${ARTICLE_INFO_COLUMNS}, text FROM articles WHERE doc_id = $1 AND ${visibleIn('$2')}`,
      [docId, this.generation],
    );
    return rows[0] ? toArticle(rows[0]) : undefined;
  }

  async chunk(chunkId: string): Promise<Chunk | undefined> {
    return (await this.chunks([chunkId]))[0];
  }

  async chunks(chunkIds: readonly string[]): Promise<Chunk[]> {
    if (chunkIds.length === 0) return [];
    const { rows } = await this.pool.query<ChunkRow>(`SELECT ${CHUNK_COLUMNS} FROM chunks WHERE chunk_id = ANY($1) AND ${visibleIn('$2')}`, [[...chunkIds], this.generation]);
    const byId = new Map(rows.map((row) => [row.chunk_id, toChunk(row)]));
    return chunkIds.flatMap((id) => byId.get(id) ?? []);
  }

  async chunksOf(docId: string): Promise<Chunk[]> {
    const { rows } = await this.pool.query<ChunkRow>(`SELECT ${CHUNK_COLUMNS} FROM chunks WHERE doc_id = $1 AND ${visibleIn('$2')} ORDER BY ord`, [docId, this.generation]);
    return rows.map(toChunk);
  }

  featureStats(): Promise<FeatureStats | undefined> {
    return Promise.resolve(this.stats);
  }

  /** Nothing to release: the pool belongs to the backend. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Reads the stored feature statistics of a generation row. */
export function statsOf(row: { feature_documents: string | null; feature_df: Buffer | null }): FeatureStats | undefined {
  return row.feature_df ? decodeStats(Number(row.feature_documents ?? 0), row.feature_df) : undefined;
}
