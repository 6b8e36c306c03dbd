/**
 * An assistant that follows its corpus folder: when articles are added, changed or removed, it
 * re-ingests incrementally (only what changed is embedded) and swaps in the new index between
 * requests. Questions in flight finish on the index they started with.
 */
import { watch, type FSWatcher } from 'node:fs';
import { buildAssistant, createAssistant, ingestCorpus, openIndex, type AssistantOptions, type CrisisAssistant } from './app.ts';
import type { Config } from './config.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { Assistant, Embedder } from './ports.ts';

export class LiveAssistant implements Assistant {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<boolean> | undefined;

  private constructor(
    private current: CrisisAssistant,
    private readonly embedder: Embedder,
    private readonly config: Config,
    private readonly logger: Logger,
  ) {}

  static async create(config: Config, options: AssistantOptions = {}): Promise<LiveAssistant> {
    const logger = options.logger ?? silentLogger();
    const assistant = await createAssistant(config, options);
    return new LiveAssistant(assistant, assistant.embedder, config, logger);
  }

  /** Re-ingests the corpus; returns true when the index changed. Concurrent calls share one run. */
  refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        const summary = await ingestCorpus(this.config, this.embedder, { logger: this.logger });
        for (const skipped of summary.skipped) this.logger.warn({ file: skipped.path }, `Skipped ${skipped.path}: ${skipped.reason}`);
        if (summary.added.length + summary.changed.length + summary.removed.length === 0) return false;
        this.current = await buildAssistant(this.config, this.embedder, await openIndex(this.config, this.embedder), this.logger);
        this.logger.info({ added: summary.added, changed: summary.changed, removed: summary.removed }, 'Corpus re-indexed');
        return true;
      } catch (error) {
        this.logger.error({ err: error }, 'Re-indexing the corpus failed; still serving the previous index');
        return false;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** Watches the corpus folder and refreshes `debounceMs` after the last change. */
  watch(debounceMs = 2000): void {
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

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }

  ask: Assistant['ask'] = (question, options) => this.current.ask(question, options);
  search: Assistant['search'] = (query, k) => this.current.search(query, k);
  summarize: Assistant['summarize'] = (request) => this.current.summarize(request);
  sources: Assistant['sources'] = () => this.current.sources();
  findArticles: Assistant['findArticles'] = (partial, limit) => this.current.findArticles(partial, limit);
  chunk: Assistant['chunk'] = (chunkId) => this.current.chunk(chunkId);
}
