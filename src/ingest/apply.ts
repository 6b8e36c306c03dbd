/**
 * Ingest, step 3: apply. Writes the planned and prepared changes into an open index transaction:
 * removed documents leave, prepared articles replace their indexed versions, metadata updates
 * keep their chunks' vectors. The document frequencies follow every chunk that leaves or arrives.
 * Nothing is visible to readers until the transaction is published.
 */
import type { Embedder, FeatureStats, IndexSnapshot, IndexTransaction, ManifestFile } from '../ports.ts';
import type { Article } from '../types.ts';
import { countChunks } from './feature-counts.ts';
import type { PreparedArticle } from './prepare.ts';

/** What applying needs: the transaction, the generation it starts from, and the counts it keeps. */
export interface ApplyContext {
  tx: IndexTransaction;
  /** The live generation the write starts from (undefined: from empty). */
  base: IndexSnapshot | undefined;
  embedder: Embedder;
  counts: FeatureStats | undefined;
  /** The manifest as it will be published, updated as changes are applied. */
  files: Record<string, ManifestFile>;
}

/** Forgets the indexed chunks of a document in the feature counts (it is being replaced or removed). */
async function forgetIndexed(ctx: ApplyContext, docId: string): Promise<void> {
  if (!ctx.base || !ctx.counts || !ctx.files[docId]) return;
  countChunks(ctx.counts, ctx.embedder, await ctx.base.chunksOf(docId), -1);
}

/** Removes documents from the index and the manifest. */
export async function removeDocuments(ctx: ApplyContext, docIds: readonly string[]): Promise<void> {
  for (const docId of docIds) {
    await forgetIndexed(ctx, docId);
    await ctx.tx.removeArticle(docId);
    await ctx.tx.putFile(docId, undefined);
    delete ctx.files[docId];
  }
}

/** Stores a prepared article in place of its indexed version (if any). */
export async function storeArticle(ctx: ApplyContext, prepared: PreparedArticle, record: ManifestFile): Promise<void> {
  const { article, chunks, vectors } = prepared;
  await forgetIndexed(ctx, article.docId);
  await ctx.tx.putArticle(article, chunks, vectors);
  await ctx.tx.putFile(article.docId, record);
  ctx.files[article.docId] = record;
}

/** Updates an indexed article's title and facts (same text): its chunks keep their vectors. */
export async function retitleArticle(ctx: ApplyContext, article: Article, record: ManifestFile): Promise<void> {
  const base = ctx.base;
  if (!base) throw new Error(`cannot update ${article.docId}: it is not indexed`);
  const chunks = (await base.chunksOf(article.docId)).map((chunk) => ({ ...chunk, title: article.title, lang: article.lang }));
  const vectors = await Promise.all(chunks.map((chunk) => base.vectors.vector(chunk.id)));
  const missing = chunks.find((_, i) => vectors[i] === undefined);
  if (missing) throw new Error(`the index has no vector for ${missing.id}`);
  await ctx.tx.putArticle(article, chunks, vectors as Float32Array[]);
  await ctx.tx.putFile(article.docId, record);
  ctx.files[article.docId] = record;
}

/**
 * Records an unchanged file's manifest entry as it is now. Returns true when more than its
 * modification time changed (a record of an older format, new facts digest or rules version):
 * worth publishing for; a touched file alone is not.
 */
export async function refreshRecord(ctx: ApplyContext, docId: string, record: ManifestFile): Promise<boolean> {
  const before = ctx.files[docId];
  if (!before) return false;
  const same = (a: ManifestFile, b: ManifestFile): boolean =>
    a.path === b.path && a.hash === b.hash && a.size === b.size && a.chunks === b.chunks && a.cleaningVersion === b.cleaningVersion && a.factsHash === b.factsHash;
  if (same(before, record) && before.mtimeMs === record.mtimeMs) return false;
  await ctx.tx.putFile(docId, record);
  ctx.files[docId] = record;
  return !same(before, record);
}
