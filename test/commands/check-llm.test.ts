/**
 * ANSWERS=llm claim checks through the real openai client against the fake OpenAI-compatible
 * server: the model's verdicts are kept only with verified quotes; otherwise the offline verdict
 * stands, with a notice.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAssistant, type CrisisAssistant } from '../../src/app.ts';
import { failures, startFakeOpenAI, TEST_API_KEY, type FakeOpenAI, type RecordedRequest } from '../support/fake-openai.ts';
import { removeDir, SEEDS_DIR, tempDir, testConfig } from '../support/seed-index.ts';

function userMessage(request: RecordedRequest): string {
  return (request.body.messages as Array<{ role: string; content: string }>).find((m) => m.role === 'user')?.content ?? '';
}

/** A model that contradicts with the passage sentence containing `needle`, quoted exactly. */
function contradictWith(needle: string, reason: string) {
  return (request: RecordedRequest): string => {
    const passages = [...userMessage(request).matchAll(/<passage n="(\d+)"[^>]*>\n([\s\S]*?)\n<\/passage>/gu)];
    for (const [, n, text] of passages) {
      const sentence = (text ?? '').split(/(?<=[.!?])\s+/u).find((s) => s.includes(needle));
      if (sentence) return JSON.stringify({ verdict: 'contradicted', reason, citations: [{ n: Number(n), quote: sentence.trim() }] });
    }
    return JSON.stringify({ verdict: 'not_found', reason: 'nothing', citations: [] });
  };
}

describe('ANSWERS=llm claim checks', () => {
  let fake: FakeOpenAI;
  let root: string;
  let assistant: CrisisAssistant;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    root = tempDir('crisisbot-check-llm-');
    assistant = await createAssistant(
      testConfig(SEEDS_DIR, join(root, 'data'), { ANSWERS: 'llm', OPENAI_API_KEY: TEST_API_KEY, OPENAI_BASE_URL: fake.baseURL, OPENAI_MAX_RETRIES: '0', OPENAI_TIMEOUT_MS: '2000' }),
    );
  });
  afterAll(async () => {
    await fake.close();
    removeDir(root);
  });
  beforeEach(() => fake.clearQueues());

  it('keeps the model\'s verdict and reason when its quote is verbatim', async () => {
    fake.queueChat(contradictWith('8,500', 'the articles give 8,500 soldiers on alert, not 100,000 sent'));
    const check = await assistant.check('The United States sent 100,000 soldiers to reinforce NATO.');
    expect(check.method).toBe('llm');
    expect(check.notice).toBeUndefined();
    expect(check.verdict).toBe('contradicted');
    const statement = check.statements[0]!;
    expect(statement.reason).toBe('the articles give 8,500 soldiers on alert, not 100,000 sent [1]');
    expect(statement.citations[0]?.quote).toBe('The United States has already placed 8,500 soldiers on alert to reinforce NATO.');
    const prompt = userMessage(fake.requestsTo('chat').at(-1)!);
    expect(prompt).toContain('The United States sent 100,000 soldiers to reinforce NATO');
    expect(prompt).toContain('Write "reason" in English');
  });

  it('never contradicts without a verified quote: an invented quote leaves the offline verdict, with a notice', async () => {
    fake.queueChat(JSON.stringify({ verdict: 'contradicted', reason: 'made up', citations: [{ n: 1, quote: 'Biden sent no troops at all, ever.' }] }));
    const check = await assistant.check('Lloyd Austin said a conflict between Ukraine and Russia was inevitable.', { language: 'fr' });
    expect(check.verdict).toBe('contradicted');
    expect(check.statements[0]?.reason).toMatch(/^les articles disent le contraire/u);
    expect(check.statements[0]?.citations[0]?.quote).toMatch(/not inevitable/u);
    expect(check.notice).toBe("Le modèle de langage n'a donné aucune citation vérifiable pour certaines affirmations ; elles ont été vérifiées hors ligne.");
    expect(userMessage(fake.requestsTo('chat').at(-1)!)).toContain('Write "reason" in French');
  });

  it('falls back to the offline check when the model is unavailable', async () => {
    fake.queueChat(failures.serverError());
    const check = await assistant.check('China sent troops to Belarus.');
    expect(check.verdict).toBe('not_found');
    expect(check.notice).toBe('The language model is unavailable; the claim was checked offline.');
  });

  it('words timeline events in one line each, keeping dates and quotes; a line with a number not in its quote is not used', async () => {
    fake.queueChat((request) => {
      const count = [...userMessage(request).matchAll(/<passage n="(\d+)">/gu)].length;
      const events = Array.from({ length: count }, (_, i) => ({ n: i + 1, line: i === 0 ? 'Russia seized Crimea with 900 tanks.' : 'Un événement rapporté par l’article.' }));
      return JSON.stringify({ events });
    });
    const offline = await assistant.timeline({ language: 'fr' });
    expect(offline.method).toBe('llm');
    expect(offline.events[0]?.text).toMatch(/^La Russie a occupé la péninsule/u);
    expect(offline.events[1]?.text).toBe(`Un événement rapporté par l’article. ${offline.events[1]!.citations.map((c) => `[${c.n}]`).join('')}`);
    expect(offline.events[1]?.date).toBe('2014');
    expect(userMessage(fake.requestsTo('chat').at(-1)!)).toContain('one short line in French');
    fake.queueChat(failures.serverError());
    const fallback = await assistant.timeline({ language: 'en' });
    expect(fallback.notice).toBe('The language model is unavailable; events are shown as quoted sentences.');
    expect(fallback.events[0]?.text).toMatch(/^La Russie a occupé/u);
  });
});
