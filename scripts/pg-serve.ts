/**
 * `npm run pg:serve [-- --port 5432] [--data DIR]`: serves the embedded PostgreSQL engine (PGlite,
 * PostgreSQL 18 in WebAssembly) with the `vector` (pgvector) and `pg_textsearch` (BM25) extensions
 * on 127.0.0.1, for trying `STORE=postgres` on one machine without installing PostgreSQL. It prints
 * the DATABASE_URL to use. Without --data the database lives in memory and is gone on exit.
 *
 * A development and test engine, not a production server: every client shares one Postgres session
 * (settings and session-level locks are shared) and COPY is not supported. Production: any
 * PostgreSQL ≥ 15 with the `vector` extension.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { pg_textsearch } from '@electric-sql/pglite-pg_textsearch';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const USAGE = `usage: npm run pg:serve [-- --port N] [--data DIR] [--max-connections N]
  Serves PGlite (PostgreSQL + pgvector + pg_textsearch) on 127.0.0.1 and prints DATABASE_URL.
  --port             TCP port (default 54329; 0 picks a free one)
  --data             folder for the database files (default: in memory, lost on exit)
  --max-connections  clients at once (default 100; they share one Postgres session)
`;

interface ServeOptions {
  port: number;
  data: string | undefined;
  maxConnections: number;
}

function parse(argv: string[]): ServeOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '54329' },
      data: { type: 'string' },
      'max-connections': { type: 'string', default: '100' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const port = Number(values.port);
  const maxConnections = Number(values['max-connections']);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0-65535, not ${values.port}`);
  if (!Number.isInteger(maxConnections) || maxConnections < 1) throw new Error(`--max-connections must be a positive integer`);
  return { port, data: values.data, maxConnections };
}

/** Starts PGlite and its socket server; resolves with the URL clients use. */
export async function serve(options: ServeOptions): Promise<{ url: string; stop: () => Promise<void> }> {
  if (options.data) mkdirSync(options.data, { recursive: true });
  const db = await PGlite.create({
    ...(options.data ? { dataDir: resolve(options.data) } : {}),
    extensions: { vector, pg_textsearch },
  });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port, maxConnections: options.maxConnections });
  await server.start();
  // getServerConn() is "host:port" with the port actually bound (also when 0 was asked for).
  const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres`;
  return {
    url,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

async function main(): Promise<void> {
  let options: ServeOptions | undefined;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (!options) {
    process.stdout.write(USAGE);
    return;
  }
  const server = await serve(options);
  process.stdout.write(`DATABASE_URL=${server.url}\n`);
  process.stderr.write(`PGlite serving on ${server.url.replace(/^.*@/u, '')} (${options.data ? `data in ${options.data}` : 'in memory'}); Ctrl-C stops it.\n`);
  const stop = (): void => {
    // A PGlite busy in a statement may not stop promptly: exit anyway after a grace period.
    setTimeout(() => process.exit(0), 3_000).unref();
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
