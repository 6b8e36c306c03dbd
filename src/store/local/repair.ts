/**
 * Repair of a damaged local generation without a full re-ingest. Its derived files are rebuilt
 * from the whole ones: chunk offsets by re-chunking the stored articles, the lexical postings and
 * the feature statistics from the chunks, the vocabulary from the articles, the articles by
 * reading their unchanged corpus files again (no re-embedding), and the vectors (with their label
 * map, kept with the chunk offsets) by re-embedding the stored chunk texts: the only repair that
 * costs embeddings (needed too when the chunk offsets are damaged, as they hold the labels). A damaged
 * manifest, or articles whose corpus files changed since, are not repaired here: the caller
 * rebuilds from the corpus.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodePostings } from './bm25-postings.ts';
import type { IndexIdentity, PartRebuilders } from '../../ports.ts';
import type { Article, Chunk } from '../../types.ts';
import { ARTICLES_FILE, CHUNKS_FILE, currentGeneration, LEXICAL_FILE, readArticles, readFileRecords, readChunks, readManifest, readStats, readVectors, readWords, STATS_FILE, VECTORS_FILE, VOCABULARY_FILE, type IndexData, type Manifest } from './generation-files.ts';
import { HnswVectorStore } from './hnsw-vector-store.ts';
import { damagedFiles } from './integrity.ts';
import { MiniSearchLexicalIndex } from './minisearch-lexical-index.ts';

/** The files that can be rebuilt from the others. */
const DERIVED = new Set([ARTICLES_FILE, CHUNKS_FILE, VECTORS_FILE, LEXICAL_FILE, STATS_FILE, VOCABULARY_FILE]);

/**
 * The live generation with its damaged derived files rebuilt in memory, and their names; undefined
 * when nothing is damaged, or when what is damaged cannot be rebuilt from what is whole.
 */
export async function readRepairing(dataDir: string, identity: IndexIdentity, rebuild: PartRebuilders): Promise<{ data: IndexData; repaired: string[] } | undefined> {
  const generation = await currentGeneration(dataDir);
  if (generation === undefined) return undefined;
  const dir = join(dataDir, generation);
  const manifest = await readManifest(dataDir, dir, identity).catch(() => undefined);
  if (!manifest?.checksums) return undefined;
  const damaged = [...(await damagedFiles(dir, manifest.checksums)).keys()].sort();
  if (damaged.length === 0 || damaged.some((name) => !DERIVED.has(name))) return undefined;
  try {
    // files.json is whole here (it is not derived: damaged, it means a rebuild from the corpus).
    return { data: await rebuildParts(dir, { ...manifest, files: await readFileRecords(dir) }, new Set(damaged), rebuild), repaired: damaged };
  } catch {
    return undefined;
  }
}

async function rebuildParts(dir: string, manifest: Manifest, damaged: Set<string>, rebuild: PartRebuilders): Promise<IndexData> {
  const articles = damaged.has(ARTICLES_FILE) ? await reread(manifest, rebuild) : await readArticles(dir);
  // The chunk offsets hold the vectors' labels: chunks rebuilt means vectors re-embedded.
  const stored = damaged.has(CHUNKS_FILE) ? undefined : await readChunks(dir, articles);
  const chunks = stored?.chunks ?? rechunk(articles, manifest, rebuild);
  // Articles read again must cut into exactly the stored chunks (same ids and offsets).
  if (damaged.has(ARTICLES_FILE) && stored) sameChunks(chunks, rechunk(articles, manifest, rebuild));
  const list = [...chunks.values()];
  const vectors = damaged.has(VECTORS_FILE) || !stored ? await reembed(list, manifest, rebuild) : await readVectors(dir, manifest, stored.labels);
  let lexical: MiniSearchLexicalIndex;
  if (damaged.has(LEXICAL_FILE)) {
    lexical = MiniSearchLexicalIndex.create();
    lexical.add(list);
  } else {
    lexical = MiniSearchLexicalIndex.fromPostings(decodePostings(await readFile(join(dir, LEXICAL_FILE))));
  }
  const stats = damaged.has(STATS_FILE) ? (rebuild.featureStats(list) ?? { documents: 0, df: new Float64Array(manifest.embedder.dimensions) }) : await readStats(dir);
  if (vectors.size !== chunks.size || lexical.size !== chunks.size || list.some((chunk) => !vectors.has(chunk.id))) throw new Error('the whole parts disagree');
  // A damaged vocabulary is left out: writing the generation counts it again from the articles.
  const words = damaged.has(VOCABULARY_FILE) ? undefined : await readWords(dir, manifest);
  return { manifest, articles, chunks, vectors, lexical, stats, words };
}

/** The indexed articles read again from the corpus; throws when any file is no longer as indexed. */
async function reread(manifest: Manifest, rebuild: PartRebuilders): Promise<Map<string, Article>> {
  const articles = await rebuild.articles(manifest.files);
  if (!articles) throw new Error('the corpus no longer holds every indexed article as indexed');
  return articles;
}

function sameChunks(stored: Map<string, Chunk>, cut: Map<string, Chunk>): void {
  const same = stored.size === cut.size && [...cut.values()].every((chunk) => {
    const other = stored.get(chunk.id);
    return other !== undefined && other.start === chunk.start && other.end === chunk.end;
  });
  if (!same) throw new Error('the articles read again do not cut into the stored chunks');
}

/** The chunks of every article, in article order; throws when they are not the ones the manifest records. */
function rechunk(articles: Map<string, Article>, manifest: Manifest, rebuild: PartRebuilders): Map<string, Chunk> {
  const chunks = new Map<string, Chunk>();
  for (const article of articles.values()) {
    const cut = rebuild.chunk(article);
    if (cut.length !== manifest.files[article.docId]?.chunks) throw new Error(`${article.docId} does not chunk as recorded`);
    for (const chunk of cut) chunks.set(chunk.id, chunk);
  }
  return chunks;
}

/** A new vector index over the stored chunks, in stored order (so labels come out as first written). */
async function reembed(chunks: Chunk[], manifest: Manifest, rebuild: PartRebuilders): Promise<HnswVectorStore> {
  const vectors = HnswVectorStore.create(manifest.embedder.dimensions, chunks.length);
  const batch = 256;
  for (let i = 0; i < chunks.length; i += batch) {
    const slice = chunks.slice(i, i + batch);
    vectors.add(slice, await rebuild.embed(slice.map((chunk) => chunk.text)));
  }
  return vectors;
}
