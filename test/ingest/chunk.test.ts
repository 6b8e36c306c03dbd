import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { chunkArticle, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from '../../src/ingest/chunk.ts';
import { splitSentences } from '../../src/corpus/sentences.ts';
import type { Article, Chunk, Lang } from '../../src/types.ts';
import { SEEDS_DIR } from '../support/seed-index.ts';

function article(docId: string, text: string, lang: Lang = 'en'): Article {
  return { docId, title: docId, lang, source: {}, path: `${docId}.txt`, hash: 'h', text };
}

const SMALL: ChunkOptions = { targetChars: 200, maxChars: 300, overlapChars: 80 };

/** Every invariant a chunking must keep, whatever the text. */
function expectWellFormed(a: Article, chunks: Chunk[], options: ChunkOptions): void {
  expect(chunks.length).toBeGreaterThan(0);
  chunks.forEach((chunk, i) => {
    expect(a.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    expect(chunk.id).toBe(`${a.docId}#${i}`);
    expect(chunk.index).toBe(i);
    expect(chunk.docId).toBe(a.docId);
    expect(chunk.lang).toBe(a.lang);
    expect(chunk.title).toBe(a.title);
    expect(chunk.text).toBe(chunk.text.trim());
    expect(chunk.text.length).toBeGreaterThan(0);
    expect(chunk.text.length).toBeLessThanOrEqual(options.maxChars);
    if (i > 0) {
      const previous = chunks[i - 1]!;
      expect(chunk.start).toBeGreaterThan(previous.start); // progress, no repeats
      expect(chunk.start).toBeLessThanOrEqual(previous.end + 2); // no gap: nothing is lost between chunks
    }
  });
  // Every letter of the article is in some chunk.
  const covered = new Array<boolean>(a.text.length).fill(false);
  for (const c of chunks) for (let i = c.start; i < c.end; i++) covered[i] = true;
  const lost = [...a.text].flatMap((ch, i) => (/\S/u.test(ch) && !covered[i] ? [i] : []));
  expect(lost, 'characters in no chunk').toEqual([]);
}

const EN_ABBREVIATIONS = [
  'Mr. Biden spoke with Mr. Putin for fifty minutes on Saturday, the White House said.',
  'Dr. Anna Petrova, an analyst at the U.S. Naval War College, said Moscow wanted guarantees.',
  'Gen. Mark A. Milley told reporters that the build-up was the largest since the Cold War.',
  'The U.S. and the E.U. have promised severe sanctions if Russian troops cross the border.',
  'Talks between NATO and Russia ended without agreement in Brussels on Wednesday evening.',
  'Mrs. Thomas-Greenfield, the U.S. ambassador to the U.N., called the meeting "a test".',
  'Ukraine said it would not give up its ambition to join the alliance one day, whatever happens.',
].join(' ');

const FR_ABBREVIATIONS = [
  "M. Macron s'est entretenu avec M. Poutine pendant près de deux heures, a indiqué l'Élysée.",
  "Mme Baerbock, la ministre allemande, a rencontré M. Kouleba à Kiev lundi matin.",
  "« Nous ne céderons pas. » Le ministre a quitté la salle sans répondre aux questions.",
  "Le Dr. Martin, chercheur à l'I.F.R.I., estime que la Russie veut des garanties écrites.",
  "Les discussions reprendront dans deux semaines à Berlin, selon des sources diplomatiques.",
  "« Tout est possible, rien n'est exclu », a déclaré un responsable européen à l'AFP.",
].join(' ');

describe('chunkArticle', () => {
  it('round-trips offsets and keeps every invariant on every seed', async () => {
    const { articles } = await loadCorpus(SEEDS_DIR);
    expect(articles).toHaveLength(5);
    for (const a of articles) {
      const chunks = chunkArticle(a, DEFAULT_CHUNK_OPTIONS);
      expectWellFormed(a, chunks, DEFAULT_CHUNK_OPTIONS);
      expectWellFormed(a, chunkArticle(a, SMALL), SMALL);
    }
  });

  it('is deterministic', async () => {
    const { articles } = await loadCorpus(SEEDS_DIR);
    for (const a of articles) expect(chunkArticle(a)).toEqual(chunkArticle({ ...a }));
  });

  it('keeps each chunk under maxChars for long sentences, text without punctuation and one huge sentence', () => {
    const words = (n: number, word = 'Russie'): string => Array.from({ length: n }, (_, i) => `${word}${i % 7}`).join(' ');
    const cases: Article[] = [
      article('long-sentences', Array.from({ length: 6 }, (_, i) => `Sentence ${i} ${words(60, 'troops')}.`).join(' ')),
      article('no-punctuation', words(400, 'frontiere'), 'fr'),
      article('huge-sentence', `${words(900, 'sanctions')}.`),
      article('mixed', `Short one. ${words(300, 'gas')}. Another short one.\n\nA new paragraph here.`),
    ];
    for (const a of cases) expectWellFormed(a, chunkArticle(a, SMALL), SMALL);
  });

  it('never exceeds maxChars even for a single over-long word, and still round-trips', () => {
    const a = article('one-word', `Start. ${'x'.repeat(1000)} end.`);
    const chunks = chunkArticle(a, SMALL);
    for (const c of chunks) {
      expect(a.text.slice(c.start, c.end)).toBe(c.text);
      expect(c.text.length).toBeLessThanOrEqual(SMALL.maxChars);
    }
    expect(chunks.map((c) => c.text).join('')).toContain('x'.repeat(250));
  });

  it('overlaps consecutive chunks by a trailing sentence when sentences are short', () => {
    const text = Array.from({ length: 30 }, (_, i) => `Diplomats met again in round ${i} of the talks.`).join(' ');
    const a = article('short-sentences', text);
    const chunks = chunkArticle(a, SMALL);
    expect(chunks.length).toBeGreaterThan(3);
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1]!;
      const current = chunks[i]!;
      expect(current.start).toBeLessThan(previous.end); // overlap
      expect(previous.end - current.start).toBeLessThanOrEqual(SMALL.overlapChars);
      expect(previous.text.endsWith(text.slice(current.start, previous.end))).toBe(true);
    }
  });

  it('no overlap when overlapChars is 0', () => {
    const text = Array.from({ length: 30 }, (_, i) => `Diplomats met again in round ${i} of the talks.`).join(' ');
    const chunks = chunkArticle(article('no-overlap', text), { ...SMALL, overlapChars: 0 });
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.start).toBeGreaterThanOrEqual(chunks[i - 1]!.end);
  });

  it('starts and ends every chunk on a sentence boundary (English with abbreviations)', () => {
    const a = article('abbrev-en', EN_ABBREVIATIONS);
    const sentences = EN_ABBREVIATIONS.split(/(?<=[.!?"])\s+(?=Mr\.|Dr\.|Gen\.|The |Talks|Mrs\.|Ukraine)/u);
    expect(sentences).toHaveLength(7);
    const starts = new Set(sentences.map((s) => EN_ABBREVIATIONS.indexOf(s)));
    const ends = new Set(sentences.map((s) => EN_ABBREVIATIONS.indexOf(s) + s.length));
    const chunks = chunkArticle(a, SMALL);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(starts.has(c.start), `chunk starts mid-sentence: "${c.text.slice(0, 40)}"`).toBe(true);
      expect(ends.has(c.end), `chunk ends mid-sentence: "${c.text.slice(-40)}"`).toBe(true);
    }
  });

  it('starts and ends every chunk on a sentence boundary (French with abbreviations and guillemets)', () => {
    const a = article('abbrev-fr', FR_ABBREVIATIONS, 'fr');
    const sentences = FR_ABBREVIATIONS.split(/(?<=[.!?»])\s+(?=M\.|Mme|«|Le |Les )/u);
    expect(sentences).toHaveLength(7);
    const starts = new Set(sentences.map((s) => FR_ABBREVIATIONS.indexOf(s)));
    const ends = new Set(sentences.map((s) => FR_ABBREVIATIONS.indexOf(s) + s.length));
    const chunks = chunkArticle(a, SMALL);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(starts.has(c.start), `chunk starts mid-sentence: "${c.text.slice(0, 40)}"`).toBe(true);
      expect(ends.has(c.end), `chunk ends mid-sentence: "${c.text.slice(-40)}"`).toBe(true);
    }
  });

  it('chunk boundaries are sentence boundaries of the splitter on the seeds', async () => {
    const { articles } = await loadCorpus(SEEDS_DIR);
    for (const a of articles) {
      const sentenceStarts = new Set(splitSentences(a.text, a.lang).map((s) => s.start));
      for (const c of chunkArticle(a)) expect(sentenceStarts.has(c.start), `${c.id} starts mid-sentence`).toBe(true);
    }
  });
});
