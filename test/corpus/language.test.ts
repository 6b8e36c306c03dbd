import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanArticle } from '../../src/corpus/clean.ts';
import { detectLanguage, detectQuestionLanguage } from '../../src/corpus/language.ts';
import { splitSentences } from '../../src/corpus/sentences.ts';
import { readDataset } from '../../src/eval/dataset.ts';
import { REPO_DIR, SEED_IDS, SEEDS_DIR } from '../support/seed-index.ts';

const seedText = (id: string): string => cleanArticle(readFileSync(join(SEEDS_DIR, `${id}.txt`), 'utf8')).text;

describe('detectLanguage', () => {
  it('tells the English seed articles from the French ones', () => {
    expect(detectLanguage(seedText(SEED_IDS.letterEn))).toBe('en');
    expect(detectLanguage(seedText(SEED_IDS.troopsEn))).toBe('en');
    expect(detectLanguage(seedText(SEED_IDS.letterFr))).toBe('fr');
    expect(detectLanguage(seedText(SEED_IDS.bidenCallFr))).toBe('fr');
    expect(detectLanguage(seedText(SEED_IDS.writtenResponseFr))).toBe('fr');
  });

  it('recognises short English questions', () => {
    for (const question of ['Who is Peskov?', 'Where are the troops?', 'How many soldiers will Biden send?', 'Why is Russia angry?', 'When is the meeting?', 'Will sanctions work?', 'What does Putin want?']) {
      expect(detectLanguage(question), question).toBe('en');
    }
  });

  it('recognises short French questions, with elisions and accents', () => {
    for (const question of ['Qui est Peskov ?', "Qu'a répondu l'OTAN ?", 'Où sont les troupes ?', 'Combien de soldats ?', 'Pourquoi la Russie est-elle en colère ?', 'Que veut Poutine ?', 'Quand aura lieu la rencontre ?']) {
      expect(detectLanguage(question), question).toBe('fr');
    }
  });

  it('falls back to the given language when there is nothing to detect', () => {
    expect(detectLanguage('', 'fr')).toBe('fr');
    expect(detectLanguage('2022 — 100 000 ?!', 'fr')).toBe('fr');
    expect(detectLanguage('12345')).toBe('en');
  });

  it('only ever answers en or fr, even for another language', () => {
    for (const text of ['Wie viele Soldaten schickt Biden nach Osteuropa?', '¿Cuántos soldados enviará Biden?', 'Сколько солдат?']) {
      expect(['en', 'fr']).toContain(detectLanguage(text));
    }
  });
});

describe('detectQuestionLanguage', () => {
  it('recognises short questions in both languages, and falls back the same way', () => {
    for (const question of ['Who is Peskov?', 'Where are the troops?', 'How many soldiers will Biden send?', 'Will sanctions work?']) expect(detectQuestionLanguage(question), question).toBe('en');
    // A few words the light model scores low for both languages (and gets wrong) go to the normal model.
    for (const topic of ['Western sanctions against Russia', 'sanctions against Russia']) expect(detectQuestionLanguage(topic), topic).toBe('en');
    for (const question of ['Qui est Peskov ?', "Qu'a répondu l'OTAN ?", 'Combien de soldats ?', 'Que veut Poutine ?']) expect(detectQuestionLanguage(question), question).toBe('fr');
    expect(detectQuestionLanguage('', 'fr')).toBe('fr');
    expect(detectQuestionLanguage('2022 — 100 000 ?!', 'fr')).toBe('fr');
    for (const text of ['Wie viele Soldaten schickt Biden nach Osteuropa?', 'Сколько солдат?']) expect(['en', 'fr']).toContain(detectQuestionLanguage(text));
  });

  // The light model decides alone only when it is sure; this pins it to the normal model's verdict
  // on every eval question and on every sentence of the seeds. (Not to the questions' labelled
  // language: the normal model misreads a few keyword queries such as "peskov sanctions".)
  it('says what detectLanguage says on every eval question and every seed sentence', async () => {
    const items = await readDataset(join(REPO_DIR, 'eval', 'dev.jsonl'));
    expect(items.length).toBeGreaterThan(200);
    for (const item of items) expect(detectQuestionLanguage(item.question), item.question).toBe(detectLanguage(item.question));
    let sentences = 0;
    for (const id of Object.values(SEED_IDS)) {
      const text = seedText(id);
      for (const sentence of splitSentences(text, detectLanguage(text))) {
        sentences++;
        expect(detectQuestionLanguage(sentence.text), sentence.text).toBe(detectLanguage(sentence.text));
      }
    }
    expect(sentences).toBeGreaterThan(100);
  });
});
