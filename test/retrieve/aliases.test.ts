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

  it('a person listed by first name and surname is known by the surname alone too, as the asker writes it ("johnson" is the British PM)', async () => {
    const { readFileSync } = await import('node:fs');
    const groups = JSON.parse(readFileSync(new URL('../../src/retrieve/aliases.json', import.meta.url), 'utf8')) as Array<{ en: string[]; fr: string[] }>;
    // A person entry: one with a role variant ("president", "prime minister", "chancellor") beside a "First Last" name.
    const people = groups.filter((g) => [...g.en, ...g.fr].some((v) => /president|président|prime minister|premier ministre|chancellor|chancelier/iu.test(v)));
    for (const group of people) {
      for (const full of group.en.filter((v) => /^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u.test(v))) {
        const surname = full.split(' ')[1] ?? '';
        expect(group.en, `${full} → ${surname}`).toContain(surname);
      }
    }
    const matcher = new TermMatcher(Lexicon.load(), 'fr');
    expect(matcher.mentions('johnson', textWords('The British Prime Minister must meet the Norwegian minister in Oslo.'))).toBe(true);
    expect(matcher.mentions('johnson', textWords('The Norwegian minister must meet the Swedish minister in Oslo.'))).toBe(false);
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
