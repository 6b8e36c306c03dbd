/**
 * Real database engines for tests, started and stopped by the tests themselves (nothing is mocked):
 * - PGlite (PostgreSQL 18 + pgvector + pg_textsearch) served on 127.0.0.1 by scripts/pg-serve.ts in a
 *   child process — the engine with vectors. All its clients share one Postgres session.
 * - Debian's PostgreSQL 15 (`apt-get install postgresql-15`): a fresh cluster in a temporary folder on
 *   127.0.0.1 — native Postgres with real sessions and locks, but no pgvector.
 * Both are stopped with SIGTERM, then SIGKILL after a grace period (a busy PGlite ignores SIGTERM).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const PG15_BIN = '/usr/lib/postgresql/15/bin';
const ROOT = new URL('../..', import.meta.url).pathname;

export interface Engine {
  readonly kind: 'pglite' | 'postgres15';
  /** postgresql:// URL on 127.0.0.1. */
  readonly url: string;
  /** The engine's process id. */
  readonly pid: number;
  /** Stops it (SIGTERM, then SIGKILL after `graceMs`) and removes its temporary files. */
  stop(graceMs?: number): Promise<void>;
  /** Kills it at once (SIGKILL), keeping its data: a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data after stop() or kill(). */
  restart(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now (for a server a test starts next). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

async function terminate(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resolves once a client can run `select 1` (or rejects after `timeoutMs`). */
export async function waitForServer(url: string, timeoutMs = 60_000, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`engine exited (${child.exitCode ?? child.signalCode}) before accepting connections`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (error) {
      last = error;
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`engine at ${url} did not accept connections in ${timeoutMs} ms: ${String(last)}`);
}

/** PGlite served by scripts/pg-serve.ts; `dataDir` keeps the data across restart(). */
export async function startPglite(options: { dataDir?: string } = {}): Promise<Engine> {
  const port = await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'crisisbot-pglite-'));
  let child: ChildProcess;
  const launch = async (): Promise<void> => {
    child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/pg-serve.ts'), '--port', String(port), '--data', dataDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
    const deadline = Date.now() + 90_000;
    while (!output.includes('DATABASE_URL=')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`pg:serve did not start: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await launch();
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  return {
    kind: 'pglite',
    url,
    get pid() {
      return child.pid ?? -1;
    },
    async stop(graceMs = 3_000) {
      await terminate(child, 'SIGTERM', graceMs);
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      await terminate(child, 'SIGKILL', 0);
    },
    async restart() {
      await launch();
    },
  };
}

/** True when Debian's PostgreSQL 15 server binaries are installed. */
export function hasPostgres15(): boolean {
  return existsSync(join(PG15_BIN, 'initdb'));
}

/** uid/gid of the `postgres` user when we run as root (initdb and postgres refuse root), else none. */
function postgresIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root, but there is no `postgres` user to run PostgreSQL as');
  return { uid, gid };
}

/** A fresh PostgreSQL 15 cluster on 127.0.0.1 (trust auth, fsync off: a test engine). */
export async function startPostgres15(): Promise<Engine> {
  if (!hasPostgres15()) throw new Error(`PostgreSQL 15 is not installed (${PG15_BIN}/initdb missing): apt-get install -y postgresql-15 (.ci/run does).`);
  const ids = postgresIds();
  const dir = mkdtempSync(join(tmpdir(), 'crisisbot-pg15-'));
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const data = join(dir, 'data');
  const init = spawnSync(join(PG15_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C'], { encoding: 'utf8', cwd: dir, ...(ids ?? {}) });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess;
  const launch = async (): Promise<void> => {
    const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=60'];
    // After a SIGKILL the old backends exit on their own once they notice; until then a new
    // postmaster refuses the still-attached shared memory, so a restart retries for a while.
    for (let attempt = 0; ; attempt++) {
      child = spawn(join(PG15_BIN, 'postgres'), args, { stdio: 'ignore', cwd: dir, ...(ids ?? {}) });
      try {
        await waitForServer(url, 30_000, child);
        return;
      } catch (error) {
        if (attempt >= 20 || child.exitCode === null) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  };
  await launch();
  return {
    kind: 'postgres15',
    url,
    get pid() {
      return child.pid ?? -1;
    },
    async stop(graceMs = 5_000) {
      // SIGINT is PostgreSQL's "fast shutdown" (rolls back open transactions, disconnects clients).
      await terminate(child, 'SIGINT', graceMs);
      rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      await terminate(child, 'SIGKILL', 0);
    },
    async restart() {
      await launch();
    },
  };
}

/** A TCP proxy in front of an engine that can be made to hang: connections stay open, nothing answers. */
export interface HangingProxy {
  /** The engine's URL with the proxy's port. */
  readonly url: string;
  /** From now on nothing is forwarded either way, and new connections are accepted but never answered. */
  hang(): void;
  /** Forwarding again, on the held connections too. */
  resume(): void;
  close(): Promise<void>;
}

/**
 * A hung engine as clients see one (a stopped process, a network partition): the TCP connection
 * is up, queries are sent, no reply ever comes. Unlike a killed engine nothing is refused or reset.
 */
export async function startHangingProxy(engineUrl: string): Promise<HangingProxy> {
  const target = new URL(engineUrl);
  const pairs = new Set<[Socket, Socket | undefined]>();
  let hung = false;
  const forward = (pair: [Socket, Socket | undefined]): void => {
    const [client] = pair;
    const upstream = (pair[1] ??= connect(Number(target.port), target.hostname));
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const server = createServer((client) => {
    const pair: [Socket, Socket | undefined] = [client, undefined];
    pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      pair[1]?.destroy();
      pairs.delete(pair);
    });
    if (hung) client.pause();
    else forward(pair);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy did not listen');
  const url = new URL(engineUrl);
  url.port = String(address.port);
  return {
    url: url.toString(),
    hang() {
      hung = true;
      for (const [client, upstream] of pairs) {
        client.unpipe();
        upstream?.unpipe();
        client.pause();
        upstream?.pause();
      }
    },
    resume() {
      hung = false;
      for (const pair of pairs) {
        if (!pair[1]) forward(pair);
        else {
          pair[0].pipe(pair[1]);
          pair[1].pipe(pair[0]);
        }
      }
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream?.destroy();
      }
      server.close();
      await once(server, 'close');
    },
  };
}

/** Drops everything in the `public` schema (between tests sharing one engine). */
export async function resetDatabase(url: string): Promise<void> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}
