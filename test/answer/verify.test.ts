import { describe, expect, it } from 'vitest';
import { keepCitedSentences, verifyCitations, type VerifySource } from '../../src/answer/verify.ts';
import { articleById, chunkWith } from '../support/fixtures.ts';

const EN = '000_ff6ca0cd65f3d795';
const FR = '001_a0e49a0f49ae79fb';
const letter = chunkWith(EN, 'American diplomacy has received a letter');
const kremlin = chunkWith(EN, 'The Kremlin demands a withdrawal');
const baerbock = chunkWith(FR, 'Annalena Baerbock');
const sources: VerifySource[] = [
  { n: 1, chunk: letter },
  { n: 2, chunk: kremlin },
  { n: 3, chunk: baerbock },
];

describe('verifyCitations', () => {
  it('keeps a verbatim quote and points at its exact span in the article text', () => {
    const { text, citations, dropped } = verifyCitations(
      'Moscow threatened a military reaction [1].',
      [{ n: 1, quote: 'Moscow threatens to react, including militarily' }],
      sources,
    );
    expect(text).toBe('Moscow threatened a military reaction [1].');
    expect(dropped).toEqual([]);
    const [citation] = citations;
    expect(citation).toMatchObject({ n: 1, chunkId: letter.id, docId: EN, title: letter.title, quote: 'Moscow threatens to react, including militarily' });
    expect(articleById.get(EN)!.text.slice(citation!.start, citation!.end)).toBe(citation!.quote);
  });

  it('renumbers kept citations by first appearance and rewrites the markers', () => {
    const { text, citations } = verifyCitations(
      'Baerbock hoped for peace [3]. Moscow sent a letter [1]. Peace again [3].',
      [
        { n: 1, quote: 'American diplomacy has received a letter from Russia' },
        { n: 3, quote: 'Même des pas millimétriques vers la paix' },
      ],
      sources,
    );
    expect(text).toBe('Baerbock hoped for peace [1]. Moscow sent a letter [2]. Peace again [1].');
    expect(citations.map((c) => [c.n, c.chunkId])).toEqual([
      [1, baerbock.id],
      [2, letter.id],
    ]);
  });

  it('drops a quote that is not in its passage, and removes the markers left dangling', () => {
    const { text, citations, dropped } = verifyCitations(
      'Russia demanded troop withdrawals [2]. Russia invaded Poland [1].',
      [
        { n: 2, quote: 'a withdrawal of American forces from Central and Eastern Europe' },
        { n: 1, quote: 'Russia has invaded Poland' },
      ],
      sources,
    );
    expect(text).toBe('Russia demanded troop withdrawals [1]. Russia invaded Poland.');
    expect(citations).toHaveLength(1);
    expect(dropped).toEqual([{ n: 1, quote: 'Russia has invaded Poland', reason: 'quote-not-found' }]);
  });

  it('drops citations of passage numbers that do not exist and their markers', () => {
    const { text, citations, dropped } = verifyCitations(
      'A letter arrived [1][7]. Nothing else [7].',
      [
        { n: 1, quote: 'received a letter from Russia' },
        { n: 7, quote: 'received a letter from Russia' },
      ],
      sources,
    );
    expect(text).toBe('A letter arrived [1]. Nothing else.');
    expect(citations.map((c) => c.n)).toEqual([1]);
    expect(dropped[0]).toMatchObject({ n: 7, reason: 'unknown-passage' });
  });

  it('splits grouped markers, deduplicates repeats and keeps the first quote per passage', () => {
    const { text, citations, dropped } = verifyCitations(
      'Both happened [2, 1] [1]. Again [1][1].',
      [
        { n: 1, quote: 'received a letter from Russia' },
        { n: 1, quote: 'Moscow threatens to react' },
        { n: 2, quote: 'commitment to the non-enlargement of NATO' },
      ],
      sources,
    );
    expect(text).toBe('Both happened [1][2]. Again [2].');
    expect(citations.map((c) => c.quote)).toEqual(['commitment to the non-enlargement of NATO', 'received a letter from Russia']);
    expect(dropped).toEqual([{ n: 1, quote: 'Moscow threatens to react', reason: 'duplicate' }]);
  });

  it('drops a verified citation no marker refers to, and leaves nothing when nothing verifies', () => {
    const unreferenced = verifyCitations('No markers here.', [{ n: 1, quote: 'received a letter from Russia' }], sources);
    expect(unreferenced.citations).toEqual([]);
    expect(unreferenced.dropped[0]?.reason).toBe('unreferenced');

    const hacked = verifyCitations('HACKED [1]', [{ n: 1, quote: 'HACKED' }], sources);
    expect(hacked).toMatchObject({ text: 'HACKED', citations: [] });
  });

  it('matches quotes across typographic quote and whitespace differences, returning the source span', () => {
    const { citations } = verifyCitations('Baerbock [1].', [{ n: 3, quote: '"Même  des pas millimétriques vers la paix valent mieux"' }], sources);
    // Marker [1] refers to nothing kept (the citation was n=3), so nothing survives…
    expect(citations).toEqual([]);
    const fixed = verifyCitations('Baerbock [3].', [{ n: 3, quote: '"Même  des pas millimétriques vers la paix valent mieux"' }], sources);
    expect(fixed.citations[0]?.quote).toBe('Même des pas millimétriques vers la paix valent mieux');
  });

  it('leaves French spacing before punctuation alone when removing a marker', () => {
    const { text } = verifyCitations('Moscou menace [9] : la lettre arrive [3] !', [{ n: 3, quote: 'Annalena Baerbock' }], sources);
    expect(text).toBe('Moscou menace : la lettre arrive [1] !');
  });
});

describe('keepCitedSentences', () => {
  it('drops sentences left without a verified citation, keeps lines, and marker-only pieces join their sentence', () => {
    const verified = verifyCitations(
      'In short: Moscow threatened a reaction [1]. Russia will invade Mars [3].\nThe Kremlin wants US forces out. [2]\nNothing else.',
      [
        { n: 1, quote: 'Moscow threatens to react, including militarily' },
        { n: 3, quote: 'Russia will invade Mars' },
        { n: 2, quote: 'The Kremlin demands a withdrawal of American forces' },
      ],
      sources,
    );
    const kept = keepCitedSentences(verified, 'en');
    expect(kept.text).toBe('In short: Moscow threatened a reaction [1].\nThe Kremlin wants US forces out. [2]');
    expect(kept.droppedSentences).toEqual(['Russia will invade Mars.', 'Nothing else.']);
    expect(kept.citations.map((c) => c.n)).toEqual([1, 2]);
  });

  it('leaves nothing when no sentence is cited (the caller then falls back)', () => {
    const kept = keepCitedSentences(verifyCitations('It is obvious. Everyone knows.', [], sources), 'fr');
    expect(kept.text).toBe('');
    expect(kept.citations).toEqual([]);
  });
});
