/**
 * Abstractive summaries with the answerer's guarantees: the model's citations are verified
 * against the chunks they quote. The corpus is summarised map-reduce: one call per article, then
 * one call combining those summaries that may only cite the map step's (verified) quotes.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { ChatModel, Summarizer, SummaryRequest } from '../ports.ts';
import { createOpenAIClient, type OpenAIClientConfig } from '../providers/openai-client.ts';
import type { Chunk, Summary } from '../types.ts';
import { messages } from './messages.ts';
import { fallbackNotice, type FallbackReason } from './llm-notices.ts';
import { parseReply, SUMMARY_JSON_SCHEMA, summaryReplySchema, type ReplyCitation } from './llm-reply.ts';
import { completeWithRoom } from './llm-call.ts';
import { OpenAIChatModel } from './openai-chat-model.ts';
import { formatPassages, languageName, loadPromptTemplates, neutralise, renderPrompt, type PromptTemplates } from './prompts.ts';
import { keepCitedSentences, verifyCitations, type VerifiedText, type VerifySource } from './verify.ts';

/** Dependencies of {@link LlmSummarizer}. */
export interface LlmSummarizerOptions {
  model: ChatModel;
  /** Summarises when the model cannot be used (the extractive summarizer). */
  fallback: Summarizer;
  /** The indexed chunks of an article, in order (citations are verified against them). */
  chunksOf: (docId: string) => Chunk[];
  logger: Logger;
  prompts?: PromptTemplates;
  /** Most passage characters sent in one call (default 24 000); later chunks are left out. */
  maxSourceChars?: number;
  /** Reply length bound in tokens (default 900). */
  maxTokens?: number;
}

type Step = { ok: true; verified: VerifiedText } | { ok: false; reason: FallbackReason; cause?: unknown };

/** The `llm` summarizer for article, topic and corpus scopes. */
export class LlmSummarizer implements Summarizer {
  readonly method = 'llm' as const;
  private readonly options: LlmSummarizerOptions;
  private readonly prompts: PromptTemplates;

  constructor(options: LlmSummarizerOptions) {
    this.options = options;
    this.prompts = options.prompts ?? loadPromptTemplates();
  }

  async summarize(request: SummaryRequest): Promise<Summary> {
    const { language } = request;
    const m = messages(language);
    let title: string;
    let step: Step;
    if (request.scope === 'corpus') {
      title = m.summaryCorpus(request.articles.length);
      step = await this.corpus(request);
    } else if (request.scope === 'article') {
      const article = request.articles.find((a) => a.docId === request.target) ?? request.articles[0];
      const sources = article ? this.number(this.options.chunksOf(article.docId)) : [];
      // Nothing to summarise is not a model failure: the extractive summarizer says so its own way.
      if (!article || sources.length === 0) return this.options.fallback.summarize(request);
      title = m.summaryOf(article.title);
      step = await this.step(request, `Summarise the article “${neutralise(article.title)}”.`, '(none)', 'three to six sentences', sources);
    } else {
      const topic = request.target ?? request.retrieval?.query ?? '';
      const sources = this.number((request.retrieval?.passages ?? []).map((passage) => passage.chunk));
      if (sources.length === 0) return this.options.fallback.summarize(request);
      title = m.summaryTopic(topic);
      step = await this.step(request, `Summarise what the passages say about: ${neutralise(topic)}`, '(none)', 'three to six sentences', sources);
    }
    if (!step.ok) return this.fallBack(request, step.reason, step.cause);
    return {
      scope: request.scope,
      ...(request.target !== undefined ? { target: request.target } : {}),
      language,
      title,
      summary: step.verified.text,
      citations: step.verified.citations,
      method: 'llm',
    };
  }

  /** Map: one verified summary per article. Reduce: one overview citing only the map citations. */
  private async corpus(request: SummaryRequest): Promise<Step> {
    const notes: string[] = [];
    const quotes: VerifySource[] = [];
    for (const article of request.articles) {
      const chunks = this.options.chunksOf(article.docId);
      const task = `Summarise the article “${neutralise(article.title)}”.`;
      const mapped = await this.step(request, task, '(none)', 'two to four sentences', this.number(chunks));
      if (!mapped.ok) {
        if (mapped.reason === 'malformed' || mapped.reason === 'unverifiable') continue; // skip this article only
        return mapped; // the provider failed: it will fail for the others too
      }
      const offset = quotes.length;
      for (const citation of mapped.verified.citations) {
        const chunk = chunks.find((c) => c.id === citation.chunkId);
        if (!chunk) continue;
        // The map citation's exact span becomes the only text the reduce step may quote from.
        quotes.push({ n: offset + citation.n, chunk: { ...chunk, text: citation.quote, start: citation.start, end: citation.end } });
      }
      const note = mapped.verified.text.replace(/\[(\d+)\]/g, (_m, n: string) => `[${offset + Number(n)}]`);
      notes.push(`${article.title}: ${note}`);
    }
    if (quotes.length === 0) return { ok: false, reason: 'unverifiable' };
    const task = `Write one overview of these ${request.articles.length} news articles, combining the notes below. The passages are the quotes the notes cite; cite them by number.`;
    return this.step(request, task, neutralise(notes.join('\n\n')), 'one paragraph of five to eight sentences', quotes, true);
  }

  /**
   * One call and its verification. With `carryThrough` (the reduce step), a marker without a
   * citation, or a citation without a quote, cites its whole source (a map-step quote).
   */
  private async step(
    request: SummaryRequest,
    task: string,
    context: string,
    length: string,
    sources: VerifySource[],
    carryThrough = false,
  ): Promise<Step> {
    if (sources.length === 0) return { ok: false, reason: 'unverifiable' };
    const user = renderPrompt(this.prompts.summary, {
      task,
      language: languageName(request.language),
      length,
      context,
      passages: formatPassages(sources),
    });
    const call = await completeWithRoom(
      this.options.model,
      {
        system: renderPrompt(this.prompts.system, {}),
        user,
        json: true,
        schema: SUMMARY_JSON_SCHEMA,
        maxTokens: this.options.maxTokens ?? 900,
        ...(request.signal ? { signal: request.signal } : {}),
      },
      this.options.logger,
    );
    if (!call.ok) return call;
    const reply = call.text;
    let parsed;
    try {
      parsed = parseReply(reply, summaryReplySchema);
    } catch (error) {
      return { ok: false, reason: 'malformed', cause: error };
    }
    const claimed = carryThrough ? carry(parsed.summary, parsed.citations, sources) : parsed.citations;
    // Every statement shown must be sourced: sentences left without a verified citation are dropped.
    const verified = keepCitedSentences(verifyCitations(parsed.summary, claimed, sources), request.language);
    if (verified.dropped.length > 0 || verified.droppedSentences.length > 0) {
      this.options.logger.info({ model: this.options.model.id, dropped: verified.dropped, droppedSentences: verified.droppedSentences.length }, 'dropped unverifiable citations and uncited sentences');
    }
    return verified.citations.length > 0 && verified.text !== '' ? { ok: true, verified } : { ok: false, reason: 'unverifiable' };
  }

  /** Numbers chunks 1..N, keeping as many leading chunks as fit the character budget. */
  private number(chunks: readonly Chunk[]): VerifySource[] {
    const budget = this.options.maxSourceChars ?? 24_000;
    const sources: VerifySource[] = [];
    let used = 0;
    for (const chunk of chunks) {
      if (sources.length > 0 && used + chunk.text.length > budget) break;
      used += chunk.text.length;
      sources.push({ n: sources.length + 1, chunk });
    }
    return sources;
  }

  private async fallBack(request: SummaryRequest, reason: FallbackReason, cause: unknown): Promise<Summary> {
    const log = { model: this.options.model.id, scope: request.scope, reason, err: cause };
    if (reason === 'auth') this.options.logger.error(log, 'model provider rejected the API key; summarising extractively');
    else this.options.logger.warn(log, 'language model summary unusable; summarising extractively');
    const summary = await this.options.fallback.summarize(request);
    return { ...summary, notice: fallbackNotice(reason, request.language, 'summary') };
  }
}

/** Completes the reduce step's citations: quote-less ones and bare markers cite the whole map quote. */
function carry(text: string, citations: readonly ReplyCitation[], sources: readonly VerifySource[]): ReplyCitation[] {
  const whole = new Map(sources.map((source) => [source.n, source.chunk.text]));
  const filled = citations.map((c) => (c.quote.trim() === '' ? { n: c.n, quote: whole.get(c.n) ?? '' } : c));
  const cited = new Set(filled.map((c) => c.n));
  for (const match of text.matchAll(/\d+/g)) {
    const n = Number(match[0]);
    const before = text.slice(0, match.index);
    if (!cited.has(n) && whole.has(n) && /\[[\d\s,;]*$/.test(before)) {
      filled.push({ n, quote: whole.get(n)! });
      cited.add(n);
    }
  }
  return filled;
}

/** Builds the `ANSWERS=llm` summarizer from config. */
export function createLlmSummarizer(deps: {
  config: OpenAIClientConfig & Pick<Config, 'CHAT_MODEL'>;
  fallback: Summarizer;
  chunksOf: (docId: string) => Chunk[];
  logger: Logger;
}): LlmSummarizer {
  const model = new OpenAIChatModel({ client: createOpenAIClient(deps.config), model: deps.config.CHAT_MODEL, logger: deps.logger });
  return new LlmSummarizer({ model, fallback: deps.fallback, chunksOf: deps.chunksOf, logger: deps.logger });
}
