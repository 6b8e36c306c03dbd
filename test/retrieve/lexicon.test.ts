import { describe, expect, it, vi } from 'vitest';
import { stemmerOf } from '../../src/corpus/text.ts';
import { Lexicon } from '../../src/retrieve/lexicon.ts';

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
});
