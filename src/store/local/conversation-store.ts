/**
 * Thread memory in DATA_DIR/conversations: one small JSON file per conversation (thread or
 * channel), replaced atomically on each turn, so a restarted bot still answers a follow-up in
 * context. Recent conversations are also kept in memory (least recently used evicted first).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ConversationStore } from '../../ports.ts';
import type { Turn } from '../../types.ts';

const fileSchema = z.object({ key: z.string(), turns: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() })) });

export interface FileConversationOptions {
  /** Turns kept per conversation (older ones are dropped). */
  maxTurns?: number;
  /** Conversations cached in memory. */
  cached?: number;
}

export class FileConversationStore implements ConversationStore {
  readonly dir: string;
  private readonly maxTurns: number;
  private readonly capacity: number;
  private readonly cache = new Map<string, Turn[]>();
  /** Per key, the last pending write: appends to one conversation apply in order. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(dataDir: string, options: FileConversationOptions = {}) {
    this.dir = join(dataDir, 'conversations');
    this.maxTurns = options.maxTurns ?? 32;
    this.capacity = options.cached ?? 500;
  }

  /** File of a key: hashed, so any key (snowflake, channel name) is a safe file name. */
  private path(key: string): string {
    return join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
  }

  private remember(key: string, turns: Turn[]): void {
    this.cache.delete(key);
    this.cache.set(key, turns);
    while (this.cache.size > this.capacity) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
  }

  private async load(key: string): Promise<Turn[]> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    let turns: Turn[] = [];
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

  append(key: string, turn: Turn): Promise<void> {
    const previous = this.pending.get(key) ?? Promise.resolve();
    const write = previous.then(async () => {
      const turns = [...(await this.load(key)), { role: turn.role, content: turn.content }].slice(-this.maxTurns);
      await mkdir(this.dir, { recursive: true });
      const target = this.path(key);
      const temporary = `${target}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify({ key, turns }));
      await rename(temporary, target);
      this.remember(key, turns);
    });
    const settled = write.catch(() => undefined);
    this.pending.set(key, settled);
    void settled.then(() => {
      if (this.pending.get(key) === settled) this.pending.delete(key);
    });
    return write;
  }

  async history(key: string, limit: number): Promise<Turn[]> {
    await this.pending.get(key);
    if (limit <= 0) return [];
    return (await this.load(key)).slice(-limit).map((turn) => ({ ...turn }));
  }
}
