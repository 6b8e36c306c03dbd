import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { stemmerOf } from '../../src/corpus/text.ts';
import { Lexicon, writeStemKeys, type StemKeys } from '../../src/retrieve/lexicon.ts';
import { removeDir, tempDir } from '../support/seed-index.ts';

const small = new Lexicon([
  ['frontière', 'border'],
  ['troupes', 'troops'],
  ['gaz', 'gas'],
  ['gaz naturel', 'natural gas'],
  ['porte-parole', 'spokesman'],
]);

describe('Lexicon', () => {
  it('translates known words both ways and keeps unknown words (names) as they are', () => {
    expect(small.translate('Kuleba troops border', 'en')).toBe('kuleba troupes frontière');
    expect(small.translate('les troupes à la frontière', 'fr')).toBe('troops border');
  });

  it('matches inflected forms through stems', () => {
    expect(small.translate('borders', 'en')).toBe('frontière');
    expect(small.translate('frontières', 'fr')).toBe('border');
  });

  it('prefers the longest phrase', () => {
    expect(small.translate('natural gas', 'en')).toBe('gaz naturel');
    expect(small.translate('le gaz naturel', 'fr')).toBe('natural gas');
    expect(small.translate('du gaz', 'fr')).toBe('gas');
  });

  it('a word it does not know that is one edit from one single-word entry is read as that entry (a typo); short words and ties are not', () => {
    const typos = new Lexicon([
      ['ministre', 'minister'],
      ['inflation', 'inflation'],
      ['frontière', 'border'],
      ['sanction', 'sanction'],
      ['station', 'station'],
    ]);
    expect(typos.translate('minster', 'en', false)).toBe('ministre');
    expect(typos.translate('minsiter', 'en', false)).toBe('ministre');
    expect(typos.translate('l\'inflaton', 'fr', false)).toBe('inflation');
    expect(typos.translate('frontiere', 'fr', false)).toBe('border');
    // Under six letters, one edit reaches too many words: "bordr" stays unknown.
    expect(typos.translate('bordr', 'en', false)).toBe('');
    // One edit from one entry only ("battle", not "bottle"), and the same first letter.
    expect(new Lexicon([['bataille', 'battle'], ['bouteille', 'bottle']]).translate('battlle', 'en', false)).toBe('bataille');
    expect(new Lexicon([['rive', 'banks'], ['chars', 'tanks'], ['vagues', 'waves']]).translate('wanks', 'en', false)).toBe('');
    // One edit from two different entries: no guess.
    expect(new Lexicon([['couteaux', 'knifes'], ['coursiers', 'kniles']]).translate('knives', 'en', false)).toBe('');
  });

  it('expand() returns only the translations, empty when nothing is known', () => {
    expect(small.expand('Kuleba troops', 'en')).toBe('troupes');
    expect(small.expand('Peskov Kremlin', 'en')).toBe('');
  });

  it('the shipped lexicon bridges everyday news vocabulary', () => {
    const lexicon = Lexicon.load();
    expect(lexicon.size.en).toBeGreaterThan(300);
    expect(lexicon.size.fr).toBeGreaterThan(300);
    expect(lexicon.translate('natural gas supply', 'en')).toMatch(/gaz/u);
    expect(lexicon.translate('approvisionnement en gaz', 'fr')).toMatch(/gas/u);
    expect(lexicon.translate('les soldats à la frontière', 'fr')).toMatch(/soldier/u);
    expect(lexicon.translate('les soldats à la frontière', 'fr')).toMatch(/border/u);
    expect(lexicon.translate('trois divisions de troupes aéroportées', 'fr')).toMatch(/airborne/u);
  });

  it('stems the entries of one side only when a query in that language first needs it', () => {
    const french = vi.spyOn(stemmerOf('fr'), 'stem');
    const english = vi.spyOn(stemmerOf('en'), 'stem');
    try {
      const lexicon = Lexicon.load();
      expect(english).not.toHaveBeenCalled();
      expect(lexicon.translate('natural gas supply', 'en')).toMatch(/gaz/u);
      expect(english.mock.calls.length).toBeGreaterThan(300);
      expect(french).not.toHaveBeenCalled();
      const stemmed = english.mock.calls.length;
      expect(lexicon.translate('approvisionnement en gaz', 'fr')).toMatch(/gas/u);
      expect(french.mock.calls.length).toBeGreaterThan(300);
      expect(lexicon.translate('natural gas', 'en')).toMatch(/gaz/u);
      expect(english.mock.calls.length - stemmed).toBe(2);
    } finally {
      french.mockRestore();
      english.mockRestore();
    }
  });

  it('takes the stem keys the build stores for exactly its entries instead of stemming them, and ignores any others', () => {
    const dir = tempDir('crisisbot-stem-keys-');
    const french = vi.spyOn(stemmerOf('fr'), 'stem');
    const english = vi.spyOn(stemmerOf('en'), 'stem');
    try {
      const file = pathToFileURL(join(dir, 'stem-keys.json'));
      writeStemKeys(file);
      const computed = Lexicon.load(undefined, { stemKeys: false });
      const queries: Array<[string, 'en' | 'fr']> = [['natural gas supply', 'en'], ['les soldats à la frontière', 'fr'], ['Kuleba troops border talks', 'en'], ['sanctions économiques', 'fr']];
      const expected = queries.map(([query, lang]) => computed.translate(query, lang));
      english.mockClear();
      french.mockClear();

      const stored = Lexicon.load(undefined, { stemKeys: file });
      expect(queries.map(([query, lang]) => stored.translate(query, lang))).toEqual(expected);
      // Only the queries' own words were stemmed.
      expect(english.mock.calls.length + french.mock.calls.length).toBeLessThan(20);
      expect(stored.stemKeys()).toEqual(computed.stemKeys());

      // Keys of other entries (or other package versions) are not used.
      const keys = JSON.parse(readFileSync(file, 'utf8')) as StemKeys;
      expect(new Lexicon([['frontière', 'border']]).useStemKeys(keys)).toBe(false);
      writeFileSync(file, JSON.stringify({ ...keys, fingerprint: 'other' }));
      english.mockClear();
      expect(Lexicon.load(undefined, { stemKeys: file }).translate('natural gas supply', 'en')).toBe(expected[0]);
      expect(english.mock.calls.length).toBeGreaterThan(300);
      // A damaged file is ignored too.
      writeFileSync(file, '{"fingerprint":');
      expect(Lexicon.load(undefined, { stemKeys: file }).translate('natural gas supply', 'en')).toBe(expected[0]);
    } finally {
      french.mockRestore();
      english.mockRestore();
      removeDir(dir);
    }
  });
});
