/** Megabyte-long articles: sentence splitting and chunking stay linear, and repeated text is chunked once. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanArticle } from '../../src/corpus/clean.ts';
import { chunkArticle } from '../../src/ingest/chunk.ts';
import { splitSentences } from '../../src/corpus/sentences.ts';
import type { Article } from '../../src/types.ts';
import { SEEDS_DIR } from '../support/seed-index.ts';

const seedTexts = readdirSync(SEEDS_DIR)
  .filter((n) => n.endsWith('.txt'))
  .sort()
  .map((n) => cleanArticle(readFileSync(join(SEEDS_DIR, n), 'utf8')).text);

describe('long texts', () => {
  it('splits 100,000 short sentences on one line (V8 segments quadratically: this never ended before)', () => {
    const sentences = splitSentences('The troops stayed. '.repeat(100_000), 'en');
    expect(sentences).toHaveLength(100_000);
    expect(sentences[99_999]).toEqual({ start: 19 * 99_999, end: 19 * 99_999 + 18, text: 'The troops stayed.' });
  });

  it('gives a long article the same sentences as its paragraphs split one by one', () => {
    const paragraphs = [...seedTexts, ...seedTexts, ...seedTexts].join('\n\n').split('\n\n');
    const text = paragraphs.join('\n\n');
    expect(text.length).toBeGreaterThan(40_000);
    let offset = 0;
    const expected = paragraphs.flatMap((paragraph) => {
      const found = splitSentences(paragraph, 'fr', offset);
      offset += paragraph.length + 2;
      return found;
    });
    expect(splitSentences(text, 'fr')).toEqual(expected);
  });

  it('chunks a 5 MiB text of one repeated sentence into a couple of chunks, not thousands of identical ones', () => {
    const text = 'The troops stayed. '.repeat(270_000).trim();
    const article: Article = { docId: 'rep', title: 'rep', lang: 'en', source: {}, path: 'rep.txt', hash: 'h', text };
    const chunks = chunkArticle(article);
    expect(chunks.length).toBeLessThanOrEqual(3);
    for (const chunk of chunks) expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    expect(chunks.map((c) => c.id)).toEqual(chunks.map((_, i) => `rep#${i}`));
  });
});
