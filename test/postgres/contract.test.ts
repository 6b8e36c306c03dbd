/**
 * Every port contract against the PostgreSQL backend on real engines: PGlite (pgvector +
 * pg_textsearch) for all of them, the lexical contract again in postings mode (the BM25 fallback for
 * servers without pg_textsearch), and the conversation and feedback contracts on native PostgreSQL 15
 * (real sessions; no pgvector there, so not the index).
 */
import { afterAll, beforeAll } from 'vitest';
import type { FeedbackVote } from '../../src/ports.ts';
import { PostgresBackend } from '../../src/store/postgres/backend.ts';
import type { LexicalMode } from '../../src/store/postgres/schema.ts';
import { conversationStoreContract } from '../contract/conversation-store.contract.ts';
import { feedbackSinkContract } from '../contract/feedback-sink.contract.ts';
import type { BackendFixture, BackendOptions, MakeBackend } from '../contract/fixtures.ts';
import { indexRepositoryContract } from '../contract/index-repository.contract.ts';
import { lexicalIndexContract } from '../contract/lexical-index.contract.ts';
import { vectorStoreContract } from '../contract/vector-store.contract.ts';
import { resetDatabase, startPglite, startPostgres15, type Engine } from '../support/engines.ts';

const engines: { pglite?: Engine; pg15?: Engine } = {};

beforeAll(async () => {
  [engines.pglite, engines.pg15] = await Promise.all([startPglite(), startPostgres15()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([engines.pglite?.stop(), engines.pg15?.stop()]);
});

interface VoteRow {
  at: Date;
  message_id: string;
  user_hash: string;
  vote: 'up' | 'down';
  question: string | null;
  answer: string;
  chunk_ids: string[];
  citations: NonNullable<FeedbackVote['citations']> | null;
  method: NonNullable<FeedbackVote['method']> | null;
  abstained: boolean | null;
}

function toVote(row: VoteRow): FeedbackVote {
  const vote: FeedbackVote = { at: row.at.toISOString(), messageId: row.message_id, user: row.user_hash, vote: row.vote, answer: row.answer, chunkIds: row.chunk_ids };
  if (row.question !== null) vote.question = row.question;
  if (row.citations !== null) vote.citations = row.citations;
  if (row.method !== null) vote.method = row.method;
  if (row.abstained !== null) vote.abstained = row.abstained;
  return vote;
}

function makePostgres(engine: 'pglite' | 'pg15', lexical?: LexicalMode): MakeBackend {
  return async (options: BackendOptions = {}): Promise<BackendFixture> => {
    const url = engines[engine]!.url;
    await resetDatabase(url);
    const open: PostgresBackend[] = [];
    const connect = async (again: BackendOptions = options): Promise<PostgresBackend> => {
      const backend = await PostgresBackend.connect(url, { ...(lexical ? { lexical } : {}), ...again });
      open.push(backend);
      return backend;
    };
    const backend = await connect();
    return {
      backend,
      reopen: connect,
      async readVotes() {
        const pool = (backend as unknown as { pool: { query: (sql: string) => Promise<{ rows: VoteRow[] }> } }).pool;
        const { rows } = await pool.query('SELECT at, message_id, user_hash, vote, question, answer, chunk_ids, citations, method, abstained FROM feedback_votes ORDER BY id');
        return rows.map(toVote);
      },
      async cleanup() {
        await Promise.all(open.map((b) => b.close()));
      },
    };
  };
}

indexRepositoryContract('postgres on PGlite', makePostgres('pglite'));
vectorStoreContract('postgres on PGlite', makePostgres('pglite'));
lexicalIndexContract('postgres on PGlite (pg_textsearch BM25 index)', makePostgres('pglite'));
lexicalIndexContract('postgres on PGlite (postings BM25)', makePostgres('pglite', 'postings'));
conversationStoreContract('postgres on PGlite', makePostgres('pglite'));
feedbackSinkContract('postgres on PGlite', makePostgres('pglite'));
conversationStoreContract('postgres on PostgreSQL 15', makePostgres('pg15'));
feedbackSinkContract('postgres on PostgreSQL 15', makePostgres('pg15'));
