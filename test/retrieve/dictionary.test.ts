/**
 * The English and French word lists: real words are found whole (folded, as questions are typed),
 * typos and parts of words are not, and a look-up is a hash probe once the table is built.
 */
import { describe, expect, it } from 'vitest';
import { isDictionaryWord, WordTable } from '../../src/retrieve/dictionary.ts';

describe('WordTable', () => {
  const table = new WordTable('["ab","abc","b","cafe","zz"]\n["abc","ete","x"]');

  it('finds every listed word, in either array, and a word listed twice', () => {
    for (const word of ['ab', 'abc', 'b', 'cafe', 'zz', 'ete', 'x']) expect(table.has(word)).toBe(true);
  });

  it('finds no part of a word, no run across two words and no empty word', () => {
    for (const word of ['a', 'bc', 'caf', 'afe', 'abcd', 'ab","abc', '', ',', '"ab"', 'zzz']) expect(table.has(word)).toBe(false);
  });

  it('refuses a list with escaped characters rather than misreading it', () => {
    expect(() => new WordTable('["a\\"b"]')).toThrow(/escaped/u);
  });
});

describe('isDictionaryWord', () => {
  it('knows English and French words, the French ones without accents', () => {
    for (const word of ['attended', 'sanctions', 'europeenne', 'deja', 'frontiere', 'harbour']) expect(isDictionaryWord(word)).toBe(true);
  });

  it('does not know typos or invented names', () => {
    for (const word of ['seperatist', 'brussles', 'harbuor', 'qwertyx', 'kelmar']) expect(isDictionaryWord(word)).toBe(false);
  });

  it('answers a thousand look-ups in well under a millisecond each once built', () => {
    isDictionaryWord('attended');
    const start = performance.now();
    for (let i = 0; i < 1000; i++) isDictionaryWord(i % 2 === 0 ? 'sanctions' : 'seperatist');
    expect((performance.now() - start) / 1000).toBeLessThan(0.1);
  });
});
