/**
 * The local IndexRepository: generations as folders under DATA_DIR (see generation-files.ts). A
 * transaction reads its own copy of the live generation on its first write, changes it in memory,
 * and publish() writes a complete new generation before pointing CURRENT at it (one rename), so
 * readers see the old generation or the new one, never a mix. One process at a time per DATA_DIR
 * (`capabilities.shared` is false): transactions of this process queue behind each other, and
 * those of other processes wait for the ingest lock (ingest-lock.ts). Under the lock, generation
 * folders no live index uses are removed first (left by a crash or a failed write).
 */
import type { Chunk, Article } from '../../types.ts';
import type { FeatureStats, IndexIdentity, IndexRepository, IndexSnapshot, IndexTransaction, ManifestFile, PartRebuilders } from '../../ports.ts';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../logger.ts';
import { checkDataDir, writeFailure } from './data-dir.ts';
import { currentGeneration, emptyIndex, readFileRecords, readIndex, readServedIndex, writeIndex, type IndexData, type ReadCheck, type ServedIndexData, type ServeOptions } from './generation-files.ts';
import { acquireIngestLock } from './ingest-lock.ts';
import { DISK_STEPS } from './durability.ts';
import { IngestLockError, type IndexError } from '../../errors.ts';
import { removeStrays } from './integrity.ts';
import { LocalSnapshot } from './snapshot.ts';
import { GenerationCheck } from './generation-check.ts';
import { WordCounts } from './word-counts.ts';
import { readRepairing } from './repair.ts';

/** What an ingest that lost its lock says: it stops, nothing is published, the live index serves on. */
function lockLost(dataDir: string, cause: Error): IngestLockError {
  return new IngestLockError(
    'INGEST_LOCK_LOST',
    `The ingest lock of ${dataDir} was lost while this ingest ran (${cause.message}); another process may have taken it over. This ingest stopped and published nothing: the previous index is unchanged and still serves. Run \`crisisbot ingest\` again.`,
    { cause },
  );
}

/** A vectors read shorter than this is not worth a log line (the seeds, a small corpus). */
const VECTORS_LOG_MS = 1_000;

class LocalTransaction implements IndexTransaction {
  private data: IndexData | undefined;
  /** Chunk ids per article of `data`, kept in step with it. */
  private readonly chunkIds = new Map<string, string[]>();
  private finished = false;

  constructor(
    private readonly dataDir: string,
    private readonly identity: IndexIdentity,
    private readonly rebuild: boolean,
    private readonly release: () => Promise<void>,
    /** Throws IngestLockError INGEST_LOCK_LOST once the ingest lock was lost: nothing more is written. */
    private readonly holdsLock: () => void,
  ) {}

  /** The generation being written: the live one read on first use (or empty for a rebuild / no index yet). */
  private async load(): Promise<IndexData> {
    if (this.finished) throw new Error('this index transaction is finished');
    this.holdsLock();
    if (this.data) return this.data;
    const live = this.rebuild ? undefined : await currentGeneration(this.dataDir);
    const data = live === undefined ? emptyIndex(this.identity) : await readIndex(this.dataDir, this.identity, live);
    for (const chunk of data.chunks.values()) this.track(chunk.docId, chunk.id);
    // A generation written before the vocabulary was kept: counted once, then kept up to date.
    data.words ??= WordCounts.of([...data.articles.values()].map((article) => article.text));
    this.data = data;
    return data;
  }

  private track(docId: string, chunkId: string): void {
    const list = this.chunkIds.get(docId);
    if (list) list.push(chunkId);
    else this.chunkIds.set(docId, [chunkId]);
  }

  private dropChunks(data: IndexData, docId: string): void {
    const ids = this.chunkIds.get(docId) ?? [];
    data.vectors.remove(ids);
    data.lexical.remove(ids);
    for (const id of ids) data.chunks.delete(id);
    this.chunkIds.delete(docId);
  }

  async putArticle(article: Article, chunks: Chunk[], vectors: ArrayLike<number>[]): Promise<void> {
    const data = await this.load();
    if (chunks.some((chunk) => chunk.docId !== article.docId)) throw new Error(`chunks of another article given with ${article.docId}`);
    if (vectors.length !== chunks.length) throw new Error(`${chunks.length} chunks but ${vectors.length} vectors for ${article.docId}`);
    this.dropChunks(data, article.docId);
    data.vectors.add(chunks, vectors);
    data.lexical.add(chunks);
    for (const chunk of chunks) {
      data.chunks.set(chunk.id, chunk);
      this.track(article.docId, chunk.id);
    }
    const previous = data.articles.get(article.docId);
    if (previous) data.words?.remove(previous.text);
    data.words?.add(article.text);
    data.articles.set(article.docId, article);
  }

  async removeArticle(docId: string): Promise<void> {
    const data = await this.load();
    this.dropChunks(data, docId);
    const previous = data.articles.get(docId);
    if (previous) data.words?.remove(previous.text);
    data.articles.delete(docId);
  }

  async putFile(key: string, file: ManifestFile | undefined): Promise<void> {
    const data = await this.load();
    if (file) data.manifest.files[key] = { ...file };
    else delete data.manifest.files[key];
  }

  async putFeatureStats(stats: FeatureStats | undefined): Promise<void> {
    const data = await this.load();
    data.stats = stats ? { documents: stats.documents, df: Float64Array.from(stats.df) } : { documents: 0, df: new Float64Array(this.identity.dimensions) };
  }

  /** Rebuilds the damaged derived files of the live generation (see repair.ts) and publishes it. */
  async repair(rebuild: PartRebuilders): Promise<string[] | undefined> {
    if (this.finished || this.data) return undefined;
    this.holdsLock();
    const result = await readRepairing(this.dataDir, this.identity, rebuild).catch(() => undefined);
    if (!result) return undefined;
    this.data = result.data;
    for (const chunk of result.data.chunks.values()) this.track(chunk.docId, chunk.id);
    await this.publish();
    return result.repaired;
  }

  async publish(): Promise<string> {
    const data = await this.load();
    try {
      data.manifest.updatedAt = new Date().toISOString();
      await data.lexical.compact();
      // Checked again just before CURRENT is replaced: the lock may be lost while the files are written.
      const steps = { ...DISK_STEPS, rename: (from: string, to: string) => (this.holdsLock(), DISK_STEPS.rename(from, to)) };
      return await writeIndex(this.dataDir, data, steps);
    } finally {
      await this.finish();
    }
  }

  abort(): Promise<void> {
    return this.finish();
  }

  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.data = undefined;
    await this.release();
  }
}

export class LocalIndexRepository implements IndexRepository {
  readonly capabilities = { shared: false };
  /** Resolves when the previous transaction of this process has finished. */
  private queue: Promise<void> = Promise.resolve();
  /**
   * The generation opened last. Snapshots are immutable, so opening the same generation again (the
   * ingest's check at start, then the assistant; a refresh that finds nothing new) shares it instead
   * of reading a second copy of the whole index into memory.
   */
  private opened: { generation: string; identity: string; snapshot: Promise<LocalSnapshot> } | undefined;

  /** The open called last (resolved when it has ended, either way). */
  private lastOpen: Promise<void> = Promise.resolve();

  /** The snapshot opened last (its vectors may still be loading). */
  private served: LocalSnapshot | undefined;

  /** What the opened generation's files looked like when verified: a reopen sees damage done on disk since. */
  private readonly check: GenerationCheck;

  constructor(
    readonly dataDir: string,
    private readonly logger?: Logger,
    private readonly serve: Pick<ServeOptions, 'vectorsRead'> = {},
  ) {
    this.check = new GenerationCheck(dataDir);
  }

  currentGeneration(): Promise<string | undefined> {
    return currentGeneration(this.dataDir);
  }

  /** `vectors` while the generation opened last is served without them (they are still being read). */
  loading(): string[] {
    return this.served?.data.vectors.loading ? ['vectors'] : [];
  }

  /**
   * Says when an opened generation's vectors are in memory (or why they are not: kept as its
   * damage, for /healthz and the next open). The background re-hash of a generation trusted from
   * its record starts after that, not to slow their read.
   */
  private followVectors(data: ServedIndexData & ReadCheck): void {
    const { generation, signature, vectors } = data;
    const slow = setTimeout(() => {
      if (vectors.loading) this.logger?.info({ generation }, 'Index open; its vectors are still loading (/healthz says so until they are)');
    }, VECTORS_LOG_MS);
    slow.unref();
    vectors.loaded.finally(() => clearTimeout(slow)).catch(() => undefined);
    vectors.loaded.then(
      () => {
        if (vectors.loadMs !== undefined && vectors.loadMs >= VECTORS_LOG_MS) this.logger?.info({ generation, seconds: Math.round(vectors.loadMs) / 1000 }, 'Vectors loaded: answers use them now');
        if (data.trusted) this.check.verifyInBackground(generation, signature, (damage) => this.logger?.error({ code: damage.code }, damage.message));
      },
      (error: unknown) => {
        const damage = error as IndexError;
        this.check.found(generation, signature, damage);
        this.logger?.error({ code: damage.code, err: damage.cause }, damage.message);
      },
    );
  }

  /** What is damaged on disk in the live generation (undefined when it is whole, or none is published). */
  async verify(): Promise<string | undefined> {
    const generation = await currentGeneration(this.dataDir);
    return generation === undefined ? undefined : (await this.check.damage(generation))?.message;
  }

  /** The live generation's corpus file records (files.json), read apart from the rest of it; undefined when none is published. */
  async files(): Promise<Record<string, ManifestFile> | undefined> {
    const generation = await currentGeneration(this.dataDir);
    return generation === undefined ? undefined : readFileRecords(join(this.dataDir, generation));
  }

  /**
   * Opens the live generation. The same generation opened again shares the copy in memory — after
   * checking its files were not changed on disk since (if they were and no longer match their
   * checksums, it is refused like at a first open; snapshots already handed out keep serving).
   * Files recorded as verified and unchanged since are not hashed before serving but in a
   * background worker (generation-check.ts); `full` hashes them first (an explicit ingest).
   */
  open(identity: IndexIdentity, options: { full?: boolean } = {}): Promise<IndexSnapshot> {
    const opening = this.openGeneration(identity, options);
    this.lastOpen = opening.then(() => undefined, () => undefined);
    return opening;
  }

  private async openGeneration(identity: IndexIdentity, options: { full?: boolean }): Promise<IndexSnapshot> {
    await checkDataDir(this.dataDir);
    const generation = await currentGeneration(this.dataDir);
    const key = JSON.stringify(identity);
    if (generation !== undefined && this.opened?.generation === generation && this.opened.identity === key) {
      const cached = this.opened;
      // A read still under way records what it verified (or trusted) when it ends: only then can a
      // reopen tell whether the files changed since, instead of hashing them all again.
      await cached.snapshot;
      const damage = await this.check.damage(generation, options);
      if (!damage) return cached.snapshot;
      if (this.opened === cached) this.opened = undefined;
      throw damage;
    }
    const snapshot = readServedIndex(this.dataDir, identity, generation, { ...this.serve, ...options }).then((data) => {
      this.check.remember(data.generation, data.signature);
      const served = new LocalSnapshot(data, data.generation);
      this.served = served;
      this.followVectors(data);
      return served;
    });
    if (generation !== undefined) {
      const entry = { generation, identity: key, snapshot };
      this.opened = entry;
      // A failed read is not remembered.
      snapshot.catch(() => {
        if (this.opened === entry) this.opened = undefined;
      });
    }
    return snapshot;
  }

  /**
   * Resolves once the background re-hash an open of trusted files started has ended (after an
   * open under way, too): until then a second core hashes the whole generation.
   */
  async settled(): Promise<void> {
    await this.lastOpen;
    // The re-hash is scheduled once the vectors are in (followVectors): wait for them first.
    await this.served?.data.vectors.loaded.catch(() => undefined);
    await this.check.settled();
  }

  async begin(identity: IndexIdentity, options: { rebuild?: boolean; wait?: boolean; signal?: AbortSignal } = {}): Promise<IndexTransaction> {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      options.signal?.throwIfAborted();
      let lost: IngestLockError | undefined;
      const unlock = await this.lock(options, (error) => (lost = error));
      const removed = await removeStrays(this.dataDir, await currentGeneration(this.dataDir)).catch(() => []);
      if (removed.length > 0) this.logger?.info({ removed }, 'Removed index folders no live index uses');
      const finish = async (): Promise<void> => {
        await unlock();
        release();
      };
      const holdsLock = (): void => {
        if (lost) throw lost;
      };
      return new LocalTransaction(this.dataDir, identity, options.rebuild ?? false, finish, holdsLock);
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Creates DATA_DIR if needed and waits for its ingest lock (saying so once); `onLost` if it is lost while held. */
  private async lock(options: { wait?: boolean; signal?: AbortSignal }, onLost: (error: IngestLockError) => void): Promise<() => Promise<void>> {
    await checkDataDir(this.dataDir);
    try {
      await mkdir(this.dataDir, { recursive: true });
      return await acquireIngestLock(this.dataDir, {
        onWait: () => this.logger?.warn({ dataDir: this.dataDir }, `Waiting for another ingest of ${this.dataDir} to finish…`),
        onCompromised: (cause) => {
          const error = lockLost(this.dataDir, cause);
          this.logger?.error({ err: cause }, error.message);
          onLost(error);
        },
        ...(options.wait === false ? { wait: false } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      throw writeFailure(error, this.dataDir) ?? error;
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
