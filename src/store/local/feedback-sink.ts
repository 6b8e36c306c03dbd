/**
 * The 👍/👎 feedback log: one JSON object per line in DATA_DIR/feedback.jsonl, appended one write
 * at a time. The user is recorded only as the hash the caller gives (`userHash`), never a raw id.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeedbackSink, FeedbackVote } from '../../ports.ts';

export class FileFeedbackSink implements FeedbackSink {
  readonly path: string;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, 'feedback.jsonl');
  }

  /** Appends the vote; resolves once the line is on disk. */
  record(vote: FeedbackVote): Promise<void> {
    const { at, user, ...rest } = vote;
    // The line format of earlier versions: `time` and `userHash`.
    const line = JSON.stringify({ time: at, userHash: user, ...rest });
    const write = this.queue.then(async () => {
      await mkdir(this.dataDir, { recursive: true });
      await appendFile(this.path, `${line}\n`, 'utf8');
    });
    this.queue = write.catch(() => undefined);
    return write;
  }

  /** Resolves when every recorded vote is written. */
  flush(): Promise<void> {
    return this.queue;
  }
}
