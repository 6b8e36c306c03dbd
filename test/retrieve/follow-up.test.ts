/**
 * Which questions lean on the conversation: follow-ups that cannot be read alone borrow the earlier
 * questions for their search; a question complete on its own borrows nothing (so an earlier turn's
 * names never become its subject). English and French, seed names and invented ones alike.
 */
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/corpus/language.ts';
import { conversationContext, leansOnContext } from '../../src/retrieve/follow-up.ts';
import type { Turn } from '../../src/types.ts';

const leans = (question: string): boolean => leansOnContext(question, detectLanguage(question));

/** A conversation of user questions, each answered with a placeholder. */
function turns(...questions: string[]): Turn[] {
  return questions.flatMap((content): Turn[] => [
    { role: 'user', content },
    { role: 'assistant', content: '…' },
  ]);
}

describe('leansOnContext', () => {
  it('reads elliptical follow-ups as leaning on the conversation, in English and in French', () => {
    const followUps = [
      'why?',
      'when was that?',
      'and where?',
      'and Macron?',
      'what about the sanctions?',
      'And what did Peskov say?',
      'and what did Russia reply?',
      'Who did they threaten?',
      'How many troops did he send?',
      'did it work?',
      'et lui ?',
      'Pourquoi ?',
      'Et les sanctions ?',
      'et Macron ?',
      "Qu'a-t-il répondu ?",
      'Quelles sanctions a-t-elle prises ?',
      "Et qu'en pense Berlin ?",
      'and when will they resume?',
    ];
    expect(followUps.filter((q) => !leans(q))).toEqual([]);
  });

  it('reads questions with their own subject and topic as standing alone, in English and in French', () => {
    const standalone = [
      "Quelles sanctions l'Union européenne a-t-elle prises ?",
      "Quelles sanctions l'Union europenne a-t-elle prises ?",
      'Which sanctions did the EU adopt?',
      'what sanctoins did the EU take',
      'Quelles sanctions contre la Russie ?',
      "Que prévoit l'OTAN ?",
      'What did Russia threaten?',
      'which leaders did biden call',
      'Qui est Macron ?',
      'who is ivan petrenko',
      'Combien de soldats y a-t-il à la frontière ?',
      'Is there a plan to evacuate the port of Ostrel?',
      'Combien de soldats Biden va-t-il envoyer en Europe de l’Est ?',
    ];
    expect(standalone.filter((q) => leans(q))).toEqual([]);
  });
});

describe('conversationContext', () => {
  it('lends nothing to a question that stands alone, or to a first question', () => {
    expect(conversationContext("Quelles sanctions l'Union européenne a-t-elle prises ?", turns('which leaders did biden call'), 'fr')).toBeUndefined();
    expect(conversationContext('why?', [], 'en')).toBeUndefined();
    expect(conversationContext('why?', undefined, 'en')).toBeUndefined();
  });

  it('lends a follow-up the newest question that stands alone and the follow-ups since, oldest first', () => {
    const history = turns('Which leaders did Voss call?', 'What did the port of Ostrel stop?', 'why?');
    expect(conversationContext('and when?', history, 'en')).toBe('What did the port of Ostrel stop? why?');
    expect(conversationContext('et lui ?', turns('which leaders did biden call'), 'fr')).toBe('which leaders did biden call');
  });

  it('reaches back at most three questions through a chain of follow-ups', () => {
    expect(conversationContext('and then?', turns('What did Russia threaten?', 'why?', 'when?', 'where?'), 'en')).toBe('why? when? where?');
  });
});
