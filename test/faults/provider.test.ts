/**
 * Provider faults through the `crisisbot` command, against the fake OpenAI-compatible server:
 * 429, 5xx, a reply slower than the timeout and a garbled body, during an ingest (embeddings) and
 * an answer (chat). Each must end with one clear line, lose nothing already indexed, and never
 * print the API key.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failures, startFakeOpenAI, type EmbeddingScript, type FakeOpenAI, type RecordedRequest, type ScriptedResponse } from '../support/fake-openai.ts';
import { copySeeds, removeDir, tempDir } from '../support/seed-index.ts';
import { cli, dataDirEntries, expectNoSecrets, SECRETS, type Run } from './support.ts';

const NEW_ARTICLE = 'Diplomats met again in Geneva on Monday to discuss the troops massed near the Ukrainian border, without agreement.';

/** A 200 reply whose vectors hold `value` everywhere (one per input). */
function badVectors(value: unknown): EmbeddingScript {
  return (request: RecordedRequest) => {
    const input = request.body.input;
    const count = Array.isArray(input) ? input.length : 1;
    const data = Array.from({ length: count }, (_, index) => ({ object: 'embedding', index, embedding: Array.from({ length: 64 }, () => value) }));
    return { body: { object: 'list', data, model: 'fake-embedding', usage: { prompt_tokens: 1, total_tokens: 1 } } };
  };
}

interface IngestJson {
  articles: number;
  added: string[];
}

describe('provider faults (fake OpenAI-compatible server)', () => {
  let fake: FakeOpenAI;
  let root: string;
  let corpus: string;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    root = tempDir('crisisbot-faults-provider-');
    corpus = copySeeds(root);
    dataDir = join(root, 'data');
    env = {
      CORPUS_DIR: corpus, DATA_DIR: dataDir, EMBEDDINGS: 'openai', ANSWERS: 'llm', OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: SECRETS.OPENAI_API_KEY,
      EMBEDDING_MODEL: 'fake-embedding', EMBEDDING_DIMENSIONS: '64', OPENAI_TIMEOUT_MS: '1000', OPENAI_MAX_RETRIES: '1',
    };
    const first = await cli(['ingest', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect((JSON.parse(first.stdout) as IngestJson).articles).toBe(5);
  }, 60_000);
  afterAll(async () => {
    await fake.close();
    removeDir(root);
  });

  /** Every embeddings request fails this way (the client retries once). */
  const failEmbeddings = (response: () => EmbeddingScript): void => fake.queueEmbeddings(response(), response(), response(), response());

  const ingestCases: Array<[string, () => EmbeddingScript, RegExp]> = [
    ['429', failures.rateLimited, /rate limit/iu],
    ['429 with retry-after 150 s', () => ({ ...failures.rateLimited(), headers: { 'retry-after': '150' } }), /rate limit/iu],
    ['vectors of nulls', () => badVectors(null), /embedding|vector|unusable/iu],
    ['vectors of "NaN" strings', () => badVectors('NaN'), /embedding|vector|unusable/iu],
    ['500', failures.serverError, /unavailable/iu],
    ['a reply slower than OPENAI_TIMEOUT_MS', () => ({ delayMs: 3_000, body: {} }), /in time|OPENAI_TIMEOUT_MS/iu],
    ['a garbled body', failures.malformed, /unusable|bad|invalid/iu],
  ];

  ingestCases.forEach(([what, response, message], i) => {
    it(`ingest with embeddings answering ${what}: one clear line, exit 1, the index untouched; the next ingest adds the article`, async () => {
      const before = dataDirEntries(dataDir).current;
      writeFileSync(join(corpus, `geneva-${i}.txt`), `${NEW_ARTICLE} Round ${i}.`);
      failEmbeddings(response);
      const run: Run = await cli(['ingest'], env);
      fake.clearQueues();
      expect(run.code, run.stderr).toBe(1);
      const lines = run.stderr.trim().split('\n').filter((line) => line.startsWith('error:'));
      expect(lines, run.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(dataDirEntries(dataDir).current).toBe(before);
      expectNoSecrets(run.stdout + run.stderr);

      const recovery = await cli(['ingest', '--json'], env);
      expect(recovery.code, recovery.stderr).toBe(0);
      const summary = JSON.parse(recovery.stdout) as IngestJson;
      expect(summary.added).toEqual([`geneva-${i}`]);
      expect(summary.articles).toBe(6 + i);
      expectNoSecrets(recovery.stdout + recovery.stderr);
    }, 60_000);
  });

  const chatCases: Array<[string, () => ScriptedResponse]> = [
    ['429', failures.rateLimited],
    ['429 with retry-after 150 s', () => ({ ...failures.rateLimited(), headers: { 'retry-after': '150' } })],
    ['500', failures.serverError],
    ['a reply slower than OPENAI_TIMEOUT_MS', () => ({ delayMs: 3_000, body: {} })],
    ['a garbled body', failures.malformed],
  ];
  for (const [what, response] of chatCases) {
    it(`ask with the chat model answering ${what}: a cited extractive answer with a notice, exit 0`, async () => {
      fake.queueChat(response(), response(), response(), response());
      const run = await cli(['ask', '--json', 'How many soldiers will Biden send to Eastern Europe?'], env);
      fake.clearQueues();
      expect(run.code, run.stderr).toBe(0);
      const answer = JSON.parse(run.stdout) as { method: string; abstained: boolean; citations: unknown[]; notice?: string };
      expect(answer.method).toBe('extractive');
      expect(answer.abstained).toBe(false);
      expect(answer.citations.length).toBeGreaterThan(0);
      expect(JSON.stringify(answer)).toMatch(/language model/iu);
      expectNoSecrets(run.stdout + run.stderr);
    }, 60_000);
  }
});

