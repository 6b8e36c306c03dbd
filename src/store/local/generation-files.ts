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
import { join } from 'node:path';
import { z } from 'zod';
import { IndexError } from '../../errors.ts';
import { writeFailure } from './data-dir.ts';
import { DISK_STEPS, syncGeneration, type PublishSteps } from './durability.ts';
import { checksumOf, damagedIndex, fileChecksum, sealManifest, verifyFiles, verifyManifest } from './integrity.ts';
import { recordedAsVerified, recordVerified, signatureOf } from './generation-check.ts';
import type { FeatureStats, IndexIdentity, LexicalHit, ManifestFile } from '../../ports.ts';
import type { Article, Chunk } from '../../types.ts';
import { Bm25Postings, decodePostings } from './bm25-postings.ts';
import { HnswVectorStore } from './hnsw-vector-store.ts';
import { MiniSearchLexicalIndex } from './minisearch-lexical-index.ts';
import { WordCounts } from './word-counts.ts';

/**
 * The layout of a generation's files. 2: the lexical index is compact binary postings
 * (`lexical.bin`) instead of MiniSearch's JSON (`lexical.json`). An index in another format is
 * refused with the command that rebuilds it (and `crisisbot ingest` rebuilds it).
 */
export const INDEX_FORMAT = 2;

/** Manifests written before size, mtime and cleaning version were recorded read as "unknown" (never skipped). */
const manifestFileSchema = z.object({
  path: z.string(),
  hash: z.string(),
  size: z.number().default(-1),
  mtimeMs: z.number().default(-1),
  chunks: z.number().int().nonnegative(),
  cleaningVersion: z.number().int().default(0),
  factsHash: z.string().optional(),
});

const manifestSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  embedder: z.object({ id: z.string(), dimensions: z.number().int().positive() }),
  chunking: z.object({ targetChars: z.number(), maxChars: z.number(), overlapChars: z.number() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  files: z.record(z.string(), z.unknown()),
  checksums: z.record(z.string(), z.string()).optional(),
});
export interface Manifest {
  format: typeof INDEX_FORMAT;
  embedder: { id: string; dimensions: number };
  chunking: IndexIdentity['chunking'];
  createdAt: string;
  updatedAt: string;
  files: Record<string, ManifestFile>;
  /** SHA-256 of every other file of the generation, as read (absent in manifests written before checksums). */
  checksums?: Record<string, string>;
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

type ChunkRef = [docId: string, index: number, start: number, end: number];

/**
 * Shape checks of the large parts, by hand: zod took ~0.4 s of a 10k-article open for the same
 * checks (the checksums have already vouched for the bytes; this catches a writer's bug).
 */
function articlesOf(raw: unknown): Map<string, Article> {
  if (!Array.isArray(raw)) throw new Error('articles.json is not a list');
  const articles = new Map<string, Article>();
  for (const a of raw as Array<Record<string, unknown>>) {
    const source = a?.source as Record<string, unknown> | undefined;
    const strings = typeof a?.docId === 'string' && typeof a.title === 'string' && typeof a.path === 'string' && typeof a.hash === 'string' && typeof a.text === 'string';
    if (!strings || (a.lang !== 'en' && a.lang !== 'fr') || typeof source !== 'object' || source === null) throw new Error('articles.json holds a malformed article');
    const info: Article['source'] = {};
    for (const key of ['publisher', 'date', 'author', 'url'] as const) {
      const value = source[key];
      if (typeof value === 'string') info[key] = value;
      else if (value !== undefined) throw new Error('articles.json holds a malformed source');
    }
    articles.set(a.docId as string, { docId: a.docId as string, title: a.title as string, lang: a.lang, source: info, path: a.path as string, hash: a.hash as string, text: a.text as string });
  }
  return articles;
}

function chunkRefsOf(raw: unknown): ChunkRef[] {
  const ok = (ref: unknown): ref is ChunkRef => Array.isArray(ref) && ref.length === 4 && typeof ref[0] === 'string' && Number.isInteger(ref[1]) && Number.isInteger(ref[2]) && Number.isInteger(ref[3]);
  if (!Array.isArray(raw) || !raw.every(ok)) throw new Error('chunks.json holds a malformed chunk');
  return raw;
}

function labelsOf(raw: unknown): Record<string, number> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !Object.values(raw).every((label) => Number.isInteger(label))) throw new Error('labels.json is malformed');
  return raw as Record<string, number>;
}

const statsSchema = z.object({ documents: z.number().int().nonnegative(), df: z.array(z.number()) });

/** What searching a lexical index takes: the served postings, or MiniSearch itself while writing. */
export interface LexicalReader {
  readonly size: number;
  search(query: string, k: number, accept?: (chunkId: string) => boolean): LexicalHit[];
}

/**
 * Everything a query needs, in memory. Read to be changed (an ingest), the lexical index is
 * MiniSearch, which can add and remove; read to be served, it is the compact postings.
 */
export interface IndexData<Lexical extends LexicalReader = MiniSearchLexicalIndex> {
  manifest: Manifest;
  articles: Map<string, Article>;
  chunks: Map<string, Chunk>;
  vectors: HnswVectorStore;
  lexical: Lexical;
  stats: FeatureStats;
  /** The corpus vocabulary (`vocabulary.json`); undefined for a generation written before it was kept. */
  words: WordCounts | undefined;
}

/** A generation as served (see {@link readServedIndex}). */
export type ServedIndexData = IndexData<LexicalReader>;

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

function chunkFromRef(ref: ChunkRef, articles: Map<string, Article>): Chunk {
  const [docId, index, start, end] = ref;
  const article = articles.get(docId);
  if (!article || end > article.text.length || start < 0 || start >= end) throw new Error(`chunk ${docId}#${index} does not fit its article`);
  return { id: `${docId}#${index}`, docId, index, title: article.title, lang: article.lang, start, end, text: article.text.slice(start, end) };
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
export async function readManifest(dataDir: string, dir: string, identity: IndexIdentity): Promise<Manifest> {
  let manifest: Manifest;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    if (typeof raw !== 'object' || raw === null || typeof raw.files !== 'object' || raw.files === null) throw new Error('not a manifest');
  } catch (error) {
    throw damagedIndex(dataDir, 'manifest.json is missing or unreadable', error);
  }
  verifyManifest(dataDir, raw);
  if (raw.format !== INDEX_FORMAT) {
    const written = typeof raw.format === 'number' ? `index format ${raw.format}` : 'another index format';
    throw new IndexError('INDEX_MISMATCH', `The index in ${dataDir} was written in ${written} by another version of crisisbot (this one reads format ${INDEX_FORMAT}). Run \`crisisbot ingest\` to rebuild it.`);
  }
  try {
    const { checksums, ...parsed } = manifestSchema.parse(raw);
    // Entry by entry from the raw JSON: a schema record would drop a `__proto__` key.
    const entries = Object.entries(raw.files as Record<string, unknown>).map(([key, value]): [string, ManifestFile] => {
      const { factsHash, ...file } = manifestFileSchema.parse(value);
      return [key, factsHash === undefined ? file : { ...file, factsHash }];
    });
    manifest = { ...parsed, files: fileRecords(entries), ...(checksums ? { checksums } : {}) };
  } catch (error) {
    throw damagedIndex(dataDir, 'manifest.json has an unexpected shape', error);
  }
  const mismatch = describeMismatch(manifest, identity);
  if (mismatch) {
    throw new IndexError('INDEX_MISMATCH', `The index in ${dataDir} does not match the current settings: ${mismatch}. Run \`crisisbot ingest\` to re-ingest.`);
  }
  return manifest;
}

const readJson = async (dir: string, name: string): Promise<unknown> => JSON.parse(await readFile(join(dir, name), 'utf8'));

/** The articles of a generation (articles.json), by doc id. */
export async function readArticles(dir: string): Promise<Map<string, Article>> {
  return articlesOf(await readJson(dir, 'articles.json'));
}

/** The chunks of a generation (chunks.json: offsets into its articles), by chunk id, in stored order. */
export async function readChunks(dir: string, articles: Map<string, Article>): Promise<Map<string, Chunk>> {
  const refs = chunkRefsOf(await readJson(dir, 'chunks.json'));
  return new Map(refs.map((ref) => { const chunk = chunkFromRef(ref, articles); return [chunk.id, chunk]; }));
}

/** The vectors of a generation (vectors.hnsw with its label map, labels.json). */
export async function readVectors(dir: string, manifest: Manifest): Promise<HnswVectorStore> {
  // The vectors load off the main thread while the label map is parsed.
  return HnswVectorStore.read(join(dir, 'vectors.hnsw'), manifest.embedder.dimensions, readJson(dir, 'labels.json').then(labelsOf));
}

/** The corpus vocabulary of a generation (vocabulary.json); undefined for one written before it was kept. */
export async function readWords(dir: string, manifest: Manifest): Promise<WordCounts | undefined> {
  return manifest.checksums?.[VOCABULARY_FILE] === undefined ? undefined : WordCounts.fromJSON(await readFile(join(dir, VOCABULARY_FILE), 'utf8'));
}

/** The feature statistics of a generation (stats.json). */
export async function readStats(dir: string): Promise<FeatureStats> {
  const raw = statsSchema.parse(await readJson(dir, 'stats.json'));
  return { documents: raw.documents, df: Float64Array.from(raw.df) };
}

async function readParts<Lexical extends LexicalReader>(dir: string, manifest: Manifest, lexicalOf: (file: Uint8Array) => Lexical): Promise<IndexData<Lexical>> {
  // The vectors load off the main thread (the largest part) while the rest is parsed.
  const loading = readVectors(dir, manifest);
  loading.catch(() => undefined);
  const articles = await readArticles(dir);
  const chunks = await readChunks(dir, articles);
  const lexical = lexicalOf(await readFile(join(dir, LEXICAL_FILE)));
  const vectors = await loading;
  const stats = await readStats(dir);
  if (vectors.size !== chunks.size || lexical.size !== chunks.size) throw new Error('index parts disagree on the number of chunks');
  return { manifest, articles, chunks, vectors, lexical, stats, words: await readWords(dir, manifest) };
}

export const LEXICAL_FILE = 'lexical.bin';
export const VOCABULARY_FILE = 'vocabulary.json';

/** How a generation read was verified: hashed now, or trusted from its VERIFIED record (see generation-check.ts). */
export interface ReadCheck {
  generation: string;
  /** The files' fingerprint before they were read. */
  signature: string;
  /** True when the files were not hashed because `DATA_DIR/VERIFIED` records them unchanged since a full check. */
  trusted: boolean;
}

async function readGeneration<Lexical extends LexicalReader>(
  dataDir: string,
  identity: IndexIdentity,
  generation: string | undefined,
  lexicalOf: (file: Uint8Array) => Lexical,
  options: { full?: boolean } = {},
): Promise<IndexData<Lexical> & ReadCheck> {
  const name = generation ?? (await currentGeneration(dataDir));
  if (name === undefined) throw new IndexError('INDEX_MISSING', `No index in ${dataDir}: run \`crisisbot ingest\` first.`);
  const dir = join(dataDir, name);
  const signature = await signatureOf(dir).catch(() => '');
  const manifest = await readManifest(dataDir, dir, identity);
  const trusted = !options.full && signature !== '' && (await recordedAsVerified(dataDir, name, signature));
  // Checksums are verified (in a worker) while the parts load; a damaged file is refused even when it parses.
  const [verified, parts] = await Promise.allSettled([trusted ? undefined : verifyFiles(dataDir, dir, manifest.checksums), readParts(dir, manifest, lexicalOf)]);
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
  return readGeneration(dataDir, identity, generation, (file) => MiniSearchLexicalIndex.fromPostings(decodePostings(file)));
}

/**
 * Reads a generation (the live one by default) to be served, searching the compact postings. Throws
 * as {@link readIndex}. `full`: hash every file even when VERIFIED records them unchanged.
 */
export function readServedIndex(dataDir: string, identity: IndexIdentity, generation?: string, options: { full?: boolean } = {}): Promise<ServedIndexData & ReadCheck> {
  return readGeneration(dataDir, identity, generation, (file) => Bm25Postings.fromBytes(file), options);
}

/** Writes the files of a generation into `dir`; returns their checksums. */
async function writeParts(dir: string, data: IndexData): Promise<Record<string, string>> {
  const refs = [...data.chunks.values()].map((c) => [c.docId, c.index, c.start, c.end]);
  const labels = data.vectors.write(join(dir, 'vectors.hnsw'));
  const texts: Record<string, string | Buffer> = {
    'articles.json': JSON.stringify([...data.articles.values()]),
    'chunks.json': JSON.stringify(refs),
    'labels.json': JSON.stringify(labels),
    [LEXICAL_FILE]: data.lexical.toPostings(),
    'stats.json': JSON.stringify({ documents: data.stats.documents, df: Array.from(data.stats.df) }),
    [VOCABULARY_FILE]: (data.words ?? WordCounts.of([...data.articles.values()].map((article) => article.text))).toJSON(),
  };
  await Promise.all(Object.entries(texts).map(([name, text]) => writeFile(join(dir, name), text)));
  // The native writer may not report a short write: the checksum is taken from the file itself.
  // Streamed: at 100,000 articles the file is 2.35 GB, past what one read (or Buffer) can hold.
  const checksums: Record<string, string> = { 'vectors.hnsw': await fileChecksum(join(dir, 'vectors.hnsw')) };
  for (const [name, text] of Object.entries(texts)) checksums[name] = checksumOf(text);
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
    await writeFile(join(dir, 'manifest.json'), sealManifest({ ...data.manifest, checksums: undefined }, checksums));
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
