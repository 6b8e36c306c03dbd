/**
 * Ingest: plan → prepare → apply → publish, over the index ports only. Scans the corpus, works
 * out what changed since the live generation (plan.ts), parses, chunks and embeds only new or
 * changed articles (prepare.ts), writes them with the removals into a transaction (apply.ts), and
 * publishes it atomically — or, when nothing changed, leaves the live generation as it is.
 *
 * A previously indexed file that can no longer be read or parsed leaves the index, and is
 * reported both as removed and as skipped (with the reason), like a deleted file.
 */
import { readSources, scanCorpus, type CorpusFile, type SkippedFile, type SourcesFile, type UnreadFile } from '../corpus/load.ts';
import { IndexError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Embedder, IndexIdentity, IndexRepository, IndexSnapshot, IndexTransaction, ManifestFile } from '../ports.ts';
import { refreshRecord, removeDocuments, retitleArticle, storeArticle, type ApplyContext } from './apply.ts';
import type { ChunkOptions } from './chunk.ts';
import { startCounts } from './feature-counts.ts';
import { docIdOf, indexedAsIs, manifestRecord, planChanges, reviewUnchanged, type FileChanges, type UnchangedReview } from './plan.ts';
import { prepareArticles } from './prepare.ts';
import { partRebuilders } from './repair.ts';

export interface IngestOptions {
  corpusDir: string;
  repository: IndexRepository;
  embedder: Embedder;
  chunking: ChunkOptions;
  /** Ignore the existing index and rebuild everything. */
  rebuild?: boolean;
  /**
   * An existing index that is corrupt or was built with other settings: `rebuild` it (the default,
   * for an explicit `crisisbot ingest`), or `throw` its IndexError so the user is told — the
   * implicit refresh before serving must not silently re-embed everything (maybe through a paid API).
   */
  onInvalidIndex?: 'rebuild' | 'throw';
  /** false: throw IngestLockError INGEST_BUSY instead of waiting while another process ingests. */
  waitForLock?: boolean;
  /** Called as chunks are embedded: (done, total). */
  onProgress?: (done: number, total: number) => void;
  logger?: Logger;
}

export interface IngestSummary {
  articles: number;
  chunks: number;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  embeddedChunks: number;
  skipped: SkippedFile[];
  seconds: number;
  /** Why the old index was not reused, if it was not. */
  rebuiltBecause?: string;
  /** Damaged index files rebuilt from the whole ones (the rest of the index was kept). */
  repaired?: string[];
  /** Lines the cleaning rules removed from the new and changed files, by rule (absent when none). */
  cleaned?: Record<string, number>;
}

/** The transaction and the generation it starts from. */
interface WriteStart {
  tx: IndexTransaction;
  base: IndexSnapshot | undefined;
  rebuiltBecause?: string;
  /** Files of a damaged live generation rebuilt from its whole ones before this ingest. */
  repaired?: string[];
}

/** Takes the ingest lock, then opens the live generation (under the lock: the latest publish). */
async function beginWrite(options: IngestOptions, identity: IndexIdentity): Promise<WriteStart> {
  const { repository } = options;
  const wait = options.waitForLock === false ? { wait: false } : {};
  if (options.rebuild) return { tx: await repository.begin(identity, { rebuild: true, ...wait }), base: undefined, rebuiltBecause: 'a rebuild was requested' };
  return openBase(options, identity, await repository.begin(identity, wait));
}

/** Opens the live generation the write `tx` starts from: repairs or rebuilds it when damaged, as the options say. */
async function openBase(options: IngestOptions, identity: IndexIdentity, tx: IndexTransaction): Promise<WriteStart> {
  const { repository } = options;
  const wait = options.waitForLock === false ? { wait: false } : {};
  try {
    // An explicit ingest checks every file (it repairs what is damaged); the refresh before serving may trust an earlier check.
    return { tx, base: await repository.open(identity, { full: options.onInvalidIndex !== 'throw' }) };
  } catch (error) {
    if (error instanceof IndexError && error.code === 'INDEX_MISSING') return { tx, base: undefined };
    const repaired = await repairDamaged(options, tx, error);
    if (repaired) return { tx: await repository.begin(identity, wait), base: await repository.open(identity), repaired };
    await tx.abort();
    if (!(error instanceof IndexError) || options.onInvalidIndex === 'throw') throw error;
    options.logger?.warn({ code: error.code }, `Rebuilding the index: ${error.message}`);
    return { tx: await repository.begin(identity, { rebuild: true, ...wait }), base: undefined, rebuiltBecause: error.message };
  }
}

/** The write's start, the corpus files' records it starts from (without a prototype: a `__proto__` doc id is a key), and the plan. */
interface Begun {
  start: WriteStart;
  previous: Record<string, ManifestFile>;
  planned: Planned;
}

function recordsOf(files: Record<string, ManifestFile> | undefined): Record<string, ManifestFile> {
  return Object.assign(Object.create(null) as Record<string, ManifestFile>, files ?? {});
}

/** Plans against the generation the write starts from, once it is open. */
async function planFrom(options: IngestOptions, start: WriteStart): Promise<Begun> {
  try {
    const previous = recordsOf(start.base ? await start.base.files() : undefined);
    return { start, previous, planned: await plan(options, previous, start.base) };
  } catch (error) {
    await start.tx.abort().catch(() => undefined);
    throw error;
  }
}

/**
 * Takes the ingest lock, opens the live generation and plans the changes against it. When the store
 * reads the live generation's file records apart (`files`), the corpus is scanned and planned
 * against them while the generation opens (the local store loads its vectors off the main thread
 * meanwhile: a refresh before serving then costs little more than the open). The plan is made again
 * from the opened generation when the open repaired or replaced it.
 */
async function beginAndPlan(options: IngestOptions, identity: IndexIdentity): Promise<Begun> {
  const { repository } = options;
  if (options.rebuild || !repository.files) return planFrom(options, await beginWrite(options, identity));
  const tx = await repository.begin(identity, options.waitForLock === false ? { wait: false } : {});
  const opening = openBase(options, identity, tx);
  opening.catch(() => undefined);
  const live = await repository.files().catch(() => undefined);
  if (live === undefined) return planFrom(options, await opening);
  const previous = recordsOf(live);
  let planned: Planned;
  try {
    planned = await plan(options, previous, { article: async (docId) => (await opening).base?.article(docId) });
  } catch (error) {
    // The open's failure first (its transaction is then finished), else this one.
    await (await opening).tx.abort().catch(() => undefined);
    throw error;
  }
  const start = await opening;
  return start.base && !start.repaired ? { start, previous, planned } : planFrom(options, start);
}
/**
 * A corrupt live generation whose damage lies in files derivable from the others or from
 * unchanged corpus files (articles, chunks, vectors, lexical postings, statistics, vocabulary):
 * those are rebuilt and published in `tx`, and their
 * names returned; undefined when that is not possible (the caller rebuilds from the corpus).
 */
async function repairDamaged(options: IngestOptions, tx: IndexTransaction, error: unknown): Promise<string[] | undefined> {
  if (!(error instanceof IndexError) || error.code !== 'INDEX_CORRUPT' || options.onInvalidIndex === 'throw' || !tx.repair) return undefined;
  options.logger?.warn({ code: error.code }, `Repairing the index: ${error.message}`);
  const repaired = await tx.repair(partRebuilders(options.corpusDir, options.embedder, options.chunking));
  if (repaired) options.logger?.info({ repaired }, `Repaired the index: rebuilt ${repaired.join(', ')} from its whole files, without re-reading the corpus`);
  return repaired;
}

/** What the scan and the plan found. */
interface Planned {
  sources: SourcesFile;
  changes: FileChanges;
  review: UnchangedReview;
  /** Scan and sources.json warnings, in that order. */
  skipped: SkippedFile[];
  /** Corpus order of every file, for reporting. */
  order: Map<string, number>;
}

/** Step 1: scan (files known unchanged by size and mtime are not read) and plan; `base` gives the indexed articles (asked only for files to re-clean). */
async function plan(options: IngestOptions, previous: Record<string, ManifestFile>, base: Pick<IndexSnapshot, 'article'> | undefined): Promise<Planned> {
  const sourceWarnings: SkippedFile[] = [];
  const sources = await readSources(options.corpusDir, sourceWarnings);
  const knownHash = (docId: string, path: string, size: number, mtimeMs: number): string | undefined => {
    const record = previous[docId];
    const same = record && record.path === path && record.size === size && record.mtimeMs === mtimeMs && indexedAsIs(record, sources[docId]);
    return same ? record.hash : undefined;
  };
  const scan = await scanCorpus(options.corpusDir, { knownHash });
  const changes = planChanges(scan, previous);
  const review = base ? await reviewUnchanged(changes.unchanged, sources, previous, base) : { recleaned: [], retitled: [], failed: [] };
  const order = new Map([...scan.files, ...scan.unread].sort((a, b) => (a.path < b.path ? -1 : 1)).map((file, i) => [file.docId, i]));
  return { sources, changes, review, skipped: [...scan.skipped, ...sourceWarnings], order };
}

/** What was applied, for the summary. */
interface Applied {
  added: string[];
  changed: string[];
  removed: string[];
  failed: Array<{ docId: string; skipped: SkippedFile }>;
  /** Something other than a modification time changed in the manifest. */
  touched: boolean;
  embedded: number;
  cleaned: Record<string, number>;
}

/** Steps 2 and 3: prepare the fresh and re-cleaned articles and apply everything. */
async function prepareAndApply(options: IngestOptions, ctx: ApplyContext, planned: Planned): Promise<Applied> {
  const { changes, review, sources } = planned;
  const fileOf = new Map<string, CorpusFile | UnreadFile>([...changes.added, ...changes.changed, ...changes.unchanged].map((f) => [f.docId, f]));
  const failed = review.failed.map((skipped) => ({ docId: docIdOf(skipped.path), skipped }));
  const applied: Applied = { added: [], changed: [], removed: [...changes.removed, ...failed.map((f) => f.docId)], failed, touched: false, embedded: 0, cleaned: {} };
  await removeDocuments(ctx, applied.removed);
  const wasIndexed = new Set(Object.keys(ctx.files));
  const progress = { done: 0 };
  const rank = (file: CorpusFile): number => planned.order.get(file.docId) ?? 0;
  const fresh = [...changes.added, ...changes.changed].sort((a, b) => rank(a) - rank(b));
  const input = { fresh, recleaned: review.recleaned, sources, embedder: options.embedder, chunking: options.chunking, counts: ctx.counts, progress, cleaned: applied.cleaned, ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
  for await (const prepared of prepareArticles(input)) {
    if ('skipped' in prepared) {
      applied.failed.push(prepared);
      // A changed file that no longer parses leaves the index like a deleted one.
      if (wasIndexed.has(prepared.docId)) {
        await removeDocuments(ctx, [prepared.docId]);
        applied.removed.push(prepared.docId);
      }
      continue;
    }
    const { docId } = prepared.article.article;
    const file = fileOf.get(docId);
    if (!file) throw new Error(`prepared ${docId}, which is not in the corpus`);
    await storeArticle(ctx, prepared.article, manifestRecord(file, prepared.article.chunks.length, sources[docId]));
    (wasIndexed.has(docId) ? applied.changed : applied.added).push(docId);
  }
  applied.embedded = progress.done;
  applied.touched = await refreshUnchanged(ctx, planned, new Set([...applied.removed, ...applied.changed]));
  return applied;
}

/** Metadata updates and manifest records of the unchanged files; true when the manifest changed. */
async function refreshUnchanged(ctx: ApplyContext, planned: Planned, done: Set<string>): Promise<boolean> {
  const { changes, review, sources } = planned;
  const retitled = new Map(review.retitled.map((article) => [article.docId, article]));
  let touched = retitled.size > 0;
  for (const file of changes.unchanged) {
    if (done.has(file.docId)) continue;
    const record = manifestRecord(file, ctx.files[file.docId]?.chunks ?? 0, sources[file.docId]);
    const article = retitled.get(file.docId);
    if (article) await retitleArticle(ctx, article, record);
    else if (await refreshRecord(ctx, file.docId, record)) touched = true;
  }
  return touched;
}

/** Step 4: publish the new generation when anything changed (or there was none); else abort. */
async function publish(ctx: ApplyContext, applied: Applied, start: WriteStart): Promise<void> {
  const changed = applied.added.length + applied.changed.length + applied.removed.length > 0 || applied.touched;
  if (!changed && start.base && start.rebuiltBecause === undefined) {
    await ctx.tx.abort();
    return;
  }
  await ctx.tx.putFeatureStats(ctx.counts);
  await ctx.tx.publish();
}

/** Runs an incremental ingest and returns what it did. */
export async function ingest(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const { embedder } = options;
  const identity: IndexIdentity = { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: { ...options.chunking } };
  const { start, previous, planned } = await beginAndPlan(options, identity);
  try {
    const counts = startCounts(start.base ? await start.base.featureStats() : undefined, embedder);
    const ctx: ApplyContext = { tx: start.tx, base: start.base, embedder, counts, files: Object.assign(Object.create(null) as Record<string, ManifestFile>, previous) };
    const applied = await prepareAndApply(options, ctx, planned);
    await publish(ctx, applied, start);
    return summarize(planned, applied, ctx, start, started);
  } catch (error) {
    await start.tx.abort().catch(() => undefined);
    throw error;
  }
}

function summarize(planned: Planned, applied: Applied, ctx: ApplyContext, start: WriteStart, started: number): IngestSummary {
  const rank = (docId: string): number => planned.order.get(docId) ?? Number.MAX_SAFE_INTEGER;
  const failures = [...applied.failed].sort((a, b) => rank(a.docId) - rank(b.docId)).map((f) => f.skipped);
  const records = Object.values(ctx.files);
  const summary: IngestSummary = {
    articles: records.length,
    chunks: records.reduce((sum, file) => sum + file.chunks, 0),
    added: applied.added,
    changed: applied.changed,
    removed: applied.removed,
    unchanged: planned.changes.unchanged.length - planned.review.recleaned.length - planned.review.failed.length,
    embeddedChunks: applied.embedded,
    skipped: [...planned.skipped, ...failures],
    seconds: (performance.now() - started) / 1000,
  };
  if (start.rebuiltBecause !== undefined) summary.rebuiltBecause = start.rebuiltBecause;
  if (start.repaired) summary.repaired = start.repaired;
  if (Object.keys(applied.cleaned).length > 0) summary.cleaned = applied.cleaned;
  return summary;
}
