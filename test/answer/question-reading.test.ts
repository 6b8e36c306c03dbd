/**
 * Reading what a question asks before answering it: where a named source ends ("selon Tamm comment
 * régler…" is Tamm, not "Tamm comment régler"), which words only ask ("quels…" is not "que…"). Tested
 * on invented articles (test/answer/fixtures/made-up-asking, made-up-roles) and on the seeds, asked in English and
 * French, by what the user sees.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, type CrisisAssistant } from '../../src/app.ts';
import { aliases } from '../../src/retrieve/aliases.ts';
import { analyseQuestion } from '../../src/retrieve/question.ts';
import type { Answer } from '../../src/types.ts';
import { articleOf, removeDir, tempDir, testConfig, useSeedAssistant } from '../support/seed-index.ts';

const MADE_UP = fileURLToPath(new URL('./fixtures/made-up-asking', import.meta.url));

/** An assistant over invented articles; every citation is checked verbatim against its article. */
function madeUpAssistant(corpus = MADE_UP): (question: string) => Promise<Answer> {
  let root = '';
  let assistant: CrisisAssistant;
  beforeAll(async () => {
    root = tempDir('crisisbot-asking-');
    assistant = await createAssistant(testConfig(corpus, join(root, 'data')));
  });
  afterAll(() => removeDir(root));
  return async (question) => {
    const answer = await assistant.ask(question);
    for (const c of answer.citations) expect(articleOf(assistant, c.docId).text.slice(c.start, c.end)).toBe(c.quote);
    return answer;
  };
}

describe('a named source ends where the question asks', () => {
  const ask = madeUpAssistant();
  const seeds = useSeedAssistant();

  it('reads the source alone, before a question word, in English and French', () => {
    expect(analyseQuestion('selon tamm comment regler les differends avec la norvege', 'fr').constraints.speaker).toEqual(['tamm']);
    expect(analyseQuestion('according to tamm how should the differences with norway be resolved', 'en').constraints.speaker).toEqual(['tamm']);
    expect(analyseQuestion("d'apres le ministre quand la reunion aura lieu", 'fr').constraints.speaker).toEqual(['ministre']);
  });

  it('"quels…" asks which: it names no speaker ("ls responsables")', () => {
    expect(analyseQuestion('Quels responsables norvégiens ont réagi aux demandes estoniennes ?', 'fr').constraints.speaker).toEqual([]);
    expect(analyseQuestion("Qu'est-ce que Tamm a déclaré aux journalistes ?", 'fr').constraints.speaker).toEqual(['tamm']);
  });

  it('invented articles: what the minister said is quoted, not refused as unsaid by "tamm comment regler"', async () => {
    for (const question of ['selon tamm comment regler les differends avec la norvege', 'according to tamm how should the differences with norway be resolved']) {
      const answer = await ask(question);
      expect(answer.abstained).toBe(false);
      expect(answer.citations[0]?.quote).toMatch(/réglés par la négociation/u);
    }
  });

  it('seeds: how Stoltenberg would settle the disagreements, asked in French and English', async () => {
    for (const question of ["d'apres stoltenberg comment resoudre les desaccords avec moscou", 'according to stoltenberg how should the disagreements with russia be resolved']) {
      const answer = await seeds.assistant.ask(question);
      expect(answer.abstained).toBe(false);
      expect(answer.citations[0]?.quote).toMatch(/dialogue et la diplomatie/u);
    }
  });

  it('seeds: a source the articles never quote on it is still refused', async () => {
    const answer = await seeds.assistant.ask('selon kirby quand la russie pourrait attaquer');
    expect(answer.abstained).toBe(true);
  });
});

describe('the unit a when-question asks by is not what it is about', () => {
  const ask = madeUpAssistant();
  const seeds = useSeedAssistant();

  it('"quel jour", "what day", "en quelle année": the unit is no focus word; "how many days" keeps it', () => {
    expect(analyseQuestion('quel jour tamm a-t-elle prie les marins de saaremaa', 'fr').focus).not.toContain('jour');
    expect(analyseQuestion('what day did tamm beg the sailors not to panic', 'en').focus).not.toContain('day');
    expect(analyseQuestion('en quelle annee le port a-t-il ete bloque', 'fr').focus).not.toContain('annee');
    expect(analyseQuestion('combien de jours le port a-t-il ete bloque', 'fr').focus).toContain('jours');
  });

  it('invented articles: "quel jour" does not make a sentence about "two days" of blockade the answer', async () => {
    const answer = await ask("quel jour tamm a-t-elle prie les marins de saaremaa d'eviter la panique");
    for (const c of answer.citations) expect(c.quote).not.toMatch(/for two days/u);
  });

  it('seeds: the day Zelensky asked the West not to panic, asked in French and English', async () => {
    for (const question of ["quel jour zelensky a demande aux occidentaux d'eviter la panique", 'what day did zelensky urge western countries not to panic']) {
      const answer = await seeds.assistant.ask(question);
      expect(answer.abstained).toBe(false);
      expect(answer.answer.split('\n').find((l) => l.startsWith('**'))).toMatch(/Friday/u);
    }
  });
});

describe('who holds a role the alias table knows', () => {
  const ask = madeUpAssistant(fileURLToPath(new URL('./fixtures/made-up-roles', import.meta.url)));
  const seeds = useSeedAssistant();

  it('holdersOf: a role names its holder; a country, an institution or a name itself names none', () => {
    expect(aliases().holdersOf('chancelier allemand')).toEqual(expect.arrayContaining(['Olaf Scholz', 'Scholz']));
    expect(aliases().holdersOf('British prime minister')).toEqual(expect.arrayContaining(['Boris Johnson']));
    for (const text of ['US', 'NATO', 'Kremlin', 'Security Council', 'Biden', 'Olaf Scholz']) expect(aliases().holdersOf(text)).toEqual([]);
  });

  it("invented articles: the chancellor's adviser is not the chancellor; the answer names Olaf Scholz, in French and English", async () => {
    for (const question of ['qui est le chancelier allemand', 'who is the german chancellor']) {
      const answer = await ask(question);
      expect(answer.abstained).toBe(false);
      expect(answer.answer.split('\n').find((l) => l.startsWith('**'))).toBe('**Olaf Scholz** [1]');
      expect(answer.answer).not.toMatch(/Markus Vogel\*\*/u);
    }
  });

  it('seeds: the Ukrainian president and the British prime minister are named, not an adviser or the bare title', async () => {
    for (const [question, name] of [
      ['qui est le president ukrainien ?', 'Volodymyr Zelensky'],
      ['who is the ukrainian president', 'Volodymyr Zelensky'],
      ['who is the british prime minister', 'Boris Johnson'],
      ['qui est le premier ministre britannique', 'Boris Johnson'],
    ] as const) {
      const answer = await seeds.assistant.ask(question);
      expect(answer.abstained).toBe(false);
      expect(answer.answer.split('\n').find((l) => l.startsWith('**'))).toBe(`**${name}** [1]`);
    }
  });
});

describe('the speaker of an inverted French question', () => {
  const ask = madeUpAssistant();
  const seeds = useSeedAssistant();

  it('"comment le Kremlin a-t-il réagi", "comment les États-Unis ont-ils répondu": the subject is the speaker asked about', () => {
    expect(analyseQuestion("Comment le Kremlin a-t-il réagi à l'accord ?", 'fr').constraints.speaker).toEqual(['kremlin']);
    expect(analyseQuestion('comment les etats-unis ont-ils repondu a la lettre', 'fr').constraints.speaker).toEqual(['etats', 'unis']);
    expect(analyseQuestion('comment la delegation estonienne a-t-elle reagi', 'fr').constraints.speaker).toEqual(['delegation', 'estonienne']);
  });

  it('invented articles: no reaction of the Estonian delegation is reported, so none is quoted as one; Tamm\'s is', async () => {
    const none = await ask('Comment la délégation estonienne a-t-elle réagi au départ des Norvégiens ?');
    expect(none.abstained).toBe(true);
    const tamm = await ask("Comment la ministre Kaja Tamm a-t-elle réagi à l'échec des négociations ?");
    expect(tamm.abstained).toBe(false);
    expect(tamm.citations[0]?.quote).toMatch(/réglés par la négociation/u);
  });

  it("seeds: the Kremlin's reaction to the Paris ceasefire is not reported; Moscow's to the US reply is", async () => {
    expect((await seeds.assistant.ask('comment le kremlin a-t-il reagi au cessez-le-feu de paris')).abstained).toBe(true);
    const moscow = await seeds.assistant.ask('comment moscou a-t-elle reagi a la reponse americaine');
    expect(moscow.abstained).toBe(false);
  });
});

describe('a role asked with what it belongs to', () => {
  const ask = madeUpAssistant(fileURLToPath(new URL('./fixtures/made-up-roles', import.meta.url)));
  const seeds = useSeedAssistant();

  it("invented articles: the Lithuanian government's spokesman is not the embassy's, in French and English; he is the government's", async () => {
    for (const question of ["qui est le porte-parole de l'ambassade", 'who is the spokesman for the embassy']) {
      const answer = await ask(question);
      expect(answer.abstained).toBe(true);
      expect(answer.answer).not.toMatch(/\*\*Tomas Vaitkus\*\*/u);
    }
    const government = await ask('qui est le porte-parole du gouvernement lituanien');
    expect(government.answer.split('\n')[0]).toBe('**Tomas Vaitkus** [1]');
  });

  it("seeds: the Kremlin's spokesman answers for the Kremlin, not for the Élysée", async () => {
    expect((await seeds.assistant.ask("comment s'appelle le porte-parole de l'elysee")).abstained).toBe(true);
    expect((await seeds.assistant.ask('who is the spokesman for the elysee palace')).abstained).toBe(true);
    const kremlin = await seeds.assistant.ask('qui est le porte-parole du kremlin');
    expect(kremlin.abstained).toBe(false);
    expect(kremlin.citations[0]?.quote).toMatch(/Peskov/u);
  });
});

describe('a question that asks two things gets both answers', () => {
  const ask = madeUpAssistant();
  const seeds = useSeedAssistant();

  it('invented articles: how many trawlers, and why the crews blocked the harbour — both sentences quoted', async () => {
    const answer = await ask('how many trawlers are registered in the port and why did the crews block the harbour?');
    expect(answer.abstained).toBe(false);
    expect(answer.answer.split('\n')[0]).toBe('**Around 300 trawlers** [1]');
    expect(answer.citations.map((c) => c.quote).join(' ')).toMatch(/in protest at the cuts/u);
  });

  it('seeds: how many US soldiers are on alert and whether Biden will send many, asked in French and English', async () => {
    for (const question of ["combien de soldats americains sont en alerte et biden en enverra-t-il beaucoup en europe de l'est ?", 'how many american soldiers are on alert and will biden send many to eastern europe?']) {
      const answer = await seeds.assistant.ask(question);
      expect(answer.abstained).toBe(false);
      const quoted = answer.citations.map((c) => c.quote).join(' ');
      expect(quoted).toMatch(/8[,  ]500/u);
      expect(quoted).toMatch(/not many/u);
    }
  });
});

describe('a continent is a name however it is typed', () => {
  const ask = madeUpAssistant(fileURLToPath(new URL('./fixtures/made-up-roles', import.meta.url)));
  const seeds = useSeedAssistant();

  it('"could asia supply…": asia and europe are names, as countries are; "Europe de l\'Est" stays one name', () => {
    expect(analyseQuestion('could asia suply europe with gas if russia cut it off?', 'en').constraints.names).toEqual(expect.arrayContaining(['asia', 'europe']));
    expect(analyseQuestion("l'asie pourrait-elle fournir du gaz", 'fr').constraints.names).toContain('asie');
    expect(analyseQuestion("Combien de soldats Biden va-t-il envoyer en Europe de l'Est ?", 'fr').constraints.names).toEqual(['Biden', "Europe de l'Est"]);
  });

  it('invented articles: whether Asia could supply the gas is answered by the sentence that names Asia, in English and French', async () => {
    for (const question of ['could asia supply vilnius with gas if russia cut it off?', "l'asie pourrait-elle fournir du gaz a la lituanie si la russie coupait les livraisons ?"]) {
      const answer = await ask(question);
      expect(answer.abstained).toBe(false);
      expect(answer.citations[0]?.quote).toMatch(/depuis l'Asie/u);
    }
  });

  it('seeds: gas from Asia if Russia cut Europe off, asked in English', async () => {
    const answer = await seeds.assistant.ask('could asia supply gas to europe if russia stopped deliveries?');
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0]?.quote).toMatch(/l'Asie/u);
  });
});

describe('a list question is answered by the sentences that together name the things asked', () => {
  const ask = madeUpAssistant(fileURLToPath(new URL('./fixtures/made-up-lists', import.meta.url)));
  const seeds = useSeedAssistant();
  const quoted = (answer: Answer): string => answer.citations.map((c) => c.quote).join(' ');

  it('reads "which X" with a plural, "quels/quelles X" and "list the X" as lists; words about the articles are no topic', () => {
    const agencies = analyseQuestion('quelles agences de presse sont citées dans les articles ?', 'fr');
    expect(agencies).toMatchObject({ list: true, asked: 'agences' });
    expect(agencies.focus).not.toEqual(expect.arrayContaining(['citees']));
    expect(agencies.focus).not.toContain('articles');
    expect(analyseQuestion('which estonian officials are quoted in these articles?', 'en')).toMatchObject({ list: true, asked: 'officials', focus: ['estonian', 'officials'] });
    expect(analyseQuestion('list the officials who speak', 'en')).toMatchObject({ type: 'what', list: true, asked: 'officials' });
    expect(analyseQuestion('which cities are the talks held in', 'en')).toMatchObject({ list: true, asked: 'cities' });
    // One thing asked, or the mention is what the question is about: no list, the words stay.
    expect(analyseQuestion('which pipeline was mentioned as a possible sanction?', 'en')).toMatchObject({ list: false });
    expect(analyseQuestion('which pipeline was mentioned as a possible sanction?', 'en').focus).toContain('mentioned');
    expect(analyseQuestion('who is kaja tamm', 'en').list).toBe(false);
    expect(analyseQuestion('name of the fisheries minister', 'en').list).toBe(false);
  });

  it('invented articles: the Estonian officials are both quoted, the Norwegian ones are not, in French and English', async () => {
    for (const question of ['quels responsables estoniens sont cités ?', 'which estonian officials are quoted?']) {
      const answer = await ask(question);
      expect(answer.abstained).toBe(false);
      expect(quoted(answer)).toMatch(/Kaja Tamm/u);
      expect(quoted(answer)).toMatch(/Maria Kask/u);
      // Kivi says in English what Tamm says in French: another person, no repeat.
      expect(quoted(answer)).toMatch(/Jaan Kivi/u);
      expect(quoted(answer)).not.toMatch(/Lars Holm|Erik Dahl/u);
    }
  });

  it('invented articles: the news agencies cited and the cities of the talks, each list quoted whole, in French and English', async () => {
    for (const question of ['quelles agences de presse sont citées dans les articles ?', 'which news agencies are cited in these articles?']) {
      const answer = await ask(question);
      expect(quoted(answer)).toMatch(/NTB/u);
      expect(quoted(answer)).toMatch(/Reuters/u);
    }
    for (const question of ['dans quelles villes se tiennent les négociations sur les quotas ?', 'which cities are the quota talks held in?']) {
      const answer = await ask(question);
      expect(quoted(answer)).toMatch(/Bergen/u);
      expect(quoted(answer)).toMatch(/Riga/u);
    }
  });

  it('invented articles: a list by role names who holds it, the adviser left out, in French and English', async () => {
    for (const question of ['quels ministres sont cités ?', 'which ministers are quoted?']) {
      const answer = await ask(question);
      expect(quoted(answer)).toMatch(/Kaja Tamm/u);
      expect(quoted(answer)).toMatch(/Erik Dahl|Lars Holm/u);
      expect(quoted(answer)).not.toMatch(/Maria Kask/u);
    }
  });

  it('invented articles: no Latvian official is quoted, so none is listed, in French and English', async () => {
    for (const question of ['quels responsables lettons sont cités ?', 'which latvian officials are quoted?']) expect((await ask(question)).abstained).toBe(true);
  });

  it('seeds: the agencies cited and the Ukrainian officials quoted, asked in French and English', async () => {
    const agencies = await seeds.assistant.ask('quelles agences de presse sont citées dans les articles ?');
    expect(quoted(agencies)).toMatch(/AFP/u);
    expect(quoted(agencies)).toMatch(/BBC/u);
    for (const question of ['quels responsables ukrainiens sont cités ?', 'which ukrainian officials are quoted?']) {
      const answer = await seeds.assistant.ask(question);
      expect(quoted(answer)).toMatch(/Kouleba/u);
      expect(quoted(answer)).toMatch(/Jermak/u);
      expect(quoted(answer)).toMatch(/Zelensky/u);
    }
  });

  it('seeds: the US officials are read from more articles than an answer of one fact is, and the Kremlin spokesman is no US official', async () => {
    const answer = await seeds.assistant.ask('list the us officials who speak in these articles');
    expect(quoted(answer)).toMatch(/Blinken/u);
    expect(quoted(answer)).toMatch(/Lloyd Austin|Shermann?|Kvien/u);
    expect(quoted(answer)).not.toMatch(/Peskov/u);
  });
});

describe('a question that offers a choice is answered by the sentence that makes it', () => {
  const ask = madeUpAssistant(fileURLToPath(new URL('./fixtures/made-up-choice', import.meta.url)));
  const seeds = useSeedAssistant();

  it('reads the two words offered as one choice, in English and French; "or" between two questions offers none', () => {
    expect(analyseQuestion('did the government want a spoken or a written reply?', 'en')).toMatchObject({ alternatives: [['spoken', 'written']] });
    expect(analyseQuestion('le gouvernement voulait-il une reponse orale ou ecrite ?', 'fr')).toMatchObject({ alternatives: [['orale', 'ecrite']] });
    expect(analyseQuestion('did the government want a spoken or a written reply?', 'en').focus).not.toEqual(expect.arrayContaining(['spoken']));
    expect(analyseQuestion('has russia changed its demands since january or is it still asking the same thing', 'en')).toMatchObject({ alternatives: [] });
    expect(analyseQuestion('has russia changed its demands since january', 'en').focus).not.toContain('its');
  });

  it('invented articles: the written reply is quoted, in English and French; nothing is said of Latvia', async () => {
    for (const question of ['did the estonian government want a spoken or a written reply?', 'le gouvernement estonien voulait-il une reponse orale ou ecrite ?']) {
      const answer = await ask(question);
      expect(answer.abstained).toBe(false);
      expect(answer.citations[0]?.quote).toMatch(/written reply|réponse écrite/u);
    }
    for (const question of ['did latvia want a spoken or a written reply?', 'la lettonie voulait-elle une reponse orale ou ecrite ?']) expect((await ask(question)).abstained).toBe(true);
  });

  it('seeds: the written answer Moscow demanded, asked in English of a French article, and in French', async () => {
    for (const question of ['did moscow ask for an oral or a written reply to its draft treaties?', 'moscou voulait-elle une reponse orale ou ecrite a ses projets de traites ?']) {
      const answer = await seeds.assistant.ask(question);
      expect(answer.abstained).toBe(false);
      expect(answer.citations[0]?.quote).toMatch(/exigé une réponse écrite/u);
    }
  });
});

describe('what someone has done is told in each sentence that says a thing they did', () => {
  const ask = madeUpAssistant(fileURLToPath(new URL('./fixtures/made-up-activity', import.meta.url)));
  const seeds = useSeedAssistant();
  const quoted = (answer: Answer): string => answer.citations.map((c) => c.quote).join(' ');

  it('reads "what has X done", "qu\'a fait X" as asking for several things; "what does X want Y to do" asks one; "blinkens" is Blinken', () => {
    expect(analyseQuestion('What has Kaja Tamm done?', 'en').list).toBe(true);
    expect(analyseQuestion("Qu'a fait la ministre Kaja Tamm ?", 'fr').list).toBe(true);
    expect(analyseQuestion('what does biden want moscow to do?', 'en').list).toBe(false);
    expect(analyseQuestion('blinkens been busy - what has he done in this crisis', 'en')).toMatchObject({ list: true, focus: ['blinkens', 'busy'] });
    expect(analyseQuestion('blinkens been busy - what has he done in this crisis', 'en').constraints.names).toContain('blinken');
  });

  it('invented articles: the minister met the fishermen, proposed a fund and asked Norway to reopen the talks, in English and French', async () => {
    for (const question of ['What has Kaja Tamm done?', "Qu'a fait la ministre Kaja Tamm ?"]) {
      const answer = await ask(question);
      expect(answer.abstained).toBe(false);
      expect(quoted(answer)).toMatch(/a rencontré lundi/u);
      expect(quoted(answer)).toMatch(/fonds d'aide/u);
      expect(quoted(answer)).toMatch(/reopen the talks/u);
    }
    expect((await ask('What has Lars Holm done?')).abstained).toBe(true);
  });

  it('seeds: what Blinken has done, typed with a possessive and no apostrophe: more than one thing, each his', async () => {
    const answer = await seeds.assistant.ask('blinkens been busy - what has he done in this crisis');
    expect(answer.abstained).toBe(false);
    expect(answer.citations.length).toBeGreaterThan(1);
    for (const c of answer.citations) expect(c.quote).toMatch(/Blinken/u);
  });
});
