import { describe, expect, it } from 'vitest';
import type { EvalItem } from '../../src/eval/dataset.ts';
import { runEval, scoreAnswer } from '../../src/eval/run.ts';
import type { Answer } from '../../src/types.ts';
import { SEED_IDS, useSeedAssistant } from '../support/seed-index.ts';

const ITEMS: EvalItem[] = [
  { id: 'e1', lang: 'en', question: 'What did Peskov say about sanctions against Putin?', answerable: true, docs: [SEED_IDS.writtenResponseFr], evidence: ['Peskov'], answer: ['Peskov'] },
  { id: 'e2', lang: 'en', question: 'How many soldiers will Biden send to Eastern Europe?', answerable: true, docs: [SEED_IDS.troopsEn], evidence: ['limited number of soldiers'], answer: ['limited number'] },
  { id: 'e3', lang: 'en', question: 'Where would Europe get gas from if Russia cut supplies?', answerable: true, docs: [SEED_IDS.writtenResponseFr], evidence: ['a pattern that occurs nowhere xyzzy'], answer: ['xyzzy'] },
  { id: 'e4', lang: 'en', question: 'Who won the 2018 football World Cup?', answerable: false, docs: [], evidence: [], answer: [] },
  { id: 'e5', lang: 'en', question: 'How do I bake a chocolate cake?', answerable: false, docs: [], evidence: [], answer: [] },
];

describe('runEval on the seeds', () => {
  const seeds = useSeedAssistant();

  it('measures retrieval, relevance separation and answers', async () => {
    const { assistant } = seeds;
    const byId = new Map((await assistant.allArticles()).map((a) => [a.docId, a]));
    const report = await runEval(assistant, ITEMS, (id) => byId.get(id)?.lang, (id) => byId.get(id)?.text, 5);
    expect(report).toMatchObject({ questions: 5, answerable: 3, crossLanguage: 2 });
    // e3's evidence matches nothing: a miss at every k.
    expect(report.retrieval.recallAt5).toBeCloseTo(2 / 3);
    expect(report.perQuestion.find((q) => q.id === 'e3')?.rank).toBeUndefined();
    expect(report.perQuestion.find((q) => q.id === 'e2')?.rank).toBe(1);
    expect(report.retrieval.relevance.auc).toBe(1);
    expect(report.retrieval.relevance.answerableMin).toBeGreaterThan(report.retrieval.relevance.unanswerableMax);
    expect(report.answers.abstentionRecall).toBe(1);
    expect(report.answers.abstentionPrecision).toBe(1);
    expect(report.answers.citationValidity).toBe(1);
    expect(report.answers.citations).toBeGreaterThan(0);
    expect(report.answers.hitRate).toBeCloseTo(2 / 3);
    expect(report.answers.wrongAbstentions).toBe(0);
    expect(report.perQuestion).toHaveLength(5);
    expect(report.answers.latencyP95Ms).toBeGreaterThanOrEqual(0);
  });
});

describe('scoreAnswer', () => {
  const item: EvalItem = { id: 's', lang: 'en', question: 'How many?', answerable: true, docs: [], evidence: ['soldiers'], answer: ['100,000'] };
  const cite = (n: number, quote: string): Answer['citations'][number] => ({ n, chunkId: 'd#0', docId: 'd', title: 't', quote, start: 0, end: quote.length });
  const answer = (text: string, quotes: string[], abstained = false): Answer => ({
    question: 'q', language: 'en', abstained, answer: text, citations: quotes.map((q, i) => cite(i + 1, q)), passages: [], method: 'extractive',
  });

  it('first-quote hit needs the answer in the first quote alone', () => {
    const second = answer('“It was cold.” [1]\n“About 100,000 soldiers.” [2]', ['It was cold.', 'About 100,000 soldiers.']);
    expect(scoreAnswer(second, item)).toEqual({ hit: true, firstQuoteHit: false, quotes: 2, preciseQuotes: 1 });
    const first = answer('**100,000** [1]', ['About 100,000 soldiers.', 'The soldiers are cold.']);
    expect(scoreAnswer(first, item)).toEqual({ hit: true, firstQuoteHit: true, quotes: 2, preciseQuotes: 2 });
  });

  it('an abstention scores nothing', () => {
    expect(scoreAnswer(answer('No.', [], true), item)).toEqual({ hit: false, firstQuoteHit: false, quotes: 0, preciseQuotes: 0 });
  });
});
