/**
 * The evaluation run: retrieval quality (recall@1/3/5, MRR@10, overall and cross-language),
 * the separation of the raw relevance signal between answerable and unanswerable questions, and
 * answer quality (hit rate, citation validity, abstention precision/recall, latency).
 */
import { locateQuote } from '../answer/citations.ts';
import type { Assistant } from '../ports.ts';
import type { Answer, Lang } from '../types.ts';
import { patterns, type EvalItem } from './dataset.ts';
import { auc, firstRelevantRank, mean, meanReciprocalRank, percentile, recallAt } from './metrics.ts';

export interface EvalReport {
  questions: number;
  answerable: number;
  crossLanguage: number;
  retrieval: {
    recallAt1: number;
    recallAt3: number;
    recallAt5: number;
    mrrAt10: number;
    cross: { recallAt1: number; recallAt5: number; mrrAt10: number };
    relevance: { answerableMean: number; unanswerableMean: number; answerableMin: number; unanswerableMax: number; auc: number };
  };
  answers: {
    hitRate: number;
    /** Answerable questions whose first cited quote alone matches every answer pattern. */
    firstQuoteHit: number;
    /** Share of the quotes given for answerable questions that match the item's evidence or answer patterns. */
    quotePrecision: number;
    /** Share of answerable questions that were abstained on. */
    falseAbstentionRate: number;
    citationValidity: number;
    citations: number;
    abstentionPrecision: number;
    abstentionRecall: number;
    wrongAbstentions: number;
    latencyMeanMs: number;
    latencyP95Ms: number;
  };
  perQuestion: Array<{ id: string; rank?: number; relevance: number; abstained: boolean; hit: boolean; firstQuoteHit: boolean; quotes: number; preciseQuotes: number; ms: number; answer: string }>;
}

function citationsValid(answer: Answer, chunkText: (id: string) => { text: string; start: number; docText: string } | undefined): { valid: number; total: number } {
  let valid = 0;
  for (const citation of answer.citations) {
    const chunk = chunkText(citation.chunkId);
    if (!chunk) continue;
    const located = locateQuote(citation.quote, { id: citation.chunkId, docId: citation.docId, index: 0, title: '', lang: 'en', start: chunk.start, end: chunk.start + chunk.text.length, text: chunk.text });
    if (located && chunk.docText.slice(citation.start, citation.end) === citation.quote) valid++;
  }
  return { valid, total: answer.citations.length };
}

/** How an answer fares against an answerable item's patterns: overall, first quote alone, per quote. */
export function scoreAnswer(answer: Answer, item: EvalItem): { hit: boolean; firstQuoteHit: boolean; quotes: number; preciseQuotes: number } {
  if (answer.abstained) return { hit: false, firstQuoteHit: false, quotes: 0, preciseQuotes: 0 };
  const expected = patterns(item.answer);
  const relevant = [...patterns(item.evidence), ...expected];
  const first = answer.citations[0]?.quote;
  return {
    hit: expected.every((p) => p.test(answer.answer)),
    firstQuoteHit: first !== undefined && expected.every((p) => p.test(first)),
    quotes: answer.citations.length,
    preciseQuotes: answer.citations.filter((c) => relevant.some((p) => p.test(c.quote))).length,
  };
}

/** Runs every item through the assistant. `docLang` gives each gold document's language. */
export async function runEval(
  assistant: Assistant,
  items: EvalItem[],
  docLang: (docId: string) => Lang | undefined,
  docText: (docId: string) => string | undefined,
  k = 5,
): Promise<EvalReport> {
  const ranks: Array<number | undefined> = [];
  const crossRanks: Array<number | undefined> = [];
  const positive: number[] = [];
  const negative: number[] = [];
  const latencies: number[] = [];
  let hits = 0;
  let firstQuoteHits = 0;
  let quotes = 0;
  let preciseQuotes = 0;
  let validCitations = 0;
  let totalCitations = 0;
  let abstainedUnanswerable = 0;
  let abstainedTotal = 0;
  let wrongAbstentions = 0;
  const perQuestion: EvalReport['perQuestion'] = [];

  for (const item of items) {
    const retrieval = await assistant.search(item.question, Math.max(10, k));
    const started = performance.now();
    const answer = await assistant.ask(item.question);
    const ms = performance.now() - started;
    latencies.push(ms);
    const cited = new Map(await Promise.all(answer.citations.map(async (c) => [c.chunkId, await assistant.chunk(c.chunkId)] as const)));
    const { valid, total } = citationsValid(answer, (id) => {
      const chunk = cited.get(id);
      const text = chunk ? docText(chunk.docId) : undefined;
      return chunk && text !== undefined ? { text: chunk.text, start: chunk.start, docText: text } : undefined;
    });
    validCitations += valid;
    totalCitations += total;
    if (answer.abstained) abstainedTotal++;
    let rank: number | undefined;
    let scored = { hit: false, firstQuoteHit: false, quotes: 0, preciseQuotes: 0 };
    if (item.answerable) {
      const evidence = patterns(item.evidence);
      rank = firstRelevantRank(retrieval.passages.map((p) => evidence.some((e) => e.test(p.chunk.text))));
      ranks.push(rank);
      if (item.docs.length > 0 && item.docs.every((d) => docLang(d) !== undefined && docLang(d) !== item.lang)) crossRanks.push(rank);
      positive.push(retrieval.relevance);
      scored = scoreAnswer(answer, item);
      if (scored.hit) hits++;
      if (scored.firstQuoteHit) firstQuoteHits++;
      quotes += scored.quotes;
      preciseQuotes += scored.preciseQuotes;
      if (answer.abstained) wrongAbstentions++;
    } else {
      negative.push(retrieval.relevance);
      if (answer.abstained) abstainedUnanswerable++;
    }
    const row: EvalReport['perQuestion'][number] = { id: item.id, relevance: retrieval.relevance, abstained: answer.abstained, ...scored, ms, answer: answer.answer };
    if (rank !== undefined) row.rank = rank;
    perQuestion.push(row);
  }

  const answerable = items.filter((i) => i.answerable).length;
  const unanswerable = items.length - answerable;
  return {
    questions: items.length,
    answerable,
    crossLanguage: crossRanks.length,
    retrieval: {
      recallAt1: recallAt(ranks, 1),
      recallAt3: recallAt(ranks, 3),
      recallAt5: recallAt(ranks, 5),
      mrrAt10: meanReciprocalRank(ranks, 10),
      cross: { recallAt1: recallAt(crossRanks, 1), recallAt5: recallAt(crossRanks, 5), mrrAt10: meanReciprocalRank(crossRanks, 10) },
      relevance: {
        answerableMean: mean(positive),
        unanswerableMean: mean(negative),
        answerableMin: Math.min(...positive),
        unanswerableMax: Math.max(...negative),
        auc: auc(positive, negative),
      },
    },
    answers: {
      hitRate: answerable === 0 ? Number.NaN : hits / answerable,
      firstQuoteHit: answerable === 0 ? Number.NaN : firstQuoteHits / answerable,
      quotePrecision: quotes === 0 ? Number.NaN : preciseQuotes / quotes,
      falseAbstentionRate: answerable === 0 ? Number.NaN : wrongAbstentions / answerable,
      citationValidity: totalCitations === 0 ? 1 : validCitations / totalCitations,
      citations: totalCitations,
      abstentionPrecision: abstainedTotal === 0 ? (unanswerable === 0 ? 1 : 0) : abstainedUnanswerable / abstainedTotal,
      abstentionRecall: unanswerable === 0 ? 1 : abstainedUnanswerable / unanswerable,
      wrongAbstentions,
      latencyMeanMs: mean(latencies),
      latencyP95Ms: percentile(latencies, 95),
    },
    perQuestion,
  };
}
