import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/sentences.ts';

const texts = (text: string, lang: 'en' | 'fr'): string[] => splitSentences(text, lang).map((s) => s.text);

describe('splitSentences', () => {
  it('reports exact offsets, also with an offset base', () => {
    const text = '  Moscow denies any plan to invade.  Kiev is not convinced.\n\nTalks go on.';
    for (const s of splitSentences(text, 'en')) expect(text.slice(s.start, s.end)).toBe(s.text);
    for (const s of splitSentences(text, 'en', 100)) expect(text.slice(s.start - 100, s.end - 100)).toBe(s.text);
    expect(texts(text, 'en')).toEqual(['Moscow denies any plan to invade.', 'Kiev is not convinced.', 'Talks go on.']);
  });

  it('ends a sentence at a line break even without punctuation', () => {
    expect(texts('Attempt to de-escalate\nThe talks resumed on Monday.', 'en')).toEqual(['Attempt to de-escalate', 'The talks resumed on Monday.']);
  });

  it('does not split English sentences at titles, initials or acronyms', () => {
    const text = 'Mr. Biden met Dr. Smith in Washington D.C. on Friday. The U.S. and the E.U. agreed. Gen. Mark A. Milley said so.';
    expect(texts(text, 'en')).toEqual(['Mr. Biden met Dr. Smith in Washington D.C. on Friday.', 'The U.S. and the E.U. agreed.', 'Gen. Mark A. Milley said so.']);
  });

  it('does not split French sentences at M., Mme or Dr', () => {
    const text = "M. Macron a rencontré M. Poutine à Moscou. Mme Dupont et le Dr. Martin, de l'O.N.U., étaient présents. Il est parti vers 15 h.";
    expect(texts(text, 'fr')).toEqual(['M. Macron a rencontré M. Poutine à Moscou.', "Mme Dupont et le Dr. Martin, de l'O.N.U., étaient présents.", 'Il est parti vers 15 h.']);
  });

  it('keeps a closing French guillemet with the sentence it closes', () => {
    const text = '« Nous ne céderons pas. » Le ministre est parti. « Tout est possible », a-t-il dit.';
    expect(texts(text, 'fr')).toEqual(['« Nous ne céderons pas. »', 'Le ministre est parti.', '« Tout est possible », a-t-il dit.']);
  });

  it('still splits at a sentence that ends with a lower-case word before a capital', () => {
    expect(texts('Russia denies it. Ukraine disagrees. Moscou dément. Kiev conteste.', 'en')).toEqual(['Russia denies it.', 'Ukraine disagrees.', 'Moscou dément.', 'Kiev conteste.']);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences('   \n\n  ', 'fr')).toEqual([]);
  });
});
