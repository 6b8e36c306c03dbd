import { describe, expect, it } from 'vitest';
import { analyseQuestion } from '../../src/retrieve/question.ts';
import { questionParts } from '../../src/retrieve/question-parts.ts';

const parts = (text: string, lang: 'en' | 'fr'): string[] => questionParts(text, analyseQuestion(text, lang).constraints.names);

describe('a question that asks two things', () => {
  it('two clauses: a second question after "and" / "et" (question word or inversion)', () => {
    expect(parts('how many trawlers are registered and why did the crews block the harbour?', 'en')).toEqual(['how many trawlers are registered', 'why did the crews block the harbour?']);
    expect(parts("combien de soldats sont en alerte et biden en enverra-t-il beaucoup ?", 'fr')).toEqual(['combien de soldats sont en alerte', 'biden en enverra-t-il beaucoup ?']);
    expect(parts('combien de soldats sont en alerte et biden va t il en envoyer', 'fr')).toHaveLength(2);
  });

  it('the same asked of two people', () => {
    expect(parts('What words did Blinken and Stoltenberg use to describe the build-up?', 'en')).toEqual([
      'What words did Blinken use to describe the build-up?',
      'What words did Stoltenberg use to describe the build-up?',
    ]);
  });

  it('one question: what two people do together, two countries, a list inside one clause', () => {
    expect(parts('what did Scholz and Biden agree on', 'en')).toEqual([]);
    expect(parts('Dans quelle ville Kozak et Jermak se sont-ils rencontrés ?', 'fr')).toEqual([]);
    expect(parts("la Russie et l'Ukraine ont-elles signé ?", 'fr')).toEqual([]);
    expect(parts('which city do the tanks and soldiers advance on', 'en')).toEqual([]);
    expect(parts('what did the US and NATO reply', 'en')).toEqual([]);
  });
});
