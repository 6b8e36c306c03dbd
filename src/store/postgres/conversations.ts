/**
 * Thread memory and feedback in shared tables: any bot process (shard) answering a thread's
 * follow-up reads the same history, and a restart loses nothing.
 */
import { DEFAULT_CONVERSATION_RETENTION, type ConversationRetention, type ConversationStore, type FeedbackSink, type FeedbackVote } from '../../ports.ts';
import type { Turn } from '../../types.ts';
import { guard, type Pool } from './db.ts';

/** How often a process deletes the turns past the retention's age, as turns arrive. */
const PRUNE_EVERY_MS = 3_600_000;

/** Thread memory options: the retention, and the clock turns are stamped with (tests move it). */
export interface ConversationOptions {
  retention?: Partial<ConversationRetention>;
  now?: () => number;
}

export class PostgresConversationStore implements ConversationStore {
  private readonly retention: ConversationRetention;
  private readonly now: () => number;
  private lastPrune = Number.NEGATIVE_INFINITY;
  /** The prune under way, so close() can wait for it. */
  private pruning: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly url: string,
    options: ConversationOptions = {},
  ) {
    this.retention = { ...DEFAULT_CONVERSATION_RETENTION, ...options.retention };
    this.now = options.now ?? Date.now;
  }

  private cutoff(): Date {
    return new Date(this.now() - this.retention.maxAgeMs);
  }

  /** Inserts the turn, then drops the conversation's turns beyond the newest `maxTurns`. */
  async append(key: string, turn: Turn): Promise<void> {
    await guard(this.url, async () => {
      await this.pool.query('INSERT INTO conversation_turns (key, role, content, at) VALUES ($1, $2, $3, $4)', [key, turn.role, turn.content, new Date(this.now())]);
      await this.pool.query(
        'DELETE FROM conversation_turns WHERE key = $1 AND id <= (SELECT id FROM conversation_turns WHERE key = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)',
        [key, this.retention.maxTurns],
      );
    });
    if (this.now() - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = this.now();
      this.prune().catch(() => undefined);
    }
  }

  history(key: string, limit: number): Promise<Turn[]> {
    if (limit <= 0) return Promise.resolve([]);
    return guard(this.url, async () => {
      const { rows } = await this.pool.query<Turn>(
        'SELECT role, content FROM (SELECT id, role, content FROM conversation_turns WHERE key = $1 AND at >= $3 ORDER BY id DESC LIMIT $2) AS recent ORDER BY id',
        [key, limit, this.cutoff()],
      );
      return rows.map((row) => ({ role: row.role, content: row.content }));
    });
  }

  prune(): Promise<number> {
    // The cutoff is taken now, and this process's prunes run one at a time.
    const cutoff = this.cutoff();
    const run = this.pruning.then(() => guard(this.url, async () => (await this.pool.query('DELETE FROM conversation_turns WHERE at < $1', [cutoff])).rowCount ?? 0));
    this.pruning = run.catch(() => undefined);
    return run;
  }

  /** Resolves once a prune started by append() is over. */
  async settled(): Promise<void> {
    await this.pruning;
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
