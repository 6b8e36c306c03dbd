/**
 * Composition root of the application service: builds the embedder, the index (ingesting on first
 * use, incrementally), the retriever, and the answerer and summariser chosen by configuration.
 * Every front end (CLI, console, Discord) talks to the `Assistant` this returns.
 */
import type { Config } from './config.ts';
import { detectLanguage } from './corpus/language.ts';
import { fold } from './corpus/text.ts';
import { LocalEmbedder } from './embed/local-embedder.ts';
import { CrisisbotError, DataDirError, IngestLockError } from './errors.ts';
import { DEFAULT_CHUNK_OPTIONS } from './ingest/chunk.ts';
import { ingest, type IngestSummary } from './ingest/pipeline.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { Answerer, ArticleInfo, Assistant, Backend, Embedder, IndexIdentity, IndexSnapshot, SourceEntry, Summarizer } from './ports.ts';
import { DEFAULT_RETRIEVAL_OPTIONS, HybridRetriever, type RetrievalOptions } from './retrieve/hybrid.ts';
import { conversationContext } from './retrieve/follow-up.ts';
import { Lexicon } from './retrieve/lexicon.ts';
import { analyseQuestion } from './retrieve/question.ts';
import { ExtractiveAnswerer } from './answer/extractive-answerer.ts';
import { ExtractiveSummarizer } from './answer/extractive-summarizer.ts';
import { LIST_PASSAGES, listsByName } from './answer/sentence-selection.ts';
import { abstain, DEFAULT_ABSTENTION, isCovered, type AbstentionPolicy } from './answer/abstention.ts';
import type { CheckService, CheckRefiner } from './answer/check-service.ts';
import { createLocalBackend } from './store/local/backend.ts';
import { createPostgresBackend } from './store/postgres/lazy.ts';
import type { AddedArticle, Answer, Article, Chunk, ClaimCheck, Lang, Retrieval, Summary, Timeline, Turn } from './types.ts';
import { createModelAnswering, createModelCheckRefiner, createModelEmbedder } from './model-providers.ts';

export interface AssistantOptions {
  logger?: Logger;
  /** Progress of an ingest run at start-up: (done, total) chunks. */
  onProgress?: (done: number, total: number) => void;
  /** Run an incremental ingest before serving (default true): picks up added, changed or removed articles. */
  refresh?: boolean;
  /** The store to use (default: the one the configuration names). */
  backend?: Backend;
  /**
   * A question asked while the index's vectors are still loading: `wait` for them (default; one-shot
   * commands answer as they always did), or answer at once from the lexical candidates (the bot).
   */
  whileVectorsLoad?: RetrievalOptions['whileVectorsLoad'];
}

/** Builds the store the configuration asks for: the local files in DATA_DIR, or PostgreSQL (DATABASE_URL). */
export function createBackend(config: Config, logger?: Logger): Backend {
  const conversations = { retention: { maxTurns: config.CONVERSATION_MAX_TURNS, maxAgeMs: config.CONVERSATION_MAX_AGE_DAYS * 86_400_000 } };
  if (config.STORE === 'postgres' && config.DATABASE_URL) return createPostgresBackend(config.DATABASE_URL, { conversations, queryTimeoutMs: config.DATABASE_QUERY_TIMEOUT_MS });
  return createLocalBackend(config.DATA_DIR, logger, { conversations });
}

/** Builds the embedder the configuration asks for. */
export async function createEmbedder(config: Config): Promise<Embedder> {
  if (config.EMBEDDINGS === 'local') return new LocalEmbedder();
  return createModelEmbedder(config);
}

/** What an index built by this embedder with the default chunking must say it was built with. */
export function indexIdentity(embedder: Embedder): IndexIdentity {
  return { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: { ...DEFAULT_CHUNK_OPTIONS } };
}

/** Runs an incremental ingest with the configured corpus, store and embedder. */
export async function ingestCorpus(
  config: Config,
  embedder: Embedder,
  options: { rebuild?: boolean; onInvalidIndex?: 'rebuild' | 'throw'; waitForLock?: boolean; onProgress?: (done: number, total: number) => void; logger?: Logger; backend?: Backend } = {},
): Promise<IngestSummary> {
  const { backend, ...rest } = options;
  const store = backend ?? createBackend(config, options.logger);
  try {
    return await ingest({ corpusDir: config.CORPUS_DIR, repository: store.index, embedder, chunking: DEFAULT_CHUNK_OPTIONS, ...rest });
  } finally {
    if (!backend) await store.close();
  }
}

/** Opens the live generation for this embedder and chunking (throws IndexError when missing, corrupt or mismatched). */
export function openIndex(backend: Backend, embedder: Embedder): Promise<IndexSnapshot> {
  return backend.index.open(indexIdentity(embedder));
}

export class CrisisAssistant implements Assistant {
  /** Claim checks and timelines, loaded on first use (their date parser, chrono-node, is slow to load). */
  private checkService: Promise<CheckService> | undefined;
  private readonly makeChecks: () => Promise<CheckService>;
  /** The store this assistant opened itself (closed by `close()`); undefined when it was given one. */
  ownedBackend: Backend | undefined;

  constructor(
    readonly snapshot: IndexSnapshot,
    readonly embedder: Embedder,
    readonly retriever: HybridRetriever,
    private readonly answerer: Answerer,
    private readonly summarizer: Summarizer,
    private readonly config: Config,
    private readonly abstention: AbstentionPolicy = DEFAULT_ABSTENTION,
    refiner?: CheckRefiner,
    /** Every article and its chunks, read from the snapshot on first use (what claim checks, timelines and summaries scan). */
    private readonly corpus: LazyCorpus = lazyCorpus(snapshot),
  ) {
    this.makeChecks = async () => {
      const [{ CheckService }, view] = await Promise.all([import('./answer/check-service.ts'), corpus.load()]);
      return new CheckService({ articles: view.articles, chunksOf: view.chunksOf, retriever, isCovered: (retrieval) => isCovered(retrieval, abstention), refiner });
    };
  }

  private checks(): Promise<CheckService> {
    this.checkService ??= this.makeChecks();
    return this.checkService;
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
    // A follow-up ("and Macron?") is searched with the question it continues; a question complete on its own, alone.
    const context = conversationContext(text, options.history, language);
    // A list ("which countries…", "quels responsables…") is read from more passages: its items are spread across the articles.
    const k = context === undefined && listsByName(analyseQuestion(text, language)) ? LIST_PASSAGES : 5;
    const retrieval = await this.retriever.retrieve(text, k, language, context !== undefined ? { context } : {});
    // The same calibrated bar for every answerer: no model is asked when nothing supports an answer.
    if (!isCovered(retrieval, this.abstention)) return abstain(text, language, retrieval);
    const answerOptions = { language, ...(options.history ? { history: options.history } : {}), ...(context !== undefined ? { context } : {}), ...(options.signal ? { signal: options.signal } : {}) };
    return this.answerer.answer(text, retrieval, answerOptions);
  }

  async search(query: string, k = 5): Promise<Retrieval> {
    return this.retriever.retrieve(this.validate(query), Math.max(1, Math.min(k, 50)));
  }

  /** Every article with its text, sorted by id. */
  async allArticles(): Promise<Article[]> {
    const articles: Article[] = [];
    for (const info of await this.snapshot.articles()) {
      const article = await this.snapshot.article(info.docId);
      if (article) articles.push(article);
    }
    return articles;
  }

  /** Finds an article by exact id, or by id/title containing the text (case- and accent-insensitive). */
  private async resolveArticle(reference: string): Promise<Article | undefined> {
    const exact = await this.snapshot.article(reference.trim());
    if (exact) return exact;
    const found = (await this.findArticles(reference, 1))[0];
    return found ? this.snapshot.article(found.docId) : undefined;
  }

  async summarize(request: { article?: string; topic?: string; language?: Lang; signal?: AbortSignal }): Promise<Summary> {
    const signal = request.signal ? { signal: request.signal } : {};
    // The summarisers cite through the corpus view's chunk lists.
    await this.corpus.load();
    if (request.article !== undefined && request.article.trim() !== '') {
      const article = await this.resolveArticle(request.article);
      if (!article) throw new CrisisbotError('NOT_FOUND', `No article matches “${request.article.slice(0, 80)}”. Try /sources for the list.`);
      return this.summarizer.summarize({ scope: 'article', target: article.docId, language: request.language ?? article.lang, articles: [article], ...signal });
    }
    const articles = await this.allArticles();
    if (request.topic !== undefined && request.topic.trim() !== '') {
      const topic = this.validate(request.topic);
      const language = request.language ?? detectLanguage(topic);
      const retrieval = await this.retriever.retrieve(topic, 6, language);
      const relevant = isCovered(retrieval, this.abstention) ? retrieval : { ...retrieval, passages: [] };
      return this.summarizer.summarize({ scope: 'topic', target: topic, language, articles, retrieval: relevant, ...signal });
    }
    return this.summarizer.summarize({ scope: 'corpus', language: request.language ?? 'en', articles, ...signal });
  }

  async sources(): Promise<SourceEntry[]> {
    return (await this.snapshot.articles()).map(sourceEntry);
  }

  async findArticles(partial: string, limit = 25): Promise<SourceEntry[]> {
    const needle = fold(partial.trim());
    return (await this.sources()).filter((s) => needle === '' || fold(s.title).includes(needle) || fold(s.docId).includes(needle)).slice(0, limit);
  }

  chunk(chunkId: string): Promise<Chunk | undefined> {
    return this.snapshot.chunk(chunkId);
  }

  /** Releases the store when this assistant opened it (a database pool would keep the process alive). */
  async close(): Promise<void> {
    const backend = this.ownedBackend;
    this.ownedBackend = undefined;
    await backend?.close();
  }

  async check(claim: string, options: { language?: Lang; signal?: AbortSignal } = {}): Promise<ClaimCheck> {
    return (await this.checks()).check(this.validate(claim), options.language, options.signal);
  }

  async timeline(options: { topic?: string; language?: Lang; signal?: AbortSignal } = {}): Promise<Timeline> {
    const topic = options.topic !== undefined && options.topic.trim() !== '' ? this.validate(options.topic) : undefined;
    return (await this.checks()).timeline(topic, options.language ?? (topic ? detectLanguage(topic) : 'en'), options.signal);
  }

  /** This assistant serves one fixed index: adding articles is the live assistant's job. */
  addArticle(): Promise<AddedArticle> {
    return Promise.reject(new CrisisbotError('READ_ONLY', 'This assistant serves a fixed index; articles are added through the running bot (or by saving them into the corpus folder and running `crisisbot ingest`).'));
  }
}

/** One line of /sources for an article. */
function sourceEntry(info: ArticleInfo): SourceEntry {
  const entry: SourceEntry = { docId: info.docId, title: info.title, lang: info.lang, chunks: info.chunks };
  if (info.source.date) entry.date = info.source.date;
  if (info.source.publisher) entry.publisher = info.source.publisher;
  return entry;
}

/** Every article with its text and its chunks in reading order (what the summarisers and the checks take). */
export interface CorpusView {
  articles: Map<string, Article>;
  chunksOf: (docId: string) => Chunk[];
}

/**
 * The corpus view, read from the snapshot at its first use and kept: opening an index reads no
 * article (on a shared store, reading them all at every start would not scale). `chunksOf` is
 * synchronous for the summarisers: it answers from the view once `load()` has resolved.
 */
export interface LazyCorpus {
  load(): Promise<CorpusView>;
  chunksOf(docId: string): Chunk[];
}

export function lazyCorpus(snapshot: IndexSnapshot): LazyCorpus {
  let view: CorpusView | undefined;
  let loading: Promise<CorpusView> | undefined;
  return {
    load() {
      loading ??= readCorpus(snapshot).then((read) => (view = read));
      // A failed read (a database restarting) is tried again next time.
      loading.catch(() => (loading = undefined));
      return loading;
    },
    chunksOf(docId) {
      if (!view) throw new Error('the corpus view is read on first use: await load() before chunksOf()');
      return view.chunksOf(docId);
    },
  };
}

/** Reads every article and its chunks from the snapshot. */
async function readCorpus(snapshot: IndexSnapshot): Promise<CorpusView> {
  const articles = new Map<string, Article>();
  const byDoc = new Map<string, Chunk[]>();
  for (const info of await snapshot.articles()) {
    const article = await snapshot.article(info.docId);
    if (article) articles.set(info.docId, article);
    byDoc.set(info.docId, await snapshot.chunksOf(info.docId));
  }
  return { articles, chunksOf: (docId) => byDoc.get(docId) ?? [] };
}

/** Builds the assistant from configuration: ingest if needed, then open the live generation. */
export async function createAssistant(config: Config, options: AssistantOptions = {}): Promise<CrisisAssistant> {
  const logger = options.logger ?? silentLogger();
  const backend = options.backend ?? createBackend(config, logger);
  try {
    const assistant = await openAssistant(config, backend, logger, options);
    if (!options.backend) assistant.ownedBackend = backend;
    return assistant;
  } catch (error) {
    if (!options.backend) await backend.close();
    throw error;
  }
}

async function openAssistant(config: Config, backend: Backend, logger: Logger, options: AssistantOptions): Promise<CrisisAssistant> {
  const embedder = await createEmbedder(config);
  if (options.refresh ?? true) {
    // The live generation starts loading now, and the refresh scans the corpus meanwhile: its ingest
    // opens the same generation (a store shares the copy it opened), so a refresh that finds nothing
    // new costs little more than the open. A failure here is the refresh's to report.
    openIndex(backend, embedder).catch(() => undefined);
    await refreshBeforeServing(config, embedder, backend, logger, options.onProgress);
  }
  return buildAssistant(config, embedder, await openIndex(backend, embedder), logger, options.whileVectorsLoad);
}

/**
 * The incremental ingest before serving. A corrupt or mismatched index is reported (with the
 * command that fixes it), not silently rebuilt. A DATA_DIR that cannot be written (read-only,
 * full) does not stop serving the index it already has: the failure is logged, saying so. Nor
 * does another process's ingest: serving never waits for the ingest lock while an index exists.
 */
async function refreshBeforeServing(config: Config, embedder: Embedder, backend: Backend, logger: Logger, onProgress?: (done: number, total: number) => void): Promise<void> {
  let summary: IngestSummary;
  try {
    const waitForLock = (await backend.index.currentGeneration()) === undefined;
    summary = await ingestCorpus(config, embedder, { logger, backend, onInvalidIndex: 'throw', waitForLock, ...(onProgress ? { onProgress } : {}) });
  } catch (error) {
    const unwritable = (error instanceof DataDirError && error.code !== 'DATA_DIR_INVALID') || error instanceof IngestLockError;
    if (!unwritable || (await backend.index.currentGeneration()) === undefined) throw error;
    const message = error.code === 'INGEST_BUSY' ? `${error.message} Serving the current index; its changes appear once it publishes.` : `Serving the index as it is: ${error.message}`;
    logger.warn({ code: error.code }, message);
    return;
  }
  for (const skipped of summary.skipped) logger.warn({ file: skipped.path }, `Skipped ${skipped.path}: ${skipped.reason}`);
  if (summary.embeddedChunks > 0 || summary.removed.length > 0) {
    logger.info({ added: summary.added.length, changed: summary.changed.length, removed: summary.removed.length, chunks: summary.chunks }, 'Index updated');
  }
}

/** Builds the assistant over an opened generation (no ingest). */
export async function buildAssistant(config: Config, embedder: Embedder, snapshot: IndexSnapshot, logger: Logger = silentLogger(), whileVectorsLoad: RetrievalOptions['whileVectorsLoad'] = 'wait'): Promise<CrisisAssistant> {
  const retriever = await HybridRetriever.open(snapshot, embedder, Lexicon.load(), { ...DEFAULT_RETRIEVAL_OPTIONS, whileVectorsLoad });
  const scorer = retriever.scorer;
  // Each embedder declares its calibrated relevance bar (0 for a model's embeddings, whose cosine
  // has another scale: then only the unknown-name check and the model's "not in the sources" apply).
  const abstention: AbstentionPolicy = { ...DEFAULT_ABSTENTION, minRelevance: embedder.relevance.minRelevance };
  const corpus = lazyCorpus(snapshot);
  const chunksByDoc = (docId: string): Chunk[] => corpus.chunksOf(docId);
  // Whole articles for answers that look past the retrieved chunk, read through the snapshot port.
  const articles = { article: (docId: string) => snapshot.article(docId), chunksOf: (docId: string) => snapshot.chunksOf(docId) };
  const extractive = new ExtractiveAnswerer({ scorer, lexicon: retriever.lexicon, articles, isCovered: (retrieval) => isCovered(retrieval, abstention) });
  const extractiveSummaries = new ExtractiveSummarizer(scorer, chunksByDoc);
  let answerer: Answerer = extractive;
  let summarizer: Summarizer = extractiveSummaries;
  let refiner: CheckRefiner | undefined;
  if (config.ANSWERS === 'llm') {
    ({ answerer, summarizer } = await createModelAnswering(config, { answerer: extractive, summarizer: extractiveSummaries }, chunksByDoc, logger));
    refiner = await createModelCheckRefiner(config, logger);
  }
  return new CrisisAssistant(snapshot, embedder, retriever, answerer, summarizer, config, abstention, refiner, corpus);
}
