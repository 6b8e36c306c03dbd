/**
 * The PostgreSQL backend as app.ts builds it: synchronously, connecting on first use.
 */
import type { Backend, IndexRepository } from '../../ports.ts';
import type { PostgresBackend } from './backend.ts';
import type { ConversationOptions } from './conversations.ts';
import type { LexicalMode } from './schema.ts';

export interface ConnectOptions {
  poolSize?: number;
  /** Longest a serving query or a new pooled connection may take (default 15 s); ingest writes are not bounded. */
  queryTimeoutMs?: number;
  lexical?: LexicalMode;
  /** Thread memory retention (default: 32 turns, 30 days). */
  conversations?: ConversationOptions;
  log?: (message: string) => void;
}

/**
 * The PostgreSQL backend as app.ts builds it (synchronously): it connects and migrates on first use,
 * and tries again on the next call if the server was unreachable. `pg` is loaded only then, so the
 * local store starts without it.
 */
export function createPostgresBackend(url: string, options: ConnectOptions = {}): Backend {
  let connecting: Promise<PostgresBackend> | undefined;
  const ready = (): Promise<PostgresBackend> => {
    connecting ??= import('./backend.ts').then(({ PostgresBackend }) => PostgresBackend.connect(url, options));
    connecting.catch(() => (connecting = undefined));
    return connecting;
  };
  /** Votes on their way (through the connection, then the sink), so flush() can wait for them. */
  const recording = new Set<Promise<void>>();
  const track = (write: Promise<void>): Promise<void> => {
    recording.add(write);
    const settled = (): void => void recording.delete(write);
    write.then(settled, settled);
    return write;
  };
  const index: IndexRepository = {
    capabilities: { shared: true },
    currentGeneration: async () => (await ready()).index.currentGeneration(),
    open: async (identity) => (await ready()).index.open(identity),
    begin: async (identity, beginOptions) => (await ready()).index.begin(identity, beginOptions),
    close: () => Promise.resolve(),
  };
  return {
    name: 'postgres',
    index,
    conversations: {
      append: async (key, turn) => (await ready()).conversations.append(key, turn),
      history: async (key, limit) => (await ready()).conversations.history(key, limit),
      prune: async () => (await ready()).conversations.prune(),
    },
    feedback: {
      record: (vote) => track(ready().then((backend) => backend.feedback.record(vote))),
      flush: async () => {
        await Promise.allSettled([...recording]);
      },
    },
    ping: () => ready().then((backend) => backend.ping(), () => false),
    close: async () => {
      await Promise.allSettled([...recording]);
      const opened = connecting;
      connecting = undefined;
      if (opened) await (await opened.catch(() => undefined))?.close();
    },
  };
}
