import { describe, expect, it } from 'vitest';
import { aliases } from '../../src/retrieve/aliases.ts';
import { Lexicon } from '../../src/retrieve/lexicon.ts';
import { editDistance, TermMatcher, textWords } from '../../src/retrieve/term-matcher.ts';

describe('aliases of institutions, places and people', () => {
  it('knows institutional metonyms across languages', () => {
    expect(aliases().variants('Pentagon')).toEqual(expect.arrayContaining(['us defense department', 'departement de la defense']));
    expect(aliases().variants('Maison-Blanche')).toContain('white house');
    expect(aliases().variants('Élysée')).toContain('french presidency');
    expect(aliases().variants("Quai d'Orsay")).toContain("ministere francais des affaires etrangeres");
    expect(aliases().variants('Kremlin')).toContain('russian presidency');
  });

  it('knows transliterations', () => {
    expect(aliases().variants('Kyiv')).toContain('kiev');
    expect(aliases().variants('Kuleba')).toContain('kouleba');
    expect(aliases().variants('Dmytro')).toContain('dmitro');
  });

  it('finds mentions, longest first; short acronyms only in capitals', () => {
    expect(aliases().mentions('The UN Security Council met in Kiev.').map((m) => m.text)).toEqual(['UN Security Council', 'Kiev']);
    expect(aliases().mentions('tell us about un plan').map((m) => m.text)).toEqual([]);
    expect(aliases().mentions('what did the US say').map((m) => m.text)).toEqual(['US']);
  });

  it('the FR↔EN lexicon bridges aliases, so a question about the Pentagon reaches "département de la Défense"', () => {
    const lexicon = Lexicon.load();
    expect(lexicon.translate('Pentagon', 'en', false)).toMatch(/département (?:américain )?de la Défense/iu);
  });
});

describe('term matching', () => {
  const matcher = new TermMatcher(Lexicon.load(), 'en');

  it('matches through stems, translations, aliases, prefixes and one typo', () => {
    const text = textWords("Le département américain de la Défense annonce des retraits de troupes, selon Dmitro Kouleba à Kiev.");
    expect(matcher.matches('pentagon', text)).toBe(true);
    expect(matcher.mentions('Dmytro Kuleba', text)).toBe(true);
    expect(matcher.matches('kyiv', text)).toBe(true);
    expect(matcher.matches('withdrawals', textWords('Russia announced new withdrawn units.'))).toBe(true);
    expect(matcher.matches('zelenksy', textWords('Volodymyr Zelensky spoke.'))).toBe(true);
    expect(matcher.matches('qatar', text)).toBe(false);
  });

  it('editDistance counts a transposition as one edit and stops early', () => {
    expect(editDistance('zelenksy', 'zelensky')).toBe(1);
    expect(editDistance('sherman', 'shermann')).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});

describe('names matched through aliases only', () => {
  it('"Biden" is not met by any president ("président russe" is not "président américain")', () => {
    const matcher = new TermMatcher(Lexicon.load(), 'en');
    expect(matcher.matches('biden', textWords('Le président russe a déclaré que la Russie ne céderait pas.'))).toBe(false);
    expect(matcher.matches('biden', textWords('Le président américain a répondu mardi.'))).toBe(true);
  });
});
