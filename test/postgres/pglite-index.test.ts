/**
 * The PostgreSQL index on a real engine with pgvector and pg_textsearch (PGlite served over TCP,
 * reached with `pg` as in production): generations, filters, both lexical modes, and the engine
 * dying or hanging mid-run.
 */
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CrisisbotError, IndexError } from '../../src/errors.ts';
import { PostgresBackend } from '../../src/store/postgres/backend.ts';
import { MiniSearchLexicalIndex } from '../../src/store/local/minisearch-lexical-index.ts';
import { connectForIngest } from '../../src/store/postgres/db.ts';
import { resetDatabase, startHangingProxy, startPglite, type Engine } from '../support/engines.ts';
import { article, axis, IDENTITY } from './fixtures.ts';

let engine: Engine;
const open: PostgresBackend[] = [];

async function backend(options: Parameters<typeof PostgresBackend.connect>[1] = {}): Promise<PostgresBackend> {
  const made = await PostgresBackend.connect(engine.url, options);
  open.push(made);
  return made;
}

beforeAll(async () => {
  engine = await startPglite();
}, 120_000);

afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close().catch(() => undefined)));
  await resetDatabase(engine.url);
});

afterAll(async () => {
  await engine?.stop();
});

const KYIV = article('kyiv', ['Russian troops advanced towards Kyiv from the north.', 'The mayor of Kyiv asked residents to shelter.'], { seed: 0 });
const SANCTIONS = article('sanctions', ['The European Union adopted sanctions against Russian banks.', 'Gas prices rose sharply in Europe.'], { seed: 2 });
const PARIS = article('paris', ['Le président français a appelé Moscou.', 'Les sanctions européennes visent les banques russes.'], { seed: 4, lang: 'fr' });

async function ingest(b: PostgresBackend, docs: Array<ReturnType<typeof article>>, options: { rebuild?: boolean } = {}): Promise<string> {
  const tx = await b.index.begin(IDENTITY, options);
  for (const doc of docs) {
    await tx.putArticle(doc.article, doc.chunks, doc.vectors);
    await tx.putFile(doc.article.docId, doc.file);
  }
  await tx.putFeatureStats({ documents: docs.length, df: Float64Array.from([docs.length, 0, 0.5, 1, 0, 0, 0, 7]) });
  return tx.publish();
}

describe('PostgreSQL index on PGlite (pgvector + pg_textsearch)', () => {
  it('applies the migrations once and finds both extensions', async () => {
    const b = await backend();
    expect(b.features).toEqual({ vector: true, lexical: 'bm25-index' });
    const again = await backend();
    expect(again.features.vector).toBe(true);
    expect(await b.index.currentGeneration()).toBeUndefined();
    await expect(b.index.open(IDENTITY)).rejects.toMatchObject({ code: 'INDEX_MISSING' });
  });

  it('serves a published generation: vectors, BM25, articles, chunks, manifest, statistics', async () => {
    const b = await backend();
    const generation = await ingest(b, [KYIV, SANCTIONS, PARIS]);
    expect(await b.index.currentGeneration()).toBe(generation);
    const snapshot = await b.index.open(IDENTITY);
    expect(snapshot.generation).toBe(generation);
    expect(snapshot.identity).toEqual(IDENTITY);
    const hits = await snapshot.vectors.search(axis(2), 3);
    expect(hits[0]).toMatchObject({ chunkId: 'sanctions#0' });
    expect(hits[0]!.similarity).toBeCloseTo(1 / Math.sqrt(1.0625), 5);
    expect(hits.map((h) => h.similarity)).toEqual([...hits.map((h) => h.similarity)].sort((x, y) => y - x));
    const lexical = await snapshot.lexical.search('sanctions on banks', 5);
    expect(lexical.map((h) => h.chunkId).sort()).toEqual(['paris#1', 'sanctions#0']);
    expect(lexical[0]!.score).toBeGreaterThan(0);
    expect(await snapshot.lexical.search('the of and', 5)).toEqual([]);
    expect((await snapshot.articles()).map((a) => [a.docId, a.chunks])).toEqual([['kyiv', 2], ['paris', 2], ['sanctions', 2]]);
    expect(await snapshot.article('kyiv')).toEqual(KYIV.article);
    expect(await snapshot.chunksOf('kyiv')).toEqual(KYIV.chunks);
    expect(await snapshot.chunks(['paris#1', 'nope#0', 'kyiv#0'])).toEqual([PARIS.chunks[1], KYIV.chunks[0]]);
    expect(Array.from((await snapshot.vectors.vector('kyiv#0'))!)).toEqual(Array.from(new Float32Array(KYIV.vectors[0]!.map((x) => x / Math.sqrt(1.0625)))));
    expect(await snapshot.vectors.size()).toBe(6);
    expect(Object.keys(await snapshot.files()).sort()).toEqual(['kyiv', 'paris', 'sanctions']);
    const stats = await snapshot.featureStats();
    expect(stats?.documents).toBe(3);
    expect(Array.from(stats!.df)).toEqual([3, 0, 0.5, 1, 0, 0, 0, 7]);
  });

  it('filters vector and lexical searches by document and language', async () => {
    const b = await backend();
    await ingest(b, [KYIV, SANCTIONS, PARIS]);
    const snapshot = await b.index.open(IDENTITY);
    expect((await snapshot.vectors.search(axis(2), 10, { docIds: ['kyiv'] })).map((h) => h.chunkId).sort()).toEqual(['kyiv#0', 'kyiv#1']);
    expect((await snapshot.vectors.search(axis(2), 10, { langs: ['fr'] })).map((h) => h.chunkId).sort()).toEqual(['paris#0', 'paris#1']);
    expect((await snapshot.lexical.search('sanctions banks', 10, { langs: ['en'] })).map((h) => h.chunkId)).toEqual(['sanctions#0']);
    expect(await snapshot.lexical.search('sanctions banks', 10, { docIds: [] })).toEqual([]);
  });

  it('readers see the old generation or the new one, never a mix, while another ingest writes and publishes', async () => {
    const reader = await backend();
    const writer = await backend();
    const first = await ingest(writer, [KYIV, SANCTIONS]);
    const before = await reader.index.open(IDENTITY);
    const tx = await writer.index.begin(IDENTITY);
    const kyiv2 = article('kyiv', ['Kyiv held out through the night.'], { seed: 5 });
    await tx.putArticle(kyiv2.article, kyiv2.chunks, kyiv2.vectors);
    await tx.removeArticle('sanctions');
    await tx.putArticle(PARIS.article, PARIS.chunks, PARIS.vectors);
    // Written but not published: nobody sees it.
    expect(await reader.index.currentGeneration()).toBe(first);
    expect((await before.articles()).map((a) => a.docId)).toEqual(['kyiv', 'sanctions']);
    expect((await (await reader.index.open(IDENTITY)).chunksOf('kyiv')).map((c) => c.text)).toEqual(KYIV.chunks.map((c) => c.text));
    const second = await tx.publish();
    expect(Number(second)).toBeGreaterThan(Number(first));
    expect(await reader.index.currentGeneration()).toBe(second);
    // The snapshot opened before still reads its own generation, whole.
    expect((await before.chunksOf('kyiv')).map((c) => c.text)).toEqual(KYIV.chunks.map((c) => c.text));
    expect(await before.chunk('sanctions#1')).toEqual(SANCTIONS.chunks[1]);
    expect((await before.vectors.search(axis(5), 10)).map((h) => h.chunkId).sort()).toEqual(['kyiv#0', 'kyiv#1', 'sanctions#0', 'sanctions#1']);
    const after = await reader.index.open(IDENTITY);
    expect((await after.articles()).map((a) => a.docId)).toEqual(['kyiv', 'paris']);
    expect(await after.chunksOf('kyiv')).toEqual(kyiv2.chunks);
    expect((await after.vectors.search(axis(5), 10)).map((h) => h.chunkId).sort()).toEqual(['kyiv#0', 'paris#0', 'paris#1']);
    expect((await after.lexical.search('sanctions', 10)).map((h) => h.chunkId)).toEqual(['paris#1']);
    // Not given new statistics, the new generation keeps its base's.
    expect(await after.featureStats()).toEqual(await before.featureStats());
  });

  it('a large ingest is written in batches before its publish, which readers alone see; the HNSW index is built at the first publish', async () => {
    const reader = await backend();
    const writer = await backend();
    const indexes = async (): Promise<string[]> => {
      const client = new pg.Client(engine.url);
      await client.connect();
      try {
        return (await client.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE indexname LIKE 'chunks_hnsw%'`)).rows.map((r) => r.indexname);
      } finally {
        await client.end();
      }
    };
    const start = await writer.index.begin(IDENTITY);
    await start.putArticle(KYIV.article, KYIV.chunks, KYIV.vectors);
    await start.flush();
    expect(await indexes()).toEqual([]);
    const first = await start.publish();
    expect(await indexes()).toEqual(['chunks_hnsw_d8']);
    const docs = Array.from({ length: 300 }, (_, i) => article(`bulk-${i}`, [`Convoy ${i} left at dawn.`, `Convoy ${i} reached the border.`, `Convoy ${i} turned back.`, `Convoy ${i} waited.`], { seed: i }));
    const tx = await writer.index.begin(IDENTITY);
    for (const doc of docs) await tx.putArticle(doc.article, doc.chunks, doc.vectors);
    await tx.removeArticle('kyiv');
    // 1,200 chunks: batches went to the server already, and nobody sees them.
    const before = await reader.index.open(IDENTITY);
    expect(before.generation).toBe(first);
    expect((await before.articles()).map((a) => a.docId)).toEqual(['kyiv']);
    expect(await before.vectors.size()).toBe(2);
    expect(await before.lexical.search('convoy border', 5)).toEqual([]);
    const second = await tx.publish();
    const after = await reader.index.open(IDENTITY);
    expect(after.generation).toBe(second);
    expect((await after.articles()).length).toBe(300);
    expect(await after.vectors.size()).toBe(1_200);
    expect((await after.chunksOf('bulk-7')).map((c) => c.text)).toEqual(docs[7]!.chunks.map((c) => c.text));
    expect((await after.lexical.search('convoy 42 border', 3))[0]?.chunkId).toBe('bulk-42#1');
    // The old generation stays whole for its reader.
    expect((await before.chunksOf('kyiv')).map((c) => c.text)).toEqual(KYIV.chunks.map((c) => c.text));
  }, 120_000);

  it('an aborted ingest, and one whose process died, leave nothing behind', async () => {
    const b = await backend();
    const first = await ingest(b, [KYIV]);
    const aborted = await b.index.begin(IDENTITY);
    await aborted.putArticle(SANCTIONS.article, SANCTIONS.chunks, SANCTIONS.vectors);
    await aborted.removeArticle('kyiv');
    await aborted.abort();
    expect(await b.index.currentGeneration()).toBe(first);
    // A writer process that dies mid-ingest, without publishing.
    const crash = spawnSync(process.execPath, ['--import', 'tsx', 'test/postgres/crash-writer.ts', engine.url], { encoding: 'utf8' });
    expect(crash.stdout).toContain('written');
    expect(crash.status).toBe(3);
    expect(await b.index.currentGeneration()).toBe(first);
    const next = await b.index.begin(IDENTITY);
    await next.putFile('extra', KYIV.file);
    const third = await next.publish();
    const snapshot = await b.index.open(IDENTITY);
    expect(snapshot.generation).toBe(third);
    expect((await snapshot.articles()).map((a) => a.docId)).toEqual(['kyiv']);
    expect((await snapshot.vectors.search(axis(0), 10)).map((h) => h.chunkId).sort()).toEqual(['kyiv#0', 'kyiv#1']);
    expect(Object.keys(await snapshot.files()).sort()).toEqual(['extra', 'kyiv']);
  });

  it('refuses an index built with another embedder unless rebuilding, which starts from empty', async () => {
    const b = await backend();
    await ingest(b, [KYIV, SANCTIONS]);
    const other = { ...IDENTITY, embedderId: 'other-embedder' };
    await expect(b.index.open(other)).rejects.toBeInstanceOf(IndexError);
    await expect(b.index.open(other)).rejects.toMatchObject({ code: 'INDEX_MISMATCH' });
    await expect(b.index.begin(other)).rejects.toMatchObject({ code: 'INDEX_MISMATCH' });
    const tx = await b.index.begin(other, { rebuild: true });
    await tx.putArticle(PARIS.article, PARIS.chunks, PARIS.vectors);
    await tx.publish();
    const snapshot = await b.index.open(other);
    expect((await snapshot.articles()).map((a) => a.docId)).toEqual(['paris']);
    // A rebuild starts without statistics (the ingest gives them).
    expect(await snapshot.featureStats()).toBeUndefined();
  });

  it('postings mode ranks exactly as MiniSearch (BM25+) over the same words', async () => {
    const b = await backend({ lexical: 'postings' });
    expect(b.features.lexical).toBe('postings');
    await ingest(b, [KYIV, SANCTIONS, PARIS]);
    const snapshot = await b.index.open(IDENTITY);
    const reference = MiniSearchLexicalIndex.create();
    reference.add([...KYIV.chunks, ...SANCTIONS.chunks, ...PARIS.chunks]);
    for (const query of ['sanctions against Russian banks', 'Kyiv Kyiv mayor', 'banques russes sanctions', 'gas']) {
      const ours = await snapshot.lexical.search(query, 10);
      const theirs = reference.miniSearch(query, 10);
      expect(ours.map((h) => h.chunkId)).toEqual(theirs.map((h) => h.chunkId));
      ours.forEach((hit, i) => expect(hit.score).toBeCloseTo(theirs[i]!.score, 6));
    }
  });

  it('the engine dying mid-ingest: a clear error, nothing of that ingest visible after the restart, and the next ingest completes', async () => {
    const b = await backend();
    const generation = await ingest(b, [KYIV]);
    const tx = await b.index.begin(IDENTITY);
    await tx.putArticle(SANCTIONS.article, SANCTIONS.chunks, SANCTIONS.vectors);
    await tx.removeArticle('kyiv');
    await tx.flush();
    await engine.kill();
    const error = await tx.putArticle(PARIS.article, PARIS.chunks, PARIS.vectors).then(() => tx.publish()).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((error as Error).message).toMatch(/PostgreSQL server at 127\.0\.0\.1:\d+\/postgres is unreachable/u);
    await tx.abort();
    await engine.restart();
    expect(await b.index.currentGeneration()).toBe(generation);
    expect((await (await b.index.open(IDENTITY)).articles()).map((a) => a.docId)).toEqual(['kyiv']);
    const next = await ingest(b, [SANCTIONS, PARIS]);
    const snapshot = await b.index.open(IDENTITY);
    expect(snapshot.generation).toBe(next);
    expect((await snapshot.articles()).map((a) => a.docId)).toEqual(['kyiv', 'paris', 'sanctions']);
    expect(await snapshot.vectors.size()).toBe(6);
  }, 120_000);

  it('the engine dying mid-run: a clear error, then recovery with nothing lost', async () => {
    const b = await backend();
    const generation = await ingest(b, [KYIV, SANCTIONS]);
    await b.conversations.append('thread-1', { role: 'user', content: 'Who advanced on Kyiv?' });
    // A snapshot opened before the crash: what a running bot answers from.
    const served = await b.index.open(IDENTITY);
    await engine.kill();
    // Every read of the served snapshot says what happened (a raw driver error reached users before).
    for (const read of [() => served.vectors.search(axis(0), 1), () => served.vectors.size(), () => served.lexical.search('mayor', 5), () => served.chunks(['kyiv#0']), () => served.articles()]) {
      await expect(read()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringMatching(/PostgreSQL server at 127\.0\.0\.1:\d+\/postgres is unreachable/u) });
    }
    const error = await b.index.currentGeneration().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CrisisbotError);
    expect((error as CrisisbotError).code).toBe('STORE_UNAVAILABLE');
    expect((error as Error).message).toMatch(/PostgreSQL server at 127\.0\.0\.1:\d+\/postgres is unreachable/u);
    expect((error as Error).message).not.toContain('postgres:postgres');
    expect(await b.ping()).toBe(false);
    await expect(b.conversations.history('thread-1', 5)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await engine.restart();
    expect(await b.ping()).toBe(true);
    expect(await b.index.currentGeneration()).toBe(generation);
    const snapshot = await b.index.open(IDENTITY);
    expect((await snapshot.articles()).map((a) => a.docId)).toEqual(['kyiv', 'sanctions']);
    expect((await snapshot.vectors.search(axis(0), 1))[0]?.chunkId).toBe('kyiv#0');
    expect((await snapshot.lexical.search('mayor', 5)).map((h) => h.chunkId)).toEqual(['kyiv#1']);
    expect(await b.conversations.history('thread-1', 5)).toEqual([{ role: 'user', content: 'Who advanced on Kyiv?' }]);
    // The snapshot served before the crash reads again (nothing failed is cached).
    expect((await served.vectors.search(axis(0), 1))[0]?.chunkId).toBe('kyiv#0');
    expect(await served.vectors.size()).toBe(4);
    expect((await served.lexical.search('mayor', 5)).map((h) => h.chunkId)).toEqual(['kyiv#1']);
  }, 120_000);

  it('the engine hanging mid-run (connections open, no reply): reads fail within the query timeout as STORE_UNAVAILABLE, then recover', async () => {
    const proxy = await startHangingProxy(engine.url);
    try {
      const b = await backend({ queryTimeoutMs: 1_000 });
      const through = await PostgresBackend.connect(proxy.url, { queryTimeoutMs: 1_000 });
      open.push(through);
      await ingest(b, [KYIV, SANCTIONS]);
      const served = await through.index.open(IDENTITY);
      expect(await served.lexical.search('mayor', 5)).toHaveLength(1);
      proxy.hang();
      // Each read waits at most about the timeout (a pooled connection's query, or a new connection), never forever.
      for (const read of [() => served.vectors.search(axis(0), 1), () => served.lexical.search('mayor', 5), () => served.chunks(['kyiv#0']), () => through.index.currentGeneration(), () => through.conversations.history('thread-1', 5)]) {
        const started = Date.now();
        await expect(read()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringMatching(/PostgreSQL server at 127\.0\.0\.1:\d+\/postgres is unreachable or not answering/u) });
        expect(Date.now() - started).toBeLessThan(4_000);
      }
      expect(await through.ping()).toBe(false);
      proxy.resume();
      expect(await through.ping()).toBe(true);
      expect((await served.vectors.search(axis(0), 1))[0]?.chunkId).toBe('kyiv#0');
      expect((await served.lexical.search('mayor', 5)).map((h) => h.chunkId)).toEqual(['kyiv#1']);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('an ingest\'s own connection is not bounded by the serving query timeout (publishing can build the vector index for minutes)', async () => {
    const b = await backend({ queryTimeoutMs: 500 });
    await expect(b.ping()).resolves.toBe(true);
    const pool = (b as unknown as { pool: pg.Pool }).pool;
    await expect(pool.query('SELECT pg_sleep(1.5)')).rejects.toThrow(/Query read timeout/u);
    const client = await connectForIngest(engine.url);
    try {
      await expect(client.query('SELECT pg_sleep(1.5)')).resolves.toBeDefined();
    } finally {
      client.release();
    }
  }, 60_000);
});
