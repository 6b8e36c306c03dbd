/**
 * The shared tables on native PostgreSQL 15 (Debian's; no pgvector there): real sessions, so the
 * ingest advisory lock, migrations applied by processes starting together, and conversations and
 * feedback written by several processes are tested where PGlite's one shared session could hide a bug.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PostgresBackend } from '../../src/store/postgres/backend.ts';
import { resetDatabase, startPostgres15, type Engine } from '../support/engines.ts';
import { article, IDENTITY } from './fixtures.ts';

let engine: Engine;
const open: PostgresBackend[] = [];

async function backend(): Promise<PostgresBackend> {
  const made = await PostgresBackend.connect(engine.url);
  open.push(made);
  return made;
}

beforeAll(async () => {
  engine = await startPostgres15();
}, 60_000);

afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close().catch(() => undefined)));
  await resetDatabase(engine.url);
});

afterAll(async () => {
  await engine?.stop();
});

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgreSQL backend on native PostgreSQL 15 (shared tables, locks, many processes)', () => {
  it('processes starting together apply the migrations once; without pgvector the index says what is missing', async () => {
    const [a, b, c] = await Promise.all([backend(), backend(), backend()]);
    expect(a.features).toEqual({ vector: false, lexical: 'postings' });
    expect(b.features).toEqual(a.features);
    expect(c.features).toEqual(a.features);
    const tx = await a.index.begin(IDENTITY);
    const doc = article('kyiv', ['Russian troops advanced towards Kyiv.']);
    await expect(tx.putArticle(doc.article, doc.chunks, doc.vectors)).rejects.toThrow(/no `vector` extension \(pgvector\)/u);
  });

  it('two ingests never interleave: the second waits for the first to publish, then builds on it', async () => {
    const [a, b] = await Promise.all([backend(), backend()]);
    const first = await a.index.begin(IDENTITY);
    let secondStarted = false;
    const secondPromise = b.index.begin(IDENTITY).then((tx) => {
      secondStarted = true;
      return tx;
    });
    await first.putArticle(article('one', []).article, [], []);
    await settle(700);
    expect(secondStarted).toBe(false);
    await first.putFile('one', article('one', ['x']).file);
    const g1 = await first.publish();
    const second = await secondPromise;
    await second.putFile('two', article('two', ['y']).file);
    const g2 = await second.publish();
    expect(Number(g2)).toBeGreaterThan(Number(g1));
    const snapshot = await a.index.open(IDENTITY);
    expect(snapshot.generation).toBe(g2);
    expect(Object.keys(await snapshot.files()).sort()).toEqual(['one', 'two']);
    expect((await snapshot.articles()).map((x) => x.docId)).toEqual(['one']);
  });

  it('a waiting ingest can be abandoned with its signal', async () => {
    const [a, b] = await Promise.all([backend(), backend()]);
    const holder = await a.index.begin(IDENTITY);
    const controller = new AbortController();
    const waiting = b.index.begin(IDENTITY, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop waiting')), 300);
    await expect(waiting).rejects.toThrow('stop waiting');
    await holder.abort();
    const next = await b.index.begin(IDENTITY);
    await next.abort();
  });

  it('an ingest process killed mid-write releases the lock (the server ends its session); the next ingest discards its rows', async () => {
    const a = await backend();
    const before = await a.index.begin(IDENTITY);
    await before.putArticle(article('kyiv', []).article, [], []);
    const g1 = await before.publish();
    const crash = spawnSync(process.execPath, ['--import', 'tsx', 'test/postgres/crash-writer.ts', engine.url, 'no-vectors'], { encoding: 'utf8', timeout: 60_000 });
    expect(crash.stdout).toContain('written');
    expect(crash.status).toBe(3);
    expect(await a.index.currentGeneration()).toBe(g1);
    const next = await a.index.begin(IDENTITY, { signal: AbortSignal.timeout(10_000) });
    const g3 = await next.publish();
    const snapshot = await a.index.open(IDENTITY);
    expect(snapshot.generation).toBe(g3);
    expect((await snapshot.articles()).map((x) => x.docId)).toEqual(['kyiv']);
    expect(await snapshot.files()).toEqual({});
  });

  it('conversations and feedback are shared by every process, in order, and survive a server crash', async () => {
    const [a, b] = await Promise.all([backend(), backend()]);
    await a.conversations.append('thread-9', { role: 'user', content: 'Who advanced on Kyiv?' });
    await b.conversations.append('thread-9', { role: 'assistant', content: 'Russian troops [1].' });
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).conversations.append('thread-other', { role: 'user', content: `q${i}` })));
    await a.conversations.append('thread-9', { role: 'user', content: 'And then?' });
    expect(await b.conversations.history('thread-9', 10)).toEqual([
      { role: 'user', content: 'Who advanced on Kyiv?' },
      { role: 'assistant', content: 'Russian troops [1].' },
      { role: 'user', content: 'And then?' },
    ]);
    expect(await a.conversations.history('thread-9', 2)).toEqual([
      { role: 'assistant', content: 'Russian troops [1].' },
      { role: 'user', content: 'And then?' },
    ]);
    expect((await a.conversations.history('thread-other', 20)).map((t) => t.content).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `q${i}`).sort());
    expect(await a.conversations.history('unknown', 5)).toEqual([]);
    const vote = { at: new Date().toISOString(), messageId: 'm1', user: 'hashed-user', vote: 'up' as const, question: 'Who?', answer: 'Russian troops [1].', chunkIds: ['kyiv#0'], method: 'extractive' as const };
    const citations = [{ n: 1, chunkId: 'kyiv#0', docId: 'kyiv', title: 'Kyiv', quote: 'Russian troops' }];
    await Promise.all([a.feedback.record(vote), b.feedback.record({ at: vote.at, messageId: 'm2', user: 'other', vote: 'down', answer: 'No.', chunkIds: ['kyiv#0'], citations, abstained: false })]);
    await engine.kill();
    await expect(a.conversations.history('thread-9', 10)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await b.ping()).toBe(false);
    await engine.restart();
    expect(await b.conversations.history('thread-9', 1)).toEqual([{ role: 'user', content: 'And then?' }]);
    const check = await backend();
    expect(await check.ping()).toBe(true);
    const pool = (check as unknown as { pool: { query: (sql: string) => Promise<{ rows: unknown[] }> } }).pool;
    const { rows } = await pool.query('SELECT vote, question, answer, chunk_ids, citations, method, abstained FROM feedback_votes ORDER BY message_id');
    expect(rows).toEqual([
      { vote: 'up', question: 'Who?', answer: 'Russian troops [1].', chunk_ids: ['kyiv#0'], citations: null, method: 'extractive', abstained: null },
      { vote: 'down', question: null, answer: 'No.', chunk_ids: ['kyiv#0'], citations, method: null, abstained: false },
    ]);
  }, 60_000);
});
