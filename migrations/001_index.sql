-- crisisbot schema 1: the index (generations, articles, chunks, manifest), conversations and feedback.
-- Rows of the index are versioned by generation: a row is visible in generation G when
--   gen_from <= G AND (gen_to IS NULL OR gen_to > G).
-- An ingest writes rows tagged with its new generation (invisible to readers of the live one) and
-- retires replaced rows by setting gen_to; publishing is one UPDATE of index_state. Readers pinned to
-- a generation see it whole however long they read; rows no reader can see are purged after a later
-- publish.

-- Up Migration
CREATE TABLE index_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  current_generation bigint,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO index_state (singleton) VALUES (true);

CREATE TABLE generations (
  id bigserial PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('building', 'published', 'aborted')),
  identity jsonb NOT NULL,
  -- Local n-gram features: chunk count and document frequency per bucket (float8 array, little-endian).
  feature_documents bigint,
  feature_df bytea,
  started_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);

CREATE TABLE articles (
  row_id bigserial PRIMARY KEY,
  doc_id text NOT NULL,
  gen_from bigint NOT NULL,
  gen_to bigint,
  title text NOT NULL,
  lang text NOT NULL,
  path text NOT NULL,
  hash text NOT NULL,
  source jsonb NOT NULL,
  text text NOT NULL,
  chunk_count integer NOT NULL
);
CREATE INDEX articles_doc ON articles (doc_id, gen_from);
CREATE INDEX articles_retired ON articles (gen_to) WHERE gen_to IS NOT NULL;

CREATE TABLE chunks (
  row_id bigserial PRIMARY KEY,
  chunk_id text NOT NULL,
  doc_id text NOT NULL,
  ord integer NOT NULL,
  title text NOT NULL,
  lang text NOT NULL,
  start_offset integer NOT NULL,
  end_offset integer NOT NULL,
  text text NOT NULL,
  -- The analysed words (folded, stopword-free, French and English stems), what BM25 ranks: the same
  -- analysis as the local backend's MiniSearch index.
  terms text NOT NULL,
  term_count integer NOT NULL,
  dimensions integer NOT NULL,
  gen_from bigint NOT NULL,
  gen_to bigint
);
CREATE INDEX chunks_chunk ON chunks (chunk_id, gen_from);
CREATE INDEX chunks_doc ON chunks (doc_id, gen_from);
CREATE INDEX chunks_retired ON chunks (gen_to) WHERE gen_to IS NOT NULL;

CREATE TABLE manifest_files (
  row_id bigserial PRIMARY KEY,
  key text NOT NULL,
  record jsonb NOT NULL,
  gen_from bigint NOT NULL,
  gen_to bigint
);
CREATE INDEX manifest_files_key ON manifest_files (key, gen_from);

-- Thread memory, shared by every bot process.
CREATE TABLE conversation_turns (
  id bigserial PRIMARY KEY,
  key text NOT NULL,
  role text NOT NULL CHECK (role IN ('user', 'assistant')),
  content text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_turns_key ON conversation_turns (key, id);

-- 👍/👎 on answers (the user id only as its sha256).
CREATE TABLE feedback_votes (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  message_id text NOT NULL,
  user_hash text NOT NULL,
  vote text NOT NULL CHECK (vote IN ('up', 'down')),
  question text,
  answer text NOT NULL,
  chunk_ids text[] NOT NULL,
  citations jsonb,
  method text,
  abstained boolean
);

-- Down Migration
DROP TABLE feedback_votes;
DROP TABLE conversation_turns;
DROP TABLE manifest_files;
DROP TABLE chunks;
DROP TABLE articles;
DROP TABLE generations;
DROP TABLE index_state;
