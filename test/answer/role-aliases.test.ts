/**
 * Roles that news writing names several ways ("chef du Pentagone" = "US Secretary of Defense",
 * "chef de la diplomatie ukrainienne" = "Ukrainian foreign minister"), and a deputy who is not the
 * role's holder ("vice-ministre russe des Affaires étrangères" is not the Russian foreign
 * minister), and a role word that only titles a person the question names ("ambassador Sullivan").
 * Tested on invented articles (test/answer/fixtures/made-up-ministers), asked in English
 * and French, by what the user sees, and on the seeds.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aliases } from '../../src/retrieve/aliases.ts';
import type { Answer } from '../../src/types.ts';
import { articleOf, useCorpusAssistant, useSeedAssistant } from '../support/seed-index.ts';

const MADE_UP = fileURLToPath(new URL('./fixtures/made-up-ministers', import.meta.url));

describe('a role named another way, and a deputy who is not its holder', () => {
  const made = useCorpusAssistant(MADE_UP);
  const ask = async (question: string): Promise<Answer> => {
    const answer = await made.assistant.ask(question);
    for (const c of answer.citations) expect(articleOf(made.assistant, c.docId).text.slice(c.start, c.end)).toBe(c.quote);
    return answer;
  };
  const AUSTIN = /Lloyd Austin said on Tuesday that a naval clash/u;
  const KOULEBA = /Dmytro Kouleba, a appelé les deux pays à la retenue/u;
  const VARINE = /vice-ministre russe des Affaires étrangères, Oleg Varine/u;

  it('mentions: a deputy\'s title does not name the role; the role itself does, in either language', () => {
    const named = (text: string): string[] => aliases().mentions(text).map((m) => m.text);
    expect(named('Le vice-ministre russe des Affaires étrangères, Oleg Varine')).toEqual([]);
    expect(named('The Deputy Secretary of State, Helen Marsh')).toEqual([]);
    expect(named('Le chef de la diplomatie russe a reçu')).toEqual(['chef de la diplomatie russe']);
    expect(named('le ministre russe des Affaires étrangères Sergueï Lavrov')).toEqual(['ministre russe des Affaires étrangères', 'Sergueï', 'Lavrov']);
  });

  it("the Pentagon's chief is the US Secretary of Defense: answered from his sentence, asked in French and English", async () => {
    for (const question of ["Le chef du Pentagone pense-t-il qu'un affrontement est inévitable ?", 'what did the pentagon chief say about a clash in the baltic']) {
      const answer = await ask(question);
      expect(answer.abstained).toBe(false);
      expect(answer.citations[0]?.quote).toMatch(AUSTIN);
    }
  });

  it("the Ukrainian foreign minister is met by 'chef de la diplomatie ukrainienne', and 'a appelé' reports what he said", async () => {
    for (const question of ['what did the ukrainian foreign minister say', "qu'a proposé le ministre ukrainien des affaires étrangères ?", 'what did kuleba call for']) {
      const answer = await ask(question);
      expect(answer.abstained).toBe(false);
      expect(answer.citations[0]?.quote).toMatch(KOULEBA);
      expect(answer.citations.map((c) => c.quote).join(' ')).not.toMatch(VARINE);
    }
  });

  it('a role word that titles the person the question names is not a role asked about: who the ambassador met is answered, in English and French', async () => {
    for (const question of ["Who did ambassador Tolland meet when he handed over the alliance's reply?", "qui l'ambassadeur Tolland a-t-il rencontré quand il a remis la réponse de l'alliance ?"]) {
      const answer = await ask(question);
      expect(answer.abstained).toBe(false);
      expect(answer.answer.split('\n').find((l) => l.startsWith('**'))).toBe('**Ivo Saar** [1]');
    }
  });

  it("a role is met by 'son homologue russe' beside the one the question names, not by another country's minister", async () => {
    const met = await ask('Mart Kask a-t-il proposé de rencontrer le chef de la diplomatie russe ?');
    expect(met.abstained).toBe(false);
    expect(met.citations[0]?.quote).toMatch(/proposé une rencontre à son homologue russe/u);
    const other = await ask('what did the russian foreign minister propose');
    expect(other.abstained).toBe(true);
  });

  it("the deputy foreign minister's meeting is not given as the foreign minister's, in English and French", async () => {
    for (const question of ['who did the russian foreign minister receive', 'qui le ministre russe des affaires étrangères a-t-il reçu ?']) {
      const answer = await ask(question);
      expect(answer.abstained).toBe(true);
      expect(answer.answer).not.toMatch(/\*\*Oleg Varine\*\*/u);
    }
  });
});

describe('seeds: a role held in the articles is still met by its head noun', () => {
  const seeds = useSeedAssistant();

  it("the Russian defence minister's reply is Shoigu's, given in the Kremlin's sentence", async () => {
    const answer = await seeds.assistant.ask('what did the russian defence minister reply');
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0]?.quote).toMatch(/ministre de la Défense Sergueï Choïgou/u);
  });

  it('the US Secretary of State is asked about in French and answered with Blinken', async () => {
    const answer = await seeds.assistant.ask("qu'a présenté le chef de la diplomatie américaine au Conseil de sécurité ?");
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0]?.quote).toMatch(/Blinken/u);
    expect(answer.answer).toMatch(/pire|worst/u);
  });
});
