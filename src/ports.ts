/**
 * Ports: the small interfaces the core depends on. Adapters (local embedder, OpenAI, hnswlib,
 * minisearch) implement them; tests use the same interfaces.
 */
import type { Answer, Article, Chunk, Lang, Retrieval, Summary, SummaryScope, Turn } from './types.ts';

/** Turns texts into vectors. Also satisfies @langchain/core's `EmbeddingsInterface`. */
export interface Embedder {
  /** Stable identity written to the index manifest, e.g. `local-ngram-v1` or `openai:text-embedding-3-small`. */
  readonly id: string;
  /** Vector length; known before the first call. */
  readonly dimensions: number;
  /** Largest batch sent in one call. */
  readonly maxBatchSize: number;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

/** One chat completion request. */
export interface ChatRequest {
  system: string;
  user: string;
  /** Ask for a JSON object back (structured output where the endpoint supports it). */
  json?: boolean;
  /** Upper bound for the reply, in tokens. */
  maxTokens?: number;
  signal?: AbortSignal;
}

/** A language model behind any OpenAI-compatible endpoint. */
export interface ChatModel {
  readonly id: string;
  complete(request: ChatRequest): Promise<string>;
}

/** A nearest-neighbour hit: similarity, higher is better. */
export interface VectorHit {
  chunkId: string;
  similarity: number;
}

export interface VectorStore {
  readonly size: number;
  add(chunks: Chunk[], vectors: number[][]): void;
  remove(chunkIds: string[]): void;
  search(vector: number[], k: number): VectorHit[];
}

export interface LexicalHit {
  chunkId: string;
  score: number;
}

export interface LexicalIndex {
  add(chunks: Chunk[]): void;
  remove(chunkIds: string[]): void;
  search(query: string, k: number): LexicalHit[];
}

/** Options for one answer. */
export interface AnswerOptions {
  /** Language to answer in (the question's). */
  language: Lang;
  /** Earlier turns of the conversation, oldest first. */
  history?: Turn[];
  signal?: AbortSignal;
}

/** Turns a question and its retrieved passages into a cited answer (extractive or LLM). */
export interface Answerer {
  readonly method: 'extractive' | 'llm';
  answer(question: string, retrieval: Retrieval, options: AnswerOptions): Promise<Answer>;
}

/** Summarises a set of articles or passages with citations. */
export interface SummaryRequest {
  scope: SummaryScope;
  /** Article id or topic text. */
  target?: string;
  language: Lang;
  /** The articles to summarise (one for `article`, all for `corpus`). */
  articles: Article[];
  /** For `topic`: the retrieved passages to summarise. */
  retrieval?: Retrieval;
  signal?: AbortSignal;
}

export interface Summarizer {
  readonly method: 'extractive' | 'llm';
  summarize(request: SummaryRequest): Promise<Summary>;
}

/** One line of `/sources`. */
export interface SourceEntry {
  docId: string;
  title: string;
  lang: Lang;
  date?: string;
  publisher?: string;
  chunks: number;
}

/**
 * The application service every front end (CLI, local console, Discord) talks to.
 * Built by `createAssistant()` in `src/app.ts`.
 */
export interface Assistant {
  /** Answers a question; throws `CrisisbotError` QUESTION_EMPTY / QUESTION_TOO_LONG for bad input. */
  ask(question: string, options?: { history?: Turn[]; signal?: AbortSignal }): Promise<Answer>;
  /** Top passages for a query, no answer. */
  search(query: string, k?: number): Promise<Retrieval>;
  /** Article (by id or title), topic, or whole-corpus summary (neither given). */
  summarize(request: { article?: string; topic?: string; language?: Lang; signal?: AbortSignal }): Promise<Summary>;
  /** The articles in the index. */
  sources(): SourceEntry[];
  /** Articles whose title or id contains the text (case- and accent-insensitive), for autocomplete. */
  findArticles(partial: string, limit?: number): SourceEntry[];
  /** Finds a chunk by id (for "Passage n" buttons). */
  chunk(chunkId: string): Chunk | undefined;
}
