/**
 * Many processes, end to end: `npm start` with SHARDS=2 runs discord.js's ShardingManager against
 * the fake Discord (its /gateway/bot recommends two shards; guild events go to the shard owning the
 * guild), every shard on one PostgreSQL (PGlite, with pgvector). A thread's follow-up answered by a
 * respawned process keeps its context; an ingest by another process reaches the shards without a
 * restart; SIGTERM stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, createBackend, type CrisisAssistant } from '../../src/app.ts';
import type { Backend } from '../../src/ports.ts';
import { FakeDiscord, type RecordedRequest } from '../support/fake-discord.ts';
import { startPglite, type Engine } from '../support/engines.ts';
import { copySeeds, REPO_DIR, removeDir, tempDir, testConfig } from '../support/seed-index.ts';

const OTHER_GUILD = '1200000000004194305';
let engine: Engine;
let fake: FakeDiscord;
let root: string;
let manager: ChildProcess;
let output = '';
let backend: Backend;
let assistant: CrisisAssistant;

/** Pids of the manager's shard processes by shard id (from /proc: parent pid and the SHARDS variable). */
function shardPids(): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/u.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== manager.pid) continue;
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      const shard = env.find((line) => line.startsWith('SHARDS='));
      if (shard && env.includes('SHARDING_MANAGER=true')) found.set(Number(shard.slice(7)), Number(entry));
    } catch {
      // The process went away while we looked.
    }
  }
  return found;
}

const env = (): Record<string, string> => ({
  ...(process.env as Record<string, string>),
  DISCORD_TOKEN: 'fake-token-for-shards',
  DISCORD_API_URL: fake.apiUrl,
  STORE: 'postgres',
  DATABASE_URL: engine.url,
  CORPUS_DIR: join(root, 'corpus'),
  DATA_DIR: join(root, 'data'),
  SHARDS: '2',
  INDEX_POLL_SECONDS: '1',
  LOG_LEVEL: 'info',
});

function answerIn(channelId: string, after = 0): Promise<RecordedRequest> {
  return fake.waitFor((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && fake.requests.indexOf(r) >= after, 60_000);
}

const text = (request: RecordedRequest): string => JSON.stringify(request.body);

beforeAll(async () => {
  root = tempDir('crisisbot-shards-');
  copySeeds(root);
  [engine, fake] = await Promise.all([startPglite(), FakeDiscord.start()]);
  fake.gatewayShards = 2;
  fake.extraGuilds.push(OTHER_GUILD);
  fake.acceptToken = 'fake-token-for-shards';
  // The reference assistant (same corpus, same database) ingests first, as any process would.
  const config = testConfig(join(root, 'corpus'), join(root, 'data'), { STORE: 'postgres', DATABASE_URL: engine.url });
  backend = createBackend(config);
  assistant = await createAssistant(config, { backend });
}, 180_000);

afterAll(async () => {
  if (manager && manager.exitCode === null) manager.kill('SIGKILL');
  await backend?.close();
  await fake?.close();
  await engine?.stop();
  removeDir(root);
});

describe('SHARDS=2: two shard processes, one PostgreSQL', () => {
  it('starts two shards, each answering its guilds from the shared index', async () => {
    manager = spawn(process.execPath, [join(REPO_DIR, 'bin/start.js')], { cwd: root, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    manager.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    manager.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await fake.until(() => fake.identifiedShards.join(',') === '0,1', 150_000, `two identified shards; output so far:\n${output}`);
    expect(fake.shardForGuild(fake.guildId)).toBe(1);
    expect(fake.shardForGuild(OTHER_GUILD)).toBe(0);
    expect([...shardPids().keys()].sort()).toEqual([0, 1]);
    const frames = fake.frames.filter((f) => f.direction === 'fromBot' && f.op === 2);
    expect(frames.map((f) => JSON.stringify(f.d?.shard)).sort()).toEqual(['[0,2]', '[1,2]']);

    const before = fake.requests.length;
    fake.postMessage({ content: 'What did Russia threaten to do if its demands were not met?', mentionBot: true });
    fake.postMessage({ content: 'What did Russia threaten to do if its demands were not met?', mentionBot: true, guildId: OTHER_GUILD, channelId: fake.channelOf(OTHER_GUILD) });
    await fake.waitFor((r) => r.method === 'POST' && r.path.startsWith(`/channels/${fake.channelId}/messages/`) && r.path.endsWith('/threads'), 60_000);
    await fake.waitFor((r) => r.method === 'POST' && r.path.startsWith(`/channels/${fake.channelOf(OTHER_GUILD)}/messages/`) && r.path.endsWith('/threads'), 60_000);
    const reference = await assistant.ask('What did Russia threaten to do if its demands were not met?');
    const firstQuote = reference.citations[0]!.quote.slice(0, 40);
    await fake.until(() => fake.requests.slice(before).filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/u.test(r.path) && text(r).includes(firstQuote.replace(/"/gu, '\\"'))).length >= 2, 60_000, `both shards answering; output:\n${output.slice(-2000)}`);
    // Each answer came from the shard owning its guild, in a thread of the question's channel.
    const answered = fake.requests.slice(before).filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/u.test(r.path) && text(r).includes(firstQuote.replace(/"/gu, '\\"')));
    expect(answered.map((r) => fake.threadParent(r.path.split('/')[2]!)).sort()).toEqual([fake.channelOf(OTHER_GUILD), fake.channelId].sort());
  }, 240_000);

  it('a follow-up in the thread, answered by a respawned shard process, keeps the conversation', async () => {
    const mainThread = [...fake.requests].find((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/u.test(r.path) && fake.threadParent(r.path.split('/')[2]!) === fake.channelId)!;
    const threadId = mainThread.path.split('/')[2]!;
    const history = await backend.conversations.history(threadId, 10);
    expect(history.map((t) => t.role)).toEqual(['user', 'assistant']);
    const old = shardPids().get(1)!;
    process.kill(old, 'SIGKILL');
    const identified = fake.frames.filter((f) => f.direction === 'fromBot' && f.op === 2).length;
    await fake.until(() => fake.frames.filter((f) => f.direction === 'fromBot' && f.op === 2).length > identified && shardPids().get(1) !== undefined && shardPids().get(1) !== old, 120_000, `shard 1 respawned; output:\n${output.slice(-3000)}`);
    const followUp = 'and where?';
    const withHistory = await assistant.ask(followUp, { history: history });
    // The follow-up alone means something else: only a process that has the history answers this.
    expect((await assistant.ask(followUp)).abstained).toBe(true);
    expect(withHistory.abstained).toBe(false);
    const after = fake.requests.length;
    fake.postMessage({ content: followUp, channelId: threadId, mentionBot: true });
    const reply = await answerIn(threadId, after);
    // The respawned process found the thread's earlier turns in PostgreSQL and answered in context.
    expect(text(reply)).toContain(withHistory.citations[0]!.quote.slice(0, 30).replace(/"/gu, '\\"'));
    expect((await backend.conversations.history(threadId, 10)).map((t) => t.content)).toContain(followUp);
  }, 240_000);

  it('an ingest by another process reaches the running shards without a restart; SIGTERM stops them all', async () => {
    copySeeds(join(root, 'c2'));
    const article = 'Zorvania drill announced\n\nThe ministry of Zorvania announced a snow drill for the Quillberry brigade on 3 March 2022. The Quillberry brigade will train for two weeks near the northern border, the ministry said in a statement on Tuesday.\n';
    writeFileSync(join(root, 'c2', 'corpus', '900_zorvania.txt'), article);
    const ingest = spawn(process.execPath, [join(REPO_DIR, 'bin/crisisbot.js'), 'ingest', '--json'], { cwd: root, env: { ...env(), CORPUS_DIR: join(root, 'c2', 'corpus') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let ingestOut = '';
    ingest.stdout?.on('data', (d: Buffer) => (ingestOut += d.toString()));
    const [code] = (await once(ingest, 'exit')) as [number];
    expect(code).toBe(0);
    expect(JSON.parse(ingestOut)).toMatchObject({ added: ['900_zorvania'] });
    // Shard 0 did not ingest and was not restarted: it polls the live generation.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = fake.requests.length;
    fake.postMessage({ content: 'Which brigade will do the Zorvania snow drill?', mentionBot: true, guildId: OTHER_GUILD, channelId: fake.channelOf(OTHER_GUILD) });
    await fake.until(() => fake.requests.slice(after).some((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/u.test(r.path) && text(r).includes('Quillberry')), 60_000, 'an answer citing the new article');
    const exited = once(manager, 'exit');
    manager.kill('SIGTERM');
    const [exitCode] = (await exited) as [number | null];
    expect(exitCode).toBe(0);
    expect(shardPids().size).toBe(0);
  }, 240_000);
});
