/**
 * Domain types shared by every layer. Nothing here imports a library: adapters depend on these,
 * never the other way round.
 */

/** Languages the corpus and the bot speak. */
export type Lang = 'en' | 'fr';

/** Facts an article states about itself (from `seeds/sources.json`); unknown fields are left out. */
export interface SourceInfo {
  publisher?: string;
  date?: string;
  author?: string;
  url?: string;
}

/** One loaded and cleaned article. `text` is the cleaned text every offset points into. */
export interface Article {
  /** File stem, e.g. `000_ff6ca0cd65f3d795`. */
  docId: string;
  title: string;
  lang: Lang;
  source: SourceInfo;
  /** Path relative to the corpus folder. */
  path: string;
  /** sha256 of the raw file bytes. */
  hash: string;
  /** Cleaned text; chunk and citation offsets index into it. */
  text: string;
}

/** A sentence-aligned slice of an article: `article.text.slice(start, end) === text`. */
export interface Chunk {
  /** `<docId>#<n>` */
  id: string;
  docId: string;
  /** 0-based position in the article. */
  index: number;
  title: string;
  lang: Lang;
  start: number;
  end: number;
  text: string;
}

/** A retrieved chunk with its scores (all similarities: higher is better). */
export interface Passage {
  /** 1-based rank after fusion. */
  rank: number;
  chunk: Chunk;
  /** Fused score in [0, 1], comparable only within one query. */
  score: number;
  /** Cosine similarity of the query and chunk vectors (unexpanded query). */
  vectorScore: number;
  /** Raw BM25 score of the unexpanded query (0 when the chunk had no lexical hit). */
  lexicalScore: number;
}

/** What retrieval returns for one query. */
export interface Retrieval {
  query: string;
  /** The question with its typos mended ("brussles" → "brussels"), when it had any. */
  mended?: string;
  queryLang: Lang;
  passages: Passage[];
  /**
   * Raw relevance of the best passage for the unexpanded query, higher is better; comparable
   * across queries, so a threshold on it says "the sources don't cover this".
   */
  relevance: number;
  /**
   * Names in the question (capitalised words) that match nothing in the corpus, even fuzzily or
   * through the lexicon — "Orbán" when no article mentions him.
   */
  unknownNames: string[];
  /** Capitalised name-like words found in the question (known or not). */
  names: number;
  /**
   * Best sentence-level support among the top passages (n-gram cosine and stem overlap with the
   * question, in both languages), 0..1; stronger than `relevance` for short questions.
   */
  evidence: number;
  /**
   * Present (true) when the index's vectors were still loading: the vector half then ranked only
   * the lexical candidates (see `whileVectorsLoad` in the retrieval options).
   */
  vectorsLoading?: true;
}

/** One numbered citation: `quote` is a verbatim span of the chunk, located in the article text. */
export interface Citation {
  n: number;
  chunkId: string;
  docId: string;
  title: string;
  quote: string;
  /** Offsets of `quote` in the article's cleaned text. */
  start: number;
  end: number;
}

/** The answer contract used by the CLI, the console and the Discord bot alike. */
export interface Answer {
  question: string;
  /** Language of the question, and so of the answer's own words. */
  language: Lang;
  abstained: boolean;
  /** Answer text with `[n]` markers, each referring to a citation. */
  answer: string;
  citations: Citation[];
  passages: Passage[];
  /** Which answerer produced it: `extractive` or `llm`. */
  method: 'extractive' | 'llm';
  /** A one-line notice for the user, e.g. "The language model is unavailable; showing an extractive answer." */
  notice?: string;
}

export type SummaryScope = 'article' | 'topic' | 'corpus';

/** A summary with the same citation guarantees as an answer. */
export interface Summary {
  scope: SummaryScope;
  /** Article id or topic text; absent for the corpus. */
  target?: string;
  language: Lang;
  title: string;
  summary: string;
  citations: Citation[];
  method: 'extractive' | 'llm';
  notice?: string;
}

/** One conversational turn, used to understand follow-up questions. */
export interface Turn {
  role: 'user' | 'assistant';
  content: string;
}

/** A verdict on a claim, in fact-checking's terms. */
export type CheckVerdict = 'supported' | 'contradicted' | 'not_found' | 'mixed';

/** One checkable statement of a claim, its verdict and the quoted sentences that decide it. */
export interface CheckedStatement {
  text: string;
  verdict: CheckVerdict;
  /** Which part decided it, in the claim's language ("the articles give 8,500, not 100,000"). */
  reason: string;
  citations: Citation[];
}

/** `/check`: a claim split into statements, each with a verdict; citations numbered across statements. */
export interface ClaimCheck {
  claim: string;
  language: Lang;
  /** Overall: every statement supported → supported; any contradicted → contradicted; … */
  verdict: CheckVerdict;
  statements: CheckedStatement[];
  method: 'extractive' | 'llm';
  notice?: string;
}

/** How much of an event's date the articles give. */
export type TimelinePrecision = 'day' | 'week' | 'month' | 'year';

/** One dated event, cited (several citations when articles report the same event). */
export interface TimelineEvent {
  /** `YYYY-MM-DD` (`YYYY-MM` or `YYYY` when only the month or year is given); null when unclear. */
  date: string | null;
  precision: TimelinePrecision;
  /** The date as the article words it ("on Wednesday", "mardi"). */
  dateText: string;
  /** The event in one line, with `[n]` markers. */
  text: string;
  citations: Citation[];
}

/** `/timeline`: events in date order (unclear dates last); citations numbered across events. */
export interface Timeline {
  topic?: string;
  language: Lang;
  events: TimelineEvent[];
  method: 'extractive' | 'llm';
  notice?: string;
}

/** An article to add to the corpus (its text already extracted from the upload or the web page). */
export interface NewArticle {
  /** Suggested file name (`.txt` or `.md`); the saved name is derived from it. */
  fileName: string;
  text: string;
  /** Facts to record in sources.json (title, publisher, date, author, url). */
  source?: SourceInfo & { title?: string };
}

/** What `addArticle` indexed. */
export interface AddedArticle {
  docId: string;
  title: string;
  lang: Lang;
  chunks: number;
  /** Path relative to the corpus folder. */
  path: string;
}
