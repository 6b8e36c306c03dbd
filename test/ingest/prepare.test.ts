import { describe, expect, it } from 'vitest';
import { readSources, scanCorpus } from '../../src/corpus/load.ts';
import { chunkArticle, DEFAULT_CHUNK_OPTIONS } from '../../src/ingest/chunk.ts';
import { countChunks, startCounts } from '../../src/ingest/feature-counts.ts';
import { prepareArticles, type Prepared } from '../../src/ingest/prepare.ts';
import { CountingEmbedder, SEEDS_DIR } from '../support/seed-index.ts';

describe('prepare (inline): parse, chunk and embed the fresh files and the re-cleaned articles', () => {
  it('yields each article with its chunks and vectors, in corpus order, a bad file as skipped, and counts the features', async () => {
    const embedder = new CountingEmbedder();
    const { files } = await scanCorpus(SEEDS_DIR);
    const sources = await readSources(SEEDS_DIR, []);
    const broken = { ...files[1]!, docId: 'broken', path: 'broken.txt', bytes: Buffer.from([0x00, 0xff]) };
    const fresh = [files[0]!, broken, files[2]!];
    const counts = startCounts(undefined, embedder)!;
    const progress = { done: 0 };
    const seen: Array<[number, number]> = [];
    const out: Prepared[] = [];
    const input = { fresh, recleaned: [], sources, embedder, chunking: DEFAULT_CHUNK_OPTIONS, counts, progress, cleaned: {}, onProgress: (done: number, total: number) => seen.push([done, total]) };
    for await (const prepared of prepareArticles(input)) out.push(prepared);

    expect(out.flatMap((p) => ('article' in p ? [p.article.article.docId] : []))).toEqual([files[0]!.docId, files[2]!.docId]);
    expect(out.flatMap((p) => ('skipped' in p ? [[p.docId, p.skipped.reason]] : []))).toEqual([['broken', expect.stringMatching(/binary/u)]]);
    const articles = out.flatMap((p) => ('article' in p ? [p.article] : []));
    for (const { article, chunks, vectors } of articles) {
      expect(chunks).toEqual(chunkArticle(article, DEFAULT_CHUNK_OPTIONS));
      expect(vectors).toEqual(await embedder.inner.embedDocuments(chunks.map((c) => c.text)));
    }
    const allChunks = articles.flatMap((a) => a.chunks);
    expect(progress.done).toBe(allChunks.length);
    expect(seen.at(-1)).toEqual([allChunks.length, allChunks.length]);
    const expected = startCounts(undefined, embedder)!;
    countChunks(expected, embedder, allChunks, 1);
    expect(counts).toEqual(expected);
  });
});
