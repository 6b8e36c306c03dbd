/**
 * `check` and `timeline` over one index snapshot: the pieces the assistant already has
 * (retriever, sentence scorer, lexicon, abstention bar) wired into the claim checker and the
 * timeline builder, so every front end gets the same results.
 */
import { detectLanguage } from '../corpus/language.ts';
import type { HybridRetriever } from '../retrieve/hybrid.ts';
import type { Article, Chunk, ClaimCheck, Lang, Retrieval, Timeline } from '../types.ts';
import { claimLanguage, ExtractiveChecker } from './check.ts';
import { buildTimeline, corpusEra, type EventCandidate } from './timeline.ts';

/** Refines offline results with a language model (verified); optional. */
export interface CheckRefiner {
  check(claim: string, claimLang: Lang, language: Lang, offline: ExtractiveChecker, signal?: AbortSignal): Promise<ClaimCheck>;
  timeline(offline: Timeline, signal?: AbortSignal): Promise<Timeline>;
}

export interface CheckServiceDeps {
  articles: Map<string, Article>;
  chunksOf: (docId: string) => Chunk[];
  retriever: HybridRetriever;
  isCovered: (retrieval: Retrieval) => boolean;
  refiner?: CheckRefiner | undefined;
}

/** Sentences of a topic's passages that bear on it at least this much make its timeline. */
const TOPIC_MATCH = 0.12;

export class CheckService {
  private readonly checker: ExtractiveChecker;
  private readonly era: number | undefined;

  constructor(private readonly deps: CheckServiceDeps) {
    this.era = corpusEra([...deps.articles.values()]);
    const retriever = deps.retriever;
    this.checker = new ExtractiveChecker({
      retrieve: (text, k, lang) => retriever.retrieve(text, k, lang),
      isCovered: deps.isCovered,
      scorer: retriever.scorer,
      translate: (text, from) => retriever.lexicon.translate(text, from),
      article: (docId) => deps.articles.get(docId),
      era: this.era,
    });
  }

  /** Checks a claim; `language` is the reply's (default: the claim's). */
  async check(claim: string, language?: Lang, signal?: AbortSignal): Promise<ClaimCheck> {
    const claimLang = claimLanguage(claim, (text) => detectLanguage(text));
    if (this.deps.refiner) return this.deps.refiner.check(claim, claimLang, language ?? claimLang, this.checker, signal);
    return this.checker.check(claim, claimLang, language ?? claimLang);
  }

  /** The timeline of the whole corpus, or of the passages about `topic`. */
  async timeline(topic: string | undefined, language: Lang, signal?: AbortSignal): Promise<Timeline> {
    const scorer = this.deps.retriever.scorer;
    const sources = [...this.deps.articles.values()].sort((a, b) => a.docId.localeCompare(b.docId)).map((article) => ({ article, chunks: this.deps.chunksOf(article.docId) }));
    let accept: ((candidate: EventCandidate) => boolean) | undefined;
    if (topic !== undefined) {
      const topicLang = detectLanguage(topic, language);
      const retrieval = await this.deps.retriever.retrieve(topic, 10, topicLang);
      const chunkIds = new Set(this.deps.isCovered(retrieval) ? retrieval.passages.map((p) => p.chunk.id) : []);
      accept = (candidate) => chunkIds.has(candidate.chunk.id) && (scorer.score(topic, topicLang, [candidate.quote])[0]?.score ?? 0) >= TOPIC_MATCH;
    }
    const timeline = buildTimeline(sources, {
      language,
      similarity: (a, b) => scorer.score(a.text, a.lang, [b.text])[0]?.similarity ?? 0,
      ...(accept ? { accept } : {}),
      ...(topic !== undefined ? { topic } : {}),
    });
    return this.deps.refiner ? this.deps.refiner.timeline(timeline, signal) : timeline;
  }
}
