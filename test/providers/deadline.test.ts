/**
 * Provider calls cannot hang or poison the index: one overall deadline per call (slow bodies and long
 * retry-after included), replies bounded in length, embeddings checked before anything is written.
 * The real openai client against the fake OpenAI-compatible server.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LlmAnswerer } from '../../src/answer/llm-answerer.ts';
import { OpenAIChatModel } from '../../src/answer/openai-chat-model.ts';
import { createEmbedder, ingestCorpus } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { OpenAIEmbedder } from '../../src/embed/openai-embedder.ts';
import { ProviderError } from '../../src/errors.ts';
import { createOpenAIClient } from '../../src/providers/openai-client.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { chatCompletion, fakeClientConfig, fakeEmbedding, startFakeOpenAI, TEST_API_KEY, type FakeOpenAI } from '../support/fake-openai.ts';
import { chunkWith, FakeExtractiveAnswerer, retrievalOf } from '../support/fixtures.ts';

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

/** Client settings: a short overall deadline, a per-attempt timeout longer than it, retries on. */
const client = () => createOpenAIClient(fakeClientConfig(fake, { OPENAI_DEADLINE_MS: 1_500, OPENAI_TIMEOUT_MS: 5_000, OPENAI_MAX_RETRIES: 2 }));
const chat = () => new OpenAIChatModel({ client: client(), model: 'gpt-test' });
const ask = { system: 'You answer.', user: 'What happened?' };

/** Settles `promise` and says how long it took; fails the test past `limitMs` instead of hanging it. */
async function timed(promise: Promise<unknown>, limitMs = 6_000): Promise<{ error: ProviderError; ms: number }> {
  const started = Date.now();
  const outcome = await Promise.race([promise.then(() => 'resolved', (e: unknown) => e), new Promise((resolve) => setTimeout(resolve, limitMs, 'hung'))]);
  expect(outcome, 'the call neither failed nor returned in time').toBeInstanceOf(ProviderError);
  return { error: outcome as ProviderError, ms: Date.now() - started };
}

describe('chat completions', () => {
  it('a reply body that never ends is cut at the deadline (PROVIDER_TIMEOUT naming OPENAI_DEADLINE_MS)', async () => {
    fake.queueChat({ body: chatCompletion('never finished'), stall: true });
    const { error, ms } = await timed(chat().complete(ask));
    expect(error.code).toBe('PROVIDER_TIMEOUT');
    expect(error.message).toMatch(/OPENAI_DEADLINE_MS/u);
    expect(ms).toBeLessThan(3_000);
  });

  it('a 429 asking to retry after 150 s is not waited for: it fails at once, one request', async () => {
    fake.queueChat({ status: 429, headers: { 'retry-after': '150' }, body: { error: { message: 'slow down', type: 'rate_limit_exceeded', code: 'rate_limit_exceeded' } } });
    const { error, ms } = await timed(chat().complete(ask));
    expect(error.code).toBe('PROVIDER_RATE_LIMIT');
    expect(ms).toBeLessThan(1_500);
    expect(fake.requestsTo('chat')).toHaveLength(1);
  });

  it('retry-after waits within the cap but past the deadline still end at the deadline', async () => {
    const wait = { status: 503, headers: { 'retry-after': '8' }, body: { error: { message: 'busy', type: 'server_error', code: 'server_error' } } };
    fake.queueChat(wait, wait, wait);
    const { error, ms } = await timed(chat().complete(ask));
    expect(error.code).toBe('PROVIDER_TIMEOUT');
    expect(ms).toBeLessThan(3_000);
  });

  it('the LLM answer falls back to the extractive one with a notice when the deadline passes', async () => {
    fake.queueChat({ body: chatCompletion('never finished'), stall: true });
    const fallback = new FakeExtractiveAnswerer();
    const answerer = new LlmAnswerer({ model: chat(), fallback, logger: captureLogger([TEST_API_KEY]).logger });
    const chunk = chunkWith('000_ff6ca0cd65f3d795', 'American diplomacy has received a letter');
    const answer = await answerer.answer('What did Russia send?', retrievalOf('What did Russia send?', 'en', [chunk]), { language: 'en' });
    expect(answer.method).toBe('extractive');
    expect(answer.notice).toMatch(/time|délai/iu);
    expect(fallback.calls).toHaveLength(1);
  });

  it('a reply far longer than asked for (a server ignoring max_tokens) is refused, not sent on', async () => {
    fake.queueChat('x'.repeat(1_100_000));
    const { error } = await timed(new OpenAIChatModel({ client: client(), model: 'gpt-test', defaultMaxTokens: 1200 }).complete(ask));
    expect(error.code).toBe('PROVIDER_BAD_RESPONSE');
    expect(error.message).toMatch(/1100000 characters/u);
  });
});

describe('embeddings', () => {
  const embedder = () => new OpenAIEmbedder({ client: client(), model: 'fake-embed', dimensions: 24 });
  const body = (embedding: unknown) => ({ body: { object: 'list', data: [{ object: 'embedding', index: 0, embedding }], model: 'fake-embed' } });

  it('a body that never ends is cut at the deadline', async () => {
    fake.queueEmbeddings({ ...body(fakeEmbedding('x', 24)), stall: true });
    const { error, ms } = await timed(embedder().embedDocuments(['x']));
    expect(error.code).toBe('PROVIDER_TIMEOUT');
    expect(ms).toBeLessThan(3_000);
  });

  const bad: Array<[string, unknown]> = [
    ['null values', [...fakeEmbedding('x', 23), null]],
    ['string numbers', fakeEmbedding('x', 24).map(String)],
    ['"NaN" strings', [...fakeEmbedding('x', 23), 'NaN']],
    ['the wrong length', fakeEmbedding('x', 12)],
    ['no vector', null],
    ['an all-zero vector', new Array(24).fill(0)],
  ];
  for (const [what, embedding] of bad) {
    it(`a vector with ${what} is refused (PROVIDER_BAD_RESPONSE)`, async () => {
      fake.queueEmbeddings(body(embedding));
      const { error } = await timed(embedder().embedDocuments(['x']));
      expect(error.code).toBe('PROVIDER_BAD_RESPONSE');
    });
  }

  it('an ingest whose embeddings come back with "NaN" in them writes no index at all', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crisisbot-deadline-'));
    try {
      fake.queueEmbeddings((request) => {
        const inputs = request.body.input as string[];
        const size = Number(request.body.dimensions ?? 24);
        const data = inputs.map((text, index) => ({ object: 'embedding', index, embedding: index === inputs.length - 1 ? [...fakeEmbedding(text, size - 1), 'NaN'] : fakeEmbedding(text, size) }));
        return { body: { object: 'list', data, model: 'fake-embed' } };
      });
      const config = loadConfig({ EMBEDDINGS: 'openai', EMBEDDING_MODEL: 'fake-embed', EMBEDDING_DIMENSIONS: '24', OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: TEST_API_KEY, OPENAI_MAX_RETRIES: '0', DATA_DIR: dataDir, CORPUS_DIR: 'seeds', LOG_LEVEL: 'silent' });
      const error = await ingestCorpus(config, await createEmbedder(config)).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(existsSync(join(dataDir, 'CURRENT'))).toBe(false);
      expect(readdirSync(dataDir).filter((name) => !name.startsWith('.'))).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
