/** The real discord.js client against the fake gateway: login, intents, refusals, reconnect. */
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/bot/client.ts';
import { createLocalBackend } from '../../src/store/local/backend.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { FakeAssistant } from '../support/fake-assistant.ts';
import { FakeDiscord } from '../support/fake-discord.ts';
import { TOKEN, botConfig, sentMessages, startHarness, type Harness } from './harness.ts';

const GUILDS = 1 << 0;
const GUILD_MESSAGES = 1 << 9;
const MESSAGE_CONTENT = 1 << 15;

let harness: Harness | undefined;
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await harness?.close();
  await fake?.close();
  harness = undefined;
  fake = undefined;
});

describe('gateway', () => {
  it('logs in and gets READY with minimal intents, never logging the token', async () => {
    harness = await startHarness(new FakeAssistant());
    const identify = await harness.fake.waitForFrame((f) => f.direction === 'fromBot' && f.op === 2);
    expect(identify.d?.intents).toBe(GUILDS | GUILD_MESSAGES);
    expect(harness.bot.client.isReady()).toBe(true);
    expect(harness.bot.client.user?.id).toBe(harness.fake.botId);
    const ready = harness.logs.lines().find((line) => line.msg === 'Connected to Discord');
    expect(ready).toMatchObject({ application: harness.fake.botId, guilds: 1, intents: ['Guilds', 'GuildMessages'] });
    expect(harness.logs.text()).not.toContain(TOKEN);
  });

  it('asks for Message Content only when ANSWER_CHANNEL_IDS is set', async () => {
    harness = await startHarness(new FakeAssistant(), { ANSWER_CHANNEL_IDS: '1300000000000000002' });
    const identify = await harness.fake.waitForFrame((f) => f.direction === 'fromBot' && f.op === 2);
    expect(identify.d?.intents).toBe(GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT);
  });

  it('explains a refused Message Content intent instead of hanging', async () => {
    fake = await FakeDiscord.start();
    fake.refuseMessageContent = true;
    const config = botConfig(fake, { ANSWER_CHANNEL_IDS: fake.qaChannelId });
    await expect(startBot({ config, assistant: new FakeAssistant(), logger: captureLogger().logger, stores: createLocalBackend(config.DATA_DIR) })).rejects.toThrow(/Message Content intent.*Privileged Gateway Intents/u);
  });

  it('explains a rejected token', async () => {
    fake = await FakeDiscord.start();
    fake.acceptToken = 'the-real-token';
    const logs = captureLogger();
    const config = botConfig(fake);
    await expect(startBot({ config, assistant: new FakeAssistant(), logger: logs.logger, stores: createLocalBackend(config.DATA_DIR) })).rejects.toThrow('Discord rejected DISCORD_TOKEN');
    expect(logs.text()).not.toContain(TOKEN);
  });

  it('resumes after the fake drops the socket, and serves the next message', async () => {
    harness = await startHarness(new FakeAssistant());
    const { fake: discord } = harness;
    discord.dropConnections();
    const resume = await discord.waitForFrame((f) => f.direction === 'fromBot' && f.op === 6);
    expect(resume.d?.session_id).toMatch(/^session-/u);
    await discord.waitForFrame((f) => f.direction === 'toBot' && f.t === 'RESUMED');
    discord.postMessage({ content: 'What did Russia threaten to do?', mentionBot: true });
    await discord.waitFor((r) => sentMessages([r]).length > 0);
    expect(harness.logs.lines().some((line) => line.msg === 'Gateway session resumed')).toBe(true);
  });
});
