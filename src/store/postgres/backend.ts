/**
 * The PostgreSQL backend (`STORE=postgres`, `DATABASE_URL`): the index, the conversations and the
 * feedback in one database every bot process shares. Production: any PostgreSQL ≥ 15 with the
 * `vector` extension (pgvector); `npm run pg:serve` serves an embedded one for trying it out.
 */
import type { Backend } from '../../ports.ts';
import { createPool, describeUrl, guard, type Pool } from './db.ts';
import { PostgresConversationStore, PostgresFeedbackSink } from './conversations.ts';
import { PostgresIndexRepository } from './repository.ts';
import type { ConnectOptions } from './lazy.ts';
import { migrate, serverFeatures, type ServerFeatures } from './schema.ts';

export class PostgresBackend implements Backend {
  readonly name = 'postgres' as const;
  readonly index: PostgresIndexRepository;
  readonly conversations: PostgresConversationStore;
  readonly feedback: PostgresFeedbackSink;

  private constructor(
    private readonly pool: Pool,
    url: string,
    readonly features: ServerFeatures,
    options: ConnectOptions,
  ) {
    this.index = new PostgresIndexRepository(pool, url, features);
    this.conversations = new PostgresConversationStore(pool, url, options.conversations);
    this.feedback = new PostgresFeedbackSink(pool, url);
  }

  /** Connects, applies pending migrations, and reads what the server offers. */
  static async connect(url: string, options: ConnectOptions = {}): Promise<PostgresBackend> {
    await guard(url, () => migrate(url, options.log));
    const pool = createPool(url, options.poolSize, options.queryTimeoutMs);
    try {
      return new PostgresBackend(pool, url, await guard(url, () => serverFeatures(pool, options.lexical)), options);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private closing: Promise<void> | undefined;

  /** Waits for the votes and the prune being written, then closes the pool (once, however often called). */
  close(): Promise<void> {
    this.closing ??= Promise.all([this.feedback.flush(), this.conversations.settled()]).then(() => this.pool.end());
    return this.closing;
  }

  toString(): string {
    return `PostgresBackend(${describeUrl(this.pool.options.connectionString ?? '')})`;
  }
}

