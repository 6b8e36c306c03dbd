import { describe, expect, it } from 'vitest';
import { contentWords, fold, isStopword, stems, terms, words } from '../../src/corpus/text.ts';

describe('fold', () => {
  it('folds accents, ligatures, case and apostrophes', () => {
    expect(fold('Crimée')).toBe('crimee');
    expect(fold('Choïgou')).toBe('choigou');
    expect(fold('Élysée')).toBe('elysee');
    expect(fold('Œuvre cœur')).toBe('oeuvre coeur');
    expect(fold('L’Ukraine')).toBe("l'ukraine");
  });
});

describe('words and contentWords', () => {
  it('splits elided French articles off the word', () => {
    expect(words("l'Ukraine d'Europe qu'il")).toEqual(['l', 'ukraine', 'd', 'europe', 'qu', 'il']);
    expect(contentWords("l'Ukraine et d'Europe")).toEqual(['ukraine', 'europe']);
    expect(contentWords('jusqu’à l’OTAN')).toEqual(['otan']);
  });

  it('removes the stopwords of both languages, whatever the text language', () => {
    expect(contentWords('The sanctions of the United States and the European Union')).toEqual(['sanctions', 'united', 'states', 'european', 'union']);
    expect(contentWords('Les sanctions des États-Unis et de l\'Union européenne')).toEqual(['sanctions', 'etats', 'unis', 'union', 'europeenne']);
    // A mixed text: both lists apply.
    expect(contentWords('the troupes de la Russie and the army')).toEqual(['troupes', 'russie', 'army']);
  });

  it('isStopword expects folded words: accented stopwords match once folded', () => {
    expect(isStopword('the')).toBe(true);
    expect(isStopword('les')).toBe(true);
    expect(isStopword(fold('été'))).toBe(true);
    expect(isStopword('sanctions')).toBe(false);
    expect(isStopword('kremlin')).toBe(false);
  });

  it('keeps digits as tokens', () => {
    expect(contentWords('100 000 soldats en 2022')).toEqual(['100', '000', 'soldats', '2022']);
  });
});

describe('stems and terms', () => {
  it('applies both stemmers, so inflections of either language meet', () => {
    expect(stems('sanctions')).toEqual(['sanction']);
    // Two stemmers disagree: both stems are kept.
    expect(stems('diplomatique')).toEqual(['diplomatiqu', 'diplomat']);
    expect(stems('olympiques')).toContain('olymp');
    // The French stemmer strips the French plural/feminine, the English one the English plural.
    expect(terms('américaines')).toEqual(terms('americaine'));
    expect(terms('negotiations')).toContain(terms('negotiation')[0]);
    expect(new Set(terms('négociations'))).toEqual(new Set(terms('negociation')));
  });

  it('gives French and English forms of a cognate a shared term', () => {
    const shared = (a: string, b: string): boolean => terms(a).some((t) => terms(b).includes(t));
    expect(shared('sanctions', 'sanction')).toBe(true);
    expect(shared('diplomatique', 'diplomatic')).toBe(true);
    expect(shared('invasion', 'invasions')).toBe(true);
    expect(shared('chars', 'tanks')).toBe(false);
  });

  it('terms of a French sentence drop articles and keep folded stems', () => {
    const t = terms("L'Ukraine et d'Europe; les sanctions contre la Russie");
    expect(t).toContain('ukrain');
    expect(t).toContain('europ');
    expect(t).toContain('sanction');
    expect(t).not.toContain('l');
    expect(t).not.toContain('les');
    expect(t).not.toContain('la');
    expect(t.every((term) => term === fold(term))).toBe(true);
  });
});
