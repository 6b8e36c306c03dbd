/**
 * Offline extractive summaries: sentences are ranked by similarity to their set's centroid
 * (the centroid method), the best few are kept in reading order, each quoted and cited.
 * Article: one article's sentences. Topic: the retrieved passages' sentences, also weighted by
 * the topic. Corpus: map (best sentences per article) then reduce (one or two per article).
 */
import { splitSentences, type Sentence } from '../corpus/sentences.ts';
import type { SummaryRequest, Summarizer } from '../ports.ts';
import { SentenceScorer } from '../retrieve/sentence-scorer.ts';
import type { Article, Chunk, Citation, Summary } from '../types.ts';
import type { SparseVector } from '../embed/local-embedder.ts';
import { messages, sourceLanguageNote } from './messages.ts';

interface Pick {
  article: Article;
  sentence: Sentence;
  score: number;
}

function centroid(vectors: SparseVector[]): SparseVector {
  const sum: SparseVector = new Map();
  for (const v of vectors) for (const [k, x] of v) sum.set(k, (sum.get(k) ?? 0) + x);
  let norm = 0;
  for (const x of sum.values()) norm += x * x;
  if (norm > 0) for (const [k, x] of sum) sum.set(k, x / Math.sqrt(norm));
  return sum;
}

export class ExtractiveSummarizer implements Summarizer {
  readonly method = 'extractive' as const;

  /** @param chunksOf the indexed chunks of an article, to cite the chunk holding each sentence */
  constructor(
    private readonly scorer: SentenceScorer,
    private readonly chunksOf: (docId: string) => Chunk[],
    private readonly perArticle = 3,
  ) {}

  /** The best `count` sentences of one article (centroid method), with an optional topic weight. */
  private rank(article: Article, count: number, sentences?: Sentence[], topic?: string): Pick[] {
    const pool = (sentences ?? splitSentences(article.text, article.lang)).filter((s) => s.text.length >= 40 && /[.!?»"]$/u.test(s.text));
    if (pool.length === 0) return [];
    const vectors = pool.map((s) => this.scorer.vector(s.text));
    const center = centroid(vectors);
    const topical = topic ? this.scorer.score(topic, article.lang, pool.map((s) => s.text)) : undefined;
    const scored = pool.map((sentence, i) => {
      const v = vectors[i] ?? new Map<number, number>();
      const central = SentenceScorer.cosine(center, v);
      const position = 0.1 * (1 - i / pool.length); // news leads carry the gist
      const topicScore = topical?.[i]?.score ?? 0;
      // For a topic, bearing on the topic comes first; centrality only breaks ties.
      return { article, sentence, score: topic ? topicScore + 0.25 * central + position / 2 : central + position };
    });
    const picked: Pick[] = [];
    for (const candidate of scored.sort((a, b) => b.score - a.score)) {
      if (picked.length >= count) break;
      const v = this.scorer.vector(candidate.sentence.text);
      if (picked.some((p) => SentenceScorer.cosine(this.scorer.vector(p.sentence.text), v) > 0.7)) continue;
      picked.push(candidate);
    }
    return picked.sort((a, b) => a.sentence.start - b.sentence.start);
  }

  private cite(picks: Pick[]): Citation[] {
    const citations: Citation[] = [];
    for (const pick of picks) {
      const chunk = this.chunksOf(pick.article.docId).find((c) => c.start <= pick.sentence.start && c.end >= pick.sentence.end);
      if (!chunk) continue;
      citations.push({ n: citations.length + 1, chunkId: chunk.id, docId: chunk.docId, title: chunk.title, quote: pick.sentence.text, start: pick.sentence.start, end: pick.sentence.end });
    }
    return citations;
  }

  summarize(request: SummaryRequest): Promise<Summary> {
    const m = messages(request.language);
    let picks: Pick[] = [];
    let title: string;
    if (request.scope === 'article') {
      const article = request.articles[0];
      title = m.summaryOf(article?.title ?? request.target ?? '');
      if (article) picks = this.rank(article, this.perArticle + 1);
    } else if (request.scope === 'topic') {
      title = m.summaryTopic(request.target ?? '');
      const passages = request.retrieval?.passages ?? [];
      const byDoc = new Map<string, Sentence[]>();
      for (const p of passages) {
        const list = byDoc.get(p.chunk.docId) ?? [];
        for (const s of splitSentences(p.chunk.text, p.chunk.lang, p.chunk.start)) if (!list.some((x) => x.start === s.start)) list.push(s);
        byDoc.set(p.chunk.docId, list);
      }
      const all = [...byDoc].flatMap(([docId, sentences]) => {
        const article = request.articles.find((a) => a.docId === docId);
        return article ? this.rank(article, 2, sentences.sort((a, b) => a.start - b.start), request.target) : [];
      });
      picks = all.sort((a, b) => b.score - a.score).slice(0, 4);
    } else {
      title = m.summaryCorpus(request.articles.length);
      picks = request.articles.flatMap((article) => this.rank(article, request.articles.length > 8 ? 1 : 2));
    }
    const citations = this.cite(picks);
    const langs = picks.map((p) => p.article.lang);
    const note = sourceLanguageNote(request.language, langs, { fr: langs.filter((l) => l === 'fr').length, en: langs.filter((l) => l === 'en').length });
    const body = citations.length > 0 ? citations.map((c) => `• “${c.quote}” [${c.n}]`).join('\n') : m.nothingOnTopic;
    const summary: Summary = {
      scope: request.scope,
      language: request.language,
      title,
      summary: [note, body].filter((x): x is string => x !== undefined).join('\n'),
      citations,
      method: this.method,
    };
    if (request.target !== undefined) summary.target = request.target;
    return Promise.resolve(summary);
  }
}
