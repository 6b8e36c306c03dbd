/**
 * Discord faults against the real bot process (`src/main.ts`, as `npm start` runs it) and the fake
 * Discord: a 429 on a reply, a missing permission (50013), 5xx on interaction replies, and gateway
 * closes. Each must end with the user answered (or a clear log line saying why not), the bot still
 * serving, and no bot token or interaction token in any log line.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../support/fake-discord.ts';
import { sentMessages } from '../bot/harness.ts';
import { THREAT_QUESTION } from '../bot/real-assistant.ts';
import { start, type RunningProcess } from '../bot/run-process.ts';
import { removeDir, tempDir } from '../support/seed-index.ts';
import { expectNoSecrets, SECRETS } from './support.ts';

describe('Discord faults (real bot process, fake Discord)', () => {
  let fake: FakeDiscord;
  let root: string;
  let bot: RunningProcess;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    root = tempDir('crisisbot-faults-discord-');
    bot = start('src/main.ts', { DISCORD_TOKEN: SECRETS.DISCORD_TOKEN, DISCORD_API_URL: fake.apiUrl, DATA_DIR: join(root, 'data'), LOG_LEVEL: 'debug', COOLDOWN_BURST: '1000' });
    await fake.until(() => bot.output().stderr.includes('Connected to Discord'), 60_000, 'the ready log line');
  }, 90_000);
  afterAll(async () => {
    if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await fake.close();
    removeDir(root);
  });

  /** Posts a question mentioning the bot and resolves with the first message the bot sends after it. */
  async function askByMention(): Promise<void> {
    const seen = fake.requests.length;
    fake.postMessage({ content: THREAT_QUESTION, mentionBot: true });
    await fake.waitFor((r) => fake.requests.indexOf(r) >= seen && sentMessages([r]).length > 0 && r.method === 'POST', 20_000);
  }

  it('a 429 on the reply: waits retry_after, then the answer is delivered', async () => {
    fake.failNext('POST', /^\/channels\/\d+\/messages$/u, 429, { message: 'You are being rate limited.', retry_after: 0.2, global: false }, { 'retry-after': '1', 'x-ratelimit-scope': 'user' });
    const seen = fake.requests.length;
    fake.postMessage({ content: THREAT_QUESTION, mentionBot: true });
    await fake.until(() => fake.requests.slice(seen).filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/u.test(r.path)).length >= 2, 20_000, 'the retried reply');
  });

  it('a missing permission (50013) on the reply: logged clearly, and the next question is answered', async () => {
    fake.failNext('POST', /^\/channels\/\d+\/messages$/u, 403, { message: 'Missing Permissions', code: 50013 });
    const before = bot.output().stderr.length;
    fake.postMessage({ content: THREAT_QUESTION, mentionBot: true });
    await fake.until(() => /50013|Missing Permissions|permission/iu.test(bot.output().stderr.slice(before)), 20_000, 'a log line naming the missing permission');
    await askByMention();
  });

  it('5xx on an interaction reply: the answer still arrives or the failure is logged, with no interaction token in any log line', async () => {
    fake.failNext('PATCH', /\/messages\/@original$/u, 500, { message: 'Internal Server Error', code: 0 });
    fake.failNext('PATCH', /\/messages\/@original$/u, 502, { message: 'Bad Gateway', code: 0 });
    fake.failNext('PATCH', /\/messages\/@original$/u, 503, { message: 'Service Unavailable', code: 0 });
    fake.failNext('PATCH', /\/messages\/@original$/u, 503, { message: 'Service Unavailable', code: 0 });
    const { token } = fake.slashCommand('ask', { question: THREAT_QUESTION });
    await fake.until(() => fake.requests.filter((r) => r.method === 'PATCH' && r.path.includes(token)).length >= 4, 30_000, 'the retried edits');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expectNoSecrets(bot.output().stderr + bot.output().stdout, [token]);
    await askByMention();
  });

  it('gateway closes (dropped socket, then close code 4000) are resumed: the next question is answered', async () => {
    for (const close of [() => fake.dropConnections(), () => fake.closeConnections(4000, 'Unknown error')]) {
      const seen = fake.frames.length;
      close();
      await fake.until(() => fake.frames.slice(seen).some((f) => f.direction === 'toBot' && (f.t === 'RESUMED' || f.t === 'READY')), 20_000, 'the resumed session');
      await askByMention();
    }
  });

  it('no bot token or interaction token appears in any log line of the whole run, and the bot exits cleanly', async () => {
    bot.child.kill('SIGTERM');
    const result = await bot.result;
    expect(result.code).toBe(0);
    expectNoSecrets(result.stdout + result.stderr);
    for (const line of result.stderr.trim().split('\n')) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
  });
});
