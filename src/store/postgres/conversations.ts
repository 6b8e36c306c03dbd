/**
 * Thread memory and feedback in shared tables: any bot process (shard) answering a thread's
 * follow-up reads the same history, and a restart loses nothing.
 */
import type { ConversationStore, FeedbackSink, FeedbackVote } from '../../ports.ts';
import type { Turn } from '../../types.ts';
import { guard, type Pool } from './db.ts';

export class PostgresConversationStore implements ConversationStore {
  constructor(
    private readonly pool: Pool,
    private readonly url: string,
  ) {}

  async append(key: string, turn: Turn): Promise<void> {
    await guard(this.url, () => this.pool.query('INSERT INTO conversation_turns (key, role, content) VALUES ($1, $2, $3)', [key, turn.role, turn.content]));
  }

  history(key: string, limit: number): Promise<Turn[]> {
    if (limit <= 0) return Promise.resolve([]);
    return guard(this.url, async () => {
      const { rows } = await this.pool.query<Turn>(
        'SELECT role, content FROM (SELECT id, role, content FROM conversation_turns WHERE key = $1 ORDER BY id DESC LIMIT $2) AS recent ORDER BY id',
        [key, limit],
      );
      return rows.map((row) => ({ role: row.role, content: row.content }));
    });
  }
}

export class PostgresFeedbackSink implements FeedbackSink {
  /** Votes being written, so flush() can wait for a burst recorded without awaiting. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly pool: Pool,
    private readonly url: string,
  ) {}

  record(vote: FeedbackVote): Promise<void> {
    const write = guard(this.url, () =>
      this.pool.query(
        'INSERT INTO feedback_votes (at, message_id, user_hash, vote, question, answer, chunk_ids, citations, method, abstained) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
        [vote.at, vote.messageId, vote.user, vote.vote, vote.question ?? null, vote.answer, vote.chunkIds, vote.citations ? JSON.stringify(vote.citations) : null, vote.method ?? null, vote.abstained ?? null],
      ),
    );
    this.pending.add(write);
    const settled = (): void => void this.pending.delete(write);
    write.then(settled, settled);
    return write.then(() => undefined);
  }

  /** Resolves once every vote recorded so far is written (or has failed). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}
