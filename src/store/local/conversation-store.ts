/**
 * Thread memory in DATA_DIR/conversations: one small JSON file per conversation (thread or
 * channel), replaced atomically on each turn, so a restarted bot still answers a follow-up in
 * context. Recent conversations are also kept in memory (least recently used evicted first).
 * Retention: the newest `maxTurns` turns of a conversation, none older than `maxAgeMs`; a prune
 * (hourly as turns arrive, or `prune()`) deletes the files of conversations idle longer than that.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_CONVERSATION_RETENTION, type ConversationRetention, type ConversationStore } from '../../ports.ts';
import type { Turn } from '../../types.ts';

/** `at`: when the turn was stored (ms); files written before retention existed have none. */
const fileSchema = z.object({ key: z.string(), turns: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string(), at: z.number().optional() })) });
type StoredTurn = Turn & { at?: number | undefined };

/** How often a process prunes, as turns arrive. */
const PRUNE_EVERY_MS = 3_600_000;

export interface FileConversationOptions {
  retention?: Partial<ConversationRetention>;
  /** The clock turns are stamped with (tests move it). */
  now?: () => number;
  /** Conversations cached in memory. */
  cached?: number;
}

export class FileConversationStore implements ConversationStore {
  readonly dir: string;
  private readonly retention: ConversationRetention;
  private readonly now: () => number;
  private readonly capacity: number;
  private readonly cache = new Map<string, StoredTurn[]>();
  /** Per key, the last pending write: appends to one conversation apply in order. */
  private readonly pending = new Map<string, Promise<void>>();
  private lastPrune = Number.NEGATIVE_INFINITY;
  /** The prune under way, so close() can wait for it. */
  private pruning: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string, options: FileConversationOptions = {}) {
    this.dir = join(dataDir, 'conversations');
    this.retention = { ...DEFAULT_CONVERSATION_RETENTION, ...options.retention };
    this.now = options.now ?? Date.now;
    this.capacity = options.cached ?? 500;
  }

  /** Turns stored at or after `cutoff` (a turn without a time counts as young: the file's age decides in prune). */
  private fresh(turns: StoredTurn[], cutoff = this.now() - this.retention.maxAgeMs): StoredTurn[] {
    return turns.filter((turn) => turn.at === undefined || turn.at >= cutoff);
  }

  /** File of a key: hashed, so any key (snowflake, channel name) is a safe file name. */
  private path(key: string): string {
    return join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
  }

  private remember(key: string, turns: StoredTurn[]): void {
    this.cache.delete(key);
    this.cache.set(key, turns);
    while (this.cache.size > this.capacity) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
  }

  private async load(key: string): Promise<StoredTurn[]> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    let turns: StoredTurn[] = [];
    try {
      const parsed = fileSchema.parse(JSON.parse(await readFile(this.path(key), 'utf8')));
      if (parsed.key === key) turns = parsed.turns;
    } catch (error) {
      // No file yet is an empty conversation; a damaged one is too (the next turn rewrites it).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError || error instanceof z.ZodError)) throw error;
    }
    this.remember(key, turns);
    return turns;
  }

  /** Replaces a conversation's turns (in order with its other writes); no turns left deletes its file. */
  private update(key: string, change: (turns: StoredTurn[]) => StoredTurn[]): Promise<number> {
    const previous = this.pending.get(key) ?? Promise.resolve();
    const write = previous.then(async () => {
      const before = await this.load(key);
      const turns = change(before);
      if (turns.length === before.length && turns.every((t, i) => t === before[i])) return 0;
      const target = this.path(key);
      if (turns.length === 0) {
        await rm(target, { force: true });
      } else {
        await mkdir(this.dir, { recursive: true });
        const temporary = `${target}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify({ key, turns }));
        await rename(temporary, target);
      }
      this.remember(key, turns);
      return before.length - turns.filter((t) => before.includes(t)).length;
    });
    const settled = write.then(() => undefined, () => undefined);
    this.pending.set(key, settled);
    void settled.then(() => {
      if (this.pending.get(key) === settled) this.pending.delete(key);
    });
    return write;
  }

  async append(key: string, turn: Turn): Promise<void> {
    const stored: StoredTurn = { role: turn.role, content: turn.content, at: this.now() };
    await this.update(key, (turns) => [...this.fresh(turns), stored].slice(-this.retention.maxTurns));
    if (this.now() - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = this.now();
      this.prune().catch(() => undefined);
    }
  }

  async history(key: string, limit: number): Promise<Turn[]> {
    await this.pending.get(key);
    if (limit <= 0) return [];
    return this.fresh(await this.load(key))
      .slice(-limit)
      .map((turn) => ({ role: turn.role, content: turn.content }));
  }

  /** Drops the turns older than the retention's age from every conversation file; returns how many. */
  prune(): Promise<number> {
    // The cutoff is taken now, and prunes run one at a time.
    const cutoff = this.now() - this.retention.maxAgeMs;
    const run = this.pruning.then(() => this.dropOlderThan(cutoff));
    this.pruning = run.catch(() => undefined);
    return run;
  }

  private async dropOlderThan(cutoff: number): Promise<number> {
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    let dropped = 0;
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const key = await this.keyOf(join(this.dir, name));
      if (key === undefined) continue;
      dropped += await this.update(key, (turns) => this.fresh(turns, cutoff));
    }
    return dropped;
  }

  /**
   * The key a conversation file belongs to. A file of turns without times (written before retention
   * existed) gets its modification time on those turns, so it ages like the others.
   */
  private async keyOf(file: string): Promise<string | undefined> {
    try {
      const parsed = fileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
      if (parsed.turns.some((turn) => turn.at === undefined) && !this.cache.has(parsed.key)) {
        const { mtimeMs } = await stat(file);
        this.remember(parsed.key, parsed.turns.map((turn) => ({ ...turn, at: turn.at ?? mtimeMs })));
      }
      return parsed.key;
    } catch {
      // Gone meanwhile, or damaged (the next turn of that conversation rewrites it).
      return undefined;
    }
  }

  /** Resolves once a prune started by append() is over. */
  async settled(): Promise<void> {
    await this.pruning;
  }
}
