/**
 * The PostgreSQL backend against the local one on the real seeds (PGlite: pgvector + pg_textsearch):
 * the same retrieval quality on the eval questions (recall@5 within ±0.02), the same answers, and
 * the `crisisbot` command behaving the same with STORE=postgres (the first call ingests).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, createBackend, type CrisisAssistant } from '../../src/app.ts';
import type { Backend } from '../../src/ports.ts';
import { readDataset } from '../../src/eval/dataset.ts';
import { runEval, type EvalReport } from '../../src/eval/run.ts';
import { startPglite, type Engine } from '../support/engines.ts';
import { copySeeds, REPO_DIR, removeDir, tempDir, testConfig } from '../support/seed-index.ts';

let engine: Engine;
let root: string;
let local: CrisisAssistant;
let postgres: CrisisAssistant;
const backends: Backend[] = [];

beforeAll(async () => {
  engine = await startPglite();
  root = tempDir('crisisbot-pg-parity-');
  const corpus = copySeeds(root);
  const localConfig = testConfig(corpus, join(root, 'data-local'));
  const pgConfig = testConfig(corpus, join(root, 'data-unused'), { STORE: 'postgres', DATABASE_URL: engine.url });
  backends.push(createBackend(localConfig), createBackend(pgConfig));
  expect(backends.map((b) => b.name)).toEqual(['local', 'postgres']);
  local = await createAssistant(localConfig, { backend: backends[0]! });
  postgres = await createAssistant(pgConfig, { backend: backends[1]! });
}, 180_000);

afterAll(async () => {
  for (const backend of backends) await backend.close();
  await engine?.stop();
  removeDir(root);
});

async function evaluate(assistant: CrisisAssistant): Promise<EvalReport> {
  // The first 160 questions (the original 85 and the next batches): the dataset keeps growing, this test's time should not.
  const items = (await readDataset(join(REPO_DIR, 'eval/dev.jsonl'))).slice(0, 160);
  const byId = new Map((await assistant.allArticles()).map((a) => [a.docId, a]));
  return runEval(assistant, items, (id) => byId.get(id)?.lang, (id) => byId.get(id)?.text, 5);
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO_DIR, 'bin/crisisbot.js'), ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('PostgreSQL backend vs the local backend on the seeds', () => {
  it('retrieves as well (recall@5 within ±0.02) and answers the same', async () => {
    const [mine, reference] = [await evaluate(postgres), await evaluate(local)];
    expect(Math.abs(mine.retrieval.recallAt5 - reference.retrieval.recallAt5)).toBeLessThanOrEqual(0.02);
    expect(reference.retrieval.recallAt5).toBeGreaterThan(0.5);
    expect(Math.abs(mine.answers.hitRate - reference.answers.hitRate)).toBeLessThanOrEqual(0.03);
    const items = await readDataset(join(REPO_DIR, 'eval/dev.jsonl'));
    let same = 0;
    for (const item of items.slice(0, 30)) {
      const [a, b] = [await postgres.ask(item.question), await local.ask(item.question)];
      if (a.answer === b.answer && a.abstained === b.abstained) same++;
    }
    // Measured: 27 of 30 identical (pg_textsearch scores BM25, MiniSearch BM25+: the lexical half differs a little).
    expect(same / 30).toBeGreaterThanOrEqual(0.85);
    expect(postgres.snapshot.generation).toMatch(/^\d+$/u);
  }, 300_000);

  it('`crisisbot search|ask|ingest` with STORE=postgres behave as with the local store', async () => {
    const corpus = join(root, 'corpus');
    const pgEnv = { STORE: 'postgres', DATABASE_URL: engine.url, CORPUS_DIR: corpus };
    const localEnv = { STORE: 'local', DATA_DIR: join(root, 'data-local'), CORPUS_DIR: corpus };
    const question = 'What did Peskov say about sanctions against Putin?';
    const [pgSearch, localSearch] = await Promise.all([cli(['search', question, '--json'], pgEnv), cli(['search', question, '--json'], localEnv)]);
    expect(pgSearch.code).toBe(0);
    const ids = (out: string): string[] => (JSON.parse(out) as { results: Array<{ chunkId: string }> }).results.map((r) => r.chunkId);
    expect(ids(pgSearch.stdout).slice(0, 3)).toEqual(ids(localSearch.stdout).slice(0, 3));
    const [pgAsk, localAsk] = await Promise.all([cli(['ask', question, '--json'], pgEnv), cli(['ask', question, '--json'], localEnv)]);
    expect(pgAsk.code).toBe(0);
    expect((JSON.parse(pgAsk.stdout) as { answer: string }).answer).toBe((JSON.parse(localAsk.stdout) as { answer: string }).answer);
    const ingest = await cli(['ingest', '--json'], pgEnv);
    expect(ingest.code).toBe(0);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ articles: 5, embeddedChunks: 0, added: [], removed: [] });
    // The summary names where the index went: the database, without its credentials.
    const text = await cli(['ingest'], pgEnv);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Indexed 5 articles, \d+ chunks into the PostgreSQL database postgresql:\/\/\[redacted\]@127\.0\.0\.1:\d+\/postgres in /u);
    expect(text.stdout).not.toContain('postgres:postgres');
    // Nothing on disk: the index lives in the database.
    const unreachable = await cli(['search', question], { ...pgEnv, DATABASE_URL: 'postgresql://postgres:secret-pw@127.0.0.1:1/postgres' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('127.0.0.1:1/postgres is unreachable');
    expect(unreachable.stderr).not.toContain('secret-pw');
  }, 180_000);
});
