/**
 * Contract of ConversationStore, for every backend: turns in order per conversation, the last
 * `limit` of them, kept across a restart (another process over the same storage sees them), and a
 * bounded retention: the newest `maxTurns` turns, none older than `maxAgeMs` (deleted, not hidden).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Turn } from '../../src/types.ts';
import type { BackendFixture, BackendOptions, MakeBackend } from './fixtures.ts';

const user = (content: string): Turn => ({ role: 'user', content });
const bot = (content: string): Turn => ({ role: 'assistant', content });

export function conversationStoreContract(name: string, makeBackend: MakeBackend): void {
  describe(`ConversationStore contract: ${name}`, () => {
    let fixture: BackendFixture;
    beforeEach(async () => {
      fixture = await makeBackend();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('has no turns for an unknown conversation', async () => {
      expect(await fixture.backend.conversations.history('1300000000000000001', 8)).toEqual([]);
    });

    it('returns the last `limit` turns, oldest first, per conversation', async () => {
      const store = fixture.backend.conversations;
      for (const turn of [user('q1'), bot('a1'), user('q2'), bot('a2'), user('q3')]) await store.append('thread-a', turn);
      await store.append('thread-b', user('elsewhere'));
      expect(await store.history('thread-a', 8)).toEqual([user('q1'), bot('a1'), user('q2'), bot('a2'), user('q3')]);
      expect(await store.history('thread-a', 3)).toEqual([user('q2'), bot('a2'), user('q3')]);
      expect(await store.history('thread-b', 8)).toEqual([user('elsewhere')]);
      expect(await store.history('thread-a', 0)).toEqual([]);
    });

    it('keeps any text exactly (quotes, newlines, accents, emoji)', async () => {
      const text = 'Qu’a dit «Zelensky» ?\n— "rien" 🇺🇦 \\ done';
      await fixture.backend.conversations.append('thread-text', user(text));
      expect(await fixture.backend.conversations.history('thread-text', 1)).toEqual([user(text)]);
    });

    it('keeps every turn appended concurrently to one conversation', async () => {
      const store = fixture.backend.conversations;
      await Promise.all(Array.from({ length: 12 }, (_, i) => store.append('thread-busy', user(`q${i}`))));
      const turns = await store.history('thread-busy', 50);
      expect(turns.map((t) => t.content).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `q${i}`).sort());
    });

    it('another process over the same storage continues the conversation', async () => {
      await fixture.backend.conversations.append('thread-restart', user('before the restart'));
      await fixture.backend.conversations.append('thread-restart', bot('an answer'));
      const other = await fixture.reopen();
      try {
        expect(await other.conversations.history('thread-restart', 8)).toEqual([user('before the restart'), bot('an answer')]);
        await other.conversations.append('thread-restart', user('after'));
        expect((await other.conversations.history('thread-restart', 8)).at(-1)).toEqual(user('after'));
      } finally {
        await other.close();
      }
    });
  });

  describe(`ConversationStore retention: ${name}`, () => {
    const DAY = 86_400_000;
    const T0 = Date.parse('2026-03-01T12:00:00Z');
    let clock = T0;
    const options = (maxTurns: number): BackendOptions => ({ conversations: { retention: { maxTurns, maxAgeMs: DAY }, now: () => clock } });
    let fixture: BackendFixture;
    beforeEach(async () => {
      clock = T0;
      fixture = await makeBackend(options(4));
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('keeps the newest `maxTurns` turns of a conversation, for another process too', async () => {
      const store = fixture.backend.conversations;
      for (let i = 1; i <= 6; i++) await store.append('thread-long', user(`q${i}`));
      expect(await store.history('thread-long', 50)).toEqual(['q3', 'q4', 'q5', 'q6'].map(user));
      // Dropped from the storage, not hidden: a process allowed more turns finds only these.
      const other = await fixture.reopen(options(50));
      try {
        expect(await other.conversations.history('thread-long', 50)).toEqual(['q3', 'q4', 'q5', 'q6'].map(user));
      } finally {
        await other.close();
      }
    });

    it('forgets turns older than the maximum age: a thread idle that long starts afresh', async () => {
      const store = fixture.backend.conversations;
      await store.append('thread-idle', user('old question'));
      await store.append('thread-idle', bot('old answer'));
      await store.append('thread-active', user('early question'));
      clock = T0 + 0.75 * DAY;
      await store.append('thread-active', user('recent question'));
      clock = T0 + 1.5 * DAY;
      expect(await store.history('thread-idle', 8)).toEqual([]);
      expect(await store.history('thread-active', 8)).toEqual([user('recent question')]);
      expect(await store.prune()).toBe(3);
      expect(await store.prune()).toBe(0);
      // Deleted, not hidden: a process whose clock is back at the start finds none of them.
      clock = T0;
      const other = await fixture.reopen(options(4));
      try {
        expect(await other.conversations.history('thread-idle', 8)).toEqual([]);
        expect(await other.conversations.history('thread-active', 8)).toEqual([user('recent question')]);
      } finally {
        await other.close();
      }
      clock = T0 + 1.5 * DAY;
      await store.append('thread-idle', user('a new start'));
      expect(await store.history('thread-idle', 8)).toEqual([user('a new start')]);
    });
  });
}
