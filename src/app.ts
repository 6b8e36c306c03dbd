/**
 * Composition root of the application service: builds the embedder, the index (ingesting on first
 * use, incrementally), the retriever, and the answerer and summariser chosen by configuration.
 * Every front end (CLI, console, Discord) talks to the `Assistant` this returns.
 */
import type { Config } from './config.ts';
import { detectLanguage } from './corpus/language.ts';
import { fold } from './corpus/text.ts';
import { LocalEmbedder } from './embed/local-embedder.ts';
import { CrisisbotError } from './errors.ts';
import { DEFAULT_CHUNK_OPTIONS } from './ingest/chunk.ts';
import { ingest, type IngestSummary } from './ingest/pipeline.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { Answerer, Assistant, Embedder, SourceEntry, Summarizer } from './ports.ts';
import { readIndex, type IndexData } from './store/index-store.ts';
import { HybridRetriever } from './retrieve/hybrid.ts';
import { Lexicon } from './retrieve/lexicon.ts';
import { ExtractiveAnswerer } from './answer/extractive-answerer.ts';
import { ExtractiveSummarizer } from './answer/extractive-summarizer.ts';
import { abstain, DEFAULT_ABSTENTION, isCovered, type AbstentionPolicy } from './answer/abstention.ts';
import type { AddedArticle, Answer, Chunk, ClaimCheck, Lang, Retrieval, Summary, Timeline, Turn } from './types.ts';
import { CheckService, type CheckRefiner } from './answer/check-service.ts';
import { createModelAnswering, createModelEmbedder } from './model-providers.ts';

export interface AssistantOptions {
  logger?: Logger;
  /** Progress of an ingest run at start-up: (done, total) chunks. */
  onProgress?: (done: number, total: number) => void;
  /** Run an incremental ingest before serving (default true): picks up added, changed or removed articles. */
  refresh?: boolean;
}

/** Builds the embedder the configuration asks for. */
export async function createEmbedder(config: Config): Promise<Embedder> {
  if (config.EMBEDDINGS === 'local') return new LocalEmbedder();
  return createModelEmbedder(config);
}

/** Runs an incremental ingest with the configured corpus, data folder and embedder. */
export function ingestCorpus(
  config: Config,
  embedder: Embedder,
  options: { rebuild?: boolean; onInvalidIndex?: 'rebuild' | 'throw'; onProgress?: (done: number, total: number) => void; logger?: Logger } = {},
): Promise<IngestSummary> {
  return ingest({ corpusDir: config.CORPUS_DIR, dataDir: config.DATA_DIR, embedder, chunking: DEFAULT_CHUNK_OPTIONS, ...options });
}

/** Reads the index for this embedder and chunking (throws IndexError when missing, corrupt or mismatched). */
export function openIndex(config: Config, embedder: Embedder): Promise<IndexData> {
  return readIndex(config.DATA_DIR, { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: DEFAULT_CHUNK_OPTIONS });
}

/** A follow-up that leans on the conversation ("and what did Russia reply?"): few content words. */
function contextualQuery(question: string, history: Turn[] | undefined): string {
  const previous = [...(history ?? [])].reverse().find((turn) => turn.role === 'user');
  if (!previous) return question;
  const words = question.match(/\p{L}{3,}/gu) ?? [];
  return words.length <= 6 ? `${previous.content} ${question}` : question;
}

export class CrisisAssistant implements Assistant {
  /** Chunks of an article in reading order. */
  readonly chunksOf: (docId: string) => Chunk[];
  private readonly checks: CheckService;

  constructor(
    readonly index: IndexData,
    readonly embedder: Embedder,
    readonly retriever: HybridRetriever,
    private readonly answerer: Answerer,
    private readonly summarizer: Summarizer,
    private readonly config: Config,
    private readonly abstention: AbstentionPolicy = DEFAULT_ABSTENTION,
    refiner?: CheckRefiner,
  ) {
    this.chunksOf = groupChunks(index);
    this.checks = new CheckService({ articles: index.articles, chunksOf: this.chunksOf, retriever, isCovered: (retrieval) => isCovered(retrieval, abstention), refiner });
  }

  /** The FR↔EN lexicon the retriever expands queries with. */
  get lexicon(): Lexicon {
    return this.retriever.lexicon;
  }

  private validate(question: string): string {
    const text = question.trim();
    if (text === '') throw new CrisisbotError('QUESTION_EMPTY', 'Please ask a question — the text was empty.');
    if (text.length > this.config.MAX_QUESTION_CHARS) {
      throw new CrisisbotError('QUESTION_TOO_LONG', `That question is ${text.length} characters long; please keep it under ${this.config.MAX_QUESTION_CHARS}.`);
    }
    return text;
  }

  async ask(question: string, options: { history?: Turn[]; signal?: AbortSignal } = {}): Promise<Answer> {
    const text = this.validate(question);
    const previous = [...(options.history ?? [])].reverse().find((t) => t.role === 'user')?.content;
    const language = detectLanguage(text, previous ? detectLanguage(previous) : 'en');
    const retrieval = await this.retriever.retrieve(contextualQuery(text, options.history), 5, language);
    // The same calibrated bar for every answerer: no model is asked when nothing supports an answer.
    if (!isCovered(retrieval, this.abstention)) return abstain(text, language, retrieval);
    const answerOptions = { language, ...(options.history ? { history: options.history } : {}), ...(options.signal ? { signal: options.signal } : {}) };
    return this.answerer.answer(text, retrieval, answerOptions);
  }

  async search(query: string, k = 5): Promise<Retrieval> {
    return this.retriever.retrieve(this.validate(query), Math.max(1, Math.min(k, 50)));
  }

  /** Finds an article by exact id, or by id/title containing the text (case- and accent-insensitive). */
  private async resolveArticle(reference: string): Promise<SourceEntry | undefined> {
    const exact = this.index.articles.get(reference.trim());
    if (exact) return this.entry(exact.docId);
    return (await this.findArticles(reference, 1))[0];
  }

  async summarize(request: { article?: string; topic?: string; language?: Lang; signal?: AbortSignal }): Promise<Summary> {
    const articles = [...this.index.articles.values()].sort((a, b) => a.docId.localeCompare(b.docId));
    const signal = request.signal ? { signal: request.signal } : {};
    if (request.article !== undefined && request.article.trim() !== '') {
      const found = await this.resolveArticle(request.article);
      const article = found ? this.index.articles.get(found.docId) : undefined;
      if (!article) throw new CrisisbotError('NOT_FOUND', `No article matches “${request.article.slice(0, 80)}”. Try /sources for the list.`);
      return this.summarizer.summarize({ scope: 'article', target: article.docId, language: request.language ?? article.lang, articles: [article], ...signal });
    }
    if (request.topic !== undefined && request.topic.trim() !== '') {
      const topic = this.validate(request.topic);
      const language = request.language ?? detectLanguage(topic);
      const retrieval = await this.retriever.retrieve(topic, 6, language);
      const relevant = isCovered(retrieval, this.abstention) ? retrieval : { ...retrieval, passages: [] };
      return this.summarizer.summarize({ scope: 'topic', target: topic, language, articles, retrieval: relevant, ...signal });
    }
    return this.summarizer.summarize({ scope: 'corpus', language: request.language ?? 'en', articles, ...signal });
  }

  private entry(docId: string): SourceEntry | undefined {
    const article = this.index.articles.get(docId);
    if (!article) return undefined;
    const entry: SourceEntry = { docId, title: article.title, lang: article.lang, chunks: this.chunksOf(docId).length };
    if (article.source.date) entry.date = article.source.date;
    if (article.source.publisher) entry.publisher = article.source.publisher;
    return entry;
  }

  private sourceList(): SourceEntry[] {
    return [...this.index.articles.keys()].sort().flatMap((docId) => this.entry(docId) ?? []);
  }

  sources(): Promise<SourceEntry[]> {
    return Promise.resolve(this.sourceList());
  }

  findArticles(partial: string, limit = 25): Promise<SourceEntry[]> {
    const needle = fold(partial.trim());
    return Promise.resolve(
      this.sourceList()
        .filter((s) => needle === '' || fold(s.title).includes(needle) || fold(s.docId).includes(needle))
        .slice(0, limit),
    );
  }

  chunk(chunkId: string): Promise<Chunk | undefined> {
    return Promise.resolve(this.index.chunks.get(chunkId));
  }

  async check(claim: string, options: { language?: Lang; signal?: AbortSignal } = {}): Promise<ClaimCheck> {
    return this.checks.check(this.validate(claim), options.language, options.signal);
  }

  async timeline(options: { topic?: string; language?: Lang; signal?: AbortSignal } = {}): Promise<Timeline> {
    const topic = options.topic !== undefined && options.topic.trim() !== '' ? this.validate(options.topic) : undefined;
    return this.checks.timeline(topic, options.language ?? (topic ? detectLanguage(topic) : 'en'), options.signal);
  }

  /** This assistant serves one fixed index: adding articles is the live assistant's job. */
  addArticle(): Promise<AddedArticle> {
    return Promise.reject(new CrisisbotError('READ_ONLY', 'This assistant serves a fixed index; articles are added through the running bot (or by saving them into the corpus folder and running `crisisbot ingest`).'));
  }
}

/** Chunks of each article in reading order, as a lookup function. */
function groupChunks(index: IndexData): (docId: string) => Chunk[] {
  const byDoc = new Map<string, Chunk[]>();
  for (const chunk of index.chunks.values()) {
    const list = byDoc.get(chunk.docId);
    if (list) list.push(chunk);
    else byDoc.set(chunk.docId, [chunk]);
  }
  for (const list of byDoc.values()) list.sort((a, b) => a.index - b.index);
  return (docId) => byDoc.get(docId) ?? [];
}

/** Builds the assistant from configuration: ingest if needed, then open the index. */
export async function createAssistant(config: Config, options: AssistantOptions = {}): Promise<CrisisAssistant> {
  const logger = options.logger ?? silentLogger();
  const embedder = await createEmbedder(config);
  if (options.refresh ?? true) {
    // A corrupt or mismatched index is reported (with the command that fixes it), not silently rebuilt.
    const summary = await ingestCorpus(config, embedder, { logger, onInvalidIndex: 'throw', ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    for (const skipped of summary.skipped) logger.warn({ file: skipped.path }, `Skipped ${skipped.path}: ${skipped.reason}`);
    if (summary.embeddedChunks > 0 || summary.removed.length > 0) {
      logger.info({ added: summary.added.length, changed: summary.changed.length, removed: summary.removed.length, chunks: summary.chunks }, 'Index updated');
    }
  }
  return buildAssistant(config, embedder, await openIndex(config, embedder), logger);
}

/** Builds the assistant over an opened index (no ingest). */
export async function buildAssistant(config: Config, embedder: Embedder, index: IndexData, logger: Logger = silentLogger()): Promise<CrisisAssistant> {
  const retriever = new HybridRetriever(index, embedder, Lexicon.load());
  const scorer = retriever.scorer;
  // Each embedder declares its calibrated relevance bar (0 for a model's embeddings, whose cosine
  // has another scale: then only the unknown-name check and the model's "not in the sources" apply).
  const abstention: AbstentionPolicy = { ...DEFAULT_ABSTENTION, minRelevance: embedder.relevance.minRelevance };
  const extractive = new ExtractiveAnswerer(scorer, (retrieval) => isCovered(retrieval, abstention));
  const chunksByDoc = groupChunks(index);
  const extractiveSummaries = new ExtractiveSummarizer(scorer, chunksByDoc);
  let answerer: Answerer = extractive;
  let summarizer: Summarizer = extractiveSummaries;
  if (config.ANSWERS === 'llm') {
    ({ answerer, summarizer } = await createModelAnswering(config, { answerer: extractive, summarizer: extractiveSummaries }, chunksByDoc, logger));
  }
  return new CrisisAssistant(index, embedder, retriever, answerer, summarizer, config, abstention);
}
