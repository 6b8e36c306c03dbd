/**
 * The running bot when its PostgreSQL engine hangs instead of refusing (a stopped process, a network
 * partition): `crisisbot start` on STORE=postgres reaches PGlite through a TCP proxy that, mid-run,
 * keeps every connection open and accepts new ones but forwards nothing. A question must then get
 * the same short line as when the engine is down — within the query timeout, not never — with
 * /healthz saying the store is unreachable and the process up; once the engine answers again, so
 * does the bot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedOf, hasFeedback, sentMessages, type SentMessage } from '../bot/harness.ts';
import { freePort, startHangingProxy, startPglite, type Engine, type HangingProxy } from '../support/engines.ts';
import { FakeDiscord } from '../support/fake-discord.ts';
import { copySeeds, removeDir, tempDir } from '../support/seed-index.ts';
import { expectNoSecrets, SECRETS, startPostgresBot, type RunningCli } from './support.ts';

const PASSWORD = 'pg-hang-suite-password-5d2a8c41';
const QUESTION = 'What did Russia threaten to do if its demands were not met?';
const OUTAGE_LINE = 'The index database is unreachable right now — please try again in a moment.';
/** The bot's bound on one query (and on opening a connection). */
const QUERY_TIMEOUT_MS = 2_000;

let engine: Engine;
let proxy: HangingProxy;
let fake: FakeDiscord;
let root: string;
let bot: RunningCli;
let metricsPort: number;

async function health(): Promise<{ status: number; reachable: boolean | undefined }> {
  const response = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
  const body = (await response.json()) as { store?: { reachable?: boolean } };
  return { status: response.status, reachable: body.store?.reachable };
}

async function healthUntil(reachable: boolean, timeoutMs: number): Promise<{ status: number; reachable: boolean | undefined }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = await health();
    if (seen.reachable === reachable) return seen;
    if (Date.now() > deadline) throw new Error(`/healthz never said store.reachable=${reachable}; last: ${JSON.stringify(seen)}\n${bot.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const sentSince = (after: number): SentMessage[] => sentMessages(fake.requests.slice(after));

function readable(message: SentMessage): string {
  const embeds = (message.payload.embeds ?? []).map((embed) => [embed.title, embed.description, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]), embed.footer?.text].filter(Boolean).join('\n'));
  return [message.payload.content ?? '', ...embeds].join('\n').trim();
}

/** Asks in the channel; resolves with the bot's replies once one carries feedback buttons (an answer) or any reply came, and the time it took. */
async function ask(question: string, until: (replies: SentMessage[]) => boolean, timeoutMs: number): Promise<{ replies: SentMessage[]; ms: number }> {
  const before = fake.requests.length;
  const started = Date.now();
  fake.postMessage({ content: question, mentionBot: true });
  await fake.until(() => until(sentSince(before)), timeoutMs, `a reply to "${question}"; output:\n${bot.output().slice(-3000)}`);
  const ms = Date.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return { replies: sentSince(before), ms };
}

beforeAll(async () => {
  root = tempDir('crisisbot-pg-hang-');
  copySeeds(root);
  [engine, fake, metricsPort] = await Promise.all([startPglite(), FakeDiscord.start(), freePort()]);
  proxy = await startHangingProxy(engine.url);
  fake.acceptToken = SECRETS.DISCORD_TOKEN;
  bot = await startPostgresBot({
    fake,
    databaseUrl: proxy.url.replace('postgres:postgres@', `postgres:${PASSWORD}@`),
    root,
    metricsPort,
    env: { DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS) },
  });
  expect(bot.child.exitCode, bot.output()).toBeNull();
}, 180_000);

afterAll(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await proxy?.close();
  await fake?.close();
  await engine?.stop();
  removeDir(root);
});

describe('the bot on STORE=postgres when the engine hangs', () => {
  it('answers with citations while the engine answers', async () => {
    const { replies } = await ask(QUESTION, (r) => r.some((m) => hasFeedback(m.payload)), 60_000);
    expect(embedOf(replies.find((m) => hasFeedback(m.payload))!.payload).description).toMatch(/\[1\]/u);
  }, 90_000);

  it('engine hung: a question gets the outage line within the timeout, /healthz says unreachable, the process stays up', async () => {
    proxy.hang();
    const { replies, ms } = await ask('Who advanced on Kyiv?', (r) => r.length > 0, 60_000);
    expect(replies).toHaveLength(1);
    expect(readable(replies[0]!)).toBe(OUTAGE_LINE);
    // A few bounded waits (a pooled connection's query, a new connection), not the TCP stack's minutes.
    expect(ms).toBeLessThan(8 * QUERY_TIMEOUT_MS);
    const down = await healthUntil(false, 30_000);
    expect(down.status).toBe(503);
    expect(bot.child.exitCode).toBeNull();
    const logs = bot.output();
    expect(logs).not.toMatch(/Uncaught exception|Unhandled promise rejection|"level":50/u);
    expect(logs).toMatch(/The PostgreSQL server at 127\.0\.0\.1:\d+\/postgres is unreachable or not answering/u);
    expectNoSecrets(logs, [PASSWORD]);
  }, 90_000);

  it('engine answering again: /healthz recovers and questions are answered with citations', async () => {
    proxy.resume();
    expect((await healthUntil(true, 60_000)).status).toBe(200);
    const { replies } = await ask(QUESTION, (r) => r.some((m) => hasFeedback(m.payload)), 60_000);
    expect(embedOf(replies.find((m) => hasFeedback(m.payload))!.payload).description).toMatch(/\[1\]/u);
    const exited = bot.result;
    bot.child.kill('SIGTERM');
    const result = await exited;
    expect(result.code).toBe(0);
    expectNoSecrets(result.stdout + result.stderr, [PASSWORD]);
  }, 120_000);
});
