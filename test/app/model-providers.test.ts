/**
 * The whole application on real models: EMBEDDINGS=openai and ANSWERS=llm through the real
 * openai client against the local fake OpenAI-compatible server — ingest, ask, summarise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, type CrisisAssistant } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { readIndex } from '../../src/store/local/generation-files.ts';
import { failures, startFakeOpenAI, TEST_API_KEY, type FakeOpenAI, type RecordedRequest } from '../support/fake-openai.ts';

/** A model that answers from passage 1, quoting its first sentence verbatim. */
function quoteFirstPassage(request: RecordedRequest): string {
  const messages = request.body.messages as Array<{ role: string; content: string }>;
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  const passage = /<passage n="1"[^>]*>\n([\s\S]*?)\n<\/passage>/u.exec(user)?.[1] ?? '';
  const sentence = (passage.split(/(?<=[.!?])\s/u)[0] ?? '').trim();
  const citations = [{ n: 1, quote: sentence }];
  return user.includes('"summary"')
    ? JSON.stringify({ summary: 'The first source sums it up [1].', citations })
    : JSON.stringify({ answerable: true, answer: 'The first source says so [1].', citations });
}

describe('EMBEDDINGS=openai and ANSWERS=llm against a fake OpenAI-compatible server', () => {
  let fake: FakeOpenAI;
  let dataDir: string;
  let assistant: CrisisAssistant;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    dataDir = mkdtempSync(join(tmpdir(), 'crisisbot-models-'));
    const config = loadConfig({
      DATA_DIR: dataDir,
      EMBEDDINGS: 'openai',
      ANSWERS: 'llm',
      OPENAI_API_KEY: TEST_API_KEY,
      OPENAI_BASE_URL: fake.baseURL,
      EMBEDDING_MODEL: 'text-embedding-3-small',
      EMBEDDING_DIMENSIONS: '64',
      OPENAI_MAX_RETRIES: '1',
      OPENAI_TIMEOUT_MS: '2000',
    });
    assistant = await createAssistant(config);
  });

  afterAll(async () => {
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('indexes the seeds with the model embeddings and records them in the manifest', async () => {
    const embeddingCalls = fake.requestsTo('embeddings');
    expect(embeddingCalls.length).toBeGreaterThan(0);
    expect(embeddingCalls.every((r) => r.body.model === 'text-embedding-3-small' && r.body.dimensions === 64)).toBe(true);
    const index = await readIndex(dataDir, { embedderId: assistant.embedder.id, dimensions: 64, chunking: assistant.snapshot.identity.chunking });
    expect(index.manifest.embedder).toEqual({ id: assistant.embedder.id, dimensions: 64 });
    expect(index.manifest.embedder.id).toMatch(/^openai:text-embedding-3-small/u);
    expect(index.chunks.size).toBeGreaterThan(10);
  });

  it('answers with the model, keeping only citations verified against their passage', async () => {
    fake.queueChat(quoteFirstPassage);
    const answer = await assistant.ask('What does Moscow threaten in its letter if its demands are not met?');
    expect(answer.method).toBe('llm');
    expect(answer.abstained).toBe(false);
    expect(answer.citations).toHaveLength(1);
    const citation = answer.citations[0]!;
    expect((await assistant.snapshot.article(citation.docId))?.text.slice(citation.start, citation.end)).toBe(citation.quote);
    expect(answer.answer).toContain('[1]');
  });

  it('abstains on an off-topic question with model embeddings too: sentence evidence is computed offline, no model asked', async () => {
    expect(assistant.embedder.relevance.minRelevance).toBe(0);
    const before = fake.requestsTo('chat').length;
    for (const question of ['How do I bake a chocolate cake?', 'Comment faire une tarte tatin ?']) {
      const answer = await assistant.ask(question);
      expect(answer.abstained).toBe(true);
      expect(answer.citations).toEqual([]);
    }
    expect(fake.requestsTo('chat')).toHaveLength(before);
  });

  it('falls back to an extractive answer with a notice when the provider keeps failing', async () => {
    fake.queueChat(failures.serverError(), failures.serverError(), failures.serverError());
    // (The fake's embeddings are hashes, not meanings: a question whose words the passages share passes the evidence bar.)
    const answer = await assistant.ask('What does Moscow threaten in its letter if its demands are not met?');
    expect(answer.method).toBe('extractive');
    expect(answer.notice).toMatch(/extractive/iu);
    expect(answer.notice).not.toContain(TEST_API_KEY);
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  it('summarises an article with the model, citations verified', async () => {
    fake.queueChat(quoteFirstPassage);
    const summary = await assistant.summarize({ article: '004_2aa510eb97d77a39' });
    expect(summary.citations.length).toBeGreaterThan(0);
    expect(summary.method).toBe('llm');
    expect(summary.citations.every((c) => c.docId === '004_2aa510eb97d77a39')).toBe(true);
  });
});
