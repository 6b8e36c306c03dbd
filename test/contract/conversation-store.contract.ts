/**
 * Contract of ConversationStore, for every backend: turns in order per conversation, the last
 * `limit` of them, kept across a restart (another process over the same storage sees them).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Turn } from '../../src/types.ts';
import type { BackendFixture, MakeBackend } from './fixtures.ts';

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
}
