import { describe, expect, it } from 'vitest';
import { locateQuote, normaliseForMatch } from '../../src/answer/citations.ts';
import type { Chunk } from '../../src/types.ts';

/** A chunk that sits at `start` in a longer article text. */
function chunkAt(article: string, start: number, end: number): Chunk {
  return { id: 'doc#3', docId: 'doc', index: 3, title: 'doc', lang: 'fr', start, end, text: article.slice(start, end) };
}

const ARTICLE =
  'Intro paragraph.\n\nLe porte-parole du Kremlin Dmitri Peskov a déclaré que les sanctions seraient « destructrices ».\n\n' +
  "Ce n'est pas politiquement douloureux, c'est destructeur, a-t-il ajouté. Talks in İstanbul resumed today.";
const START = ARTICLE.indexOf('Le porte-parole');
const CHUNK = chunkAt(ARTICLE, START, ARTICLE.length);

function expectVerbatim(found: ReturnType<typeof locateQuote>): void {
  expect(found).toBeDefined();
  expect(ARTICLE.slice(found!.start, found!.end)).toBe(found!.quote);
  expect(CHUNK.text).toContain(found!.quote);
}

describe('locateQuote', () => {
  it('finds an exact quote and gives offsets into the article text', () => {
    const found = locateQuote('Dmitri Peskov a déclaré', CHUNK);
    expect(found).toEqual({ quote: 'Dmitri Peskov a déclaré', start: ARTICLE.indexOf('Dmitri'), end: ARTICLE.indexOf('Dmitri') + 'Dmitri Peskov a déclaré'.length });
  });

  it('tolerates different whitespace and returns the text as the chunk has it', () => {
    const found = locateQuote('seraient « destructrices ».   Ce n\'est   pas', CHUNK);
    expectVerbatim(found);
    expect(found!.quote).toBe("seraient « destructrices ».\n\nCe n'est pas");
  });

  it('folds curly apostrophes and quotes, guillemets and dashes', () => {
    expectVerbatim(locateQuote('Ce n’est pas politiquement douloureux, c’est destructeur', CHUNK));
    expectVerbatim(locateQuote('sanctions seraient "destructrices"', CHUNK));
    expectVerbatim(locateQuote('Le porte–parole du Kremlin', CHUNK));
  });

  it('ignores case and surrounding quote marks or an ellipsis', () => {
    const found = locateQuote('“le porte-parole du kremlin…”', CHUNK);
    expectVerbatim(found);
    expect(found!.quote).toBe('Le porte-parole du Kremlin');
    expectVerbatim(locateQuote('« a-t-il ajouté... »', CHUNK));
  });

  it('keeps offsets right after a character that lengthens when lower-cased', () => {
    const found = locateQuote('resumed today', CHUNK);
    expectVerbatim(found);
    expect(found!.quote).toBe('resumed today');
  });

  it('returns undefined for a quote that is not in the chunk, or too short to mean anything', () => {
    expect(locateQuote('Peskov said sanctions would be destructive', CHUNK)).toBeUndefined();
    expect(locateQuote('Intro paragraph', CHUNK)).toBeUndefined(); // in the article, not in this chunk
    expect(locateQuote('  ', CHUNK)).toBeUndefined();
    expect(locateQuote('Le', CHUNK)).toBeUndefined();
  });

  it('normaliseForMatch folds the same way for comparisons', () => {
    expect(normaliseForMatch('  « Tout   est\npossible »  ')).toBe('"tout est possible"');
    expect(normaliseForMatch('C’est — fini')).toBe("c'est - fini");
  });
});
