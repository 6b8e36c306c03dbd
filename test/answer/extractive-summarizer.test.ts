import { describe, expect, it } from 'vitest';
import type { CrisisAssistant } from '../../src/app.ts';
import { CrisisbotError } from '../../src/errors.ts';
import type { Summary } from '../../src/types.ts';
import { articleOf, chunkOf, SEED_IDS, useSeedAssistant } from '../support/seed-index.ts';

function expectValidCitations(summary: Summary, assistant: CrisisAssistant): void {
  expect(summary.method).toBe('extractive');
  summary.citations.forEach((c, i) => {
    expect(c.n).toBe(i + 1);
    expect(articleOf(assistant, c.docId).text.slice(c.start, c.end)).toBe(c.quote);
    const chunk = chunkOf(assistant, c.chunkId);
    expect(chunk.docId).toBe(c.docId);
    expect(chunk.text).toContain(c.quote);
    expect(summary.summary).toContain(`“${c.quote}” [${c.n}]`);
  });
  const markers = [...summary.summary.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1]));
  expect(markers).toEqual(summary.citations.map((c) => c.n));
}

describe('extractive summaries on the seeds', () => {
  const seeds = useSeedAssistant();

  it('summarises one article by id: only that article, valid quotes, in reading order', async () => {
    for (const docId of Object.values(SEED_IDS)) {
      const summary = await seeds.assistant.summarize({ article: docId });
      expect(summary.scope).toBe('article');
      expect(summary.target).toBe(docId);
      expect(summary.language).toBe(articleOf(seeds.assistant, docId).lang);
      expect(summary.citations.length).toBeGreaterThanOrEqual(2);
      expect(summary.citations.every((c) => c.docId === docId)).toBe(true);
      expectValidCitations(summary, seeds.assistant);
      const starts = summary.citations.map((c) => c.start);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(summary.title).toContain(articleOf(seeds.assistant, docId).title);
    }
  });

  it('finds the article by part of its title, ignoring case and accents', async () => {
    const byTitle = await seeds.assistant.summarize({ article: 'pays tiers' });
    expect(byTitle.target).toBe(SEED_IDS.bidenCallFr);
    const folded = await seeds.assistant.summarize({ article: "ETATS-UNIS ET L'OTAN ont soumis" });
    expect(folded.target).toBe(SEED_IDS.writtenResponseFr);
    const english = await seeds.assistant.summarize({ article: 'new pressure tool' });
    expect(english.target).toBe(SEED_IDS.troopsEn);
    expect(english.citations.every((c) => c.docId === SEED_IDS.troopsEn)).toBe(true);
  });

  it('summarises an English article for a French reader with the French source note', async () => {
    const summary = await seeds.assistant.summarize({ article: SEED_IDS.troopsEn, language: 'fr' });
    expect(summary.language).toBe('fr');
    expect(summary.title.startsWith('Résumé de')).toBe(true);
    expect(summary.summary.split('\n')[0]).toMatch(/^D'après (une source|des sources) en anglais :$/u);
    expectValidCitations(summary, seeds.assistant);
  });

  it('an unknown article is NOT_FOUND', async () => {
    await expect(seeds.assistant.summarize({ article: 'no-such-article-xyz' })).rejects.toSatisfy((e: unknown) => e instanceof CrisisbotError && e.code === 'NOT_FOUND');
  });

  it('summarises a topic from the relevant passages', async () => {
    const summary = await seeds.assistant.summarize({ topic: 'Western sanctions against Russia' });
    expect(summary.scope).toBe('topic');
    expect(summary.target).toBe('Western sanctions against Russia');
    expect(summary.language).toBe('en');
    expect(summary.citations.length).toBeGreaterThan(0);
    expectValidCitations(summary, seeds.assistant);
    // At least one quote is about sanctions; every cited passage is one the topic retrieves.
    expect(summary.citations.some((c) => /sanction/iu.test(c.quote))).toBe(true);
    const retrieved = new Set((await seeds.assistant.search('Western sanctions against Russia', 6)).passages.map((p) => p.chunk.id));
    for (const c of summary.citations) {
      const chunk = chunkOf(seeds.assistant, c.chunkId);
      const fromRetrieved = [...retrieved].some((id) => {
        const passage = chunkOf(seeds.assistant, id);
        return passage.docId === c.docId && passage.start <= c.start && passage.end >= c.end;
      });
      expect(fromRetrieved, `${chunk.id} was not retrieved for the topic`).toBe(true);
    }
  });

  it('a topic the sources do not cover gets the "nothing on this topic" line and no citations', async () => {
    const summary = await seeds.assistant.summarize({ topic: 'chocolate cake recipes' });
    expect(summary.citations).toEqual([]);
    expect(summary.summary).toBe('The sources have nothing on this topic.');
  });

  it('summarises the whole corpus citing every article', async () => {
    const summary = await seeds.assistant.summarize({});
    expect(summary.scope).toBe('corpus');
    expect(summary.title).toBe('Overview of the 5 articles');
    expect(new Set(summary.citations.map((c) => c.docId))).toEqual(new Set(Object.values(SEED_IDS)));
    expectValidCitations(summary, seeds.assistant);
    const fr = await seeds.assistant.summarize({ language: 'fr' });
    expect(fr.title).toBe("Vue d'ensemble des 5 articles");
    expect(fr.summary.split('\n')[0]).toBe("D'après des sources en français et en anglais :");
  });

  it('is deterministic', async () => {
    expect(await seeds.assistant.summarize({ article: SEED_IDS.writtenResponseFr })).toEqual(await seeds.assistant.summarize({ article: SEED_IDS.writtenResponseFr }));
  });
});
