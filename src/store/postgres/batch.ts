/**
 * Writes of an ingest, many articles at a time: what `putArticle`, `removeArticle` and `putFile`
 * asked for, applied in one transaction with a few multi-row statements (COPY is not available
 * through every server, e.g. PGlite's socket). Vectors travel as binary parameters. Every row carries
 * the ingest's generation, so nothing here is visible to readers before the publish.
 */
import type { ManifestFile } from '../../ports.ts';
import type { Article, Chunk } from '../../types.ts';
import { encodeVector, normalised, type PoolClient } from './db.ts';
import { postingsOf } from './lexical.ts';
import type { LexicalMode } from './schema.ts';

/** Chunk rows per INSERT (13 parameters each: far below the protocol's 65,535). */
const CHUNK_ROWS = 500;
/** Postings per INSERT … unnest. */
const POSTING_ROWS = 5_000;

/** An article as it will be written: its chunks, and their vectors already encoded. */
export interface PendingArticle {
  article: Article;
  chunks: Chunk[];
  vectors: Buffer[];
}

/** The changes buffered since the last write: per document and per manifest key, the last word wins. */
export interface Batch {
  /** docId → the article to store, or null to remove it. */
  articles: Map<string, PendingArticle | null>;
  /** Manifest key → its record, or null to delete it. */
  files: Map<string, ManifestFile | null>;
  /** Chunks in `articles`, to bound the memory a batch holds. */
  chunks: number;
}

export function emptyBatch(): Batch {
  return { articles: new Map(), files: new Map(), chunks: 0 };
}

/** The vectors scaled to unit length, in pgvector's binary format. */
export function encodeAll(vectors: ArrayLike<number>[]): Buffer[] {
  return vectors.map((vector) => encodeVector(normalised(vector)));
}

/** Where a batch goes: the locked connection, the ingest's generation and the lexical mode. */
export interface BatchTarget {
  client: PoolClient;
  generation: string;
  dimensions: number;
  lexical: LexicalMode;
}

/** Applies a batch (inside the caller's transaction). */
export async function writeBatch(target: BatchTarget, batch: Batch): Promise<void> {
  const docIds = [...batch.articles.keys()];
  if (docIds.length > 0) await retire(target, docIds);
  const stored = [...batch.articles.values()].filter((entry): entry is PendingArticle => entry !== null);
  if (stored.length > 0) await insertArticles(target, stored);
  const rows = stored.flatMap((entry) => entry.chunks.map((chunk, i) => ({ chunk, vector: entry.vectors[i] as Buffer })));
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) await insertChunks(target, rows.slice(start, start + CHUNK_ROWS));
  if (batch.files.size > 0) await writeFiles(target, batch.files);
}

/** Retires the documents' live rows, and drops the rows this generation already wrote for them. */
async function retire({ client, generation }: BatchTarget, docIds: string[]): Promise<void> {
  for (const table of ['chunks', 'articles']) {
    await client.query(`DELETE FROM ${table} WHERE doc_id = ANY($1) AND gen_from = $2`, [docIds, generation]);
    await client.query(`UPDATE ${table} SET gen_to = $2 WHERE doc_id = ANY($1) AND gen_to IS NULL AND gen_from < $2`, [docIds, generation]);
  }
}

async function insertArticles({ client, generation }: BatchTarget, stored: PendingArticle[]): Promise<void> {
  const column = <T>(pick: (entry: PendingArticle) => T): T[] => stored.map(pick);
  await client.query(
    `INSERT INTO articles (doc_id, gen_from, title, lang, path, hash, source, text, chunk_count)
     SELECT doc_id, $1, title, lang, path, hash, source, text, chunk_count
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::text[], $9::int[])
       AS a (doc_id, title, lang, path, hash, source, text, chunk_count)`,
    [
      generation,
      column((e) => e.article.docId),
      column((e) => e.article.title),
      column((e) => e.article.lang),
      column((e) => e.article.path),
      column((e) => e.article.hash),
      column((e) => JSON.stringify(e.article.source)),
      column((e) => e.article.text),
      column((e) => e.chunks.length),
    ],
  );
}

async function insertChunks(target: BatchTarget, rows: Array<{ chunk: Chunk; vector: Buffer }>): Promise<void> {
  const params: unknown[] = [];
  const values: string[] = [];
  const analysed = rows.map(({ chunk }) => postingsOf(chunk.text));
  rows.forEach(({ chunk, vector }, i) => {
    const info = analysed[i] as ReturnType<typeof postingsOf>;
    const row = [chunk.id, chunk.docId, chunk.index, chunk.title, chunk.lang, chunk.start, chunk.end, chunk.text, info.terms.join(' '), info.length, target.dimensions, target.generation, vector];
    const base = params.length;
    params.push(...row);
    values.push(`(${row.map((_, j) => (j === row.length - 1 ? `$${base + j + 1}::vector` : `$${base + j + 1}`)).join(', ')})`);
  });
  const { rows: inserted } = await target.client.query<{ row_id: string; chunk_id: string }>(
    `INSERT INTO chunks (chunk_id, doc_id, ord, title, lang, start_offset, end_offset, text, terms, term_count, dimensions, gen_from, embedding)
     VALUES ${values.join(', ')} RETURNING row_id, chunk_id`,
    params,
  );
  if (target.lexical === 'postings') await insertPostings(target.client, inserted, new Map(rows.map(({ chunk }, i) => [chunk.id, analysed[i]!.tf])));
}

async function insertPostings(client: PoolClient, rows: Array<{ row_id: string; chunk_id: string }>, tfs: Map<string, Map<string, number>>): Promise<void> {
  const triples: Array<[string, string, number]> = rows.flatMap((row) => [...(tfs.get(row.chunk_id) ?? new Map<string, number>())].map(([term, tf]): [string, string, number] => [row.row_id, term, tf]));
  for (let start = 0; start < triples.length; start += POSTING_ROWS) {
    const batch = triples.slice(start, start + POSTING_ROWS);
    await client.query(`INSERT INTO chunk_terms (chunk_row, term, tf) SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[])`, [
      batch.map((t) => t[0]),
      batch.map((t) => t[1]),
      batch.map((t) => t[2]),
    ]);
  }
}

/** Manifest records: retire the keys' live records, then insert the new ones. */
async function writeFiles({ client, generation }: BatchTarget, files: Map<string, ManifestFile | null>): Promise<void> {
  const keys = [...files.keys()];
  await client.query(`DELETE FROM manifest_files WHERE key = ANY($1) AND gen_from = $2`, [keys, generation]);
  await client.query(`UPDATE manifest_files SET gen_to = $2 WHERE key = ANY($1) AND gen_to IS NULL AND gen_from < $2`, [keys, generation]);
  const kept = [...files].filter((entry): entry is [string, ManifestFile] => entry[1] !== null);
  if (kept.length === 0) return;
  await client.query(`INSERT INTO manifest_files (key, record, gen_from) SELECT key, record, $1 FROM unnest($2::text[], $3::jsonb[]) AS f (key, record)`, [
    generation,
    kept.map(([key]) => key),
    kept.map(([, record]) => JSON.stringify(record)),
  ]);
}
