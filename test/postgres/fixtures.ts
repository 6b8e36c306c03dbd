/** Small articles, chunks and vectors for the PostgreSQL backend tests. */
import type { IndexIdentity, ManifestFile } from '../../src/ports.ts';
import type { Article, Chunk, Lang } from '../../src/types.ts';

export const DIMENSIONS = 8;
export const IDENTITY: IndexIdentity = { embedderId: 'test-embedder', dimensions: DIMENSIONS, chunking: { targetChars: 100, maxChars: 200, overlapChars: 0 } };

/** An article whose chunks are its sentences, with a one-hot-ish vector per chunk (bucket = `seed + i`). */
export function article(docId: string, sentences: string[], options: { lang?: Lang; seed?: number; title?: string } = {}): { article: Article; chunks: Chunk[]; vectors: number[][]; file: ManifestFile } {
  const lang = options.lang ?? 'en';
  const title = options.title ?? `Title of ${docId}`;
  const text = sentences.join(' ');
  let offset = 0;
  const chunks = sentences.map((sentence, index) => {
    const start = text.indexOf(sentence, offset);
    offset = start + sentence.length;
    return { id: `${docId}#${index}`, docId, index, title, lang, start, end: start + sentence.length, text: sentence };
  });
  const vectors = chunks.map((_, i) => {
    const v = new Array<number>(DIMENSIONS).fill(0);
    v[((options.seed ?? 0) + i) % DIMENSIONS] = 1;
    v[((options.seed ?? 0) + i + 1) % DIMENSIONS] = 0.25;
    return v;
  });
  const hash = `hash-${docId}-${text.length}`;
  return {
    article: { docId, title, lang, source: { publisher: 'Test Press', date: '2022-02-24' }, path: `${docId}.txt`, hash, text },
    chunks,
    vectors,
    file: { path: `${docId}.txt`, hash, size: text.length, mtimeMs: 1, chunks: chunks.length, cleaningVersion: 1 },
  };
}

/** A unit vector along one bucket. */
export function axis(bucket: number): number[] {
  const v = new Array<number>(DIMENSIONS).fill(0);
  v[bucket % DIMENSIONS] = 1;
  return v;
}
