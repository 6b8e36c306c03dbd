import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLlmSummarizer, LlmSummarizer } from '../../src/answer/llm-summarizer.ts';
import { OpenAIChatModel } from '../../src/answer/openai-chat-model.ts';
import { createOpenAIClient } from '../../src/providers/openai-client.ts';
import type { Summary } from '../../src/types.ts';
import { captureLogger, type CapturedLogger } from '../support/capture-logger.ts';
import { failures, fakeClientConfig, startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../support/fake-openai.ts';
import { articleById, articles, chunksOf, chunkWith, FakeExtractiveSummarizer, retrievalOf } from '../support/fixtures.ts';

const EN = '000_ff6ca0cd65f3d795';
const FR = '001_a0e49a0f49ae79fb';
const TROOPS = '004_2aa510eb97d77a39';

/** The 1-based number of the chunk of `docId` containing `needle`, as the summarizer numbers them. */
const nOf = (docId: string, needle: string): number => chunksOf(docId).findIndex((c) => c.text.includes(needle)) + 1;
const summaryJson = (summary: string, citations: Array<{ n: number; quote: string }>): string => JSON.stringify({ summary, citations });
const userOf = (request: RecordedRequest): string => (request.body.messages as Array<{ content: string }>)[1]!.content;

let fake: FakeOpenAI;
let fallback: FakeExtractiveSummarizer;
let log: CapturedLogger;
let summarizer: LlmSummarizer;

beforeEach(async () => {
  fake = await startFakeOpenAI();
  fallback = new FakeExtractiveSummarizer();
  log = captureLogger();
  const client = createOpenAIClient(fakeClientConfig(fake, { OPENAI_MAX_RETRIES: 1 }));
  summarizer = new LlmSummarizer({ model: new OpenAIChatModel({ client, model: 'gpt-test' }), fallback, chunksOf, logger: log.logger });
});
afterEach(async () => {
  await fake.close();
});

function expectExactOffsets(summary: Summary): void {
  for (const c of summary.citations) expect(articleById.get(c.docId)!.text.slice(c.start, c.end)).toBe(c.quote);
}

describe('LlmSummarizer', () => {
  it('summarises one article over all its chunks with verified citations', async () => {
    const article = articleById.get(EN)!;
    const threat = nOf(EN, 'Moscow threatens to react');
    const biden = nOf(EN, 'ready to attack Ukraine');
    fake.queueChat(
      summaryJson(`Russia threatened a military response [${threat}]. Biden expects an attack within days [${biden}]. It also invaded Mars [${biden}][40].`, [
        { n: threat, quote: 'Moscow threatens to react, including militarily' },
        { n: biden, quote: 'they are ready to attack Ukraine' },
        { n: 40, quote: 'Mars' },
      ]),
    );
    const summary = await summarizer.summarize({ scope: 'article', target: EN, language: 'en', articles: [article] });
    expect(summary).toMatchObject({ scope: 'article', target: EN, method: 'llm', language: 'en', title: `Summary of “${article.title}”` });
    expect(summary.summary).toBe('Russia threatened a military response [1]. Biden expects an attack within days [2]. It also invaded Mars [2].');
    expect(summary.citations.map((c) => c.chunkId)).toEqual([chunksOf(EN)[threat - 1]!.id, chunksOf(EN)[biden - 1]!.id]);
    expectExactOffsets(summary);
    const user = userOf(fake.requestsTo('chat')[0]!);
    expect(user.match(/<passage n=/g)).toHaveLength(chunksOf(EN).length);
    expect(user).toContain(`Summarise the article “${article.title}”.`);
  });

  it('summarises a topic over the retrieved passages, in the requested language', async () => {
    const courrier = chunkWith(FR, 'Washington a reçu un courrier');
    fake.queueChat(summaryJson('Moscou menace de réagir [1].', [{ n: 1, quote: 'Moscou menace de réagir, y compris militairement' }]));
    const summary = await summarizer.summarize({ scope: 'topic', target: 'la lettre russe', language: 'fr', articles, retrieval: retrievalOf('la lettre russe', 'fr', [courrier]) });
    expect(summary).toMatchObject({ method: 'llm', title: 'Résumé : la lettre russe', summary: 'Moscou menace de réagir [1].' });
    expect(userOf(fake.requestsTo('chat')[0]!)).toContain('Write the summary in French (fr)');
    expectExactOffsets(summary);
  });

  it('summarises the corpus map-reduce: one call per article, then a reduce citing only map citations', async () => {
    const quotes = {
      [EN]: ['Moscow threatens to react, including militarily', 'a commitment to the non-enlargement of NATO'],
      [FR]: ["Les déclarations russes n'ont pas convaincu Joe Biden", 'Moscou répète ne pas envisager une invasion'],
      [TROOPS]: ['the upcoming dispatch of a limited number of soldiers to Eastern Europe', 'The United States has already placed 8,500 soldiers on alert'],
    } as Record<string, [string, string]> & Record<typeof EN | typeof FR | typeof TROOPS, [string, string]>;
    const mapReply = (request: RecordedRequest): string => {
      const article = articles.find((a) => userOf(request).includes(`Summarise the article “${a.title}”.`))!;
      const [q1, q2] = quotes[article.docId]!;
      const [a, b] = [nOf(article.docId, q1), nOf(article.docId, q2)];
      return summaryJson(`Point one [${a}]. Point two [${b}].`, [
        { n: b, quote: q2 },
        { n: a, quote: q1 },
      ]);
    };
    // Map citations become 1,2 (EN), 3,4 (FR), 5,6 (troops). The reduce reply cites a sub-span of 1,
    // 3 with no quote, 4 and 5 by bare markers (carried through), 6 with text outside its map quote
    // (dropped), and a 9 that does not exist.
    const reduceReply = summaryJson('Russia threatened a military reaction [1]. Biden was not convinced [3][4]. Troops head east [5]. On Mars [6]. Unknown [9].', [
      { n: 1, quote: 'threatens to react' },
      { n: 3, quote: '' },
      { n: 6, quote: 'Joe Biden announced on Friday' },
    ]);
    fake.queueChat(mapReply, mapReply, mapReply, reduceReply);

    const summary = await summarizer.summarize({ scope: 'corpus', language: 'en', articles });
    const calls = fake.requestsTo('chat');
    expect(calls).toHaveLength(articles.length + 1);
    articles.forEach((article, i) => expect(userOf(calls[i]!)).toContain(`Summarise the article “${article.title}”.`));

    const reduce = userOf(calls[3]!);
    expect(reduce).toContain(`${articles[1]!.title}: Point one [3]. Point two [4].`);
    expect(reduce.match(/<passage n=/g)).toHaveLength(6);
    expect(reduce).toContain(`<passage n="6" source="${articles[2]!.title}" lang="en">\n${quotes[TROOPS][1]}\n</passage>`);

    expect(summary).toMatchObject({ scope: 'corpus', method: 'llm', title: 'Overview of the 3 articles' });
    // "On Mars [6]" and "Unknown [9]" lost their citations, so the sentences go too.
    expect(summary.summary).toBe('Russia threatened a military reaction [1]. Biden was not convinced [2][3]. Troops head east [4].');
    expect(summary.citations.map((c) => [c.n, c.docId, c.quote])).toEqual([
      [1, EN, 'threatens to react'],
      [2, FR, quotes[FR][0]],
      [3, FR, quotes[FR][1]],
      [4, TROOPS, quotes[TROOPS][0]],
    ]);
    expect(summary.citations[0]?.chunkId).toBe(chunksOf(EN)[nOf(EN, quotes[EN][0]) - 1]!.id);
    expectExactOffsets(summary);
  });

  it('skips an article whose map reply is unusable and still reduces over the others', async () => {
    const n = nOf(EN, 'Moscow threatens');
    const usable = summaryJson(`Moscow threatened [${n}].`, [{ n, quote: 'Moscow threatens to react' }]);
    const hallucinated = summaryJson('Hallucination [1].', [{ n: 1, quote: 'never written anywhere' }]);
    // The reduce reply gives a bare marker: it cites the whole (only) map quote.
    fake.queueChat(usable, 'not json at all', hallucinated, summaryJson('Overall, Moscow threatened [1].', []));
    const summary = await summarizer.summarize({ scope: 'corpus', language: 'en', articles });
    expect(fake.requestsTo('chat')).toHaveLength(4);
    expect(summary).toMatchObject({ method: 'llm', summary: 'Overall, Moscow threatened [1].' });
    expect(summary.citations.map((c) => c.quote)).toEqual(['Moscow threatens to react']);
  });

  it('falls back to the extractive summary when the provider fails during the map step, without calling on', async () => {
    fake.queueChat(failures.serverError(), failures.serverError());
    const summary = await summarizer.summarize({ scope: 'corpus', language: 'fr', articles });
    expect(summary).toMatchObject({ method: 'extractive', summary: 'EXTRACTIVE SUMMARY', notice: 'Le modèle de langage est indisponible ; voici un résumé extractif.' });
    expect(fake.requestsTo('chat')).toHaveLength(2); // one call and its SDK retry, then no more articles
    expect(fallback.calls[0]?.scope).toBe('corpus');
  });

  it('falls back when the reduce reply is unusable, and when an article summary has no verifiable citation', async () => {
    const good = (request: RecordedRequest): string => {
      const article = articles.find((a) => userOf(request).includes(a.title))!;
      const chunk = chunksOf(article.docId)[0]!;
      return summaryJson('Point [1].', [{ n: 1, quote: chunk.text.slice(0, 30) }]);
    };
    fake.queueChat(good, good, good, '{"summary": 12}');
    const corpus = await summarizer.summarize({ scope: 'corpus', language: 'en', articles });
    expect(corpus).toMatchObject({ method: 'extractive', notice: 'The language model gave an unreadable reply; showing an extractive summary.' });

    fake.queueChat(summaryJson('Russia invaded [1].', [{ n: 1, quote: 'Russia invaded Ukraine on Monday' }]));
    const article = await summarizer.summarize({ scope: 'article', target: EN, language: 'en', articles: [articleById.get(EN)!] });
    expect(article).toMatchObject({ method: 'extractive', notice: 'The language model gave no verifiable citations; showing an extractive summary.' });
  });

  it('leaves an empty topic to the extractive summarizer without a model call or notice', async () => {
    const summary = await summarizer.summarize({ scope: 'topic', target: 'football', language: 'en', articles, retrieval: retrievalOf('football', 'en', []) });
    expect(summary.method).toBe('extractive');
    expect(summary.notice).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
  });

  it('is built from config by createLlmSummarizer', async () => {
    const built = createLlmSummarizer({ config: { ...fakeClientConfig(fake), CHAT_MODEL: 'qwen' }, fallback, chunksOf, logger: log.logger });
    fake.queueChat(summaryJson('Moscou menace [1].', [{ n: 1, quote: 'Moscou menace de réagir' }]));
    const courrier = chunkWith(FR, 'Washington a reçu un courrier');
    const summary = await built.summarize({ scope: 'topic', target: 'lettre', language: 'fr', articles, retrieval: retrievalOf('lettre', 'fr', [courrier]) });
    expect(summary.method).toBe('llm');
    expect(fake.requestsTo('chat')[0]?.body.model).toBe('qwen');
  });
});
