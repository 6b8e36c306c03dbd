/**
 * Names spelled by another language's conventions: the spelling key, the corpus vocabulary's
 * "did you mean" for names, and an end-to-end question on invented articles that spell a name
 * the French way while the asker spells it the English way.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, type CrisisAssistant } from '../../src/app.ts';
import { spellingKey } from '../../src/retrieve/transliteration.ts';
import { Vocabulary } from '../../src/retrieve/vocabulary.ts';
import { TermMatcher, textWords } from '../../src/retrieve/term-matcher.ts';
import { Lexicon } from '../../src/retrieve/lexicon.ts';
import { removeDir, tempDir, testConfig } from '../support/seed-index.ts';

const MADE_UP = fileURLToPath(new URL('./fixtures/translit', import.meta.url));

describe('spelling keys', () => {
  it('give English and French spellings of the same name one key, and different names different keys', () => {
    for (const [en, fr] of [['grushko', 'grouchko'], ['yermak', 'jermak'], ['kashin', 'kachin'], ['shoigu', 'choigou'], ['volodin', 'volodine'], ['zelenskyy', 'zelensky'], ['vyacheslav', 'viatcheslav']]) {
      expect(spellingKey(en ?? '')).toBe(spellingKey(fr ?? ''));
    }
    expect(spellingKey('orban')).not.toBe(spellingKey('urban'));
    expect(spellingKey('merkel')).not.toBe(spellingKey('markel'));
  });

  it('the vocabulary offers the corpus spelling of a name it does not write as asked, never for its own words', () => {
    const vocabulary = new Vocabulary(['Le vice-ministre Alexandre Grouchko a reçu la réponse. Le dialogue continue.']);
    expect(vocabulary.respelled('grushko')).toBe('grouchko');
    expect(vocabulary.respelled('grouchko')).toBeUndefined();
    expect(vocabulary.respelled('dialogue')).toBeUndefined();
    expect(vocabulary.nameSimilarity('grushko')).toBe(1);
  });

  it('a name check is met by the other spelling', () => {
    const matcher = new TermMatcher(Lexicon.load(), 'en');
    expect(matcher.mentions('Andriy Yermak', textWords('le conseiller Andriy Jermak'))).toBe(true);
    expect(matcher.mentions('Yermak', textWords('le conseiller Olena Marchuk'))).toBe(false);
  });
});

describe('a question spelling a name the English way, about an article spelling it the French way', () => {
  let root = '';
  let assistant: CrisisAssistant;
  beforeAll(async () => {
    root = tempDir('crisisbot-translit-');
    assistant = await createAssistant(testConfig(MADE_UP, join(root, 'data')));
  });
  afterAll(() => removeDir(root));

  it('is answered from the article, not refused as unknown', async () => {
    const asked = await assistant.ask('Who is Alexander Grushko?');
    expect(asked.abstained).toBe(false);
    expect(asked.citations[0]?.quote).toMatch(/Grouchko/u);
    expect(asked.answer.split('\n').find((l) => l.startsWith('**'))).toMatch(/vice-ministre des Affaires étrangères Alexandre Grouchko/u);
  });
});
