/**
 * The running bot through a PostgreSQL engine restart (issue 8): `crisisbot start` on STORE=postgres
 * (PGlite with pgvector, in its own process, on a data folder) against the fake Discord. The engine is
 * killed while the bot runs: a question then gets one short line (no password, no crash), /healthz says
 * the store is unreachable, and the process stays up. The engine is started again on the same data:
 * /healthz recovers, the next question is answered with citations, a thread's follow-up keeps its
 * context, and the conversation turns and the vote recorded before the crash are all still there.
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, createBackend, type CrisisAssistant } from '../../src/app.ts';
import type { Backend } from '../../src/ports.ts';
import { buttonIds, embedOf, hasFeedback, sentMessages, type SentMessage } from '../bot/harness.ts';
import { freePort, startPglite, type Engine } from '../support/engines.ts';
import { FakeDiscord } from '../support/fake-discord.ts';
import { copySeeds, removeDir, tempDir, testConfig } from '../support/seed-index.ts';
import { expectNoSecrets, SECRETS, startPostgresBot, type RunningCli } from './support.ts';

/** The database password in DATABASE_URL: it must reach no reply and no log line. */
const PASSWORD = 'pg-fault-suite-password-3c9e1f7a';
const QUESTION = 'What did Russia threaten to do if its demands were not met?';
const FOLLOW_UP = 'and where?';
/** What a user reads while the database is down (the log keeps the host, port and driver error). */
const OUTAGE_LINE = 'The index database is unreachable right now — please try again in a moment.';

let engine: Engine;
let fake: FakeDiscord;
let root: string;
let bot: RunningCli;
let metricsPort: number;
let databaseUrl: string;
let backend: Backend | undefined;
let reference: CrisisAssistant;
/** The thread the first answer went to. */
let threadId: string;

/** The message (as the fake returned it to the bot) carrying the button `customId`. */
function messageWith(customId: string): unknown {
  return [...fake.messages.values()].find((message) => JSON.stringify(message.components ?? []).includes(customId));
}

/** The custom id of the first answer's 👍 or 👎 button. */
function voteButton(vote: 'up' | 'down'): string {
  const answer = sentMessages(fake.requests).find((m) => hasFeedback(m.payload))!;
  return buttonIds(answer.payload).find((id) => id.startsWith('feedback:') && id.includes(vote))!;
}

async function health(): Promise<{ status: number; body: { store?: { reachable?: boolean }; index?: { generation?: string } } }> {
  const response = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
  return { status: response.status, body: (await response.json()) as { store?: { reachable?: boolean } } };
}

/** Polls /healthz until the store's reachability is `reachable`. */
async function healthUntil(reachable: boolean, timeoutMs: number): Promise<{ status: number; body: { store?: { reachable?: boolean }; index?: { generation?: string } } }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = await health();
    if (seen.body.store?.reachable === reachable) return seen;
    if (Date.now() > deadline) throw new Error(`/healthz never said store.reachable=${reachable}; last: ${JSON.stringify(seen)}\n${bot.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The bot's messages (any route) since request number `after`. */
const sentSince = (after: number): SentMessage[] => sentMessages(fake.requests.slice(after));

/** The text a user reads in a message: its content and its embeds. */
function readable(message: SentMessage): string {
  const embeds = (message.payload.embeds ?? []).map((embed) => [embed.title, embed.description, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]), embed.footer?.text].filter(Boolean).join('\n'));
  return [message.payload.content ?? '', ...embeds].join('\n').trim();
}

/** An answer with numbered citations: a "Passage 1" button naming a chunk, and feedback buttons. */
function expectCitedAnswer(message: SentMessage): void {
  expect(buttonIds(message.payload)[0]).toMatch(/^passage:1:[^#]+#\d+$/u);
  expect(hasFeedback(message.payload)).toBe(true);
  expect(embedOf(message.payload).description).toMatch(/\[1\]/u);
}

async function rows<T>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client(databaseUrl);
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  root = tempDir('crisisbot-pg-restart-');
  copySeeds(root);
  [engine, fake, metricsPort] = await Promise.all([startPglite(), FakeDiscord.start(), freePort()]);
  fake.acceptToken = SECRETS.DISCORD_TOKEN;
  // PGlite takes any password; the bot is given one so that a leak would show.
  databaseUrl = engine.url.replace('postgres:postgres@', `postgres:${PASSWORD}@`);
  bot = await startPostgresBot({ fake, databaseUrl, root, metricsPort });
  expect(bot.child.exitCode, bot.output()).toBeNull();
}, 180_000);

afterAll(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await backend?.close();
  await fake?.close();
  await engine?.stop();
  removeDir(root);
});

describe('the bot on STORE=postgres through an engine restart', () => {
  it('answers with citations and records a vote while the engine is up', async () => {
    expect((await health()).status).toBe(200);
    const before = fake.requests.length;
    fake.postMessage({ content: QUESTION, mentionBot: true });
    await fake.until(() => sentSince(before).some((m) => hasFeedback(m.payload)), 60_000, `the first answer; output:\n${bot.output().slice(-2000)}`);
    const answer = sentSince(before).find((m) => hasFeedback(m.payload))!;
    expectCitedAnswer(answer);
    expect(fake.threadParent(answer.channelId!)).toBe(fake.channelId);
    threadId = answer.channelId!;
    await fake.until(() => messageWith(voteButton('up')) !== undefined, 5_000, 'the answer message');
    fake.pressButton(voteButton('up'), messageWith(voteButton('up')));
    await fake.until(() => bot.output().includes('Feedback recorded'), 10_000, 'the vote');
  }, 90_000);

  it('engine down: a question gets one short line, /healthz says the store is unreachable, the process stays up', async () => {
    await engine.kill();
    const down = await healthUntil(false, 30_000);
    expect(down.status).toBe(503);
    const before = fake.requests.length;
    fake.postMessage({ content: 'Who advanced on Kyiv?', mentionBot: true });
    await fake.until(() => sentSince(before).length > 0, 60_000, `a reply while the engine is down; output:\n${bot.output().slice(-3000)}`);
    // Give the handler a moment to send anything else it would.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const replies = sentSince(before);
    expect(replies).toHaveLength(1);
    expect(readable(replies[0]!)).toBe(OUTAGE_LINE);

    // A vote on the earlier answer: the user is told it was not recorded (and can vote again later).
    const pressed = fake.requests.length;
    fake.pressButton(voteButton('down'), messageWith(voteButton('down')));
    await fake.until(() => sentSince(pressed).length > 0, 30_000, 'a reply to the vote');
    const voteReply = sentSince(pressed)[0]!;
    expect(voteReply.route).toBe('callback');
    expect(voteReply.payload.flags).toBe(64);
    expect(readable(voteReply)).toBe(OUTAGE_LINE);

    expect(bot.child.exitCode).toBeNull();
    const logs = bot.output();
    expect(logs).not.toMatch(/Uncaught exception|Unhandled promise rejection|"level":50/u);
    // The operator's log says what is wrong, where (host:port), without the password.
    expect(logs).toMatch(/The PostgreSQL server at 127\.0\.0\.1:\d+\/postgres is unreachable/u);
    expectNoSecrets(logs, [PASSWORD]);
    // The shared index is checked every second: the outage is logged once, not at every check.
    expect(logs.match(/Could not check the shared index/gu)?.length ?? 0).toBeLessThanOrEqual(1);
  }, 90_000);

  it('engine back on the same data: /healthz recovers, answers are cited, the thread keeps its context, nothing was lost', async () => {
    await engine.restart();
    const up = await healthUntil(true, 60_000);
    expect(up.status).toBe(200);

    // A new question, answered with citations by the same process.
    let before = fake.requests.length;
    fake.postMessage({ content: QUESTION, mentionBot: true, userId: '1400000000000000002' });
    await fake.until(() => sentSince(before).some((m) => hasFeedback(m.payload)), 60_000, `an answer after the restart; output:\n${bot.output().slice(-3000)}`);
    expectCitedAnswer(sentSince(before).find((m) => hasFeedback(m.payload))!);

    // The reference: the same corpus and database, in this process. The follow-up means something
    // only with the thread's earlier turns.
    const config = testConfig(join(root, 'corpus'), join(root, 'data'), { STORE: 'postgres', DATABASE_URL: engine.url });
    backend = createBackend(config);
    reference = await createAssistant(config, { backend });
    const history = await backend.conversations.history(threadId, 10);
    expect(history.map((t) => t.role)).toEqual(['user', 'assistant']);
    expect(history[0]!.content).toBe(QUESTION);
    expect((await reference.ask(FOLLOW_UP)).abstained).toBe(true);
    const inContext = await reference.ask(FOLLOW_UP, { history });
    expect(inContext.abstained).toBe(false);

    before = fake.requests.length;
    fake.postMessage({ content: FOLLOW_UP, channelId: threadId, mentionBot: true });
    await fake.until(() => sentSince(before).some((m) => m.channelId === threadId && hasFeedback(m.payload)), 60_000, `the follow-up's answer; output:\n${bot.output().slice(-3000)}`);
    const followUp = sentSince(before).find((m) => m.channelId === threadId && hasFeedback(m.payload))!;
    expectCitedAnswer(followUp);
    expect(embedOf(followUp.payload).description).toContain(inContext.citations[0]!.quote.slice(0, 30));
    expect((await backend.conversations.history(threadId, 10)).map((t) => t.content)).toEqual([QUESTION, history[1]!.content, FOLLOW_UP, expect.any(String)]);

    // The vote from before the crash is kept; the one refused during the outage can be cast again.
    fake.pressButton(voteButton('down'), messageWith(voteButton('down')));
    await fake.until(() => (bot.output().match(/Feedback recorded/gu)?.length ?? 0) === 2, 10_000, 'the second vote');
    const votes = await rows<{ vote: string; question: string | null }>('SELECT vote, question FROM feedback_votes ORDER BY at');
    expect(votes).toEqual([
      { vote: 'up', question: QUESTION },
      { vote: 'down', question: QUESTION },
    ]);
    expect(bot.output()).toContain('The shared index can be checked again');

    const exited = bot.result;
    bot.child.kill('SIGTERM');
    const result = await exited;
    expect(result.code).toBe(0);
    expectNoSecrets(result.stdout + result.stderr, [PASSWORD]);
  }, 180_000);
});
