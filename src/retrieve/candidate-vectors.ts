/**
 * The vector half of a question asked while the index's vectors are still loading (a large local
 * index answers seconds before its vectors file is in memory): exact cosine search over a few
 * candidate chunks — those the lexical searches found — whose vectors are embedded again from the
 * chunk texts, as ingest embedded them. Only for embedders with local features (embedding a few
 * dozen passages costs milliseconds, no provider call). Chunks only the vector search would have
 * found are missed until the vectors are in.
 */
import type { Embedder, IndexSnapshot, VectorHit } from '../ports.ts';

export class CandidateVectors {
  private constructor(private readonly byId: ReadonlyMap<string, Float32Array>) {}

  /** The candidates' vectors, embedded from their texts (unknown chunk ids are left out). */
  static async of(index: IndexSnapshot, embedder: Embedder, chunkIds: Iterable<string>): Promise<CandidateVectors> {
    const chunks = await index.chunks([...new Set(chunkIds)]);
    const vectors = chunks.length > 0 ? await embedder.embedDocuments(chunks.map((chunk) => chunk.text)) : [];
    return new CandidateVectors(new Map(chunks.map((chunk, i) => [chunk.id, unit(vectors[i] ?? [])])));
  }

  get size(): number {
    return this.byId.size;
  }

  /** The `k` candidates most similar to `vector` (exact cosine), most similar first; ties by chunk id. */
  search(vector: ArrayLike<number>, k: number): VectorHit[] {
    const query = unit(vector);
    const hits: VectorHit[] = [];
    for (const [chunkId, stored] of this.byId) hits.push({ chunkId, similarity: dot(query, stored) });
    return hits.sort((a, b) => b.similarity - a.similarity || (a.chunkId < b.chunkId ? -1 : a.chunkId > b.chunkId ? 1 : 0)).slice(0, Math.max(0, k));
  }

  /** A candidate's vector (normalised, as a vector store keeps it); undefined for another chunk. */
  vector(chunkId: string): Promise<Float32Array | undefined> {
    return Promise.resolve(this.byId.get(chunkId));
  }
}

/** The vector scaled to length 1, as float32 (a vector store's cosine space keeps them so). */
function unit(vector: ArrayLike<number>): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += (vector[i] ?? 0) ** 2;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const out = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = (vector[i] ?? 0) * scale;
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}
