/**
 * The `pg` pool, the binary vector encoding, and the translation of connection failures into one
 * clear error. Only src/store/postgres imports `pg`.
 */
import pg from 'pg';
import { CrisisbotError } from '../../errors.ts';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** HNSW search breadth: ≥ the candidates the retriever asks for, with room for filtered-out rows. */
export const EF_SEARCH = 100;

/** Host and port of a postgresql:// URL, for messages (never the password). */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'the DATABASE_URL server';
  }
}

/** Default bound on one serving query, and on opening a connection, in milliseconds. */
export const QUERY_TIMEOUT_MS = 15_000;
/** Opening a connection never waits longer than this, even with a longer query timeout. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A pool whose every new connection gets the search settings (pgvector's GUCs). Every query is
 * bounded by `queryTimeoutMs` (pg's client-side `query_timeout`: a server that accepts and then
 * never answers — stopped, partitioned — fails the query, and the pool drops that connection),
 * and so is waiting for a connection.
 */
export function createPool(url: string, max = 8, queryTimeoutMs = QUERY_TIMEOUT_MS): Pool {
  // Iterative scans keep an HNSW search going past rows the WHERE clause drops (other generations,
  // filters) until LIMIT rows are found; relaxed order is re-sorted by the caller. Set on every new
  // connection before it is handed out (startup options are not honoured by every server).
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: Math.min(CONNECT_TIMEOUT_MS, queryTimeoutMs),
    query_timeout: queryTimeoutMs,
    idleTimeoutMillis: 30_000,
    // Idle connections do not keep a finished command (crisisbot search, ask…) from exiting.
    allowExitOnIdle: true,
    // The pool awaits the promise returned here (typed as void in @types/pg).
    onConnect: (client: pg.ClientBase) => client.query(`SET hnsw.ef_search = ${EF_SEARCH}; SET hnsw.iterative_scan = relaxed_order`) as unknown as void,
  });
  // An idle client's connection dropping (server restart) must not crash the process: the pool
  // discards it and the next query opens a fresh one.
  pool.on('error', () => undefined);
  return pool;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

/** True for errors that mean "the server is not reachable right now" (down, restarting, network). */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable|ECONNREFUSED|Query read timeout|timeout exceeded when trying to connect/iu.test(error.message);
}

/**
 * A connection of its own, outside the pool and without its query timeout, for an ingest: it holds
 * the ingest lock throughout, and publishing may build the vector index for minutes. Released
 * (`release`) by closing it.
 */
export async function connectForIngest(url: string): Promise<PoolClient> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // A dropped connection must surface through the next query, not as an unhandled 'error' event.
  client.on('error', () => undefined);
  await client.connect();
  return Object.assign(client, { release: (): void => void client.end().catch(() => undefined) });
}

/** A lost connection as the CrisisbotError that says what happened (`where`: host:port/db); other errors as they are. */
export function explainFailure(where: string, error: unknown): unknown {
  if (!isConnectionError(error)) return error;
  const what = /timeout/iu.test((error as Error).message) ? 'is unreachable or not answering' : 'is unreachable';
  return new CrisisbotError('STORE_UNAVAILABLE', `The PostgreSQL server at ${where} ${what} (${(error as Error).message}); retrying on the next request.`, { cause: error });
}

/** What a snapshot reads through: the pool's `query`, with a lost connection turned into STORE_UNAVAILABLE. */
export interface Reader {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** The pool as a {@link Reader}: every query that fails for want of the server says so clearly (the pool reconnects on the next one). */
export function guardedReader(pool: Pool, url: string): Reader {
  const where = describeUrl(url);
  return {
    async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      try {
        return await pool.query<R>(text, values);
      } catch (error) {
        throw explainFailure(where, error);
      }
    },
  };
}

/** Runs `work`, turning a lost connection into a CrisisbotError that says what happened. */
export async function guard<T>(url: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw explainFailure(describeUrl(url), error);
  }
}

/** pgvector's binary wire format: int16 dimensions, int16 unused, then big-endian float32s. */
export function encodeVector(vector: ArrayLike<number>): Buffer {
  const buffer = Buffer.allocUnsafe(4 + 4 * vector.length);
  buffer.writeInt16BE(vector.length, 0);
  buffer.writeInt16BE(0, 2);
  for (let i = 0; i < vector.length; i++) buffer.writeFloatBE(vector[i] as number, 4 + 4 * i);
  return buffer;
}

/** Decodes `vector_send(embedding)` (the same binary format) into a Float32Array. */
export function decodeVector(buffer: Buffer): Float32Array {
  const dimensions = buffer.readInt16BE(0);
  const out = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) out[i] = buffer.readFloatBE(4 + 4 * i);
  return out;
}

/** The vector scaled to unit length (cosine similarity then is a dot product, as in the local store). */
export function normalised(vector: ArrayLike<number>): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += (vector[i] as number) ** 2;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const out = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = (vector[i] as number) * scale;
  return out;
}
