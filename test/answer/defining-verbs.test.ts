/**
 * "De quoi X accuse-t-il Y ?", "what did X threaten…": the verb the question asks by says what the
 * answer is, so a sentence that names X and Y but accuses no one does not answer it; a noun ("la
 * menace a augmenté") asks by no verb. Tested on an invented article
 * (test/answer/fixtures/made-up-accusations) and on the seeds, asked in English and French.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, type CrisisAssistant } from '../../src/app.ts';
import { articleOf, removeDir, tempDir, testConfig, useSeedAssistant } from '../support/seed-index.ts';

describe('the verb a question asks by', () => {
  let root = '';
  let assistant: CrisisAssistant;
  beforeAll(async () => {
    root = tempDir('crisisbot-verbs-');
    assistant = await createAssistant(testConfig(fileURLToPath(new URL('./fixtures/made-up-accusations', import.meta.url)), join(root, 'data')));
  });
  afterAll(() => removeDir(root));
  const seeds = useSeedAssistant();

  it('invented article: what Latvia accuses Belarus of is the reproach, not the sentence naming both that accuses no one', async () => {
    for (const question of ['De quoi la Lettonie accuse-t-elle la Biélorussie au sujet des migrants ?', 'what does latvia accuse belarus of about the migrants']) {
      const answer = await assistant.ask(question);
      expect(answer.abstained).toBe(false);
      for (const c of answer.citations) expect(articleOf(assistant, c.docId).text.slice(c.start, c.end)).toBe(c.quote);
      expect(answer.citations.map((c) => c.quote)).toEqual([expect.stringMatching(/reproche depuis des mois à la Biélorussie/u)]);
    }
  });

  it("seeds: what Russia accuses NATO of, what Biden threatened Putin with, and a threat asked as a noun", async () => {
    expect((await seeds.assistant.ask('what does russia accuse nato of')).citations[0]?.quote).toMatch(/accusé les États-Unis et l'OTAN/u);
    expect((await seeds.assistant.ask('what kind of measures did biden threaten putin with')).citations[0]?.quote).toMatch(/menacé Poutine de mesures économiques/u);
    const noun = await seeds.assistant.ask("zelensky trouve que la menace a augmente depuis l'an dernier ?");
    expect(noun.abstained).toBe(false);
    expect(noun.citations[0]?.quote).toMatch(/likelihood of the attack exists/u);
  });
});
