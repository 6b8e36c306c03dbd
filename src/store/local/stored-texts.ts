/**
 * The articles and chunk offsets of a generation as two binary files, so that serving reads them
 * without parsing them: at 100,000 articles `articles.json` took ~7 s of an open to decode and
 * parse, and the label map (554,000 keys) another 0.8 s. A served generation keeps the files'
 * bytes and typed-array views; an article is decoded when first asked for (and kept in a small
 * cache), a chunk is made from its article on demand.
 *
 * `articles.bin` (little-endian): 8-byte magic, u32 header length, the header JSON (UTF-8:
 * `{ docIds, langs }`, one entry per article), padding to 8 bytes, f64 metadata offsets[n + 1],
 * f64 text offsets[n + 1] (byte offsets into the data that follows), then per article its
 * metadata JSON (`{ title, lang, source, path, hash }`) and its cleaned text, UTF-8.
 *
 * `chunks.bin`: 8-byte magic, u32 header length, the header JSON (`{ docIds }`: the articles in the
 * same order, so the file is read alone when articles.bin is rebuilt), padding to 4 bytes, u32 chunk
 * count c, then u32 article ordinal[c], index[c], start[c], end[c] and hnswlib label[c]. An
 * article's chunks are stored together, by index. Offsets are UTF-16 positions in the article
 * text, as in a Chunk.
 */
import type { Article, Chunk, Lang } from '../../types.ts';

const ARTICLES_MAGIC = 'CBARTS\u0000\u0003';
const CHUNKS_MAGIC = 'CBCHNK\u0000\u0003';
/** Decoded articles kept (a query reads the articles of its top passages, often again). */
const ARTICLE_CACHE_SIZE = 2048;

const align8 = (n: number): number => (n + 7) & ~7;

/** Encodes articles (in the given order) into `articles.bin`. */
export function encodeArticles(articles: readonly Article[]): Buffer {
  const header = Buffer.from(JSON.stringify({ docIds: articles.map((a) => a.docId), langs: articles.map((a) => a.lang) }), 'utf8');
  const parts = articles.flatMap(({ title, lang, source, path, hash, text }) => [Buffer.from(JSON.stringify({ title, lang, source, path, hash }), 'utf8'), Buffer.from(text, 'utf8')]);
  const metaOffsets = new Float64Array(articles.length + 1);
  const textOffsets = new Float64Array(articles.length + 1);
  let at = 0;
  for (let i = 0; i < articles.length; i++) {
    metaOffsets[i] = at;
    at += (parts[2 * i] as Buffer).length;
    textOffsets[i] = at;
    at += (parts[2 * i + 1] as Buffer).length;
  }
  metaOffsets[articles.length] = at;
  textOffsets[articles.length] = at;
  const prefix = Buffer.alloc(align8(ARTICLES_MAGIC.length + 4 + header.length));
  prefix.write(ARTICLES_MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.length, ARTICLES_MAGIC.length);
  header.copy(prefix, ARTICLES_MAGIC.length + 4);
  return Buffer.concat([prefix, Buffer.from(metaOffsets.buffer), Buffer.from(textOffsets.buffer), ...parts]);
}

/** Encodes chunks into `chunks.bin`: grouped by article (in `articleOrder`), by index, each with its hnswlib label. */
export function encodeChunks(articleOrder: readonly string[], chunks: Iterable<Chunk>, labelOf: (chunkId: string) => number | undefined): Buffer {
  const ordinal = new Map(articleOrder.map((docId, i) => [docId, i]));
  const sorted = [...chunks].sort((a, b) => (ordinal.get(a.docId) ?? -1) - (ordinal.get(b.docId) ?? -1) || a.index - b.index);
  const n = sorted.length;
  const columns = new Uint32Array(5 * n);
  sorted.forEach((chunk, i) => {
    const article = ordinal.get(chunk.docId);
    const label = labelOf(chunk.id);
    if (article === undefined || label === undefined) throw new Error(`chunk ${chunk.id} has no article or no vector`);
    columns[i] = article;
    columns[n + i] = chunk.index;
    columns[2 * n + i] = chunk.start;
    columns[3 * n + i] = chunk.end;
    columns[4 * n + i] = label;
  });
  const header = Buffer.from(JSON.stringify({ docIds: articleOrder }), 'utf8');
  const head = Buffer.alloc(align4(CHUNKS_MAGIC.length + 4 + header.length) + 4);
  head.write(CHUNKS_MAGIC, 0, 'latin1');
  head.writeUInt32LE(header.length, CHUNKS_MAGIC.length);
  header.copy(head, CHUNKS_MAGIC.length + 4);
  head.writeUInt32LE(n, head.length - 4);
  return Buffer.concat([head, Buffer.from(columns.buffer)]);
}

const align4 = (n: number): number => (n + 3) & ~3;

/** A copy of `file` whose byte offset is a multiple of 8 (typed-array views need it), or itself. */
function aligned(file: Uint8Array): Uint8Array {
  return file.byteOffset % 8 === 0 ? file : new Uint8Array(file);
}

/** The magic, the length-prefixed JSON header, and where the header ends, of articles.bin or chunks.bin. */
function readHeader(file: Uint8Array, magic: string, what: string): { bytes: Uint8Array; buffer: Buffer; header: unknown; headerEnd: number } {
  const bytes = aligned(file);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < magic.length + 4 || buffer.toString('latin1', 0, magic.length) !== magic) throw new Error(`not a crisisbot ${what} file`);
  const headerLength = buffer.readUInt32LE(magic.length);
  const headerEnd = magic.length + 4 + headerLength;
  if (headerEnd > buffer.length) throw new Error(`${what} file is truncated`);
  return { bytes, buffer, header: JSON.parse(buffer.toString('utf8', magic.length + 4, headerEnd)) as unknown, headerEnd };
}

interface ArticlesFile {
  docIds: string[];
  langs: Lang[];
  metaOffsets: Float64Array;
  textOffsets: Float64Array;
  /** The data section (metadata and texts). */
  data: Buffer;
}

function decodeArticlesFile(file: Uint8Array): ArticlesFile {
  const { bytes, buffer, header, headerEnd } = readHeader(file, ARTICLES_MAGIC, 'articles');
  const { docIds, langs } = header as { docIds?: unknown; langs?: unknown };
  if (!Array.isArray(docIds) || !Array.isArray(langs) || docIds.length !== langs.length || !docIds.every((id) => typeof id === 'string') || !langs.every((lang) => lang === 'en' || lang === 'fr')) throw new Error('articles file has a malformed header');
  const n = docIds.length;
  const offsetsAt = align8(headerEnd);
  const dataAt = offsetsAt + 16 * (n + 1);
  if (dataAt > buffer.length) throw new Error('articles file is truncated');
  const metaOffsets = new Float64Array(bytes.buffer, bytes.byteOffset + offsetsAt, n + 1);
  const textOffsets = new Float64Array(bytes.buffer, bytes.byteOffset + offsetsAt + 8 * (n + 1), n + 1);
  const data = buffer.subarray(dataAt);
  for (let i = 0; i < n; i++) {
    const ordered = (metaOffsets[i] as number) <= (textOffsets[i] as number) && (textOffsets[i] as number) <= (metaOffsets[i + 1] as number);
    if (!ordered) throw new Error('articles file has disordered offsets');
  }
  if (metaOffsets[n] !== data.length || textOffsets[n] !== data.length) throw new Error('articles file offsets disagree with its size');
  return { docIds: docIds, langs: langs as Lang[], metaOffsets, textOffsets, data };
}

/** One article of the file, decoded and shape-checked (the checksums vouch for the bytes; this catches a writer's bug). */
function decodeArticle(file: ArticlesFile, i: number): Article {
  const meta = JSON.parse(file.data.toString('utf8', file.metaOffsets[i], file.textOffsets[i])) as Record<string, unknown>;
  const source = meta.source as Record<string, unknown> | undefined;
  if (typeof meta.title !== 'string' || typeof meta.path !== 'string' || typeof meta.hash !== 'string' || meta.lang !== file.langs[i] || typeof source !== 'object' || source === null) throw new Error('articles file holds a malformed article');
  const info: Article['source'] = {};
  for (const key of ['publisher', 'date', 'author', 'url'] as const) {
    const value = source[key];
    if (typeof value === 'string') info[key] = value;
    else if (value !== undefined) throw new Error('articles file holds a malformed source');
  }
  const text = file.data.toString('utf8', file.textOffsets[i], file.metaOffsets[i + 1]);
  return { docId: file.docIds[i] as string, title: meta.title, lang: meta.lang as Lang, source: info, path: meta.path, hash: meta.hash, text };
}

interface ChunksFile {
  docIds: string[];
  article: Uint32Array;
  index: Uint32Array;
  start: Uint32Array;
  end: Uint32Array;
  label: Uint32Array;
}

/** Decodes chunks.bin, checking that its chunks are grouped by article and by index. */
function decodeChunksFile(file: Uint8Array): ChunksFile {
  const { bytes, buffer, header, headerEnd } = readHeader(file, CHUNKS_MAGIC, 'chunks');
  const countAt = align4(headerEnd);
  if (countAt + 4 > buffer.length) throw new Error('chunks file is truncated');
  const { docIds } = header as { docIds?: unknown };
  if (!Array.isArray(docIds) || !docIds.every((id) => typeof id === 'string')) throw new Error('chunks file has a malformed header');
  const n = buffer.readUInt32LE(countAt);
  if (buffer.length !== countAt + 4 + 20 * n) throw new Error('chunks file size disagrees with its count');
  const column = (k: number): Uint32Array => new Uint32Array(bytes.buffer, bytes.byteOffset + countAt + 4 + 4 * k * n, n);
  const chunks = { docIds: docIds, article: column(0), index: column(1), start: column(2), end: column(3), label: column(4) };
  for (let i = 0; i < n; i++) {
    const a = chunks.article[i] as number;
    const previous = i === 0 ? -1 : (chunks.article[i - 1] as number);
    const grouped = a < docIds.length && (previous < a || (previous === a && (chunks.index[i - 1] as number) < (chunks.index[i] as number)));
    if (!grouped || (chunks.start[i] as number) >= (chunks.end[i] as number)) throw new Error(`chunk ${i} of chunks.bin is malformed`);
  }
  return chunks;
}

/** A chunk of an article, checked to fit it. */
function chunkOf(article: Article, index: number, start: number, end: number): Chunk {
  if (end > article.text.length) throw new Error(`chunk ${article.docId}#${index} does not fit its article`);
  return { id: `${article.docId}#${index}`, docId: article.docId, index, title: article.title, lang: article.lang, start, end, text: article.text.slice(start, end) };
}

/** Every article of articles.bin, decoded (what an ingest changes). */
export function decodeArticles(file: Uint8Array): Map<string, Article> {
  const decoded = decodeArticlesFile(file);
  const articles = new Map(decoded.docIds.map((docId, i) => [docId, decodeArticle(decoded, i)]));
  if (articles.size !== decoded.docIds.length) throw new Error('articles file lists an article twice');
  return articles;
}

/** Every chunk of chunks.bin made from its article, in stored order, and each chunk's hnswlib label. */
export function decodeChunks(file: Uint8Array, articles: ReadonlyMap<string, Article>): { chunks: Map<string, Chunk>; labels: Map<string, number> } {
  const columns = decodeChunksFile(file);
  const chunks = new Map<string, Chunk>();
  const labels = new Map<string, number>();
  for (let i = 0; i < columns.article.length; i++) {
    const docId = columns.docIds[columns.article[i] as number] as string;
    const article = articles.get(docId);
    if (!article) throw new Error(`chunks file names ${docId}, which is not among the articles`);
    const chunk = chunkOf(article, columns.index[i] as number, columns.start[i] as number, columns.end[i] as number);
    chunks.set(chunk.id, chunk);
    labels.set(chunk.id, columns.label[i] as number);
  }
  if (new Set(labels.values()).size !== labels.size) throw new Error('chunks file gives a vector label twice');
  return { chunks, labels };
}

/**
 * The articles and chunks of a served generation, decoded on demand from the files' bytes. Chunk
 * ordinals are positions in `chunks.bin`; chunk ids are made from the article's doc id and index.
 */
export class StoredTexts {
  private readonly ordinals: Map<string, number>;
  /** Per article, its first chunk ordinal; [i + 1] ends it. */
  private readonly firstChunk: Uint32Array;
  /** Chunk ordinal per hnswlib label, -1 for none. */
  private readonly chunkOfLabel: Int32Array;
  private readonly cache = new Map<number, Article>();

  private constructor(
    private readonly file: ArticlesFile,
    private readonly columns: ChunksFile,
  ) {
    this.ordinals = new Map(file.docIds.map((docId, i) => [docId, i]));
    if (this.ordinals.size !== file.docIds.length) throw new Error('articles file lists an article twice');
    this.firstChunk = new Uint32Array(file.docIds.length + 1);
    let maxLabel = -1;
    for (let i = 0; i < columns.article.length; i++) {
      this.firstChunk[(columns.article[i] as number) + 1] = i + 1;
      maxLabel = Math.max(maxLabel, columns.label[i] as number);
    }
    for (let a = 1; a <= file.docIds.length; a++) this.firstChunk[a] = Math.max(this.firstChunk[a] as number, this.firstChunk[a - 1] as number);
    this.chunkOfLabel = new Int32Array(maxLabel + 1).fill(-1);
    for (let i = 0; i < columns.label.length; i++) {
      const label = columns.label[i] as number;
      if (this.chunkOfLabel[label] !== -1) throw new Error(`chunks file gives label ${label} twice`);
      this.chunkOfLabel[label] = i;
    }
  }

  /** Reads the two files (shape-checked; no article is decoded). */
  static fromFiles(articlesFile: Uint8Array, chunksFile: Uint8Array): StoredTexts {
    const file = decodeArticlesFile(articlesFile);
    const columns = decodeChunksFile(chunksFile);
    const { docIds } = file;
    if (columns.docIds.length !== docIds.length || columns.docIds.some((docId, i) => docId !== docIds[i])) throw new Error('chunks.bin and articles.bin list other articles');
    for (let i = 0; i < columns.article.length; i++) {
      const a = columns.article[i] as number;
      // A text of b UTF-8 bytes is at most b UTF-16 units long: an end past that cannot fit.
      if ((columns.end[i] as number) > (file.metaOffsets[a + 1] as number) - (file.textOffsets[a] as number)) throw new Error(`chunk ${i} of chunks.bin does not fit its article`);
    }
    return new StoredTexts(file, columns);
  }

  get articleCount(): number {
    return this.file.docIds.length;
  }

  get chunkCount(): number {
    return this.columns.article.length;
  }

  /** Chunks with a vector label (all of them): the label map of the served vectors. */
  get size(): number {
    return this.columns.article.length;
  }

  /** Doc ids in stored order. */
  docIds(): readonly string[] {
    return this.file.docIds;
  }

  article(docId: string): Article | undefined {
    const i = this.ordinals.get(docId);
    return i === undefined ? undefined : this.articleAt(i);
  }

  private articleAt(i: number): Article {
    const cached = this.cache.get(i);
    if (cached) return cached;
    const article = decodeArticle(this.file, i);
    if (this.cache.size >= ARTICLE_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as number);
    this.cache.set(i, article);
    return article;
  }

  /** The ordinal of a chunk id, or -1. */
  private ordinalOf(chunkId: string): number {
    const hash = chunkId.lastIndexOf('#');
    const a = hash < 0 ? undefined : this.ordinals.get(chunkId.slice(0, hash));
    const index = Number(chunkId.slice(hash + 1));
    if (a === undefined || !Number.isInteger(index) || String(index) !== chunkId.slice(hash + 1)) return -1;
    for (let c = this.firstChunk[a] as number; c < (this.firstChunk[a + 1] as number); c++) if (this.columns.index[c] === index) return c;
    return -1;
  }

  private chunkAt(c: number): Chunk {
    const { article, index, start, end } = this.columns;
    return chunkOf(this.articleAt(article[c] as number), index[c] as number, start[c] as number, end[c] as number);
  }

  chunk(chunkId: string): Chunk | undefined {
    const c = this.ordinalOf(chunkId);
    return c < 0 ? undefined : this.chunkAt(c);
  }

  /** An article's chunks, by index. */
  chunksOf(docId: string): Chunk[] {
    const a = this.ordinals.get(docId);
    if (a === undefined) return [];
    const out: Chunk[] = [];
    for (let c = this.firstChunk[a] as number; c < (this.firstChunk[a + 1] as number); c++) out.push(this.chunkAt(c));
    return out;
  }

  /** Number of chunks of an article. */
  chunkCountOf(docId: string): number {
    const a = this.ordinals.get(docId);
    return a === undefined ? 0 : (this.firstChunk[a + 1] as number) - (this.firstChunk[a] as number);
  }

  /** The article and language of a chunk without decoding anything (for search filters). */
  where(chunkId: string): { docId: string; lang: Lang } | undefined {
    const c = this.ordinalOf(chunkId);
    if (c < 0) return undefined;
    const a = this.columns.article[c] as number;
    return { docId: this.file.docIds[a] as string, lang: this.file.langs[a] as Lang };
  }

  /** The chunk id of an hnswlib label. */
  chunkIdOf(label: number): string | undefined {
    const c = this.chunkOfLabel[label];
    if (c === undefined || c < 0) return undefined;
    return `${this.file.docIds[this.columns.article[c] as number] as string}#${this.columns.index[c] as number}`;
  }

  /** The hnswlib label of a chunk id. */
  labelOf(chunkId: string): number | undefined {
    const c = this.ordinalOf(chunkId);
    return c < 0 ? undefined : this.columns.label[c];
  }
}
