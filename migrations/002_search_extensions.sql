-- crisisbot schema 2: the search extensions, where the server has them.
-- `vector` (pgvector) is required for the index: without it the chunks get no embedding column and the
-- index reports "needs the vector extension" (the shared tables still work).
-- `pg_textsearch` (BM25 index access method) is used when present; otherwise BM25 is computed from the
-- postings table chunk_terms (filled only in that mode), see src/store/postgres/lexical.ts.
-- The HNSW index is created at the first ingest, once the embedder's dimensions are known
-- (a partial expression index per dimension count, see src/store/postgres/schema.ts).

-- Up Migration
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    CREATE EXTENSION IF NOT EXISTS vector;
    ALTER TABLE chunks ADD COLUMN embedding vector;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_textsearch') THEN
    CREATE EXTENSION IF NOT EXISTS pg_textsearch;
    -- MiniSearch's BM25 parameters (k1 1.2, b 0.7) over the pre-analysed words: 'simple' keeps them as they are.
    CREATE INDEX chunks_bm25 ON chunks USING bm25 (terms) WITH (text_config = 'simple', k1 = 1.2, b = 0.7);
  END IF;
END
$$;

CREATE TABLE chunk_terms (
  chunk_row bigint NOT NULL REFERENCES chunks (row_id) ON DELETE CASCADE,
  term text NOT NULL,
  tf integer NOT NULL,
  PRIMARY KEY (term, chunk_row)
);
CREATE INDEX chunk_terms_chunk ON chunk_terms (chunk_row);

-- Down Migration
DROP TABLE chunk_terms;
DROP INDEX IF EXISTS chunks_bm25;
ALTER TABLE chunks DROP COLUMN IF EXISTS embedding;
