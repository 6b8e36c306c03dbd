import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../../../src/embed/local-embedder.ts';
import { DEFAULT_HNSW_OPTIONS, HnswVectorStore, shardPath } from '../../../src/store/local/hnsw-vector-store.ts';
import type { Chunk } from '../../../src/types.ts';
import { removeDir, tempDir } from '../../support/seed-index.ts';

const embedder = new LocalEmbedder({ dimensions: 256 });
const TEXTS = [
  'Le porte-parole du Kremlin Dmitri Peskov juge les sanctions destructrices.',
  'Biden will send a limited number of soldiers to Eastern Europe.',
  'Le gaz serait livré depuis l\'Afrique du Nord et le Moyen-Orient.',
  'Kozak et Jermak se sont réunis à Paris pendant huit heures.',
  'Antony Blinken proposed a meeting with his Russian counterpart.',
];
const chunks: Chunk[] = TEXTS.map((text, i) => ({ id: `d#${i}`, docId: 'd', index: i, title: 'd', lang: 'en', start: 0, end: text.length, text }));

async function store(): Promise<HnswVectorStore> {
  const s = HnswVectorStore.create(256, 2); // tiny capacity: adding must grow it
  s.add(chunks, await embedder.embedDocuments(TEXTS));
  return s;
}

describe('HnswVectorStore', () => {
  const dir = tempDir('crisisbot-hnsw-');
  afterAll(() => removeDir(dir));

  it('reuses the slots of removed chunks, so re-ingesting the same articles does not grow the index file', async () => {
    const s = await store();
    const vectors = await embedder.embedDocuments(TEXTS);
    s.write(join(dir, 'once.hnsw'));
    for (let round = 0; round < 4; round++) {
      s.remove(chunks.map((c) => c.id));
      s.add(chunks, vectors);
    }
    s.write(join(dir, 'again.hnsw'));
    expect(statSync(join(dir, 'again.hnsw')).size).toBe(statSync(join(dir, 'once.hnsw')).size);
    expect(s.size).toBe(5);
    for (const [i, text] of TEXTS.entries()) expect(s.search(await embedder.embedQuery(text), 1)[0]?.chunkId).toBe(`d#${i}`);
  });

  it('finds a stored text as its own nearest neighbour with similarity ≈ 1, sorted descending', async () => {
    const s = await store();
    expect(s.size).toBe(5);
    for (const [i, text] of TEXTS.entries()) {
      const hits = s.search(await embedder.embedQuery(text), 3);
      expect(hits[0]?.chunkId).toBe(`d#${i}`);
      expect(hits[0]?.similarity).toBeCloseTo(1, 4);
      for (let j = 1; j < hits.length; j++) expect(hits[j - 1]!.similarity).toBeGreaterThanOrEqual(hits[j]!.similarity);
    }
  });

  it('answers a cross-language query with the right passage', async () => {
    const hits = (await store()).search(await embedder.embedQuery('Peskov sanctions'), 1);
    expect(hits[0]?.chunkId).toBe('d#0');
  });

  it('never returns more than it holds, and nothing when empty', async () => {
    expect((await store()).search(await embedder.embedQuery('gas'), 50)).toHaveLength(5);
    expect(HnswVectorStore.create(256).search(await embedder.embedQuery('gas'), 5)).toEqual([]);
  });

  it('remove() drops a chunk from results; re-adding an id replaces its vector', async () => {
    const s = await store();
    s.remove(['d#2']);
    expect(s.size).toBe(4);
    expect(s.search(await embedder.embedQuery(TEXTS[2]!), 5).map((h) => h.chunkId)).not.toContain('d#2');
    expect(s.vector('d#2')).toBeUndefined();
    s.add([chunks[1]!], await embedder.embedDocuments(['Nord Stream 2 pipeline']));
    expect(s.size).toBe(4);
    expect(s.search(await embedder.embedQuery('Nord Stream 2 pipeline'), 1)[0]).toMatchObject({ chunkId: 'd#1' });
  });

  it('rejects a vector of the wrong length', () => {
    const s = HnswVectorStore.create(256);
    expect(() => s.add([chunks[0]!], [[1, 2, 3]])).toThrow(/dimensions/u);
  });

  it('writes and reads back the same neighbours', async () => {
    const s = await store();
    s.remove(['d#4']);
    const path = join(dir, 'vectors.hnsw');
    const labels = s.write(path);
    const restored = await HnswVectorStore.read(path, 1, 256, labels);
    expect(restored.size).toBe(4);
    const q = await embedder.embedQuery('Blinken Kozak Paris');
    expect(restored.search(q, 4)).toEqual(s.search(q, 4));
  });

  describe('in shards (a further hnswlib index past `shardPoints` points)', () => {
    const SHARDED = { ...DEFAULT_HNSW_OPTIONS, shardPoints: 2 };
    const sharded = async (): Promise<HnswVectorStore> => {
      const s = HnswVectorStore.create(256, 2, SHARDED);
      s.add(chunks, await embedder.embedDocuments(TEXTS));
      return s;
    };
    const queries = ['Peskov sanctions', 'gas North Africa', 'Blinken Kozak Paris', 'soldiers Eastern Europe'];

    it('ranks exactly as one index does: the same chunks, in the same order, with the same similarities', async () => {
      const [one, three] = [await store(), await sharded()];
      expect(three.shardCount).toBe(3);
      for (const text of queries) {
        const q = await embedder.embedQuery(text);
        const [a, b] = [one.search(q, 5), three.search(q, 5)];
        expect(b.map((h) => h.chunkId)).toEqual(a.map((h) => h.chunkId));
        b.forEach((hit, i) => expect(hit.similarity).toBeCloseTo(a[i]!.similarity, 5));
        expect(three.search(q, 2)).toEqual(b.slice(0, 2));
      }
    });

    it('filters across shards and reads each chunk\'s vector back from its own shard', async () => {
      const s = await sharded();
      const q = await embedder.embedQuery('Peskov sanctions');
      expect(s.search(q, 5, (id) => id === 'd#4' || id === 'd#1').map((h) => h.chunkId).sort()).toEqual(['d#1', 'd#4']);
      const vectors = await embedder.embedDocuments(TEXTS);
      for (const [i, chunk] of chunks.entries()) {
        const back = s.vector(chunk.id)!;
        const norm = Math.hypot(...vectors[i]!);
        back.forEach((x, j) => expect(x).toBeCloseTo(vectors[i]![j]! / norm, 5));
      }
    });

    it('re-adding removed chunks reuses their shards\' slots: no further shard, no file grows', async () => {
      const s = await sharded();
      const path = join(dir, 'sharded-once.hnsw');
      s.write(path);
      const vectors = await embedder.embedDocuments(TEXTS);
      for (let round = 0; round < 3; round++) {
        s.remove(['d#0', 'd#3', 'd#4']);
        s.add([chunks[4]!, chunks[0]!, chunks[3]!], [vectors[4]!, vectors[0]!, vectors[3]!]);
      }
      const again = join(dir, 'sharded-again.hnsw');
      s.write(again);
      expect(s.shardCount).toBe(3);
      for (let shard = 0; shard < 3; shard++) expect(statSync(shardPath(again, shard)).size).toBe(statSync(shardPath(path, shard)).size);
      for (const [i, text] of TEXTS.entries()) expect(s.search(await embedder.embedQuery(text), 1)[0]?.chunkId).toBe(`d#${i}`);
    });

    it('writes one file per shard and reads them back, to serve or to change (new labels never meet old ones)', async () => {
      const s = await sharded();
      s.remove(['d#1']);
      const path = join(dir, 'sharded.hnsw');
      const labels = s.write(path);
      expect(shardPath(path, 2)).toBe(join(dir, 'sharded.2.hnsw'));
      const q = await embedder.embedQuery('Blinken Kozak Paris');
      const served = await HnswVectorStore.read(path, 3, 256, { size: labels.size, labelOf: (id) => labels.get(id), chunkIdOf: (label) => [...labels].find(([, l]) => l === label)?.[0] });
      expect(served.search(q, 4)).toEqual(s.search(q, 4));
      expect(served.vector('d#4')).toEqual(s.vector('d#4'));
      expect(() => served.remove(['d#4'])).toThrow(/read-only/u);
      const changed = await HnswVectorStore.read(path, 3, 256, new Map(labels), SHARDED);
      changed.add([{ ...chunks[1]!, id: 'e#0' }, { ...chunks[1]!, id: 'e#1' }], await embedder.embedDocuments(['Nord Stream 2 pipeline', 'Nord Stream 2 pipeline halted']));
      expect(changed.size).toBe(6);
      expect(changed.search(await embedder.embedQuery('Nord Stream 2 pipeline'), 2).map((h) => h.chunkId).sort()).toEqual(['e#0', 'e#1']);
      expect(changed.search(q, 4).map((h) => h.chunkId)).toEqual(s.search(q, 4).map((h) => h.chunkId));
    });
  });
});
