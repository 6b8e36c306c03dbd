/**
 * An assistant that follows its corpus folder: when articles are added, changed or removed, it
 * re-ingests incrementally (only what changed is embedded) and swaps in the new index between
 * requests. Questions in flight finish on the index they started with.
 */
import { watch, type FSWatcher } from 'node:fs';
import { buildAssistant, createAssistant, createBackend, ingestCorpus, openIndex, type AssistantOptions, type CrisisAssistant } from './app.ts';
import type { Config } from './config.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { Assistant, Backend, Embedder } from './ports.ts';
import { ArticleRejected } from './articles/rejection.ts';
import { saveArticle } from './articles/save.ts';
import type { IngestSummary } from './ingest/pipeline.ts';
import type { AddedArticle, NewArticle } from './types.ts';

/** Less text than this is not an article. */
const MIN_ARTICLE_CHARS = 200;

export class LiveAssistant implements Assistant {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private refreshing: Promise<boolean> | undefined;
  private adding: Promise<unknown> = Promise.resolve();
  /** Failed checks of the shared index in a row (the store unreachable). */
  private followFailures = 0;

  private constructor(
    private current: CrisisAssistant,
    private readonly embedder: Embedder,
    /** The store the index, the conversations and the feedback live in. */
    readonly backend: Backend,
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly whileVectorsLoad: AssistantOptions['whileVectorsLoad'] = 'wait',
  ) {}

  static async create(config: Config, options: AssistantOptions = {}): Promise<LiveAssistant> {
    const logger = options.logger ?? silentLogger();
    const backend = options.backend ?? createBackend(config, logger);
    try {
      const assistant = await createAssistant(config, { ...options, backend });
      return new LiveAssistant(assistant, assistant.embedder, backend, config, logger, options.whileVectorsLoad);
    } catch (error) {
      if (!options.backend) await backend.close();
      throw error;
    }
  }

  /** The assistant over the generation served now. */
  get assistant(): CrisisAssistant {
    return this.current;
  }

  /** Re-ingests the corpus; returns true when the index changed. Concurrent calls share one run. */
  refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        return (await this.reindex()).changed;
      } catch (error) {
        this.logger.error({ err: error }, 'Re-indexing the corpus failed; still serving the previous index');
        return false;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** One incremental ingest and, when something changed, the swap to the new index; throws on failure. */
  private async reindex(): Promise<{ changed: boolean; summary: IngestSummary }> {
    const summary = await ingestCorpus(this.config, this.embedder, { logger: this.logger, backend: this.backend });
    for (const skipped of summary.skipped) this.logger.warn({ file: skipped.path }, `Skipped ${skipped.path}: ${skipped.reason}`);
    if (summary.added.length + summary.changed.length + summary.removed.length === 0) return { changed: false, summary };
    this.current = await buildAssistant(this.config, this.embedder, await openIndex(this.backend, this.embedder), this.logger, this.whileVectorsLoad);
    this.logger.info({ added: summary.added, changed: summary.changed, removed: summary.removed }, 'Corpus re-indexed');
    return { changed: true, summary };
  }

  /**
   * Saves the article into the corpus folder and indexes it before returning, so it can be asked
   * about at once. One addition at a time; a failed one is rolled back (file and sources.json).
   */
  addArticle(article: NewArticle): Promise<AddedArticle> {
    const run = this.adding.then(() => this.addNow(article));
    this.adding = run.catch(() => undefined);
    return run;
  }

  private async addNow(article: NewArticle): Promise<AddedArticle> {
    if (article.text.trim().length < MIN_ARTICLE_CHARS) throw new ArticleRejected('too-short');
    while (this.refreshing) await this.refreshing;
    const saved = await saveArticle(this.config.CORPUS_DIR, article, await this.current.allArticles());
    let result: Promise<boolean> | undefined;
    try {
      const run = this.reindex();
      this.refreshing = result = run.then((r) => r.changed);
      const { summary } = await run;
      const indexed = await this.current.snapshot.article(saved.docId);
      if (!indexed) throw new ArticleRejected('not-indexed', summary.skipped.find((s) => s.path.endsWith(saved.path))?.reason ?? '');
      const chunks = (await this.current.sources()).find((s) => s.docId === saved.docId)?.chunks ?? 0;
      this.logger.info({ docId: saved.docId, chunks }, 'Article added');
      return { docId: saved.docId, title: indexed.title, lang: indexed.lang, chunks, path: saved.path };
    } catch (error) {
      await saved.rollback();
      await this.reindex().catch((restoreError: unknown) => this.logger.error({ err: restoreError }, 'Re-indexing after a failed addition failed'));
      throw error;
    } finally {
      if (this.refreshing === result) this.refreshing = undefined;
    }
  }

  /**
   * Watches the corpus folder and refreshes `debounceMs` after the last change; on a shared store,
   * also follows other processes' ingests.
   */
  watch(debounceMs = 2000): void {
    this.followShared();
    if (this.watcher) return;
    try {
      this.watcher = watch(this.config.CORPUS_DIR, { recursive: true }, () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.refresh(), debounceMs);
      });
      this.watcher.on('error', (error) => this.logger.warn({ err: error }, 'Corpus watcher stopped'));
    } catch (error) {
      this.logger.warn({ err: error }, 'Cannot watch the corpus folder; new articles are picked up at the next start');
    }
  }

  /**
   * Serves the generation another process published, if any (a shared store): returns true when
   * it switched. Cheap when nothing changed (one read of the live generation's id).
   */
  follow(): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        const live = await this.backend.index.currentGeneration();
        if (this.followFailures > 0) this.logger.info({ failedChecks: this.followFailures }, 'The shared index can be checked again');
        this.followFailures = 0;
        if (live === undefined || live === this.current.snapshot.generation) return false;
        this.current = await buildAssistant(this.config, this.embedder, await openIndex(this.backend, this.embedder), this.logger, this.whileVectorsLoad);
        this.logger.info({ generation: this.current.snapshot.generation }, 'Serving the index another process published');
        return true;
      } catch (error) {
        // Once at warn per outage; the checks after it (every INDEX_POLL_SECONDS) at debug.
        this.logger[this.followFailures++ === 0 ? 'warn' : 'debug']({ err: error }, 'Could not check the shared index for a newer generation; still serving the current one');
        return false;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** On a shared store, checks every `seconds` for another process's ingest (see {@link follow}). */
  followShared(seconds = this.config.INDEX_POLL_SECONDS): void {
    if (this.poller || !this.backend.index.capabilities.shared) return;
    this.poller = setInterval(() => void this.follow(), seconds * 1000);
    this.poller.unref();
  }

  /** Stops watching the corpus and the shared index (the backend is closed by its owner, after the last request). */
  close(): void {
    clearTimeout(this.timer);
    clearInterval(this.poller);
    this.poller = undefined;
    this.watcher?.close();
    this.watcher = undefined;
  }

  ask: Assistant['ask'] = (question, options) => this.current.ask(question, options);
  search: Assistant['search'] = (query, k) => this.current.search(query, k);
  summarize: Assistant['summarize'] = (request) => this.current.summarize(request);
  sources: Assistant['sources'] = () => this.current.sources();
  findArticles: Assistant['findArticles'] = (partial, limit) => this.current.findArticles(partial, limit);
  chunk: Assistant['chunk'] = (chunkId) => this.current.chunk(chunkId);
  check: Assistant['check'] = (claim, options) => this.current.check(claim, options);
  timeline: Assistant['timeline'] = (options) => this.current.timeline(options);
}
