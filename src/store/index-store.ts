/**
 * The persistent index under DATA_DIR: one generation folder per ingest holding the manifest,
 * the articles (cleaned text + metadata), chunk offsets, the hnswlib vectors with their label
 * map, the lexical index and the feature statistics. `CURRENT` names the live generation and is
 * replaced atomically (write + rename) only after a generation is complete, so a crash mid-ingest
 * leaves the previous index usable.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { IndexError } from '../errors.ts';
import type { ChunkOptions } from '../ingest/chunk.ts';
import type { FeatureStats } from '../ports.ts';
import type { Article, Chunk } from '../types.ts';
import { HnswVectorStore } from './hnsw-vector-store.ts';
import { MiniSearchLexicalIndex } from './minisearch-lexical-index.ts';

export const INDEX_FORMAT = 1;

const manifestSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  embedder: z.object({ id: z.string(), dimensions: z.number().int().positive() }),
  chunking: z.object({ targetChars: z.number(), maxChars: z.number(), overlapChars: z.number() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  files: z.record(z.string(), z.object({ path: z.string(), hash: z.string(), chunks: z.number().int().nonnegative() })),
});
export type Manifest = z.infer<typeof manifestSchema>;

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

/** What the index must have been built with to be usable. */
export interface IndexIdentity {
  embedderId: string;
  dimensions: number;
  chunking: ChunkOptions;
}

const CURRENT = 'CURRENT';

function chunkFromRef(ref: z.infer<typeof chunkRefSchema>, articles: Map<string, Article>): Chunk {
  const [docId, index, start, end] = ref;
  const article = articles.get(docId);
  if (!article || end > article.text.length || start < 0 || start >= end) throw new Error(`chunk ${docId}#${index} does not fit its article`);
  return { id: `${docId}#${index}`, docId, index, title: article.title, lang: article.lang, start, end, text: article.text.slice(start, end) };
}

/** Explains why an index does not match the current settings, or returns undefined. */
export function describeMismatch(manifest: Manifest, identity: IndexIdentity): string | undefined {
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

/** Reads the live generation. Throws IndexError INDEX_MISSING, INDEX_CORRUPT or INDEX_MISMATCH. */
export async function readIndex(dataDir: string, identity: IndexIdentity): Promise<IndexData> {
  let generation: string;
  try {
    generation = (await readFile(join(dataDir, CURRENT), 'utf8')).trim();
  } catch {
    throw new IndexError('INDEX_MISSING', `No index in ${dataDir}: run \`crisisbot ingest\` first.`);
  }
  const dir = join(dataDir, generation);
  let manifest: Manifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
  } catch (error) {
    throw new IndexError('INDEX_CORRUPT', `The index in ${dataDir} is corrupt (manifest unreadable): run \`crisisbot ingest --rebuild\`.`, { cause: error });
  }
  const mismatch = describeMismatch(manifest, identity);
  if (mismatch) {
    throw new IndexError('INDEX_MISMATCH', `The index in ${dataDir} does not match the current settings: ${mismatch}. Run \`crisisbot ingest\` to re-ingest.`);
  }
  try {
    const articles = new Map(
      z.array(articleSchema).parse(JSON.parse(await readFile(join(dir, 'articles.json'), 'utf8'))).map((a) => {
        const article: Article = { ...a, source: Object.fromEntries(Object.entries(a.source).filter(([, v]) => v !== undefined)) };
        return [a.docId, article];
      }),
    );
    const refs = z.array(chunkRefSchema).parse(JSON.parse(await readFile(join(dir, 'chunks.json'), 'utf8')));
    const chunks = new Map(refs.map((ref) => { const chunk = chunkFromRef(ref, articles); return [chunk.id, chunk]; }));
    const labels = z.record(z.string(), z.number().int()).parse(JSON.parse(await readFile(join(dir, 'labels.json'), 'utf8')));
    const vectors = HnswVectorStore.read(join(dir, 'vectors.hnsw'), manifest.embedder.dimensions, labels);
    const lexical = MiniSearchLexicalIndex.fromJSON(await readFile(join(dir, 'lexical.json'), 'utf8'));
    const rawStats = statsSchema.parse(JSON.parse(await readFile(join(dir, 'stats.json'), 'utf8')));
    if (vectors.size !== chunks.size || lexical.size !== chunks.size) throw new Error('index parts disagree on the number of chunks');
    return { manifest, articles, chunks, vectors, lexical, stats: { documents: rawStats.documents, df: Float64Array.from(rawStats.df) } };
  } catch (error) {
    if (error instanceof IndexError) throw error;
    throw new IndexError('INDEX_CORRUPT', `The index in ${dataDir} is corrupt: run \`crisisbot ingest --rebuild\`.`, { cause: error });
  }
}

/**
 * Writes a complete new generation, then points CURRENT at it and removes older generations —
 * all but the one it replaces, which a reader in another process (the bot, a CLI command) may
 * still be loading.
 */
export async function writeIndex(dataDir: string, data: IndexData): Promise<void> {
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
  const replaced = await readFile(join(dataDir, CURRENT), 'utf8').then((text) => text.trim(), () => undefined);
  const pointer = join(dataDir, `${CURRENT}.${process.pid}.tmp`);
  await writeFile(pointer, generation);
  await rename(pointer, join(dataDir, CURRENT));
  for (const entry of await readdir(dataDir)) {
    if (entry.startsWith('index-') && entry !== generation && entry !== replaced) await rm(join(dataDir, entry), { recursive: true, force: true });
  }
}

/** True when DATA_DIR has a CURRENT pointer (an index was written once). */
export function indexExists(dataDir: string): boolean {
  return existsSync(join(dataDir, CURRENT));
}
