/**
 * The 👍/👎 feedback log: one JSON object per line in `DATA_DIR/feedback.jsonl`. A user is recorded
 * only as the sha256 of their id, never the raw id.
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Citation } from '../types.ts';

/** One recorded vote. */
export interface FeedbackEntry {
  time: string;
  vote: 'up' | 'down';
  /** sha256 (hex) of the Discord user id. */
  userHash: string;
  /** Absent when the bot restarted since the answer (then only the message's text is known). */
  question?: string;
  answer: string;
  citations: Array<Pick<Citation, 'n' | 'chunkId' | 'docId' | 'title' | 'quote'>>;
  method?: 'extractive' | 'llm';
  abstained?: boolean;
  messageId?: string;
}

/** sha256 hex of a user id. */
export function hashUserId(userId: string): string {
  return createHash('sha256').update(userId).digest('hex');
}

/** Appends feedback lines to `<dataDir>/feedback.jsonl`, one write at a time. */
export class FeedbackLog {
  readonly path: string;
  private queue: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'feedback.jsonl');
  }

  /** Records a vote; resolves once the line is on disk. */
  record(entry: Omit<FeedbackEntry, 'time' | 'userHash'> & { userId: string }): Promise<void> {
    const { userId, ...rest } = entry;
    const line: FeedbackEntry = { time: new Date().toISOString(), userHash: hashUserId(userId), ...rest };
    const write = this.queue.then(async () => {
      await mkdir(join(this.path, '..'), { recursive: true });
      await appendFile(this.path, `${JSON.stringify(line)}\n`, 'utf8');
    });
    this.queue = write.catch(() => undefined);
    return write;
  }

  /** Resolves once every vote recorded so far is written (or has failed). */
  flush(): Promise<void> {
    return this.queue;
  }
}
