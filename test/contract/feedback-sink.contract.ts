/**
 * Contract of FeedbackSink, for every backend: every vote recorded is stored whole, in order,
 * by the time flush() resolves, however many arrive at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedbackVote } from '../../src/ports.ts';
import type { BackendFixture, MakeBackend } from './fixtures.ts';

const vote = (n: number, extra: Partial<FeedbackVote> = {}): FeedbackVote => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  messageId: `15000000000000000${String(n).padStart(2, '0')}`,
  user: 'a'.repeat(64),
  vote: n % 2 === 0 ? 'up' : 'down',
  answer: `Answer ${n} [1]`,
  chunkIds: [`doc-en#${n % 3}`],
  ...extra,
});

export function feedbackSinkContract(name: string, makeBackend: MakeBackend): void {
  describe(`FeedbackSink contract: ${name}`, () => {
    let fixture: BackendFixture;
    beforeEach(async () => {
      fixture = await makeBackend();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('stores a vote with everything it carries', async () => {
      const full = vote(2, {
        question: 'What did Russia threaten?',
        citations: [{ n: 1, chunkId: 'doc-en#2', docId: 'doc-en', title: 'Title of doc-en', quote: 'Diplomats met in Geneva for talks.' }],
        method: 'extractive',
        abstained: false,
      });
      await fixture.backend.feedback.record(full);
      await fixture.backend.feedback.flush();
      expect(await fixture.readVotes()).toEqual([full]);
    });

    it('keeps a vote without the question (the answering process forgot it)', async () => {
      await fixture.backend.feedback.record(vote(3));
      await fixture.backend.feedback.flush();
      const [stored] = await fixture.readVotes();
      expect(stored).toEqual(vote(3));
      expect(stored?.question).toBeUndefined();
    });

    it('stores every vote of a burst by the time flush() resolves', async () => {
      const votes = Array.from({ length: 20 }, (_, i) => vote(i));
      for (const v of votes) void fixture.backend.feedback.record(v);
      await fixture.backend.feedback.flush();
      const stored = await fixture.readVotes();
      expect(stored.map((v) => v.messageId).sort()).toEqual(votes.map((v) => v.messageId).sort());
    });
  });
}
