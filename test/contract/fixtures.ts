/**
 * Shared fixtures of the port contract suites: the backend factory type every backend's test file
 * passes in, and small articles with exact chunk offsets and known vectors.
 */
import type { Backend, ConversationRetention, FeedbackVote, IndexIdentity, IndexTransaction } from '../../src/ports.ts';
import type { Article, Chunk, Lang } from '../../src/types.ts';

/** Construction options every backend takes: thread memory retention and the clock it stamps turns with. */
export interface BackendOptions {
  conversations?: { retention?: Partial<ConversationRetention>; now?: () => number };
}

/** One backend under test, over storage of its own. */
export interface BackendFixture {
  backend: Backend;
  /** Another backend over the same storage, as a restarted (or second) process would open it. */
  reopen(options?: BackendOptions): Promise<Backend>;
  /** What the feedback sink stored, oldest first (read the backend's own way). */
  readVotes(): Promise<FeedbackVote[]>;
  /** Closes what is open and removes the storage. */
  cleanup(): Promise<void>;
}

/** Makes a fresh backend fixture (called once per test). */
export type MakeBackend = (options?: BackendOptions) => Promise<BackendFixture>;

export const DIMENSIONS = 8;

export const IDENTITY: IndexIdentity = { embedderId: 'contract-test-v1', dimensions: DIMENSIONS, chunking: { targetChars: 400, maxChars: 600, overlapChars: 0 } };

/** An article whose chunks are its sentences, with exact offsets into its text. */
export function article(docId: string, lang: Lang, sentences: string[], title = `Title of ${docId}`): { article: Article; chunks: Chunk[] } {
  const text = sentences.join(' ');
  let start = 0;
  const chunks = sentences.map((sentence, index) => {
    const chunk: Chunk = { id: `${docId}#${index}`, docId, index, title, lang, start, end: start + sentence.length, text: sentence };
    start += sentence.length + 1;
    return chunk;
  });
  return { article: { docId, title, lang, source: { publisher: 'Contract Times', date: '2022-02-14' }, path: `${docId}.txt`, hash: `hash-${docId}`, text }, chunks };
}

/** A unit vector pointing mostly along `axis`, tilted a little towards `tilt` (distinct, known neighbours). */
export function unit(axis: number, tilt = (axis + 1) % DIMENSIONS, amount = 0.1): number[] {
  const v = new Array<number>(DIMENSIONS).fill(0);
  v[axis] = 1;
  v[tilt] = (v[tilt] ?? 0) + amount;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

export const EN = article('doc-en', 'en', [
  'Russia massed troops near the Ukrainian border.',
  'Western leaders threatened sanctions against Moscow.',
  'Diplomats met in Geneva for talks.',
]);
export const FR = article('doc-fr', 'fr', [
  'La Russie a massé des troupes à la frontière.',
  'Les dirigeants occidentaux menacent de sanctions.',
]);
export const OTHER = article('doc-other', 'en', ['Gas prices rose sharply across Europe this winter.']);
export const NEW = article('doc-new', 'en', ['Brand new reporting on the Geneva talks.']);

/** Vectors of the fixtures: each chunk its own axis. */
export const VECTORS: Record<string, number[]> = {
  'doc-en#0': unit(0),
  'doc-en#1': unit(1),
  'doc-en#2': unit(2),
  'doc-fr#0': unit(3, 0, 0.5),
  'doc-fr#1': unit(4, 1, 0.5),
  'doc-other#0': unit(5),
  'doc-new#0': unit(6),
};

export function vectorsOf(chunks: Chunk[]): number[][] {
  return chunks.map((chunk) => {
    const vector = VECTORS[chunk.id];
    if (!vector) throw new Error(`no fixture vector for ${chunk.id}`);
    return vector;
  });
}

/** Puts fixture articles (and their manifest records) into a transaction. */
export async function putAll(tx: IndexTransaction, docs: Array<{ article: Article; chunks: Chunk[] }>): Promise<void> {
  for (const doc of docs) {
    await tx.putArticle(doc.article, doc.chunks, vectorsOf(doc.chunks));
    await tx.putFile(doc.article.docId, { path: doc.article.path, hash: doc.article.hash, size: doc.article.text.length, mtimeMs: 1_700_000_000_000, chunks: doc.chunks.length, cleaningVersion: 1 });
  }
}

/** A backend with EN, FR and OTHER published. */
export async function published(backend: Backend): Promise<string> {
  const tx = await backend.index.begin(IDENTITY);
  await putAll(tx, [EN, FR, OTHER]);
  return tx.publish();
}

/** Cosine of two vectors. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}
