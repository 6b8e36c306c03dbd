import { describe, expect, it } from 'vitest';
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
});
