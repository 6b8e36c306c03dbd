/**
 * Row ↔ domain conversions and the generation-visibility predicate shared by the read and write sides.
 */
import type { ArticleInfo, FeatureStats } from '../../ports.ts';
import type { Article, Chunk, Lang, SourceInfo } from '../../types.ts';

/** Rows visible in generation `$n` (see migrations/001_index.sql). */
export function visibleIn(param: string, alias = ''): string {
  const p = alias ? `${alias}.` : '';
  return `${p}gen_from <= ${param} AND (${p}gen_to IS NULL OR ${p}gen_to > ${param})`;
}

export interface ArticleRow {
  doc_id: string;
  title: string;
  lang: string;
  path: string;
  hash: string;
  source: SourceInfo;
  chunk_count: number;
  text?: string;
}

export interface ChunkRow {
  chunk_id: string;
  doc_id: string;
  ord: number;
  title: string;
  lang: string;
  start_offset: number;
  end_offset: number;
  text: string;
}

export const CHUNK_COLUMNS = 'chunk_id, doc_id, ord, title, lang, start_offset, end_offset, text';
export const ARTICLE_INFO_COLUMNS = 'doc_id, title, lang, path, hash, source, chunk_count';

function lang(value: string): Lang {
  return value === 'fr' ? 'fr' : 'en';
}

/** Source facts without absent keys (as the local store returns them). */
function cleanSource(source: SourceInfo): SourceInfo {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== null));
}

export function toArticleInfo(row: ArticleRow): ArticleInfo {
  return { docId: row.doc_id, title: row.title, lang: lang(row.lang), path: row.path, hash: row.hash, source: cleanSource(row.source), chunks: row.chunk_count };
}

export function toArticle(row: ArticleRow & { text: string }): Article {
  return { docId: row.doc_id, title: row.title, lang: lang(row.lang), path: row.path, hash: row.hash, source: cleanSource(row.source), text: row.text };
}

export function toChunk(row: ChunkRow): Chunk {
  return { id: row.chunk_id, docId: row.doc_id, index: row.ord, title: row.title, lang: lang(row.lang), start: row.start_offset, end: row.end_offset, text: row.text };
}

/** Feature document frequencies as stored (float64, little-endian). */
export function encodeStats(stats: FeatureStats): Buffer {
  const buffer = Buffer.alloc(stats.df.length * 8);
  stats.df.forEach((value, i) => buffer.writeDoubleLE(value, i * 8));
  return buffer;
}

export function decodeStats(documents: number, buffer: Buffer): FeatureStats {
  const df = new Float64Array(buffer.length / 8);
  for (let i = 0; i < df.length; i++) df[i] = buffer.readDoubleLE(i * 8);
  return { documents, df };
}
