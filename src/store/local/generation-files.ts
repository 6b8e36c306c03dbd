/**
 * The files of the local index under DATA_DIR: one generation folder per ingest holding the
 * manifest, the articles (cleaned text + metadata), chunk offsets, the hnswlib vectors with their
 * label map, the lexical index and the feature statistics. `CURRENT` names the live generation and
 * is replaced atomically (write + rename) only after a generation is complete, so a crash
 * mid-ingest leaves the previous index usable.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { IndexError } from '../../errors.ts';
import type { FeatureStats, IndexIdentity, ManifestFile } from '../../ports.ts';
import type { Article, Chunk } from '../../types.ts';
import { HnswVectorStore } from './hnsw-vector-store.ts';
import { MiniSearchLexicalIndex } from './minisearch-lexical-index.ts';

export const INDEX_FORMAT = 1;

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
  files: z.record(z.string(), manifestFileSchema),
});
export interface Manifest {
  format: typeof INDEX_FORMAT;
  embedder: { id: string; dimensions: number };
  chunking: IndexIdentity['chunking'];
  createdAt: string;
  updatedAt: string;
  files: Record<string, ManifestFile>;
}

const articleSchema = z.object({
  docId: z.string(),
  title: z.string(),
  lang: z.enum(['en', 'fr']),
  source: z.object({ publisher: z.string().optional(), date: z.string().optional(), author: z.string().optional(), url: z.string().optional() }),
  path: z.string(),
  hash: z.string(),
  text: z.string(),
});
const chunkRefSchema = z.tuple([z.string(), z.number().int(), z.number().int(), z.number().int()]);
const statsSchema = z.object({ documents: z.number().int().nonnegative(), df: z.array(z.number()) });

/** Everything a query needs, in memory. */
export interface IndexData {
  manifest: Manifest;
  articles: Map<string, Article>;
  chunks: Map<string, Chunk>;
  vectors: HnswVectorStore;
  lexical: MiniSearchLexicalIndex;
  stats: FeatureStats;
}

const CURRENT = 'CURRENT';

/** An empty index for these settings. */
export function emptyIndex(identity: IndexIdentity): IndexData {
  const now = new Date().toISOString();
  return {
    manifest: { format: INDEX_FORMAT, embedder: { id: identity.embedderId, dimensions: identity.dimensions }, chunking: { ...identity.chunking }, createdAt: now, updatedAt: now, files: {} },
    articles: new Map(),
    chunks: new Map(),
    vectors: HnswVectorStore.create(identity.dimensions),
    lexical: MiniSearchLexicalIndex.create(),
    stats: { documents: 0, df: new Float64Array(identity.dimensions) },
  };
}

function chunkFromRef(ref: z.infer<typeof chunkRefSchema>, articles: Map<string, Article>): Chunk {
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

async function readManifest(dataDir: string, dir: string, identity: IndexIdentity): Promise<Manifest> {
  let manifest: Manifest;
  try {
    const parsed = manifestSchema.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
    const files = Object.fromEntries(Object.entries(parsed.files).map(([key, { factsHash, ...file }]) => [key, factsHash === undefined ? file : { ...file, factsHash }]));
    manifest = { ...parsed, files };
  } catch (error) {
    throw new IndexError('INDEX_CORRUPT', `The index in ${dataDir} is corrupt (manifest unreadable): run \`crisisbot ingest --rebuild\`.`, { cause: error });
  }
  const mismatch = describeMismatch(manifest, identity);
  if (mismatch) {
    throw new IndexError('INDEX_MISMATCH', `The index in ${dataDir} does not match the current settings: ${mismatch}. Run \`crisisbot ingest\` to re-ingest.`);
  }
  return manifest;
}

async function readParts(dir: string, manifest: Manifest): Promise<IndexData> {
  const json = async (name: string): Promise<unknown> => JSON.parse(await readFile(join(dir, name), 'utf8'));
  const articles = new Map(
    z.array(articleSchema).parse(await json('articles.json')).map((a) => {
      const article: Article = { ...a, source: Object.fromEntries(Object.entries(a.source).filter(([, v]) => v !== undefined)) };
      return [a.docId, article];
    }),
  );
  const refs = z.array(chunkRefSchema).parse(await json('chunks.json'));
  const chunks = new Map(refs.map((ref) => { const chunk = chunkFromRef(ref, articles); return [chunk.id, chunk]; }));
  const labels = z.record(z.string(), z.number().int()).parse(await json('labels.json'));
  const vectors = HnswVectorStore.read(join(dir, 'vectors.hnsw'), manifest.embedder.dimensions, labels);
  const lexical = MiniSearchLexicalIndex.fromJSON(await readFile(join(dir, 'lexical.json'), 'utf8'));
  const rawStats = statsSchema.parse(await json('stats.json'));
  if (vectors.size !== chunks.size || lexical.size !== chunks.size) throw new Error('index parts disagree on the number of chunks');
  return { manifest, articles, chunks, vectors, lexical, stats: { documents: rawStats.documents, df: Float64Array.from(rawStats.df) } };
}

/** Reads a generation (the live one by default). Throws IndexError INDEX_MISSING, INDEX_CORRUPT or INDEX_MISMATCH. */
export async function readIndex(dataDir: string, identity: IndexIdentity, generation?: string): Promise<IndexData & { generation: string }> {
  const name = generation ?? (await currentGeneration(dataDir));
  if (name === undefined) throw new IndexError('INDEX_MISSING', `No index in ${dataDir}: run \`crisisbot ingest\` first.`);
  const dir = join(dataDir, name);
  const manifest = await readManifest(dataDir, dir, identity);
  try {
    return { ...(await readParts(dir, manifest)), generation: name };
  } catch (error) {
    throw new IndexError('INDEX_CORRUPT', `The index in ${dataDir} is corrupt: run \`crisisbot ingest --rebuild\`.`, { cause: error });
  }
}

/**
 * Writes a complete new generation, then points CURRENT at it and removes older generations —
 * all but the one it replaces, which a reader in another process (the bot, a CLI command) may
 * still be loading. Returns the new generation's name.
 */
export async function writeIndex(dataDir: string, data: IndexData): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  const generation = `index-${Date.now().toString(36)}-${process.pid.toString(36)}-${randomBytes(3).toString('hex')}`;
  const dir = join(dataDir, generation);
  await mkdir(dir);
  const refs = [...data.chunks.values()].map((c) => [c.docId, c.index, c.start, c.end]);
  const labels = data.vectors.write(join(dir, 'vectors.hnsw'));
  await Promise.all([
    writeFile(join(dir, 'articles.json'), JSON.stringify([...data.articles.values()])),
    writeFile(join(dir, 'chunks.json'), JSON.stringify(refs)),
    writeFile(join(dir, 'labels.json'), JSON.stringify(labels)),
    writeFile(join(dir, 'lexical.json'), data.lexical.toJSON()),
    writeFile(join(dir, 'stats.json'), JSON.stringify({ documents: data.stats.documents, df: Array.from(data.stats.df) })),
  ]);
  // The manifest goes last: a generation without one is never made CURRENT.
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(data.manifest, null, 2));
  const replaced = await currentGeneration(dataDir);
  const pointer = join(dataDir, `${CURRENT}.${process.pid}.tmp`);
  await writeFile(pointer, generation);
  await rename(pointer, join(dataDir, CURRENT));
  for (const entry of await readdir(dataDir)) {
    if (entry.startsWith('index-') && entry !== generation && entry !== replaced) await rm(join(dataDir, entry), { recursive: true, force: true });
  }
  return generation;
}

/** True when DATA_DIR has a CURRENT pointer (an index was written once). */
export function indexExists(dataDir: string): boolean {
  return existsSync(join(dataDir, CURRENT));
}
