/**
 * The index in PostgreSQL: generations published atomically (see migrations/001_index.sql and
 * transaction.ts), read through snapshots pinned to one generation, shared by every process.
 */
import { IndexError } from '../../errors.ts';
import type { IndexIdentity, IndexRepository, IndexSnapshot } from '../../ports.ts';
import { connectForIngest, describeUrl, guard, guardedReader, type Pool, type PoolClient } from './db.ts';
import { ensureVectorIndex, vectorIndexDeferrable, type ServerFeatures } from './schema.ts';
import { PostgresSnapshot, statsOf } from './snapshot.ts';
import { discardNewerThan, INGEST_LOCK, PostgresIndexTransaction } from './transaction.ts';

interface GenerationRow {
  id: string;
  identity: IndexIdentity;
  feature_documents: string | null;
  feature_df: Buffer | null;
}

/** Why an index built with `built` cannot serve `wanted`, or undefined. */
export function describeMismatch(built: IndexIdentity, wanted: IndexIdentity): string | undefined {
  if (built.embedderId !== wanted.embedderId || built.dimensions !== wanted.dimensions) {
    return `it was built with embedder ${built.embedderId} (${built.dimensions} dimensions), not ${wanted.embedderId} (${wanted.dimensions})`;
  }
  const [c, w] = [built.chunking, wanted.chunking];
  if (c.targetChars !== w.targetChars || c.maxChars !== w.maxChars || c.overlapChars !== w.overlapChars) return 'it was built with other chunking settings';
  return undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    }, { once: true });
  });
}

export class PostgresIndexRepository implements IndexRepository {
  readonly capabilities = { shared: true };

  constructor(
    private readonly pool: Pool,
    private readonly url: string,
    private readonly features: ServerFeatures,
  ) {}

  private where(): string {
    return `PostgreSQL at ${describeUrl(this.url)}`;
  }

  currentGeneration(): Promise<string | undefined> {
    return guard(this.url, async () => {
      const { rows } = await this.pool.query<{ current_generation: string | null }>('SELECT current_generation FROM index_state');
      return rows[0]?.current_generation ?? undefined;
    });
  }

  private async generationRow(id: string, client: Pool | PoolClient = this.pool): Promise<GenerationRow | undefined> {
    const { rows } = await client.query<GenerationRow>('SELECT id, identity, feature_documents, feature_df FROM generations WHERE id = $1', [id]);
    return rows[0];
  }

  open(identity: IndexIdentity): Promise<IndexSnapshot> {
    return guard(this.url, async () => {
      const current = await this.currentGeneration();
      if (current === undefined) throw new IndexError('INDEX_MISSING', `No index in ${this.where()}: run \`crisisbot ingest\` first.`);
      const row = await this.generationRow(current);
      if (!row) throw new IndexError('INDEX_CORRUPT', `The index in ${this.where()} is corrupt (generation ${current} is missing): run \`crisisbot ingest --rebuild\`.`);
      const mismatch = describeMismatch(row.identity, identity);
      if (mismatch) throw new IndexError('INDEX_MISMATCH', `The index in ${this.where()} does not match the current settings: ${mismatch}. Run \`crisisbot ingest\` to re-ingest.`);
      return new PostgresSnapshot(guardedReader(this.pool, this.url), current, row.identity, this.features.lexical, statsOf(row));
    });
  }

  /**
   * Waits for the ingest lock on a connection of its own (polling, so `signal` can stop the wait),
   * outside the pool: the pool's query timeout bounds serving, not an ingest's long writes.
   */
  private async lock(signal?: AbortSignal): Promise<PoolClient> {
    const client = await connectForIngest(this.url);
    try {
      for (;;) {
        signal?.throwIfAborted();
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [INGEST_LOCK]);
        if (rows[0]?.ok) return client;
        await sleep(200, signal);
      }
    } catch (error) {
      client.release();
      throw error;
    }
  }

  begin(identity: IndexIdentity, options: { rebuild?: boolean; signal?: AbortSignal } = {}): Promise<PostgresIndexTransaction> {
    return guard(this.url, async () => {
      const client = await this.lock(options.signal);
      try {
        return await this.start(client, identity, options.rebuild === true);
      } catch (error) {
        await client.query('SELECT pg_advisory_unlock($1)', [INGEST_LOCK]).catch(() => undefined);
        client.release();
        throw error;
      }
    });
  }

  private async start(client: PoolClient, identity: IndexIdentity, rebuild: boolean): Promise<PostgresIndexTransaction> {
    const { rows } = await client.query<{ current_generation: string | null }>('SELECT current_generation FROM index_state');
    const current = rows[0]?.current_generation ?? '0';
    await discardNewerThan(client, current);
    const live = current === '0' ? undefined : await this.generationRow(current, client);
    const mismatch = live ? describeMismatch(live.identity, identity) : undefined;
    if (mismatch && !rebuild) throw new IndexError('INDEX_MISMATCH', `The index in ${this.where()} does not match the current settings: ${mismatch}. Run \`crisisbot ingest\` to re-ingest.`);
    // With nothing of these dimensions indexed yet, the HNSW index is built at publish, over every row at once.
    const deferIndex = this.features.vector && (await vectorIndexDeferrable(client, identity.dimensions));
    if (this.features.vector && !deferIndex) await ensureVectorIndex(client, identity.dimensions);
    const created = await client.query<{ id: string }>(`INSERT INTO generations (state, identity) VALUES ('building', $1) RETURNING id`, [JSON.stringify(identity)]);
    const generation = created.rows[0]!.id;
    const fromScratch = rebuild || live === undefined;
    if (fromScratch) {
      await client.query('BEGIN');
      for (const table of ['articles', 'chunks', 'manifest_files']) await client.query(`UPDATE ${table} SET gen_to = $1 WHERE gen_to IS NULL`, [generation]);
      await client.query('COMMIT');
    }
    const stats = fromScratch || !live ? undefined : statsOf(live);
    const target = { generation, previous: current, dimensions: identity.dimensions, where: describeUrl(this.url), buildVectorIndex: deferIndex };
    return new PostgresIndexTransaction(client, target, this.features, stats, (destroy) => client.release(destroy));
  }

  /** Nothing of its own: the pool belongs to the backend. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
