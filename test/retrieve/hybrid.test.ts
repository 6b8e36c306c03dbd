import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, type CrisisAssistant } from '../../src/app.ts';
import { LocalEmbedder } from '../../src/embed/local-embedder.ts';
import type { IndexSnapshot } from '../../src/ports.ts';
import { DEFAULT_RETRIEVAL_OPTIONS, HybridRetriever, nameCandidates } from '../../src/retrieve/hybrid.ts';
import type { Retrieval } from '../../src/types.ts';
import { copySeeds, cosine, removeDir, SEED_IDS, tempDir, testConfig, useSeedAssistant } from '../support/seed-index.ts';

const docsOf = (r: Retrieval): string[] => r.passages.map((p) => p.chunk.docId);

async function expectWellFormed(r: Retrieval, assistant: CrisisAssistant, k: number): Promise<void> {
  expect(r.passages.length).toBeGreaterThan(0);
  expect(r.passages.length).toBeLessThanOrEqual(k);
  r.passages.forEach((p, i) => {
    expect(p.rank).toBe(i + 1);
    expect(p.score).toBeGreaterThanOrEqual(0);
    expect(p.score).toBeLessThanOrEqual(1);
    if (i > 0) expect(r.passages[i - 1]!.score).toBeGreaterThanOrEqual(p.score);
  });
  for (const p of r.passages) expect(await assistant.chunk(p.chunk.id)).toEqual(p.chunk);
  expect(new Set(r.passages.map((p) => p.chunk.id)).size).toBe(r.passages.length);
}

describe('hybrid retrieval on the seeds', () => {
  const seeds = useSeedAssistant();

  // English questions about facts told only in a French article (and the reverse).
  const crossLanguage: Array<[string, string, RegExp]> = [
    ['What did Peskov say about sanctions against Putin?', SEED_IDS.writtenResponseFr, /Peskov|sanctions/u],
    ['Who took part in the Paris meeting with Kozak and Yermak?', SEED_IDS.writtenResponseFr, /Kozak|Jermak|Paris/u],
    ['Where would Europe get gas from if Russia cut supplies?', SEED_IDS.writtenResponseFr, /gaz/u],
    ['Which technologies would the US ban from export to Russia?', SEED_IDS.writtenResponseFr, /technologie/u],
    ['What did Kuleba say after meeting Stoltenberg and Blinken?', SEED_IDS.bidenCallFr, /Kouleba/u],
    ["Combien de soldats Biden va-t-il envoyer en Europe de l'Est ?", SEED_IDS.troopsEn, /soldiers|troops/u],
    ["Qu'a dit Boris Johnson sur la diplomatie ?", SEED_IDS.troopsEn, /Johnson/u],
  ];

  for (const [question, docId, evidence] of crossLanguage) {
    it(`cross-language: "${question}" finds ${docId.slice(0, 3)} in the top 3, with the evidence in the top 5`, async () => {
      const r = await seeds.assistant.search(question, 5);
      await expectWellFormed(r, seeds.assistant, 5);
      expect(docsOf(r).slice(0, 3), question).toContain(docId);
      expect(r.passages.some((p) => p.chunk.docId === docId && evidence.test(p.chunk.text))).toBe(true);
    });
  }

  it('detects the question language', async () => {
    expect((await seeds.assistant.search('Que propose Blinken à son homologue russe ?')).queryLang).toBe('fr');
    expect((await seeds.assistant.search('What did Blinken propose to his Russian counterpart?')).queryLang).toBe('en');
  });

  it('relevance is higher for on-topic questions than for off-topic ones', async () => {
    const onTopic = ['What did Peskov say about sanctions against Putin?', "Combien de soldats Biden va-t-il envoyer en Europe de l'Est ?", 'Which technologies would the US ban from export to Russia?'];
    const offTopic = ['Who won the 2018 football World Cup?', 'How do I bake a chocolate cake?', 'Quelle est la recette de la tarte tatin ?'];
    const on = await Promise.all(onTopic.map(async (q) => (await seeds.assistant.search(q)).relevance));
    const off = await Promise.all(offTopic.map(async (q) => (await seeds.assistant.search(q)).relevance));
    expect(Math.min(...on)).toBeGreaterThan(Math.max(...off));
  });

  it('flags names the corpus never mentions, but not transliterations of names it does', async () => {
    const orban = await seeds.assistant.search('What did Viktor Orbán say about sanctions?');
    expect(orban.unknownNames).toEqual(expect.arrayContaining(['Orbán']));
    const known = await seeds.assistant.search('What did Kuleba and Shoigu say?');
    expect(known.unknownNames).toEqual([]);
    expect(known.names).toBe(2);
  });

  it('nameCandidates: capitalised words after the first, not stopwords', () => {
    expect(nameCandidates('What did Viktor Orbán say to the EU?')).toEqual(['Viktor', 'Orbán']);
    expect(nameCandidates('Qu’a dit Kouleba à Paris ?')).toEqual(['Kouleba', 'Paris']);
  });

  it('honours k and keeps ranks 1..k with descending scores', async () => {
    for (const k of [1, 3, 10]) {
      const r = await seeds.assistant.search('sanctions against Russia', k);
      await expectWellFormed(r, seeds.assistant, k);
      expect(r.passages).toHaveLength(k);
    }
  });

  it('never returns two passages whose vectors are near-duplicates', async () => {
    for (const q of ['Moscow letter threatens to react militarily', 'Annalena Baerbock millimetric steps towards peace', 'Blinken worst-case scenario missiles bombs Kiev']) {
      const r = await seeds.assistant.search(q, 10);
      const vectors = await Promise.all(r.passages.map(async (p) => (await seeds.assistant.snapshot.vectors.vector(p.chunk.id)) ?? []));
      for (let i = 0; i < vectors.length; i++) {
        for (let j = i + 1; j < vectors.length; j++) expect(cosine(vectors[i]!, vectors[j]!)).toBeLessThan(DEFAULT_RETRIEVAL_OPTIONS.duplicateSimilarity);
      }
    }
  });

  it('is deterministic', async () => {
    const q = 'Que demande la Russie dans sa lettre ?';
    expect(await seeds.assistant.search(q, 8)).toEqual(await seeds.assistant.search(q, 8));
  });

  it('searches the vectors once when the expansion\'s vector is the question\'s own, and finds what searching twice finds', async () => {
    const snapshot = seeds.assistant.snapshot;
    const searched: Array<ArrayLike<number>> = [];
    const counting: IndexSnapshot = Object.create(snapshot) as IndexSnapshot;
    Object.defineProperty(counting, 'vectors', {
      value: { ...snapshot.vectors, search: (vector: ArrayLike<number>, k: number) => (searched.push(Array.from(vector)), snapshot.vectors.search(vector, k)), vector: (id: string) => snapshot.vectors.vector(id) },
    });
    const retriever = await HybridRetriever.open(counting, new LocalEmbedder(), seeds.assistant.lexicon);
    // Words the lexicon does not translate: the rendering keeps them as they are.
    const names = await retriever.retrieve('Jens Stoltenberg', 5, 'en');
    expect(searched).toHaveLength(1);
    expect(names).toEqual(await seeds.assistant.retriever.retrieve('Jens Stoltenberg', 5, 'en'));
    // Searching again with the same vector finds the same hits: nothing is lost by not doing it.
    expect(await snapshot.vectors.search(searched[0]!, 40)).toEqual(await snapshot.vectors.search(searched[0]!, 40));
    searched.length = 0;
    await retriever.retrieve('What did Peskov say about sanctions against Putin?', 5, 'en');
    expect(searched).toHaveLength(2);
  });
});

describe('near-duplicate guard on a corpus holding one article twice', () => {
  let root: string;
  let assistant: CrisisAssistant;

  beforeAll(async () => {
    root = tempDir('crisisbot-dup-');
    const corpus = copySeeds(root);
    copyFileSync(join(corpus, `${SEED_IDS.troopsEn}.txt`), join(corpus, 'copy_of_004.txt'));
    assistant = await createAssistant(testConfig(corpus, join(root, 'data')));
  });
  afterAll(() => removeDir(root));

  it('returns the fact once, not once per copy', async () => {
    const r = await assistant.search('Biden will send a limited number of soldiers to Eastern Europe, not many', 5);
    const texts = r.passages.map((p) => p.chunk.text);
    expect(new Set(texts).size).toBe(texts.length);
    const first = r.passages[0]!;
    expect([SEED_IDS.troopsEn, 'copy_of_004']).toContain(first.chunk.docId);
    expect(r.passages.filter((p) => p.chunk.text === first.chunk.text)).toHaveLength(1);
  });
});
