/**
 * One published local generation, in memory: hnswlib vectors, the compact lexical postings, and the
 * articles and chunks decoded on demand from their files' bytes. Immutable once built (a
 * transaction works on its own copy read from disk).
 */
import type { ArticleInfo, FeatureStats, VocabularyWords, IndexIdentity, IndexSnapshot, LexicalHit, LexicalIndex, ManifestFile, SearchFilter, VectorHit, VectorStore } from '../../ports.ts';
import type { Article, Chunk } from '../../types.ts';
import { fileRecords, type ServedIndexData } from './generation-files.ts';
import type { StoredTexts } from './stored-texts.ts';

/** The chunk predicate of a filter; undefined when it admits everything, `false` when nothing. */
export function chunkFilter(filter: SearchFilter | undefined, texts: StoredTexts): ((chunkId: string) => boolean) | undefined | false {
  if (!filter || (filter.docIds === undefined && filter.langs === undefined)) return undefined;
  if (filter.docIds?.length === 0 || filter.langs?.length === 0) return false;
  const docs = filter.docIds ? new Set(filter.docIds) : undefined;
  const langs = filter.langs;
  return (chunkId) => {
    const where = texts.where(chunkId);
    return where !== undefined && (docs === undefined || docs.has(where.docId)) && (langs === undefined || langs.includes(where.lang));
  };
}

/** Stored vectors kept as Float32Array after first use (the near-duplicate check reads the same top passages again and again). */
const VECTOR_CACHE_SIZE = 1024;

/** The vectors of a served generation; while they load, searches and reads wait for them (see {@link loading}). */
class LocalVectorStore implements VectorStore {
  private readonly cache = new Map<string, Float32Array>();

  constructor(private readonly data: ServedIndexData) {}

  async search(vector: ArrayLike<number>, k: number, filter?: SearchFilter): Promise<VectorHit[]> {
    const accept = chunkFilter(filter, this.data.texts);
    if (accept === false) return [];
    return (this.data.vectors.ready ?? (await this.data.vectors.get())).search(vector, k, accept);
  }

  /** The stored vector; callers must not modify it (it is shared). */
  async vector(chunkId: string): Promise<Float32Array | undefined> {
    const cached = this.cache.get(chunkId);
    if (cached) return cached;
    const stored = (this.data.vectors.ready ?? (await this.data.vectors.get())).vector(chunkId);
    if (!stored) return undefined;
    const vector = Float32Array.from(stored);
    if (this.cache.size >= VECTOR_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(chunkId, vector);
    return vector;
  }

  async size(): Promise<number> {
    return (await this.data.vectors.get()).size;
  }

  loading(): Promise<void> | undefined {
    const vectors = this.data.vectors;
    if (!vectors.loading) return undefined;
    const loaded = vectors.loaded.then(() => undefined);
    // A caller that answers without waiting need not handle a failed read (searches report it).
    loaded.catch(() => undefined);
    return loaded;
  }
}

class LocalLexicalIndex implements LexicalIndex {
  constructor(private readonly data: ServedIndexData) {}

  search(query: string, k: number, filter?: SearchFilter): Promise<LexicalHit[]> {
    const accept = chunkFilter(filter, this.data.texts);
    if (accept === false) return Promise.resolve([]);
    return Promise.resolve(this.data.lexical.search(query, k, accept));
  }
}

export class LocalSnapshot implements IndexSnapshot {
  readonly identity: IndexIdentity;
  readonly vectors: VectorStore;
  readonly lexical: LexicalIndex;
  private infos: ArticleInfo[] | undefined;

  /** @param data the generation in memory; read it directly only in this process's tools and tests. */
  constructor(
    readonly data: ServedIndexData,
    readonly generation: string,
  ) {
    const { manifest } = data;
    this.identity = { embedderId: manifest.embedder.id, dimensions: manifest.embedder.dimensions, chunking: { ...manifest.chunking } };
    this.vectors = new LocalVectorStore(data);
    this.lexical = new LocalLexicalIndex(data);
  }

  files(): Promise<Record<string, ManifestFile>> {
    return this.data.files().then((files) => fileRecords(Object.entries(files).map(([key, file]) => [key, { ...file }])));
  }

  articles(): Promise<ArticleInfo[]> {
    const { texts } = this.data;
    this.infos ??= [...texts.docIds()]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((docId) => {
        const { text: _text, ...info } = texts.article(docId) as Article;
        return { ...info, chunks: texts.chunkCountOf(docId) };
      });
    return Promise.resolve(this.infos.map((info) => ({ ...info })));
  }

  article(docId: string): Promise<Article | undefined> {
    return Promise.resolve(this.data.texts.article(docId));
  }

  chunk(chunkId: string): Promise<Chunk | undefined> {
    return Promise.resolve(this.data.texts.chunk(chunkId));
  }

  chunks(chunkIds: readonly string[]): Promise<Chunk[]> {
    return Promise.resolve(chunkIds.flatMap((id) => this.data.texts.chunk(id) ?? []));
  }

  chunksOf(docId: string): Promise<Chunk[]> {
    return Promise.resolve(this.data.texts.chunksOf(docId));
  }

  featureStats(): Promise<FeatureStats | undefined> {
    return Promise.resolve(this.data.stats);
  }

  vocabulary(): Promise<VocabularyWords | undefined> {
    return Promise.resolve(this.data.words?.words());
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
