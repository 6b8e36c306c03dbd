/**
 * Schema: the versioned SQL files in migrations/ applied at start by node-pg-migrate (which holds
 * its own advisory lock, so processes starting together apply them once), then what the server
 * offers: pgvector (required for the index), pg_textsearch (BM25 index) or the postings fallback.
 */
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type { Pool, PoolClient } from './db.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));
export const MIGRATIONS_TABLE = 'crisisbot_migrations';

/** How the lexical half ranks: the pg_textsearch BM25 index, or BM25 computed over a postings table. */
export type LexicalMode = 'bm25-index' | 'postings';

export interface ServerFeatures {
  /** pgvector is installed (the index needs it). */
  vector: boolean;
  lexical: LexicalMode;
}

/** Applies pending migrations (in one transaction); returns the names applied. */
export async function migrate(url: string, log: (message: string) => void = () => undefined): Promise<string[]> {
  const applied = await runner({
    databaseUrl: url,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: MIGRATIONS_TABLE,
    singleTransaction: true,
    // Processes starting together (shards) wait for the first to migrate instead of failing.
    advisoryLockMode: 'wait',
    checkOrder: true,
    log,
  });
  return applied.map((migration) => migration.name);
}

/**
 * What the migrated database has: the embedding column, and the BM25 index (else postings).
 * `lexical` forces a mode (tests and the bench compare both on one server); switching the mode of a
 * populated database needs `crisisbot ingest --rebuild`, as postings are written only in that mode.
 */
export async function serverFeatures(pool: Pool, lexical?: LexicalMode): Promise<ServerFeatures> {
  const { rows } = await pool.query<{ vector: boolean; bm25: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'chunks' AND column_name = 'embedding') AS vector,
            EXISTS (SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'chunks_bm25') AS bm25`,
  );
  const row = rows[0];
  return { vector: row?.vector === true, lexical: lexical ?? (row?.bm25 === true ? 'bm25-index' : 'postings') };
}

/** Name of the HNSW index for one dimension count. */
function vectorIndexName(dimensions: number): string {
  if (!Number.isInteger(dimensions) || dimensions <= 0 || dimensions > 16_000) throw new Error(`bad vector dimensions ${dimensions}`);
  return `chunks_hnsw_d${dimensions}`;
}

/**
 * True when the HNSW index for these dimensions is still to be made and no chunk of that length
 * exists: an ingest then loads its rows first and builds the index at publish, which costs pgvector
 * about a third of inserting into the index row by row (measured on PGlite, 1024-d).
 */
export async function vectorIndexDeferrable(client: Pool | PoolClient, dimensions: number): Promise<boolean> {
  const { rows } = await client.query<{ deferrable: boolean }>(
    `SELECT to_regclass($1) IS NULL AND NOT EXISTS (SELECT 1 FROM chunks WHERE dimensions = $2) AS deferrable`,
    [vectorIndexName(dimensions), dimensions],
  );
  return rows[0]?.deferrable === true;
}

/** The HNSW index for one dimension count (a partial expression index: the column is `vector` of any length). */
export async function ensureVectorIndex(client: Pool | PoolClient, dimensions: number): Promise<void> {
  await client.query(
    `CREATE INDEX IF NOT EXISTS ${vectorIndexName(dimensions)} ON chunks USING hnsw ((embedding::vector(${dimensions})) vector_cosine_ops) WHERE dimensions = ${dimensions}`,
  );
}
