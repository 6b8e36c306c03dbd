/**
 * An in-memory `Assistant` for bot and console tests that need controlled output: real seed text cut
 * into paragraph chunks, answers that quote the best-matching chunk with `[n]` citations, and hooks to
 * make an answer very long, slow, or throw. It records every call.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Assistant, SourceEntry } from '../../src/ports.ts';
import type { AddedArticle, Answer, Chunk, Citation, ClaimCheck, Lang, NewArticle, Passage, Retrieval, Summary, Timeline, Turn } from '../../src/types.ts';

const ARTICLES: Array<{ docId: string; title: string; lang: Lang; date?: string }> = [
  { docId: '000_ff6ca0cd65f3d795', title: 'Russia threatens to react militarily in a letter to Washington', lang: 'en', date: '2022-02-18' },
  { docId: '001_a0e49a0f49ae79fb', title: 'Crise en Ukraine : Moscou menace de réagir militairement', lang: 'fr' },
  { docId: '004_2aa510eb97d77a39', title: 'A new pressure tool in the Ukrainian crisis', lang: 'en' },
];

function paragraphChunks(article: (typeof ARTICLES)[number]): Chunk[] {
  const text = readFileSync(fileURLToPath(new URL(`../../seeds/${article.docId}.txt`, import.meta.url)), 'utf8');
  const chunks: Chunk[] = [];
  for (const match of text.matchAll(/[^\n]+(?:\n[^\n]+)*/g)) {
    const body = match[0].trim();
    if (body.length < 40) continue;
    const start = match.index + match[0].indexOf(body);
    chunks.push({ id: `${article.docId}#${chunks.length}`, docId: article.docId, index: chunks.length, title: article.title, lang: article.lang, start, end: start + body.length, text: body });
  }
  return chunks;
}

/** Every fake chunk, in article order. */
export const FAKE_CHUNKS: Chunk[] = ARTICLES.flatMap(paragraphChunks);

const words = (text: string): Set<string> => new Set(text.toLowerCase().match(/\p{L}{4,}/gu) ?? []);

/** A citation of the chunk's first sentence. */
export function citationOf(chunk: Chunk, n: number): Citation {
  const quote = /^[\s\S]+?[.!?](?=\s|$)/u.exec(chunk.text)?.[0] ?? chunk.text;
  return { n, chunkId: chunk.id, docId: chunk.docId, title: chunk.title, quote, start: chunk.start, end: chunk.start + quote.length };
}

/** An answer to `question` quoting each of `chunks` as `“quote” [n]`. */
export function answerQuoting(question: string, chunks: Chunk[]): Answer {
  const citations = chunks.map((chunk, i) => citationOf(chunk, i + 1));
  const answer = citations.map((c) => `“${c.quote}” [${c.n}]`).join(' ');
  const passages: Passage[] = chunks.map((chunk, i) => ({ rank: i + 1, chunk, score: 1 - i / 10, vectorScore: 0.5, lexicalScore: 1 }));
  return { question, language: 'en', abstained: false, answer, citations, passages, method: 'extractive' };
}

/** An answer far beyond one message: 30 citations, ~14,000 characters of cited sentences. */
export function hugeAnswer(question = 'Tell me everything'): Answer {
  const chunks = Array.from({ length: 30 }, (_, i) => FAKE_CHUNKS[i % FAKE_CHUNKS.length]!);
  const base = answerQuoting(question, chunks);
  const citations = base.citations.map((c) => ({ ...c, quote: `${c.quote} ${'And the diplomats kept talking about guarantees. '.repeat(8)}`.trim() }));
  const answer = citations.map((c) => `${'Negotiations continued through the week while troops stayed near the border. '.repeat(5)}As reported, “${c.quote.slice(0, 60)}” [${c.n}].`).join('\n\n');
  return { ...base, answer, citations };
}

/** The recorded calls of a `FakeAssistant`. */
export interface FakeCall {
  method: 'ask' | 'search' | 'summarize' | 'check' | 'timeline' | 'addArticle';
  /** The reply language asked for (check, timeline). */
  language?: Lang;
  text: string;
  history?: Turn[];
}

export class FakeAssistant implements Assistant {
  readonly calls: FakeCall[] = [];
  /** Replaces the default answer (e.g. a very long one). */
  answerWith: ((question: string, history: Turn[]) => Answer | Promise<Answer>) | undefined;
  /** Milliseconds each `ask` waits before answering. */
  delayMs = 0;
  private readonly failures: Error[] = [];

  /** The next `ask` or `summarize` throws this. */
  failNext(error: Error = new Error('fake assistant failure')): void {
    this.failures.push(error);
  }

  private rank(text: string): Chunk[] {
    const query = words(text);
    const scored = FAKE_CHUNKS.map((chunk) => ({ chunk, score: [...words(chunk.text)].filter((w) => query.has(w)).length }));
    return scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score).map((s) => s.chunk);
  }

  async ask(question: string, options: { history?: Turn[] } = {}): Promise<Answer> {
    this.calls.push({ method: 'ask', text: question, ...(options.history ? { history: options.history } : {}) });
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.answerWith) return this.answerWith(question, options.history ?? []);
    const best = this.rank(question).slice(0, 2);
    if (best.length === 0) {
      return { question, language: 'en', abstained: true, answer: 'The sources do not cover this. Closest articles: ' + ARTICLES.map((a) => a.title).join('; '), citations: [], passages: [], method: 'extractive' };
    }
    return answerQuoting(question, best);
  }

  search(query: string, k = 5): Promise<Retrieval> {
    this.calls.push({ method: 'search', text: query });
    const passages = this.rank(query).slice(0, k).map((chunk, i) => ({ rank: i + 1, chunk, score: 1 - i / 10, vectorScore: 0.5, lexicalScore: 1 }));
    return Promise.resolve({ query, queryLang: 'en', passages, relevance: passages.length > 0 ? 0.9 : 0, unknownNames: [], names: 0, evidence: passages.length > 0 ? 0.9 : 0 });
  }

  summarize(request: { article?: string; topic?: string }): Promise<Summary> {
    this.calls.push({ method: 'summarize', text: request.article ?? request.topic ?? '' });
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    const article = ARTICLES.find((a) => a.docId === request.article);
    const chunks = article ? FAKE_CHUNKS.filter((c) => c.docId === article.docId).slice(0, 2) : FAKE_CHUNKS.slice(0, 2);
    const citations = chunks.map((chunk, i) => citationOf(chunk, i + 1));
    const scope = article ? 'article' : request.topic ? 'topic' : 'corpus';
    return Promise.resolve({
      scope,
      ...(article ? { target: article.docId } : request.topic ? { target: request.topic } : {}),
      language: 'en',
      title: article ? `Summary: ${article.title}` : `Summary: ${request.topic ?? 'all articles'}`,
      summary: citations.map((c) => `• “${c.quote}” [${c.n}]`).join('\n'),
      citations,
      method: 'extractive',
    });
  }

  sources(): Promise<SourceEntry[]> {
    return Promise.resolve(this.sourceList());
  }

  private sourceList(): SourceEntry[] {
    return ARTICLES.map((a) => ({ docId: a.docId, title: a.title, lang: a.lang, ...(a.date ? { date: a.date } : {}), chunks: FAKE_CHUNKS.filter((c) => c.docId === a.docId).length }));
  }

  findArticles(partial: string, limit = 25): Promise<SourceEntry[]> {
    const needle = partial.trim().toLowerCase();
    return Promise.resolve(this.sourceList().filter((s) => s.title.toLowerCase().includes(needle) || s.docId.includes(needle)).slice(0, limit));
  }

  chunk(chunkId: string): Promise<Chunk | undefined> {
    return Promise.resolve(FAKE_CHUNKS.find((c) => c.id === chunkId));
  }

  /** Supported when a chunk shares words with the claim (quoting it), else not found. */
  check(claim: string, options: { language?: Lang } = {}): Promise<ClaimCheck> {
    const language = options.language ?? 'en';
    this.calls.push({ method: 'check', text: claim, language });
    const best = this.rank(claim)[0];
    const citations = best ? [citationOf(best, 1)] : [];
    const verdict = best ? 'supported' : 'not_found';
    const statements = [{ text: claim, verdict, reason: best ? 'an article states it [1]' : 'no sentence of the articles states or contradicts it', citations }] as const;
    return Promise.resolve({ claim, language, verdict, statements: [...statements], method: 'extractive' });
  }

  /** Two events from the fake chunks. */
  timeline(options: { topic?: string; language?: Lang } = {}): Promise<Timeline> {
    const language = options.language ?? 'en';
    this.calls.push({ method: 'timeline', text: options.topic ?? '', language });
    const [first, second] = [citationOf(FAKE_CHUNKS[0]!, 1), citationOf(FAKE_CHUNKS[1]!, 2)];
    const events = [
      { date: '2022-02-18', precision: 'day' as const, dateText: 'this Friday', text: `${first.quote} [1]`, citations: [first] },
      { date: null, precision: 'day' as const, dateText: 'Thursday', text: `${second.quote} [2]`, citations: [second] },
    ];
    return Promise.resolve({ ...(options.topic ? { topic: options.topic } : {}), language, events, method: 'extractive' });
  }

  /** Records the call; the fake has no corpus to add to. */
  addArticle(article: NewArticle): Promise<AddedArticle> {
    this.calls.push({ method: 'addArticle', text: article.fileName });
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    return Promise.resolve({ docId: 'added_0001', title: article.source?.title ?? article.fileName, lang: 'en', chunks: 1, path: 'added_0001.txt' });
  }
}
