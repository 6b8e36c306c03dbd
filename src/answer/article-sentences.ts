/**
 * The sentences of whole articles, for answers that look past the retrieved chunk: the sentence
 * before or after a retrieved one may sit in a chunk that was not retrieved. Sentences come from
 * the article's cleaned text (offsets point into it) and each is mapped to a chunk that holds it
 * whole, so a citation of it stays a verbatim span of a chunk.
 */
import { splitSentences } from '../corpus/sentences.ts';
import type { Article, Chunk, Lang, Passage } from '../types.ts';

/** How the answerer reads articles: the index snapshot (or the Assistant) provides this. */
export interface ArticleLookup {
  /** The article with its cleaned text, or undefined. */
  article(docId: string): Promise<Article | undefined>;
  /** The article's chunks in reading order. */
  chunksOf(docId: string): Promise<Chunk[]>;
}

/** One sentence of an article, with the chunk that holds it. */
export interface ArticleSentence {
  docId: string;
  title: string;
  lang: Lang;
  /** Position in the article (0-based). */
  index: number;
  text: string;
  /** Offsets in the article's cleaned text. */
  start: number;
  end: number;
  chunk: Chunk;
  /** True when a blank line or a heading separates it from the sentence before. */
  opensParagraph: boolean;
  /** Year of the article's date, when known. */
  year?: number;
}

/** Too short or without words: not worth quoting ("Photo : EPA", "I subscribe"). */
export function isQuotable(text: string): boolean {
  return text.length >= 25 && /\p{L}{2,}/u.test(text);
}

function toSentences(article: Article, chunks: Chunk[]): ArticleSentence[] {
  const out: ArticleSentence[] = [];
  let previousEnd = 0;
  const year = /^(\d{4})/u.exec(article.source.date ?? '')?.[1];
  for (const s of splitSentences(article.text, article.lang, 0)) {
    const chunk = chunks.find((c) => c.start <= s.start && s.end <= c.end);
    const gap = article.text.slice(previousEnd, s.start);
    previousEnd = s.end;
    if (!chunk) continue;
    out.push({ docId: article.docId, title: article.title, lang: article.lang, index: out.length, text: s.text, start: s.start, end: s.end, chunk, opensParagraph: /\n\s*\n/u.test(gap) || out.length === 0, ...(year ? { year: Number(year) } : {}) });
  }
  return out;
}

/** Sentences of articles, split once per article version (keyed by id and content hash). */
export class ArticleSentences {
  private readonly cache = new Map<string, { hash: string; sentences: ArticleSentence[] }>();

  constructor(private readonly lookup: ArticleLookup) {}

  /** The article's sentences in reading order (empty when the article is unknown). */
  async of(docId: string): Promise<ArticleSentence[]> {
    const article = await this.lookup.article(docId);
    if (!article) return [];
    const cached = this.cache.get(docId);
    if (cached && cached.hash === article.hash) return cached.sentences;
    const sentences = toSentences(article, await this.lookup.chunksOf(docId));
    if (this.cache.size > 5_000) this.cache.clear();
    this.cache.set(docId, { hash: article.hash, sentences });
    return sentences;
  }

  /**
   * The sentences of the passages and, around each, `radius` sentences before and after from the
   * article (across chunk boundaries). Each sentence once, with the best rank of a passage it
   * belongs to or neighbours (`neighbour` true when it lies outside every given passage).
   */
  async around(passages: Passage[], radius = 1): Promise<Array<{ sentence: ArticleSentence; rank: number; neighbour: boolean }>> {
    const found = new Map<string, { sentence: ArticleSentence; rank: number; neighbour: boolean }>();
    for (const passage of passages) {
      const sentences = await this.of(passage.chunk.docId);
      const inside = sentences.filter((s) => s.start >= passage.chunk.start && s.end <= passage.chunk.end);
      const first = inside[0]?.index ?? 0;
      const last = inside[inside.length - 1]?.index ?? -1;
      for (let i = Math.max(0, first - radius); i <= Math.min(sentences.length - 1, last + radius); i++) {
        const sentence = sentences[i];
        if (!sentence) continue;
        const neighbour = i < first || i > last;
        const key = `${sentence.docId}:${sentence.start}`;
        const known = found.get(key);
        if (!known || passage.rank < known.rank || (known.neighbour && !neighbour)) found.set(key, { sentence, rank: passage.rank, neighbour: neighbour && (known?.neighbour ?? true) });
      }
    }
    return [...found.values()];
  }
}
