/**
 * The files of the local index under DATA_DIR: one generation folder per ingest holding the
 * manifest, the articles (cleaned text + metadata), chunk offsets, the hnswlib vectors with their
 * label map, the lexical index and the feature statistics. `CURRENT` names the live generation and
 * is replaced atomically (write + rename) only after a generation is complete, so a crash
 * mid-ingest leaves the previous index usable.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { IndexError } from '../../errors.ts';
import { writeFailure } from './data-dir.ts';
import { DISK_STEPS, syncGeneration, type PublishSteps } from './durability.ts';
import { checksumOf, damagedIndex, fileChecksum, sealManifest, verifyFiles, verifyManifest } from './integrity.ts';
import { recordedAsVerified, recordVerified, signatureOf } from './generation-check.ts';
import type { FeatureStats, IndexIdentity, LexicalHit, ManifestFile } from '../../ports.ts';
import type { Article, Chunk } from '../../types.ts';
import { Bm25Postings, decodePostings } from './bm25-postings.ts';
import { HnswVectorStore, type LabelMap } from './hnsw-vector-store.ts';
import { LoadingVectors } from './loading-vectors.ts';
import { decodeArticles, decodeChunks, encodeArticles, encodeChunks, StoredTexts } from './stored-texts.ts';
import { MiniSearchLexicalIndex } from './minisearch-lexical-index.ts';
import { WordCounts } from './word-counts.ts';

/**
 * The layout of a generation's files. 2: the lexical index is compact binary postings
 * (`lexical.bin`) instead of MiniSearch's JSON (`lexical.json`). 3: the articles and chunk offsets
 * (with the hnswlib labels) are binary files read lazily when served (`articles.bin`, `chunks.bin`)
 * instead of `articles.json`, `chunks.json` and `labels.json`. An index in another format is
 * refused with the command that rebuilds it (and `crisisbot ingest` rebuilds it).
 */
export const INDEX_FORMAT = 3;

/** The files of a generation besides its manifest. */
export const ARTICLES_FILE = 'articles.bin';
export const CHUNKS_FILE = 'chunks.bin';
export const VECTORS_FILE = 'vectors.hnsw';
export const LEXICAL_FILE = 'lexical.bin';
export const STATS_FILE = 'stats.json';
export const VOCABULARY_FILE = 'vocabulary.json';
export const FILES_FILE = 'files.json';

const manifestSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  embedder: z.object({ id: z.string(), dimensions: z.number().int().positive() }),
  chunking: z.object({ targetChars: z.number(), maxChars: z.number(), overlapChars: z.number() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  checksums: z.record(z.string(), z.string()).optional(),
});

/** A manifest-files record, checked by hand (zod took ~1 s per 100,000 records). */
function fileRecordOf(value: unknown): ManifestFile {
  const v = value as Record<string, unknown> | null;
  const ok = typeof v === 'object' && v !== null && typeof v.path === 'string' && typeof v.hash === 'string' && typeof v.size === 'number' && typeof v.mtimeMs === 'number' && Number.isInteger(v.chunks) && (v.chunks as number) >= 0 && Number.isInteger(v.cleaningVersion) && (v.factsHash === undefined || typeof v.factsHash === 'string');
  if (!ok) throw new Error('files.json holds a malformed record');
  const file: ManifestFile = { path: v.path as string, hash: v.hash as string, size: v.size as number, mtimeMs: v.mtimeMs as number, chunks: v.chunks as number, cleaningVersion: v.cleaningVersion as number };
  if (typeof v.factsHash === 'string') file.factsHash = v.factsHash;
  return file;
}

/**
 * What a generation records beside its files: identity, dates, checksums. The per-file records of
 * the corpus (`files`) are kept in `files.json` (26 MB at 100,000 articles: serving never reads them).
 */
export interface ManifestHead {
  format: typeof INDEX_FORMAT;
  embedder: { id: string; dimensions: number };
  chunking: IndexIdentity['chunking'];
  createdAt: string;
  updatedAt: string;
  /** SHA-256 of every other file of the generation, as read (absent in manifests written before checksums). */
  checksums?: Record<string, string>;
}

/** The manifest with the corpus files' records (what an ingest changes). */
export interface Manifest extends ManifestHead {
  files: Record<string, ManifestFile>;
}

/**
 * An empty manifest-files record without a prototype: a document id such as `__proto__` is then
 * an ordinary key (on a plain object, assigning it would replace the prototype and be lost).
 */
export function fileRecords(entries: Iterable<[string, ManifestFile]> = []): Record<string, ManifestFile> {
  const records = Object.create(null) as Record<string, ManifestFile>;
  for (const [key, file] of entries) records[key] = file;
  return records;
}

const statsSchema = z.object({ documents: z.number().int().nonnegative(), df: z.array(z.number()) });

/** What searching a lexical index takes: the served postings, or MiniSearch itself while writing. */
export interface LexicalReader {
  readonly size: number;
  search(query: string, k: number, accept?: (chunkId: string) => boolean): LexicalHit[];
}

/** Everything a query needs, in memory, read to be changed (an ingest): MiniSearch can add and remove. */
export interface IndexData {
  manifest: Manifest;
  articles: Map<string, Article>;
  chunks: Map<string, Chunk>;
  vectors: HnswVectorStore;
  lexical: MiniSearchLexicalIndex;
  stats: FeatureStats;
  /** The corpus vocabulary (`vocabulary.json`); undefined for a generation written before it was kept. */
  words: WordCounts | undefined;
}

/**
 * A generation read to be served: the articles and chunks decoded on demand from their files'
 * bytes, the vectors with a read-only label map over them (possibly still loading), the compact postings.
 */
export interface ServedIndexData {
  manifest: ManifestHead;
  /** The corpus files' records, read on first use (files.json). */
  files: () => Promise<Record<string, ManifestFile>>;
  texts: StoredTexts;
  vectors: LoadingVectors;
  lexical: LexicalReader;
  stats: FeatureStats;
  words: WordCounts | undefined;
}

const CURRENT = 'CURRENT';

/** An empty index for these settings. */
export function emptyIndex(identity: IndexIdentity): IndexData {
  const now = new Date().toISOString();
  return {
    manifest: { format: INDEX_FORMAT, embedder: { id: identity.embedderId, dimensions: identity.dimensions }, chunking: { ...identity.chunking }, createdAt: now, updatedAt: now, files: fileRecords() },
    articles: new Map(),
    chunks: new Map(),
    vectors: HnswVectorStore.create(identity.dimensions),
    lexical: MiniSearchLexicalIndex.create(),
    stats: { documents: 0, df: new Float64Array(identity.dimensions) },
    words: new WordCounts(),
  };
}

/** Explains why an index does not match the current settings, or returns undefined. */
export function describeMismatch(manifest: Pick<Manifest, 'embedder' | 'chunking'>, identity: IndexIdentity): string | undefined {
  if (manifest.embedder.id !== identity.embedderId || manifest.embedder.dimensions !== identity.dimensions) {
    return `it was built with embedder ${manifest.embedder.id} (${manifest.embedder.dimensions} dimensions), not ${identity.embedderId} (${identity.dimensions})`;
  }
  const c = manifest.chunking;
  const w = identity.chunking;
  if (c.targetChars !== w.targetChars || c.maxChars !== w.maxChars || c.overlapChars !== w.overlapChars) {
    return 'it was built with other chunking settings';
  }
  return undefined;
}

/** The live generation's folder name, or undefined when none was published. */
export async function currentGeneration(dataDir: string): Promise<string | undefined> {
  try {
    const name = (await readFile(join(dataDir, CURRENT), 'utf8')).trim();
    return name === '' ? undefined : name;
  } catch {
    return undefined;
  }
}

/** The manifest of a generation, its own checksum verified; throws INDEX_CORRUPT or INDEX_MISMATCH. */
export async function readManifest(dataDir: string, dir: string, identity: IndexIdentity): Promise<ManifestHead> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    if (typeof raw !== 'object' || raw === null || typeof raw.embedder !== 'object' || raw.embedder === null) throw new Error('not a manifest');
  } catch (error) {
    throw damagedIndex(dataDir, 'manifest.json is missing or unreadable', error);
  }
  verifyManifest(dataDir, raw);
  if (raw.format !== INDEX_FORMAT) {
    const written = typeof raw.format === 'number' ? `index format ${raw.format}` : 'another index format';
    throw new IndexError('INDEX_MISMATCH', `The index in ${dataDir} was written in ${written} by another version of crisisbot (this one reads format ${INDEX_FORMAT}). Run \`crisisbot ingest\` to rebuild it.`);
  }
  let manifest: ManifestHead;
  try {
    const { checksums, ...parsed } = manifestSchema.parse(raw);
    manifest = { ...parsed, ...(checksums ? { checksums } : {}) };
  } catch (error) {
    throw damagedIndex(dataDir, 'manifest.json has an unexpected shape', error);
  }
  const mismatch = describeMismatch(manifest, identity);
  if (mismatch) {
    throw new IndexError('INDEX_MISMATCH', `The index in ${dataDir} does not match the current settings: ${mismatch}. Run \`crisisbot ingest\` to re-ingest.`);
  }
  return manifest;
}

/** The corpus files' records of a generation (files.json), by document id. */
export async function readFileRecords(dir: string): Promise<Record<string, ManifestFile>> {
  const raw = JSON.parse(await readFile(join(dir, FILES_FILE), 'utf8')) as unknown;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('files.json is not an object');
  // Entry by entry from the raw JSON, into a record without a prototype (a `__proto__` key stays a key).
  return fileRecords(Object.entries(raw).map(([key, value]): [string, ManifestFile] => [key, fileRecordOf(value)]));
}

/** The articles of a generation (articles.bin), by doc id. */
export async function readArticles(dir: string): Promise<Map<string, Article>> {
  return decodeArticles(await readFile(join(dir, ARTICLES_FILE)));
}

/** The chunks of a generation (chunks.bin: offsets into its articles) by chunk id in stored order, and their hnswlib labels. */
export async function readChunks(dir: string, articles: ReadonlyMap<string, Article>): Promise<{ chunks: Map<string, Chunk>; labels: Map<string, number> }> {
  return decodeChunks(await readFile(join(dir, CHUNKS_FILE)), articles);
}

/** The vectors of a generation (vectors.hnsw) with their label map (given, or awaited: read while the vectors load). */
export function readVectors(dir: string, manifest: ManifestHead, labels: ReadonlyMap<string, number> | LabelMap | Promise<ReadonlyMap<string, number> | LabelMap>): Promise<HnswVectorStore> {
  return HnswVectorStore.read(join(dir, VECTORS_FILE), manifest.embedder.dimensions, labels);
}

/** The corpus vocabulary of a generation (vocabulary.json); undefined for one written before it was kept. */
export async function readWords(dir: string, manifest: ManifestHead): Promise<WordCounts | undefined> {
  return manifest.checksums?.[VOCABULARY_FILE] === undefined ? undefined : WordCounts.fromJSON(await readFile(join(dir, VOCABULARY_FILE), 'utf8'));
}

/** The feature statistics of a generation (stats.json). */
export async function readStats(dir: string): Promise<FeatureStats> {
  const raw = statsSchema.parse(JSON.parse(await readFile(join(dir, STATS_FILE), 'utf8')));
  return { documents: raw.documents, df: Float64Array.from(raw.df) };
}

/** A generation decoded whole, to be changed (the vectors load off the main thread while the rest is decoded). */
async function readChangeable(dir: string, head: ManifestHead): Promise<IndexData> {
  const manifest: Manifest = { ...head, files: await readFileRecords(dir) };
  const read = (async () => {
    const articles = await readArticles(dir);
    return { articles, ...(await readChunks(dir, articles)) };
  })();
  read.catch(() => undefined);
  const vectors = await readVectors(dir, manifest, read.then((parts) => parts.labels));
  const { articles, chunks } = await read;
  const lexical = MiniSearchLexicalIndex.fromPostings(decodePostings(await readFile(join(dir, LEXICAL_FILE))));
  if (vectors.size !== chunks.size || lexical.size !== chunks.size) throw new Error('index parts disagree on the number of chunks');
  return { manifest, articles, chunks, vectors, lexical, stats: await readStats(dir), words: await readWords(dir, manifest) };
}

/**
 * A generation to be served: no article is decoded, and the vectors are not waited for. They load
 * off the main thread ({@link LoadingVectors}) while the rest is read, and go on loading after:
 * the generation serves its texts and lexical postings as soon as those are in memory.
 */
async function readServed(dir: string, manifest: ManifestHead, options: ServeOptions = {}): Promise<ServedIndexData> {
  const texts = Promise.all([readFile(join(dir, ARTICLES_FILE)), readFile(join(dir, CHUNKS_FILE))]).then(([articles, chunks]) => StoredTexts.fromFiles(articles, chunks));
  texts.catch(() => undefined);
  const reading = readCheckedVectors(dir, manifest, texts);
  const vectors = new LoadingVectors(options.vectorsRead ? options.vectorsRead(reading) : reading);
  const lexical = Bm25Postings.fromBytes(await readFile(join(dir, LEXICAL_FILE)));
  const [stats, words, stored] = await Promise.all([readStats(dir), readWords(dir, manifest), texts]);
  if (lexical.size !== stored.chunkCount) throw new Error('index parts disagree on the number of chunks');
  let files: Promise<Record<string, ManifestFile>> | undefined;
  return { manifest, files: () => (files ??= readFileRecords(dir)), texts: stored, vectors, lexical, stats, words };
}

/** The vectors of a served generation, checked against its chunks; a failed read is INDEX_CORRUPT. */
async function readCheckedVectors(dir: string, manifest: ManifestHead, texts: Promise<StoredTexts>): Promise<HnswVectorStore> {
  try {
    const [vectors, stored] = await Promise.all([readVectors(dir, manifest, texts), texts]);
    if (vectors.size !== stored.chunkCount) throw new Error('the vectors and the chunks disagree on the number of chunks');
    return vectors;
  } catch (error) {
    throw damagedIndex(dirname(dir), `${VECTORS_FILE} does not read`, error);
  }
}

/** How a generation is read to be served. */
export interface ServeOptions {
  /** Hash every file even when VERIFIED records them unchanged. */
  full?: boolean;
  /** Stands between the vectors' read and their use (tests hold them back with it, to see the index serve meanwhile). */
  vectorsRead?: (reading: Promise<HnswVectorStore>) => Promise<HnswVectorStore>;
}

/** How a generation read was verified: hashed now, or trusted from its VERIFIED record (see generation-check.ts). */
export interface ReadCheck {
  generation: string;
  /** The files' fingerprint before they were read. */
  signature: string;
  /** True when the files were not hashed because `DATA_DIR/VERIFIED` records them unchanged since a full check. */
  trusted: boolean;
}

async function readGeneration<Parts>(
  dataDir: string,
  identity: IndexIdentity,
  generation: string | undefined,
  readParts: (dir: string, manifest: ManifestHead) => Promise<Parts>,
  options: { full?: boolean } = {},
): Promise<Parts & ReadCheck> {
  const name = generation ?? (await currentGeneration(dataDir));
  if (name === undefined) throw new IndexError('INDEX_MISSING', `No index in ${dataDir}: run \`crisisbot ingest\` first.`);
  const dir = join(dataDir, name);
  const signature = await signatureOf(dir).catch(() => '');
  const manifest = await readManifest(dataDir, dir, identity);
  const trusted = !options.full && signature !== '' && (await recordedAsVerified(dataDir, name, signature));
  // Checksums are verified (in a worker) while the parts load; a damaged file is refused even when it parses.
  const [verified, parts] = await Promise.allSettled([trusted ? undefined : verifyFiles(dataDir, dir, manifest.checksums), readParts(dir, manifest)]);
  if (verified.status === 'rejected') throw verified.reason;
  if (parts.status === 'rejected') throw damagedIndex(dataDir, 'its files disagree or do not parse', parts.reason);
  // Recorded only when no file changed while it was hashed.
  if (!trusted && manifest.checksums && signature !== '' && (await signatureOf(dir).catch(() => '')) === signature) await recordVerified(dataDir, name, signature);
  return { ...parts.value, generation: name, signature, trusted };
}

/**
 * Reads a generation (the live one by default) to be changed: its lexical index is MiniSearch again.
 * Throws IndexError INDEX_MISSING, INDEX_CORRUPT or INDEX_MISMATCH (another settings or format).
 */
export function readIndex(dataDir: string, identity: IndexIdentity, generation?: string): Promise<IndexData & ReadCheck> {
  return readGeneration(dataDir, identity, generation, readChangeable);
}

/**
 * Reads a generation (the live one by default) to be served, searching the compact postings; its
 * vectors may still be loading when it resolves. Throws as {@link readIndex}.
 */
export function readServedIndex(dataDir: string, identity: IndexIdentity, generation?: string, options: ServeOptions = {}): Promise<ServedIndexData & ReadCheck> {
  return readGeneration(dataDir, identity, generation, (dir, manifest) => readServed(dir, manifest, options), options);
}

/** Writes the files of a generation into `dir`; returns their checksums. */
async function writeParts(dir: string, data: IndexData): Promise<Record<string, string>> {
  const labels = data.vectors.write(join(dir, VECTORS_FILE));
  const articles = [...data.articles.values()];
  const files: Record<string, string | Buffer> = {
    [ARTICLES_FILE]: encodeArticles(articles),
    [CHUNKS_FILE]: encodeChunks(articles.map((article) => article.docId), data.chunks.values(), (chunkId) => labels.get(chunkId)),
    [LEXICAL_FILE]: data.lexical.toPostings(),
    [STATS_FILE]: JSON.stringify({ documents: data.stats.documents, df: Array.from(data.stats.df) }),
    [VOCABULARY_FILE]: (data.words ?? WordCounts.of(articles.map((article) => article.text))).toJSON(),
    [FILES_FILE]: JSON.stringify(data.manifest.files),
  };
  // Every write ends before a failure is reported: the caller then removes the folder, and a write
  // still in flight could create its file in it meanwhile (a full disk left half a generation).
  const written = await Promise.allSettled(Object.entries(files).map(([name, content]) => writeFile(join(dir, name), content)));
  const failed = written.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  // The native writer may not report a short write: the checksum is taken from the file itself.
  // Streamed: at 100,000 articles the file is 2.35 GB, past what one read (or Buffer) can hold.
  const checksums: Record<string, string> = { [VECTORS_FILE]: await fileChecksum(join(dir, VECTORS_FILE)) };
  for (const [name, content] of Object.entries(files)) checksums[name] = checksumOf(content);
  return checksums;
}

/**
 * Writes a complete new generation, flushes it to disk, then points CURRENT at it (flushing
 * DATA_DIR after the rename) and removes older generations — all but the one it replaces, which
 * a reader in another process (the bot, a CLI command) may still be loading. Returns the new
 * generation's name. A failed write (read-only file system, full disk) removes what it wrote,
 * leaves CURRENT as it was, and says which it was.
 */
export async function writeIndex(dataDir: string, data: IndexData, steps: PublishSteps = DISK_STEPS): Promise<string> {
  const generation = `index-${Date.now().toString(36)}-${process.pid.toString(36)}-${randomBytes(3).toString('hex')}`;
  const dir = join(dataDir, generation);
  const pointer = join(dataDir, `${CURRENT}.${process.pid}.tmp`);
  let replaced: string | undefined;
  try {
    await mkdir(dir, { recursive: true });
    const checksums = await writeParts(dir, data);
    // The manifest goes last: a generation without one is never made CURRENT.
    const { files: _files, checksums: _checksums, ...head } = data.manifest;
    await writeFile(join(dir, 'manifest.json'), sealManifest(head, checksums));
    replaced = await currentGeneration(dataDir);
    await writeFile(pointer, generation);
    // On disk before CURRENT names it: the generation's files, its folder's entry and the pointer.
    await syncGeneration(dir, steps);
    await steps.syncFile(pointer);
    await steps.syncDir(dataDir);
    await steps.rename(pointer, join(dataDir, CURRENT));
  } catch (error) {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    await rm(pointer, { force: true }).catch(() => undefined);
    throw writeFailure(error, dataDir) ?? error;
  }
  // The rename itself on disk. Published already: a failure here is reported, the generation stays.
  try {
    await steps.syncDir(dataDir);
  } catch (error) {
    throw writeFailure(error, dataDir) ?? error;
  }
  // Its checksums were taken from what was written (the vectors from the file): recorded as verified,
  // so the first open does not hash it all again (it re-hashes in the background; generation-check.ts).
  await signatureOf(dir).then((signature) => recordVerified(dataDir, generation, signature), () => undefined);
  for (const entry of await readdir(dataDir)) {
    if (entry.startsWith('index-') && entry !== generation && entry !== replaced) await rm(join(dataDir, entry), { recursive: true, force: true });
  }
  return generation;
}

/** True when DATA_DIR has a CURRENT pointer (an index was written once). */
export function indexExists(dataDir: string): boolean {
  return existsSync(join(dataDir, CURRENT));
}
