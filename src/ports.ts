/**
 * Ports: the small async interfaces the core depends on. Adapters implement them (the local
 * n-gram and OpenAI embedders, the OpenAI chat model, the local and PostgreSQL stores); ingest,
 * retrieval and answering see only these. No library type appears here.
 */
import type { AddedArticle, Answer, Article, Chunk, ClaimCheck, Lang, NewArticle, Retrieval, Summary, SummaryScope, Timeline, Turn } from './types.ts';

// ---------- Embedders: capabilities declared, never detected with instanceof ----------

/** How an embedder's query↔passage similarity maps to "the sources cover this". */
export interface RelevanceCalibration {
  /** Minimum raw cosine of the best passage for an answer (0 = this embedder has no calibrated bar). */
  minRelevance: number;
}

/** Turns texts into vectors. Also satisfies @langchain/core's `EmbeddingsInterface`. */
export interface Embedder {
  /** Stable identity written to the index manifest, e.g. `local-ngram-v1…` or `openai:text-embedding-3-small`. */
  readonly id: string;
  /** Vector length; known before the first call. */
  readonly dimensions: number;
  /** Largest batch sent in one call. */
  readonly maxBatchSize: number;
  /** What a raw cosine of this embedder means for abstention. */
  readonly relevance: RelevanceCalibration;
  /**
   * Present when the embedder exposes sparse hashed features (the local n-gram one): query-side
   * IDF and sentence scoring use them. Bucket → weight, buckets in [0, dimensions).
   */
  readonly features?: (text: string) => Map<number, number>;
  embedDocuments(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  embedQuery(text: string, signal?: AbortSignal): Promise<number[]>;
}

/** An embedder that exposes sparse features. */
export type FeatureEmbedder = Embedder & { readonly features: (text: string) => Map<number, number> };

/** True when the embedder declares sparse features (query-side IDF applies). */
export function hasFeatures(embedder: Embedder): embedder is FeatureEmbedder {
  return typeof embedder.features === 'function';
}

/** Document frequency per feature bucket, for query-side IDF (feature embedders only). */
export interface FeatureStats {
  /** Number of chunks counted. */
  documents: number;
  /** Chunks containing each bucket, indexed by bucket. */
  df: Float64Array;
}

// ---------- Chat models: usage and finish reason travel with the output ----------

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'other';

/** One chat completion request. */
export interface ChatRequest {
  system: string;
  user: string;
  /** Ask for a JSON object back; with `schema`, structured output where the endpoint supports it. */
  json?: boolean;
  schema?: { name: string; schema: Record<string, unknown> };
  /** Upper bound for the reply, in tokens. */
  maxTokens?: number;
  signal?: AbortSignal;
}

/** A completion: the text and what the provider said about it. */
export interface ChatResult {
  text: string;
  /** `length` means the reply was cut at `maxTokens`. */
  finishReason: FinishReason;
  usage?: { promptTokens: number; completionTokens: number };
  /** The provider's request id, for support and logs. */
  requestId?: string;
}

/** A language model behind any OpenAI-compatible endpoint. */
export interface ChatModel {
  readonly id: string;
  complete(request: ChatRequest): Promise<ChatResult>;
}

// ---------- Index: stores, repository, generations ----------

/** Restricts a search to some documents and/or languages (absent = no restriction). */
export interface SearchFilter {
  docIds?: readonly string[];
  langs?: readonly Lang[];
}

/** A nearest-neighbour hit: similarity, higher is better (never a distance). */
export interface VectorHit {
  chunkId: string;
  similarity: number;
}

/** A lexical hit: BM25, higher is better. */
export interface LexicalHit {
  chunkId: string;
  score: number;
}

/** Read side of the vectors of one published generation. */
export interface VectorStore {
  /** The `k` nearest chunks, most similar first. */
  search(vector: ArrayLike<number>, k: number, filter?: SearchFilter): Promise<VectorHit[]>;
  /** The stored vector of a chunk (normalised), or undefined. */
  vector(chunkId: string): Promise<Float32Array | undefined>;
  /** Number of chunks with a vector. */
  size(): Promise<number>;
  /**
   * While the vectors are still being read into memory (a generation served before they are): a
   * promise settled once they are (rejected when their read fails); undefined once the read is over
   * (search() then rejects if it failed). search(), vector() and size() wait for them meanwhile.
   * Left out by stores that serve at once.
   */
  loading?(): Promise<void> | undefined;
}

/** Read side of the lexical (BM25) index of one published generation. */
export interface LexicalIndex {
  /** The `k` best chunks for the query's words combined with OR, best first. */
  search(query: string, k: number, filter?: SearchFilter): Promise<LexicalHit[]>;
}

/** Chunking settings an index was built with. */
export interface ChunkingIdentity {
  targetChars: number;
  maxChars: number;
  overlapChars: number;
}

/** What an index was built with; a mismatch is refused with a message naming the fix. */
export interface IndexIdentity {
  embedderId: string;
  dimensions: number;
  chunking: ChunkingIdentity;
}

/** Per-file record of the manifest, for change detection (keyed by docId). */
export interface ManifestFile {
  /** Path relative to the corpus folder. */
  path: string;
  /** sha256 of the raw bytes. */
  hash: string;
  /** Bytes and modification time when hashed: same size + mtime + cleaningVersion ⇒ unchanged, unread. */
  size: number;
  mtimeMs: number;
  chunks: number;
  /** Version of the cleaning rules the indexed text was cleaned with. */
  cleaningVersion: number;
  /** Digest of the file's sources.json facts when indexed (absent: unknown, the file is parsed again). */
  factsHash?: string;
}

/** Article metadata without its text (for /sources, autocomplete). */
export type ArticleInfo = Omit<Article, 'text'> & { chunks: number };

/** One published generation, read-only and immutable: what queries run against. */
export interface IndexSnapshot {
  /** Changes on every publish. */
  readonly generation: string;
  readonly identity: IndexIdentity;
  readonly vectors: VectorStore;
  readonly lexical: LexicalIndex;
  files(): Promise<Record<string, ManifestFile>>;
  /** Every article, sorted by docId. */
  articles(): Promise<ArticleInfo[]>;
  /** One article with its cleaned text. */
  article(docId: string): Promise<Article | undefined>;
  chunk(chunkId: string): Promise<Chunk | undefined>;
  /** The chunks that exist, in the order asked. */
  chunks(chunkIds: readonly string[]): Promise<Chunk[]>;
  /** An article's chunks in reading order. */
  chunksOf(docId: string): Promise<Chunk[]>;
  /** Document frequency per feature bucket (feature embedders only). */
  featureStats(): Promise<FeatureStats | undefined>;
  /**
   * The corpus vocabulary, when the store keeps it with the index (built at ingest); undefined
   * otherwise, and the retriever builds it from the article texts.
   */
  vocabulary?(): Promise<VocabularyWords | undefined>;
  close(): Promise<void>;
}

/** Every folded word of the corpus, and those some article writes capitalised (names, places). */
export interface VocabularyWords {
  known: ReadonlySet<string>;
  capitalised: ReadonlySet<string>;
}

/**
 * What a store needs to rebuild the derived parts of a damaged generation from its whole parts
 * (ingest provides it: the store knows neither the chunking nor the embedder).
 */
export interface PartRebuilders {
  /** An article's chunks, exactly as ingest cuts them (same ids and offsets). */
  chunk(article: Article): Chunk[];
  /** One vector per text, as ingest embeds chunk texts. */
  embed(texts: string[]): Promise<ArrayLike<number>[]>;
  /** Document frequencies over these chunks, as ingest counts them (undefined: the embedder has no features). */
  featureStats(chunks: readonly Chunk[]): FeatureStats | undefined;
  /**
   * The indexed articles read again from the corpus, exactly as they were indexed; undefined when
   * any of them can no longer be (its file changed, or the cleaning rules or its sources.json facts did).
   */
  articles(records: Readonly<Record<string, ManifestFile>>): Promise<Map<string, Article> | undefined>;
}

/** A write in progress: changes are invisible to readers until publish(). */
export interface IndexTransaction {
  /**
   * Before any other call, when the live generation is damaged: rebuilds only its damaged files
   * from the whole ones and publishes the result (the transaction is then finished). Returns the
   * files rebuilt, or undefined when that is not possible here (the caller rebuilds everything).
   */
  repair?(rebuild: PartRebuilders): Promise<string[] | undefined>;
  /** Adds or replaces an article with its chunks and their vectors (the doc's old chunks go). */
  putArticle(article: Article, chunks: Chunk[], vectors: ArrayLike<number>[]): Promise<void>;
  removeArticle(docId: string): Promise<void>;
  /** Manifest record of a file (undefined = delete). */
  putFile(key: string, file: ManifestFile | undefined): Promise<void>;
  /**
   * Document frequencies of the new generation, whole (ingest computes them from the base
   * generation's and the changed chunks; the store cannot, it does not know the features).
   * Not called: the base generation's statistics carry over unchanged.
   */
  putFeatureStats(stats: FeatureStats | undefined): Promise<void>;
  /** Atomically makes this the live generation (readers see old or new, never a mix); returns its id. */
  publish(): Promise<string>;
  /** Drops the changes. */
  abort(): Promise<void>;
}

export interface IndexRepository {
  /** `shared`: many processes see one index. */
  readonly capabilities: { shared: boolean };
  /** The live generation id, cheap; undefined when nothing was published yet. */
  currentGeneration(): Promise<string | undefined>;
  /**
   * Opens the live generation; throws IndexError INDEX_MISSING / INDEX_CORRUPT / INDEX_MISMATCH.
   * `full`: check every stored file against its checksum before serving it, even where the store
   * would trust an earlier check (an explicit ingest, which repairs what is damaged).
   */
  open(identity: IndexIdentity, options?: { full?: boolean }): Promise<IndexSnapshot>;
  /**
   * The corpus files' records of the live generation (what `IndexSnapshot.files` gives), read without
   * opening it; undefined when nothing is published. Ingest scans the corpus against them while
   * open() reads the rest. Left out by stores whose open is cheap.
   */
  files?(): Promise<Record<string, ManifestFile> | undefined>;
  /**
   * Starts a write on top of the live generation (or from empty with `rebuild`); waits for the
   * ingest lock, held until publish() or abort(). It need not read the live generation: ingest
   * calls open() after begin() (so under the lock, seeing the latest publish) to plan its changes,
   * and begins again with `rebuild` when open() reports the live generation unusable. With
   * `wait: false`, a store that can tell throws IngestLockError INGEST_BUSY at once instead of
   * waiting while another process ingests (serving then goes on with the live generation).
   */
  begin(identity: IndexIdentity, options?: { rebuild?: boolean; wait?: boolean; signal?: AbortSignal }): Promise<IndexTransaction>;
  /** What is damaged in the live generation's stored files (undefined when whole); left out by stores that cannot tell. */
  verify?(): Promise<string | undefined>;
  /**
   * Resolves once the background work an open started has ended (the local store re-hashes files it
   * trusted at open, a few seconds later); left out by stores that start none. For measurements of
   * the steady state; it does not keep the process alive.
   */
  settled?(): Promise<void>;
  /**
   * The parts of the generation opened last that are still being read into memory (e.g. `vectors`);
   * empty once all are. Left out by stores that read nothing up front.
   */
  loading?(): string[];
  close(): Promise<void>;
}

// ---------- Conversations and feedback: shared by every process on a shared backend ----------

/** How long thread memory is kept (CONVERSATION_MAX_TURNS, CONVERSATION_MAX_AGE_DAYS). */
export interface ConversationRetention {
  /** Turns kept per conversation: the oldest go as new ones arrive. */
  maxTurns: number;
  /** Turns older than this (milliseconds) are forgotten: a thread idle that long starts afresh. */
  maxAgeMs: number;
}

/** 32 turns a conversation, 30 days. */
export const DEFAULT_CONVERSATION_RETENTION: ConversationRetention = { maxTurns: 32, maxAgeMs: 30 * 24 * 3_600_000 };

export interface ConversationStore {
  /** Appends a turn to a conversation (key: thread or channel id), dropping turns past the retention. */
  append(key: string, turn: Turn): Promise<void>;
  /** The last `limit` turns not older than the retention's age, oldest first. */
  history(key: string, limit: number): Promise<Turn[]>;
  /**
   * Deletes every turn older than the retention's age; returns how many. Stores also do it by
   * themselves, at most hourly, as turns arrive.
   */
  prune(): Promise<number>;
}

/** One 👍/👎 on an answer. */
export interface FeedbackVote {
  /** ISO time. */
  at: string;
  messageId: string;
  /** sha256 (hex) of the user id, never the raw id. */
  user: string;
  vote: 'up' | 'down';
  /** Absent when the process that answered no longer remembers the answer (then only its text is known). */
  question?: string;
  /** The answer text voted on. */
  answer: string;
  chunkIds: string[];
  citations?: Array<{ n: number; chunkId: string; docId: string; title: string; quote: string }>;
  method?: 'extractive' | 'llm';
  abstained?: boolean;
}

export interface FeedbackSink {
  record(vote: FeedbackVote): Promise<void>;
  flush(): Promise<void>;
}

/** Everything one backend provides (local files, or PostgreSQL); app.ts picks one from STORE. */
export interface Backend {
  readonly name: 'local' | 'postgres';
  readonly index: IndexRepository;
  readonly conversations: ConversationStore;
  readonly feedback: FeedbackSink;
  /** Is the store reachable (for /healthz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// ---------- Answering ----------

/** Options for one answer. */
export interface AnswerOptions {
  /** Language to answer in (the question's). */
  language: Lang;
  /** Earlier turns of the conversation, oldest first. */
  history?: Turn[];
  /**
   * For a follow-up that leans on the conversation ("and why?"): the earlier questions it continues
   * (see `conversationContext`), which its passages were searched with. Absent for a question that
   * stands on its own.
   */
  context?: string;
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

// ---------- Application service (front ends talk only to this) ----------

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
 * Built by `createAssistant()` in `src/app.ts`. Fully async: the index may live in a database.
 */
export interface Assistant {
  /** Answers a question; throws `CrisisbotError` QUESTION_EMPTY / QUESTION_TOO_LONG for bad input. */
  ask(question: string, options?: { history?: Turn[]; signal?: AbortSignal }): Promise<Answer>;
  /** Top passages for a query, no answer. */
  search(query: string, k?: number): Promise<Retrieval>;
  /** Article (by id or title), topic, or whole-corpus summary (neither given). */
  summarize(request: { article?: string; topic?: string; language?: Lang; signal?: AbortSignal }): Promise<Summary>;
  /** The articles in the index. */
  sources(): Promise<SourceEntry[]>;
  /** Articles whose title or id contains the text (case- and accent-insensitive), for autocomplete. */
  findArticles(partial: string, limit?: number): Promise<SourceEntry[]>;
  /** Finds a chunk by id (for "Passage n" buttons). */
  chunk(chunkId: string): Promise<Chunk | undefined>;
  /**
   * Checks a claim against the articles: one verdict per statement, with the deciding quotes.
   * `language` is the reply's (reasons, labels); the claim is read in its own language.
   */
  check(claim: string, options?: { language?: Lang; signal?: AbortSignal }): Promise<ClaimCheck>;
  /** Dated events across the articles (about `topic` when given), in date order, each cited. */
  timeline(options?: { topic?: string; language?: Lang; signal?: AbortSignal }): Promise<Timeline>;
  /**
   * Saves an article into the corpus folder (with its sources.json facts) and indexes it before
   * returning. Throws `CrisisbotError` ARTICLE_REJECTED (duplicate, empty, not article text) or
   * READ_ONLY (an assistant over a fixed index); nothing is left behind on failure.
   */
  addArticle(article: NewArticle): Promise<AddedArticle>;
}
