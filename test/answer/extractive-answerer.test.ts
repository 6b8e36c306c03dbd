import { describe, expect, it } from 'vitest';
import type { CrisisAssistant } from '../../src/app.ts';
import { CrisisbotError } from '../../src/errors.ts';
import type { Answer } from '../../src/types.ts';
import { articleOf, chunkOf, SEED_IDS, useSeedAssistant } from '../support/seed-index.ts';

/** Every guarantee of a non-abstaining answer: verbatim quotes, markers ↔ citations. */
function expectCitedAnswer(answer: Answer, assistant: CrisisAssistant): void {
  expect(answer.abstained).toBe(false);
  expect(answer.method).toBe('extractive');
  expect(answer.citations.length).toBeGreaterThan(0);
  answer.citations.forEach((c, i) => {
    expect(c.n).toBe(i + 1);
    const article = articleOf(assistant, c.docId);
    expect(article.text.slice(c.start, c.end)).toBe(c.quote);
    const chunk = chunkOf(assistant, c.chunkId);
    expect(chunk.docId).toBe(c.docId);
    expect(chunk.text).toContain(c.quote);
    expect(c.start).toBeGreaterThanOrEqual(chunk.start);
    expect(c.end).toBeLessThanOrEqual(chunk.end);
    expect(c.title).toBe(article.title);
    expect(answer.answer).toContain(c.quote);
  });
  const markers = [...answer.answer.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1]));
  expect([...new Set(markers)].sort((a, b) => a - b)).toEqual(answer.citations.map((c) => c.n));
}

describe('extractive answers on the seeds', () => {
  const seeds = useSeedAssistant();

  it('answers an English question from an English article with verbatim quotes and no language note', async () => {
    const answer = await seeds.assistant.ask('How many soldiers will Biden send to Eastern Europe?');
    expectCitedAnswer(answer, seeds.assistant);
    expect(answer.language).toBe('en');
    expect(answer.citations[0]?.docId).toBe(SEED_IDS.troopsEn);
    expect(answer.answer).toMatch(/limited number of soldiers|not many/u);
    // Leads with the answer: a verbatim span of the first quote, in bold, cited.
    const lead = /^\*\*(.+)\*\* \[1\]$/u.exec(answer.answer.split('\n')[0] ?? '');
    expect(lead?.[1]).toMatch(/limited number of soldiers|not many/u);
    expect(answer.citations[0]?.quote).toContain(lead?.[1]);
  });

  it('an English question answered from French articles says so first', async () => {
    const answer = await seeds.assistant.ask('What did Peskov say about sanctions against Putin?');
    expectCitedAnswer(answer, seeds.assistant);
    expect(answer.citations.every((c) => articleOf(seeds.assistant, c.docId).lang === 'fr')).toBe(true);
    expect(answer.answer.split('\n')[0]).toMatch(/^From (a French source|French sources):$/u);
    expect(answer.answer).toMatch(/Peskov/u);
  });

  it('a French question answered from an English article says so first, in French', async () => {
    const answer = await seeds.assistant.ask("Combien de soldats Biden va-t-il envoyer en Europe de l'Est ?");
    expectCitedAnswer(answer, seeds.assistant);
    expect(answer.language).toBe('fr');
    expect(answer.citations.every((c) => articleOf(seeds.assistant, c.docId).lang === 'en')).toBe(true);
    expect(answer.answer.split('\n')[0]).toMatch(/^D'après (une source|des sources) en anglais :$/u);
  });

  it('quotes from both languages are introduced as such', async () => {
    const answer = await seeds.assistant.ask('Que propose Blinken à son homologue russe ?');
    expectCitedAnswer(answer, seeds.assistant);
    const langs = new Set(answer.citations.map((c) => articleOf(seeds.assistant, c.docId).lang));
    if (langs.size === 2) expect(answer.answer.split('\n')[0]).toBe("D'après des sources en français et en anglais :");
    else if (langs.has('en')) expect(answer.answer.split('\n')[0]).toMatch(/en anglais/u);
    else expect(answer.answer.startsWith('“') || answer.answer.startsWith('**')).toBe(true);
  });

  it('keeps every guarantee across a range of questions in both languages', async () => {
    for (const question of [
      'Who took part in the Paris meeting with Kozak and Yermak?',
      'Where would Europe get gas from if Russia cut supplies?',
      'What did Kuleba say after meeting Stoltenberg and Blinken?',
      'Que demande la Russie dans sa lettre ?',
      "Qu'a dit Boris Johnson sur la diplomatie ?",
      'What did Annalena Baerbock say in Munich?',
    ]) {
      const answer = await seeds.assistant.ask(question);
      expectCitedAnswer(answer, seeds.assistant);
      expect(answer.question).toBe(question);
    }
  });

  it('is deterministic', async () => {
    const question = 'Who took part in the Paris meeting with Kozak and Yermak?';
    expect(await seeds.assistant.ask(question)).toEqual(await seeds.assistant.ask(question));
  });

  it('abstains on an off-topic question, in its language, with the closest articles', async () => {
    const en = await seeds.assistant.ask('Who won the 2018 football World Cup?');
    expect(en.abstained).toBe(true);
    expect(en.citations).toEqual([]);
    expect(en.language).toBe('en');
    expect(en.answer).toMatch(/^The sources don't cover this question\.\nClosest articles:\n• /u);
    const titles = new Set((await seeds.assistant.sources()).map((s) => s.title));
    for (const line of en.answer.split('\n').filter((l) => l.startsWith('• '))) expect(titles.has(line.slice(2))).toBe(true);

    const cake = await seeds.assistant.ask('How do I bake a chocolate cake?');
    expect(cake.abstained).toBe(true);

    const fr = await seeds.assistant.ask('Comment faire une tarte tatin ?');
    expect(fr.abstained).toBe(true);
    expect(fr.language).toBe('fr');
    expect(fr.answer).toMatch(/^Les sources ne couvrent pas cette question\.\nArticles les plus proches :/u);
  });

  it('abstains on a question about a person the articles never mention', async () => {
    const answer = await seeds.assistant.ask('What did Viktor Orbán say about sanctions?');
    expect(answer.abstained).toBe(true);
    expect(answer.citations).toEqual([]);
  });

  it('rejects an empty question with QUESTION_EMPTY', async () => {
    for (const question of ['', '   ', '\n\t']) {
      await expect(seeds.assistant.ask(question)).rejects.toSatisfy((e: unknown) => e instanceof CrisisbotError && e.code === 'QUESTION_EMPTY');
    }
  });

  it('rejects a question over MAX_QUESTION_CHARS with QUESTION_TOO_LONG, naming the limit', async () => {
    const long = `What did Peskov say ${'about sanctions '.repeat(40)}?`;
    expect(long.length).toBeGreaterThan(500);
    await expect(seeds.assistant.ask(long)).rejects.toSatisfy(
      (e: unknown) => e instanceof CrisisbotError && e.code === 'QUESTION_TOO_LONG' && e.message.includes('500'),
    );
    // Exactly at the limit is fine.
    const atLimit = 'Peskov sanctions '.repeat(40).slice(0, 500);
    await expect(seeds.assistant.ask(atLimit)).resolves.toBeDefined();
  });

  it('uses the earlier question for a short follow-up', async () => {
    const answer = await seeds.assistant.ask('And what did Peskov say?', { history: [{ role: 'user', content: 'Would sanctions against Putin work?' }, { role: 'assistant', content: '…' }] });
    expectCitedAnswer(answer, seeds.assistant);
    expect(answer.answer).toMatch(/Peskov|sanctions/u);
  });
});
