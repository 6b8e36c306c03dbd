/**
 * Thread memory lives in the backend (DATA_DIR/conversations for the local one), so a follow-up
 * asked after the bot restarted still carries the thread's earlier turns.
 */
import { afterAll, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot/client.ts';
import { createLocalBackend } from '../../src/store/local/backend.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { FakeAssistant } from '../support/fake-assistant.ts';
import { embedOf, startHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
let second: RunningBot | undefined;
afterAll(async () => {
  await second?.stop();
  await h?.close();
});

it('a follow-up in a thread after a restart gets the turns from before the restart', async () => {
  const assistant = new FakeAssistant();
  h = await startHarness(assistant);
  const { fake, config } = h;
  fake.postMessage({ content: 'What did Russia threaten?', mentionBot: true, userId: '1400000000000000090' });
  const first = await fake.waitFor((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/u.test(r.path));
  const threadId = /^\/channels\/(\d+)\//u.exec(first.path)![1]!;
  await h.bot.stop();

  // A new process: a new client, new stores over the same DATA_DIR.
  fake.reset();
  second = await startBot({ config, assistant, logger: captureLogger().logger, stores: createLocalBackend(config.DATA_DIR) });
  fake.postMessage({ content: 'and what did Russia reply?', channelId: threadId, mentionBot: true, userId: '1400000000000000090' });
  await fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${threadId}/messages`);
  const call = assistant.calls.at(-1)!;
  expect(call.text).toBe('and what did Russia reply?');
  expect(call.history).toEqual([
    { role: 'user', content: 'What did Russia threaten?' },
    { role: 'assistant', content: embedOf(first.body).description },
  ]);
});
