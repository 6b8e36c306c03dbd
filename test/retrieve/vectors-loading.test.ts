/**
 * Questions asked while the index's vectors are still loading (a large local index serves seconds
 * before hnswlib has read them). The bot (`whileVectorsLoad: 'lexical'`) answers at once, with
 * citations, from the lexical candidates (their vectors embedded from their texts); once the vectors
 * are in, it uses them and retrieves exactly what an assistant that waited retrieves. One-shot
 * commands (`wait`, the default) wait for the vectors.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAssistant, type CrisisAssistant } from '../../src/app.ts';
import type { Backend } from '../../src/ports.ts';
import { createLocalBackend } from '../../src/store/local/backend.ts';
import type { HnswVectorStore } from '../../src/store/local/hnsw-vector-store.ts';
import type { Retrieval } from '../../src/types.ts';
import { seedAssistant, type SeedAssistant } from '../support/seed-index.ts';

let seeds: SeedAssistant;
beforeAll(async () => {
  seeds = await seedAssistant();
});
afterAll(() => seeds.cleanup());

/** A backend over the seeds index whose vectors are held back until `release()` (then fail to load, with `fail`). */
function heldBackend(fail = false): { backend: Backend; release: () => void } {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const vectorsRead = async (reading: Promise<HnswVectorStore>): Promise<HnswVectorStore> => {
    const store = await reading;
    await held;
    if (fail) throw new Error('the vectors file does not read');
    return store;
  };
  return { backend: createLocalBackend(seeds.dataDir, undefined, { serve: { vectorsRead } }), release };
}

const ids = (r: Retrieval): string[] => r.passages.map((p) => p.chunk.id);
const QUESTIONS = ['How many US troops will be sent to Eastern Europe?', "Combien de soldats Biden va-t-il envoyer en Europe de l'Est ?", 'What did Peskov say about sanctions against Putin?'];

async function expectCitedAnswer(assistant: CrisisAssistant, question: string): Promise<void> {
  const answer = await assistant.ask(question);
  expect(answer.abstained, question).toBe(false);
  expect(answer.citations.length, question).toBeGreaterThan(0);
  for (const citation of answer.citations) {
    const chunk = await assistant.chunk(citation.chunkId);
    expect(chunk?.text.replace(/\s+/gu, ' ')).toContain(citation.quote.replace(/\s+/gu, ' ').replace(/^…|…$/gu, '').trim().slice(0, 40));
  }
}

it('answers with citations while the vectors load (lexical candidates), then uses the vectors: same retrieval as an assistant that waited', async () => {
  const { backend, release } = heldBackend();
  const assistant = await createAssistant(seeds.config, { backend, refresh: false, whileVectorsLoad: 'lexical' });
  for (const question of QUESTIONS) {
    const during = await assistant.search(question, 5);
    expect(during.vectorsLoading, question).toBe(true);
    expect(during.passages.length).toBe(5);
    expect(during.relevance).toBeGreaterThan(0);
    await expectCitedAnswer(assistant, question);
  }
  release();
  await assistant.snapshot.vectors.loading?.();
  for (const question of QUESTIONS) {
    const after = await assistant.search(question, 5);
    expect(after).not.toHaveProperty('vectorsLoading');
    const waited = await seeds.assistant.search(question, 5);
    expect(ids(after)).toEqual(ids(waited));
    expect(after.relevance).toBe(waited.relevance);
  }
});

it('by default a question waits for the vectors, and retrieves exactly what it would have with them', async () => {
  const { backend, release } = heldBackend();
  const assistant = await createAssistant(seeds.config, { backend, refresh: false });
  let done = false;
  const pending = assistant.search(QUESTIONS[0]!, 5).then((r) => ((done = true), r));
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(done).toBe(false);
  release();
  const result = await pending;
  expect(result).not.toHaveProperty('vectorsLoading');
  expect(ids(result)).toEqual(ids(await seeds.assistant.search(QUESTIONS[0]!, 5)));
});

it('vectors that fail to load after questions were answered without them: no unhandled rejection, later searches say why', async () => {
  const { backend, release } = heldBackend(true);
  const assistant = await createAssistant(seeds.config, { backend, refresh: false, whileVectorsLoad: 'lexical' });
  expect((await assistant.search(QUESTIONS[0]!, 5)).vectorsLoading).toBe(true);
  release();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await expect(assistant.search(QUESTIONS[0]!, 5)).rejects.toThrow(/does not read/u);
});
