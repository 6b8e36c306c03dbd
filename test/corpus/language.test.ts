import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanArticle } from '../../src/corpus/clean.ts';
import { detectLanguage } from '../../src/corpus/language.ts';
import { SEED_IDS, SEEDS_DIR } from '../support/seed-index.ts';

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
    // Keyword topics (tinyld's light model, tried at one point this session, read this one as French).
    for (const topic of ['Western sanctions against Russia', 'sanctions against Russia']) expect(detectLanguage(topic), topic).toBe('en');
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
