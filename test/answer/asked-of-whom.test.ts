/**
 * "What does Zelensky ask Russia to do?": what someone asks of another is told by a sentence that
 * calls on that one ("urging Norway to reopen the port"), not by one that calls on others
 * ("called on fishermen not to panic over the decision of Norway…") or calls on no one. Tested on an
 * invented article (test/answer/fixtures/made-up-calls) and on the seeds, asked in English and French.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { articleOf, useCorpusAssistant, useSeedAssistant } from '../support/seed-index.ts';

describe('what someone asks of another', () => {
  const made = useCorpusAssistant(fileURLToPath(new URL('./fixtures/made-up-calls', import.meta.url)));
  const seeds = useSeedAssistant();

  it('invented article: the sentence that calls on the one asked about is quoted, not the one calling on others that names it', async () => {
    for (const question of ['What did Kaja Lind ask Norway to do?', "qu'est-ce que Kaja Lind demande à la Norvège de faire ?"]) {
      const answer = await made.assistant.ask(question);
      expect(answer.abstained).toBe(false);
      for (const c of answer.citations) expect(articleOf(made.assistant, c.docId).text.slice(c.start, c.end)).toBe(c.quote);
      expect(answer.citations.map((c) => c.quote)).toEqual([expect.stringMatching(/urging Norway to reopen the port/u)]);
    }
  });

  it('invented article: asked what she called on the fishermen to do, the other sentence is the answer', async () => {
    const answer = await made.assistant.ask('what did kaja lind call on fishermen to do');
    expect(answer.citations[0]?.quote).toMatch(/called on fishermen not to panic/u);
  });

  it("seeds: Zelensky's call on Russia to prove it will not attack, not his call on Westerners, in English and French", async () => {
    for (const question of ['What does Zelensky ask Russia to do?', "Qu'est-ce que Zelensky demande à la Russie de faire ?"]) {
      const answer = await seeds.assistant.ask(question);
      expect(answer.abstained).toBe(false);
      expect(answer.citations[0]?.quote).toMatch(/calling on Russia to "take steps to prove"/u);
    }
  });
});
