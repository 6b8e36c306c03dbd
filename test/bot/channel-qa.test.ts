/** Channel Q&A through the real discord.js client: mentions, Q&A channels, threads and follow-ups. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/ports.ts';
import { FakeAssistant, hugeAnswer } from '../support/fake-assistant.ts';
import { buttonIds, embedOf, sentMessages, settle, startHarness, visibleText, waitForAnswers, type Harness } from './harness.ts';
import { expectWithinDiscordLimits } from './limits.ts';
import { THREAT_DOCS, THREAT_QUESTION, realAssistant } from './real-assistant.ts';

const threadCreate = (channelId: string, messageId: string) => (r: { method: string; path: string }) =>
  r.method === 'POST' && r.path === `/channels/${channelId}/messages/${messageId}/threads`;

describe('with the real assistant on the seeds', () => {
  let h: Harness;
  let real: { assistant: Assistant; cleanup: () => void };
  beforeAll(async () => {
    real = await realAssistant();
    h = await startHarness(real.assistant, { ANSWER_CHANNEL_IDS: '1300000000000000002' });
  });
  afterAll(async () => {
    await h.close();
    real.cleanup();
  });
  beforeEach(() => h.fake.reset());

  it('answers a mention in a thread started from the question, citing the right seed', async () => {
    const { fake } = h;
    const messageId = fake.postMessage({ content: THREAT_QUESTION, mentionBot: true, userId: '1400000000000000010' });
    const created = await fake.waitFor(threadCreate(fake.channelId, messageId));
    expect(created.body.name).toBe(THREAT_QUESTION);
    const answer = await fake.waitFor((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/u.test(r.path));
    const threadId = /^\/channels\/(\d+)\/messages$/u.exec(answer.path)![1]!;
    expect(fake.threadParent(threadId)).toBe(fake.channelId);
    // The thread is started first; "typing…" shows there, where the answer will be.
    expect(fake.requests.some((r) => r.path === `/channels/${threadId}/typing`)).toBe(true);
    expect(fake.requests.indexOf(created)).toBeLessThan(fake.requests.findIndex((r) => r.path === `/channels/${threadId}/typing`));
    const embed = embedOf(answer.body);
    expect(embed.description).toMatch(/threatens to react, including militarily.*\[1\]/su);
    const titles = (await real.assistant.sources()).filter((s) => THREAT_DOCS.includes(s.docId)).map((s) => s.title);
    expect(titles.some((title) => embed.fields![0]!.value.startsWith(`[1] ${title.slice(0, 40)}`))).toBe(true);
    const passageIds = buttonIds(answer.body).filter((id) => id.startsWith('passage:'));
    expect(passageIds[0]).toMatch(new RegExp(`^passage:1:(${THREAT_DOCS.join('|')})#\\d+$`, 'u'));
    expect(answer.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('answers every message in a Q&A channel without a mention, and ignores other channels', async () => {
    const { fake } = h;
    fake.postMessage({ content: 'Who won the football world cup?', channelId: fake.channelId, userId: '1400000000000000011' });
    const messageId = fake.postMessage({ content: THREAT_QUESTION, channelId: fake.qaChannelId, userId: '1400000000000000011' });
    await fake.waitFor((r) => /^\/channels\/\d+\/messages$/u.test(r.path) && r.method === 'POST');
    await settle();
    const threads = fake.requests.filter((r) => r.path.endsWith('/threads'));
    expect(threads.map((r) => r.path)).toEqual([`/channels/${fake.qaChannelId}/messages/${messageId}/threads`]);
    expect(sentMessages(fake.requests)).toHaveLength(1);
  });
});

describe('with a controlled assistant', () => {
  let h: Harness;
  const assistant = new FakeAssistant();
  beforeAll(async () => {
    h = await startHarness(assistant);
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.fake.reset();
    assistant.answerWith = undefined;
  });

  it('passes the thread’s earlier turns as history to a follow-up, and ignores unmentioned chatter', async () => {
    const { fake } = h;
    fake.postMessage({ content: 'What did Russia threaten?', mentionBot: true, userId: '1400000000000000020' });
    const first = await fake.waitFor((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/u.test(r.path));
    const threadId = /^\/channels\/(\d+)\//u.exec(first.path)![1]!;
    fake.reset();
    // Without Message Content, Discord delivers unmentioned messages blank: the bot stays quiet.
    fake.postMessage({ content: 'thanks!', channelId: threadId, userId: '1400000000000000020' });
    fake.postMessage({ content: 'and what did Russia reply?', channelId: threadId, mentionBot: true, userId: '1400000000000000020' });
    const reply = await fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${threadId}/messages`);
    expect(reply.body.message_reference).toBeDefined();
    const call = assistant.calls.at(-1)!;
    expect(call.text).toBe('and what did Russia reply?');
    expect(call.history).toEqual([
      { role: 'user', content: 'What did Russia threaten?' },
      { role: 'assistant', content: embedOf(first.body).description },
    ]);
    await settle();
    expect(sentMessages(fake.requests)).toHaveLength(1);
  });

  it('a follow-up sent before the previous answer arrives already has that question in its history', async () => {
    const { fake } = h;
    const user = '1400000000000000021';
    fake.postMessage({ content: 'What did Russia threaten?', mentionBot: true, userId: user });
    const first = await fake.waitFor((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/u.test(r.path));
    const threadId = /^\/channels\/(\d+)\//u.exec(first.path)![1]!;
    assistant.delayMs = 400;
    try {
      fake.postMessage({ content: 'Who did they threaten?', channelId: threadId, mentionBot: true, userId: user });
      await fake.until(() => assistant.calls.some((c) => c.text === 'Who did they threaten?'), 5_000, 'the second question');
      // Sent while "Who did they threaten?" is still being answered.
      fake.postMessage({ content: 'and where?', channelId: threadId, mentionBot: true, userId: user });
      await fake.until(() => assistant.calls.some((c) => c.text === 'and where?'), 5_000, 'the follow-up');
    } finally {
      assistant.delayMs = 0;
    }
    const followUp = assistant.calls.find((c) => c.text === 'and where?')!;
    expect(followUp.history?.[0]).toEqual({ role: 'user', content: 'What did Russia threaten?' });
    expect(followUp.history?.at(-1)).toEqual({ role: 'user', content: 'Who did they threaten?' });
    await waitForAnswers(fake, 3);
  });

  it('never pings: a question with @everyone, a role and a user gets empty allowed_mentions.parse everywhere', async () => {
    const { fake } = h;
    const question = '@everyone <@&1500000000000000001> <@1400000000000000031> what did Russia threaten?';
    assistant.answerWith = (q) => ({ ...hugeAnswer(q), answer: `You asked: ${q}. Russia threatened to react [1].` });
    fake.postMessage({ content: question, mentionBot: true, userId: '1400000000000000030' });
    fake.slashCommand('ask', { question }, { userId: '1400000000000000030' });
    const sent = await waitForAnswers(fake, 2);
    expect(sent.some((m) => m.route === 'edit')).toBe(true);
    expect(sent.some((m) => m.route === 'channel')).toBe(true);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const { payload } of sent) expect(payload.allowed_mentions?.parse).toEqual([]);
    expect(sent.some(({ payload }) => visibleText(payload).includes('@everyone'))).toBe(true);
    const thread = fake.requests.find((r) => r.path.endsWith('/threads'))!;
    expect(thread.body.name).toBe('@everyone @role @user what did Russia threaten?');
  });

  it('splits an answer longer than the limits into several messages, each within limits', async () => {
    const { fake } = h;
    assistant.answerWith = (q) => hugeAnswer(q);
    fake.postMessage({ content: 'Tell me everything about the talks', mentionBot: true, userId: '1400000000000000040' });
    const sent = await waitForAnswers(fake);
    expect(sent.length).toBeGreaterThan(3);
    for (const { payload } of sent) expectWithinDiscordLimits(payload);
    const text = sent.map(({ payload }) => (payload.embeds ?? []).map((e) => e.description ?? '').join(' ')).join(' ');
    expect(text.match(/\[\d+\]/gu)).toEqual(hugeAnswer().answer.match(/\[\d+\]/gu));
  });

  it('turns a failing handler into one line, then serves the next question', async () => {
    const { fake } = h;
    assistant.failNext(new Error('index exploded: /secret/path'));
    fake.postMessage({ content: 'What did Russia threaten?', mentionBot: true, userId: '1400000000000000050' });
    const line = await fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${fake.channelId}/messages`);
    expect(line.body.content).toBe('Something went wrong on our side; the error was logged. Please try again.');
    expect(line.body.embeds).toEqual([]);
    expect(line.body.message_reference).toBeDefined();
    fake.reset();
    fake.postMessage({ content: 'What did Russia threaten?', mentionBot: true, userId: '1400000000000000050' });
    const [answer] = await waitForAnswers(fake);
    expect(embedOf(answer!.payload).description).toContain('[1]');
    expect(h.logs.lines().some((l) => l.msg === 'Message handler failed')).toBe(true);
  });

  it('applies the per-user cooldown after a burst, with a friendly wait', async () => {
    const { fake } = h;
    for (let i = 0; i < 3; i++) {
      fake.postMessage({ content: `What did Russia threaten? (${i})`, mentionBot: true, userId: '1400000000000000060' });
      await waitForAnswers(fake);
      fake.reset();
    }
    fake.postMessage({ content: 'What did Russia threaten? (3)', mentionBot: true, userId: '1400000000000000060' });
    const refusal = await fake.waitFor((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/u.test(r.path));
    expect(refusal.body.content).toMatch(/^You're asking quickly — try again in (1\d|20)s\.$/u);
    expect(fake.requests.some((r) => r.path.endsWith('/threads'))).toBe(false);
  });

  it('refuses empty and over-long questions with a message', async () => {
    const { fake } = h;
    const calls = assistant.calls.length;
    fake.postMessage({ content: '   ', mentionBot: true, userId: '1400000000000000070' });
    const hint = await fake.waitFor((r) => r.method === 'POST' && /\/messages$/u.test(r.path));
    expect(hint.body.content).toMatch(/^Ask me a question after the mention/u);
    fake.reset();
    fake.postMessage({ content: 'why '.repeat(200), mentionBot: true, userId: '1400000000000000070' });
    const refusal = await fake.waitFor((r) => r.method === 'POST' && /\/messages$/u.test(r.path));
    expect(refusal.body.content).toBe('That question is 799 characters long; please keep it under 500.');
    expect(assistant.calls.length).toBe(calls);
  });

  it('survives a 429 and a missing-permission (50013) thread refusal: answers in the channel', async () => {
    const { fake } = h;
    fake.failNext('POST', /\/threads$/u, 403, { message: 'Missing Permissions', code: 50013 });
    fake.failNext('POST', /^\/channels\/\d+\/messages$/u, 429, { message: 'You are being rate limited.', retry_after: 0.05, global: false }, {
      'Retry-After': '0.05', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset-After': '0.05', 'X-RateLimit-Limit': '5',
    });
    fake.postMessage({ content: 'What did Russia threaten?', mentionBot: true, userId: '1400000000000000080' });
    await fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${fake.channelId}/messages` && sentMessages(fake.requests).length === 2);
    const [limited, delivered] = sentMessages(fake.requests);
    expect(limited!.payload).toEqual(delivered!.payload);
    expect(delivered!.payload.message_reference).toBeDefined();
    expect(embedOf(delivered!.payload).description).toContain('[1]');
    const lines = h.logs.lines();
    expect(lines.some((l) => l.msg === 'Could not start a thread; replying in the channel' && (l.discord as { code: number }).code === 50013)).toBe(true);
    expect(lines.some((l) => l.msg === 'Discord rate limit hit; waiting')).toBe(true);
  });
});
