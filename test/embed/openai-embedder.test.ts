import { Embeddings } from '@langchain/core/embeddings';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIEmbedder, normalise, OpenAIEmbedder, planBatches } from '../../src/embed/openai-embedder.ts';
import { ProviderError } from '../../src/errors.ts';
import { createOpenAIClient } from '../../src/providers/openai-client.ts';
import { failures, fakeClientConfig, fakeEmbedding, startFakeOpenAI, TEST_API_KEY, type FakeOpenAI } from '../support/fake-openai.ts';
import { chunksOf } from '../support/fixtures.ts';

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

const texts = chunksOf('000_ff6ca0cd65f3d795').map((chunk) => chunk.text);
const norm = (v: number[]): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const client = (overrides: Parameters<typeof fakeClientConfig>[1] = {}) => createOpenAIClient(fakeClientConfig(fake, overrides));

async function caught(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('OpenAIEmbedder', () => {
  it('is a LangChain Embeddings with a stable id and the known dimensions, without a probe', async () => {
    const embedder = await OpenAIEmbedder.create({ client: client(), model: 'text-embedding-3-small' });
    expect(embedder).toBeInstanceOf(Embeddings);
    expect(embedder.id).toBe('openai:text-embedding-3-small');
    expect(embedder.dimensions).toBe(1536);
    expect(fake.requests).toHaveLength(0);
    const query = await embedder.embedQuery('Russia letter');
    expect(query).toHaveLength(1536);
    const docs = await embedder.embedDocuments(['Russia letter']);
    expect(docs[0]).toEqual(query);
  });

  it('batches a large input, keeps the order, sends and honours dimensions, normalises vectors', async () => {
    expect(texts.length).toBeGreaterThan(9);
    const embedder = await OpenAIEmbedder.create({ client: client(), model: 'text-embedding-3-small', requestedDimensions: 8, maxBatchSize: 4 });
    expect(embedder.id).toBe('openai:text-embedding-3-small:8');
    expect(embedder.dimensions).toBe(8);
    const vectors = await embedder.embedDocuments(texts);

    const calls = fake.requestsTo('embeddings');
    expect(calls.map((r) => (r.body.input as string[]).length)).toEqual(planBatches(texts, 4, Infinity).map((b) => b.length));
    expect(calls.flatMap((r) => r.body.input as string[])).toEqual(texts);
    for (const call of calls) expect(call.body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 8, encoding_format: 'float' });
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);

    // The fake returns items in reverse; the embedder must restore input order by `index`.
    expect(vectors).toEqual(texts.map((text) => normalise(fakeEmbedding(text, 8))));
    for (const vector of vectors) expect(norm(vector)).toBeCloseTo(1, 10);
    expect(norm(fakeEmbedding(texts[0]!, 8))).toBeGreaterThan(1.5); // so normalising did something
  });

  it('also splits batches on the character budget, a long text alone', () => {
    expect(planBatches(['aaaa', 'bb', 'cccccccc', 'd'], 10, 6)).toEqual([['aaaa', 'bb'], ['cccccccc'], ['d']]);
    expect(planBatches([], 10, 6)).toEqual([]);
  });

  it('does not send dimensions unless configured', async () => {
    const embedder = await OpenAIEmbedder.create({ client: client(), model: 'text-embedding-3-large' });
    await embedder.embedQuery('x');
    expect(fake.requestsTo('embeddings')[0]?.body).not.toHaveProperty('dimensions');
    expect(embedder.dimensions).toBe(3072);
  });

  it('probes an unknown model once for its dimensions', async () => {
    const embedder = await OpenAIEmbedder.create({ client: client(), model: 'nomic-embed-text' });
    expect(embedder.dimensions).toBe(24);
    expect(embedder.id).toBe('openai:nomic-embed-text');
    expect(fake.requestsTo('embeddings')).toHaveLength(1);
    expect(await embedder.embedDocuments(['a', ''])).toHaveLength(2); // the empty text is sent as a space
    expect(fake.requestsTo('embeddings')[1]?.body.input).toEqual(['a', ' ']);
  });

  it('rejects vectors of the wrong length with a message naming EMBEDDING_DIMENSIONS', async () => {
    const embedder = new OpenAIEmbedder({ client: client(), model: 'nomic-embed-text', dimensions: 10 });
    const error = await caught(embedder.embedQuery('x'));
    expect(error.code).toBe('PROVIDER_BAD_RESPONSE');
    expect(error.message).toMatch(/24 dimensions, expected 10 \(EMBEDDING_DIMENSIONS\)/);
  });

  it('succeeds after a 429 through the SDK retry', async () => {
    fake.queueEmbeddings(failures.rateLimited());
    const embedder = await OpenAIEmbedder.create({ client: client(), model: 'text-embedding-3-small', requestedDimensions: 4 });
    expect(await embedder.embedDocuments(['a', 'b'])).toEqual([normalise(fakeEmbedding('a', 4)), normalise(fakeEmbedding('b', 4))]);
    expect(fake.requestsTo('embeddings')).toHaveLength(2);
  });

  it('a persistent 500 becomes one clear PROVIDER_UNAVAILABLE line after the retries', async () => {
    fake.queueEmbeddings(failures.serverError(), failures.serverError(), failures.serverError());
    const embedder = await OpenAIEmbedder.create({ client: client({ OPENAI_MAX_RETRIES: 2 }), model: 'text-embedding-3-small' });
    const error = await caught(embedder.embedDocuments(['a']));
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toBe('The model provider is unavailable (HTTP 500).');
    expect(fake.requestsTo('embeddings')).toHaveLength(3);
  });

  it('a 401 becomes PROVIDER_AUTH without the key, even when the server echoes it', async () => {
    fake.queueEmbeddings(failures.unauthorized(TEST_API_KEY));
    const embedder = await OpenAIEmbedder.create({ client: client(), model: 'text-embedding-3-small' });
    const error = await caught(embedder.embedQuery('a'));
    expect(error.code).toBe('PROVIDER_AUTH');
    expect(error.message).toBe('The model provider rejected the API key (OPENAI_API_KEY).');
    expect(error.message).not.toContain(TEST_API_KEY);
    expect(String(error)).not.toContain(TEST_API_KEY);
  });

  it('is built from config by createOpenAIEmbedder', async () => {
    const embedder = await createOpenAIEmbedder({ ...fakeClientConfig(fake), EMBEDDING_MODEL: 'text-embedding-3-small', EMBEDDING_DIMENSIONS: 16 });
    expect(embedder.id).toBe('openai:text-embedding-3-small:16');
    expect(await embedder.embedQuery('x')).toHaveLength(16);
  });
});
