import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../../src/embed/local-embedder.ts';
import { cosine } from '../support/seed-index.ts';

const embedder = new LocalEmbedder();
const norm = (v: number[]): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const sim = async (a: string, b: string): Promise<number> => cosine(await embedder.embedQuery(a), await embedder.embedQuery(b));

describe('LocalEmbedder', () => {
  it('is a LangChain EmbeddingsInterface with a stable id and fixed dimensions', async () => {
    const langchain: EmbeddingsInterface = embedder;
    expect(await langchain.embedDocuments(['Kiev', 'Moscou'])).toHaveLength(2);
    expect(await langchain.embedQuery('Kiev')).toHaveLength(1024);
    expect(embedder.dimensions).toBe(1024);
    expect(new LocalEmbedder({ dimensions: 512 }).dimensions).toBe(512);
    expect(new LocalEmbedder().id).toBe(embedder.id);
    expect(new LocalEmbedder({ dimensions: 512 }).id).not.toBe(embedder.id);
    expect(new LocalEmbedder({ minGram: 2 }).id).not.toBe(embedder.id);
  });

  it('is deterministic, across instances too', async () => {
    const text = 'Le porte-parole du Kremlin, Dmitri Peskov, juge les sanctions « destructrices ».';
    const a = await embedder.embedQuery(text);
    expect(await embedder.embedQuery(text)).toEqual(a);
    expect(await new LocalEmbedder().embedQuery(text)).toEqual(a);
  });

  it('returns vectors of the configured length with L2 norm 1', async () => {
    const small = new LocalEmbedder({ dimensions: 256 });
    const texts = ['Russia', 'Washington and the European Union are working to supply additional volumes of natural gas.', 'Kiev et les séparatistes s\'accusent mutuellement.'];
    for (const v of await small.embedDocuments(texts)) {
      expect(v).toHaveLength(256);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    expect(await embedder.embedQuery(texts[1]!)).toHaveLength(1024);
  });

  it('gives a zero vector for text with no content words (nothing to match)', async () => {
    const v = await embedder.embedQuery('the of and la le de');
    expect(v).toHaveLength(1024);
    expect(v.every((x) => x === 0)).toBe(true);
  });

  it('embedDocuments and embedQuery agree, in batch order', async () => {
    const texts = ['Peskov on sanctions', 'Kozak et Jermak à Paris', 'gaz d\'Afrique du Nord'];
    const docs = await embedder.embedDocuments(texts);
    expect(docs).toHaveLength(3);
    for (const [i, text] of texts.entries()) expect(docs[i]).toEqual(await embedder.embedQuery(text));
    expect(await embedder.embedDocuments([])).toEqual([]);
  });

  it('puts cross-language spellings of names and cognates closer than unrelated words', async () => {
    const pairs: Array<[string, string, string]> = [
      ['Kouleba', 'Kuleba', 'Olympics'],
      ['Choïgou', 'Shoigu', 'pipeline'],
      ['olympiques', 'Olympics', 'tanks'],
      ['Jermak', 'Yermak', 'sanctions'],
      ['sanctions', 'sanctions', 'Kuleba'],
    ];
    for (const [fr, en, unrelated] of pairs) {
      const related = await sim(fr, en);
      const control = await sim(fr, unrelated);
      expect(related, `${fr}/${en} vs ${fr}/${unrelated}`).toBeGreaterThan(control + 0.1);
    }
  });

  it('ranks a French sentence about the same fact above an unrelated one for an English query', async () => {
    const query = 'Kuleba said Russia would not be able to surprise anyone';
    const same = 'Dmitro Kouleba a déclaré que la Russie ne pourra plus surprendre personne.';
    const other = 'Les cyberattaques fermeraient les principales institutions bancaires.';
    expect(await sim(query, same)).toBeGreaterThan(await sim(query, other));
  });

  it('folds accents and case: the same word written differently embeds the same', async () => {
    expect(await sim('CRIMÉE', 'crimee')).toBeCloseTo(1, 6);
    expect(await sim('Élysée', 'elysee')).toBeCloseTo(1, 6);
  });
});
