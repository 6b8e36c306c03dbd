/**
 * Small hand-made fixtures from the real seed articles, independent of the ingest and retrieval
 * code: each article's text is its seed file, and each paragraph is one chunk with exact offsets.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnswerOptions, Answerer, Summarizer, SummaryRequest } from '../../src/ports.ts';
import type { Answer, Article, Chunk, Lang, Passage, Retrieval, Summary } from '../../src/types.ts';

const SEEDS: Array<{ docId: string; title: string; lang: Lang }> = [
  { docId: '000_ff6ca0cd65f3d795', title: 'Russia threatens to react militarily in a letter to Washington', lang: 'en' },
  { docId: '001_a0e49a0f49ae79fb', title: 'Crise en Ukraine : Moscou menace de réagir militairement', lang: 'fr' },
  { docId: '004_2aa510eb97d77a39', title: 'Biden to send a limited number of troops to Eastern Europe', lang: 'en' },
];

function loadArticle(seed: { docId: string; title: string; lang: Lang }): Article {
  const text = readFileSync(fileURLToPath(new URL(`../../seeds/${seed.docId}.txt`, import.meta.url)), 'utf8');
  return { ...seed, source: {}, path: `${seed.docId}.txt`, hash: 'fixture', text };
}

/** Paragraph chunks (non-blank lines between blank lines) with `article.text.slice(start, end) === text`. */
export function paragraphChunks(article: Article): Chunk[] {
  const chunks: Chunk[] = [];
  for (const match of article.text.matchAll(/[^\n]+(?:\n[^\n]+)*/g)) {
    const text = match[0].trim();
    if (text.length < 40) continue; // subheadings and "READ ALSO" lines
    const start = match.index + match[0].indexOf(text);
    chunks.push({ id: `${article.docId}#${chunks.length}`, docId: article.docId, index: chunks.length, title: article.title, lang: article.lang, start, end: start + text.length, text });
  }
  return chunks;
}

/** The fixture articles, by id. */
export const articles: Article[] = SEEDS.map(loadArticle);
export const articleById = new Map(articles.map((article) => [article.docId, article]));
export const chunksById = new Map(articles.map((article) => [article.docId, paragraphChunks(article)]));

/** The chunks of an article (the `chunksOf` the summarizer takes). */
export function chunksOf(docId: string): Chunk[] {
  return chunksById.get(docId) ?? [];
}

/** The first chunk of `docId` whose text contains `needle`. */
export function chunkWith(docId: string, needle: string): Chunk {
  const chunk = chunksOf(docId).find((c) => c.text.includes(needle));
  if (!chunk) throw new Error(`fixture: no chunk of ${docId} contains ${JSON.stringify(needle)}`);
  return chunk;
}

/** A retrieval whose passages are `chunks`, ranked in the given order. */
export function retrievalOf(query: string, queryLang: Lang, chunks: Chunk[]): Retrieval {
  const passages: Passage[] = chunks.map((chunk, i) => ({ rank: i + 1, chunk, score: 1 - i / 10, vectorScore: 0.8 - i / 20, lexicalScore: 5 - i }));
  return { query, queryLang, passages, relevance: 0.8, unknownNames: [], names: 0, evidence: 0.8 };
}

/** A recognisable stand-in for the extractive answerer, recording its calls. */
export class FakeExtractiveAnswerer implements Answerer {
  readonly method = 'extractive' as const;
  readonly calls: Array<{ question: string; options: AnswerOptions }> = [];

  answer(question: string, retrieval: Retrieval, options: AnswerOptions): Promise<Answer> {
    this.calls.push({ question, options });
    return Promise.resolve({
      question,
      language: options.language,
      abstained: false,
      answer: 'EXTRACTIVE ANSWER',
      citations: [],
      passages: retrieval.passages,
      method: 'extractive',
    });
  }
}

/** A recognisable stand-in for the extractive summarizer, recording its calls. */
export class FakeExtractiveSummarizer implements Summarizer {
  readonly method = 'extractive' as const;
  readonly calls: SummaryRequest[] = [];

  summarize(request: SummaryRequest): Promise<Summary> {
    this.calls.push(request);
    return Promise.resolve({ scope: request.scope, language: request.language, title: 'extractive', summary: 'EXTRACTIVE SUMMARY', citations: [], method: 'extractive' });
  }
}

/** The JSON a well-behaved model would reply for an answer. */
export function answerJson(answer: string, citations: Array<{ n: number; quote: string }>, answerable = true): string {
  return JSON.stringify({ answerable, answer, citations });
}
