import { describe, expect, it } from 'vitest';
import { analyseQuestion, questionType } from '../../src/retrieve/question.ts';
import { fold } from '../../src/corpus/text.ts';

const type = (text: string): string => questionType(fold(text));

describe('question type', () => {
  it.each([
    ['who', 'Who chaired the meeting?', 'Qui a présidé la réunion ?'],
    ['who', 'who is baerbock', 'qui est le ministre ?'],
    ['when', 'When did the talks start?', 'Quand les pourparlers ont-ils commencé ?'],
    ['when', 'what day did he announce it', 'quel jour a-t-il annoncé cela'],
    ['where', 'Where will they meet?', 'Où vont-ils se rencontrer ?'],
    ['where', 'in which city is the summit', 'ou se tient le sommet'],
    ['how-many', 'How many soldiers are deployed?', 'Combien de soldats sont déployés ?'],
    ['how-much', 'How much aid did they send?', 'Quel est le montant de l’aide ?'],
    ['how-much', 'what is the cost of the pipeline', 'combien coute le gazoduc'],
    ['why', 'Why did they leave?', 'Pourquoi sont-ils partis ?'],
    ['how', 'How did Moscow react?', 'Comment Moscou a-t-il réagi ?'],
    ['yes-no', 'Will Biden send troops?', 'Le conflit est-il inévitable ?'],
    ['yes-no', 'did the us tell americans to leave', 'est-ce que la Russie va attaquer ?'],
    ['what', 'What did Russia demand?', "Qu'exige la Russie ?"],
    ['what', 'which sanctions were mentioned', 'sur quoi sont-ils d’accord'],
  ])('%s: "%s" / "%s"', (expected, en, fr) => {
    expect(type(en)).toBe(expected);
    expect(type(fr)).toBe(expected);
  });

  it('reads questions without accents or capitals', () => {
    expect(type('ou se tient la conference')).toBe('where');
    expect(type('combien de morts en 2021')).toBe('how-many');
    expect(type('boris johnson a dit quoi')).toBe('what');
  });
});

describe('question constraints and focus', () => {
  it('finds the asked year, "so far" and the thing counted', () => {
    const q = analyseQuestion('How many Ukrainian soldiers have died in the Donbass so far in 2022?', 'en');
    expect(q.type).toBe('how-many');
    expect(q.constraints.years).toEqual([2022]);
    expect(q.constraints.soFar).toBe(true);
    expect(q.counted[0]).toBe('soldiers');
    expect(q.focus).toEqual(expect.arrayContaining(['ukrainian', 'soldiers', 'died', 'donbass']));
    expect(q.focus).not.toContain('2022');
    expect(q.focus).not.toContain('far');
  });

  it('"what happens to X" and "going to" frame the question: X is the focus, not the verb', () => {
    expect(analyseQuestion('in the scenario what happens to key institutions', 'en').focus).toEqual(['scenario', 'key', 'institutions']);
    expect(analyseQuestion('Who is Berg going to meet?', 'en').focus).toEqual(['berg', 'meet']);
  });

  it('"what is X\'s role" and "quel est le rôle de X" ask what X is, like "who is X"', () => {
    for (const [q, lang] of [["What is Berg's role?", 'en'], ['quel est le rôle de Berg', 'fr'], ['Quelle est la fonction de Kari Nordmann ?', 'fr']] as const) {
      expect(analyseQuestion(q, lang)).toMatchObject({ type: 'who', definition: true });
    }
    expect(analyseQuestion('What is the role of NATO?', 'en').definition).toBe(false);
  });

  it('French counted things put the head noun first', () => {
    const q = analyseQuestion('combien de soldats ukrainiens sont morts en 2021', 'fr');
    expect(q.counted).toEqual(['soldats', 'ukrainiens']);
    expect(q.constraints.years).toEqual([2021]);
  });

  it('marks outcome questions ("came out of", "finally", "résultat") but not "decide to"', () => {
    expect(analyseQuestion('What came out of the Geneva talks?', 'en').constraints.outcome).toBe(true);
    expect(analyseQuestion('Did they finally sign the deal?', 'en').constraints.outcome).toBe(true);
    expect(analyseQuestion('Quel est le résultat des pourparlers ?', 'fr').constraints.outcome).toBe(true);
    expect(analyseQuestion('When could Putin decide to attack?', 'en').constraints.outcome).toBe(false);
  });

  it('finds who is asked to have said something, in both languages', () => {
    expect(analyseQuestion('What did the German chancellor say about gas?', 'en').constraints.speaker).toEqual(['german chancellor']);
    expect(analyseQuestion('What did the Swedish foreign minister say?', 'en').constraints.speaker).toEqual(['swedish', 'foreign', 'minister']);
    expect(analyseQuestion("Qu'a déclaré Lavrov sur la réponse ?", 'fr').constraints.speaker).toEqual(['lavrov']);
    expect(analyseQuestion('boris johnson a dit quoi ?', 'fr').constraints.speaker).toEqual(['boris johnson']);
    expect(analyseQuestion('What is the main risk according to Zelensky?', 'en').constraints.speaker).toEqual(['zelensky']);
    expect(analyseQuestion('Que propose Blinken à son homologue ?', 'fr').constraints.speaker).toEqual([]);
    // The French present with the speaker before the verb, and "a répondu" after a subject.
    expect(analyseQuestion('comment Petrenko qualifie la situation', 'fr').constraints.speaker).toEqual(['petrenko']);
    expect(analyseQuestion('comment la Lettonie a répondu', 'fr').constraints.speaker).toEqual(['lettonie']);
    // A document is a source, not a speaker.
    expect(analyseQuestion('que dit la Russie selon sa lettre', 'fr').constraints.speaker).toEqual([]);
  });

  it('names: capitalised runs, and known bodies and places however they are written', () => {
    expect(analyseQuestion('What did Jens Stoltenberg say?', 'en').constraints.names).toEqual(['Jens Stoltenberg']);
    expect(analyseQuestion('what is the pentagon doing', 'en').constraints.names).toEqual(['pentagon']);
    expect(analyseQuestion('combien de soldats en allemagne', 'fr').constraints.names).toEqual(['allemagne']);
    // Weekdays and possessives are not names; "us" as a word is not the US.
    expect(analyseQuestion("What was decided on Monday about Russia's plan?", 'en').constraints.names).toEqual(['Russia']);
    expect(analyseQuestion('tell us about the talks', 'en').constraints.names).toEqual([]);
  });

  it('dates named in the question', () => {
    expect(analyseQuestion('What happened on Friday, January 28?', 'en').constraints.dates).toEqual(expect.arrayContaining(['friday']));
    expect(analyseQuestion("Qu'a-t-il dit le 4 février ?", 'fr').constraints.dates).toEqual(['4 fevrier']);
  });
});

describe('definition questions', () => {
  it('"who is X" asks what X is; "who was at…" and "who is the…" ask for a name', () => {
    expect(analyseQuestion('who is ivan petrenko', 'en').definition).toBe(true);
    expect(analyseQuestion('Qui est Annalena Baerbock ?', 'fr').definition).toBe(true);
    expect(analyseQuestion('Who was at the Geneva meeting?', 'en').definition).toBe(false);
    expect(analyseQuestion('Who is the Pentagon spokesman?', 'en').definition).toBe(false);
  });
});
