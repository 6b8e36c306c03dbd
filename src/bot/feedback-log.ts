/**
 * The user part of a 👍/👎 vote: a user is recorded only as the sha256 of their id, never the raw
 * id. Where votes go is the backend's FeedbackSink (DATA_DIR/feedback.jsonl, or the database).
 */
import { createHash } from 'node:crypto';

/** sha256 hex of a user id. */
export function hashUserId(userId: string): string {
  return createHash('sha256').update(userId).digest('hex');
}
