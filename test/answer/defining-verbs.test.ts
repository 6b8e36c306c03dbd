/**
 * "De quoi X accuse-t-il Y ?", "what did X threaten…", "what did X and Y agree on", "what did X think of…":
 * the verb the question asks by says what the
 * answer is, so a sentence that names X and Y but accuses no one does not answer it; a noun ("la
 * menace a augmenté") asks by no verb. Tested on an invented article
 * (test/answer/fixtures/made-up-accusations) and on the seeds, asked in English and French.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { articleOf, useCorpusAssistant, useSeedAssistant } from '../support/seed-index.ts';

describe('the verb a question asks by', () => {
  const made = useCorpusAssistant(fileURLToPath(new URL('./fixtures/made-up-accusations', import.meta.url)));
  const seeds = useSeedAssistant();

  it('invented article: what Latvia accuses Belarus of is the reproach, not the sentence naming both that accuses no one', async () => {
    for (const question of ['De quoi la Lettonie accuse-t-elle la Biélorussie au sujet des migrants ?', 'what does latvia accuse belarus of about the migrants']) {
      const answer = await made.assistant.ask(question);
      expect(answer.abstained).toBe(false);
      for (const c of answer.citations) expect(articleOf(made.assistant, c.docId).text.slice(c.start, c.end)).toBe(c.quote);
      expect(answer.citations.map((c) => c.quote)).toEqual([expect.stringMatching(/reproche depuis des mois à la Biélorussie/u)]);
    }
  });

  it('invented article: what two countries agreed on, and what diplomats thought, are the sentences that say so, not the meeting that leans on them', async () => {
    const agreed = await made.assistant.ask('what did latvia and lithuania agree on in vilnius');
    expect(agreed.citations[0]?.quote).toMatch(/ont convenu de partager leurs radars/u);
    for (const question of ['what did the lithuanian diplomats think of the vilnius talks', "qu'ont pensé les diplomates lituaniens des pourparlers de vilnius ?"]) {
      expect((await made.assistant.ask(question)).citations[0]?.quote).toMatch(/« un pas utile »/u);
    }
  });

  it('seeds: what French diplomats thought of the Paris meeting is their "bon signe", and a reaction to the ceasefire agreement (a noun) is still answered', async () => {
    expect((await seeds.assistant.ask('what did french diplomats think of the paris meeting')).citations[0]?.quote).toMatch(/bon signe/u);
    const reaction = await seeds.assistant.ask('How did French diplomats react to the ceasefire agreement reached in Paris?');
    expect(reaction.abstained).toBe(false);
    expect(reaction.citations[0]?.quote).toMatch(/bon signe/u);
  });

  it("seeds: what Russia accuses NATO of, what Biden threatened Putin with, and a threat asked as a noun", async () => {
    expect((await seeds.assistant.ask('what does russia accuse nato of')).citations[0]?.quote).toMatch(/accusé les États-Unis et l'OTAN/u);
    expect((await seeds.assistant.ask('what kind of measures did biden threaten putin with')).citations[0]?.quote).toMatch(/menacé Poutine de mesures économiques/u);
    const noun = await seeds.assistant.ask("zelensky trouve que la menace a augmente depuis l'an dernier ?");
    expect(noun.abstained).toBe(false);
    expect(noun.citations[0]?.quote).toMatch(/likelihood of the attack exists/u);
  });
});
