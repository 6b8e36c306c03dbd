import { appendFileSync, copyFileSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../../../src/embed/local-embedder.ts';
import { HnswVectorStore } from '../../../src/store/local/hnsw-vector-store.ts';
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
    const restored = await HnswVectorStore.read(path, 256, labels);
    expect(restored.size).toBe(4);
    const q = await embedder.embedQuery('Blinken Kozak Paris');
    expect(restored.search(q, 4)).toEqual(s.search(q, 4));
  });

  it('reads its vectors by mapping the file (the patched hnswlib loader), not by copying them', async () => {
    const path = join(dir, 'mapped.hnsw');
    (await store()).write(path);
    const restored = await HnswVectorStore.read(path, 256, new Map(chunks.map((c, i) => [c.id, i])));
    expect(restored.size).toBe(5);
    // patches/hnswlib-node+3.0.0.patch, applied and compiled by `npm install` (bin/patch-native.js).
    if (process.platform === 'linux') expect(readFileSync('/proc/self/maps', 'utf8')).toContain(path);
  });

  it('a read store grows, changes and is written again, over its own file too, keeping every neighbour', async () => {
    const path = join(dir, 'grow.hnsw');
    const first = HnswVectorStore.create(256, 5);
    first.add(chunks.slice(0, 5), await embedder.embedDocuments(TEXTS));
    const labels = first.write(path);
    const read = await HnswVectorStore.read(path, 256, new Map(labels));
    const more = ['Les sanctions visent les banques russes.', 'NATO allies sent anti-tank weapons to Kyiv.', 'Le président ukrainien appelle au calme.'];
    const extra: Chunk[] = more.map((text, i) => ({ id: `e#${i}`, docId: 'e', index: i, title: 'e', lang: 'fr', start: 0, end: text.length, text }));
    read.add(extra, await embedder.embedDocuments(more)); // past the file's capacity of 5
    read.remove(['d#0']);
    const written = read.write(path); // over the very file it was read from
    const again = await HnswVectorStore.read(path, 256, new Map(written));
    expect(again.size).toBe(7);
    for (const [i, text] of more.entries()) expect(again.search(await embedder.embedQuery(text), 1)[0]?.chunkId).toBe(`e#${i}`);
    for (const [i, text] of TEXTS.entries()) if (i > 0) expect(again.search(await embedder.embedQuery(text), 1)[0]?.chunkId).toBe(`d#${i}`);
    expect(again.search(await embedder.embedQuery(TEXTS[0]!), 7).map((h) => h.chunkId)).not.toContain('d#0');
  });

  describe('a damaged or mismatched file is refused with an error, never read past its end', () => {
    const cases: [string, (path: string, size: number) => void, number?][] = [
      ['cut inside the header', (path) => truncateSync(path, 40)],
      ['cut inside the vectors', (path, size) => truncateSync(path, Math.floor(size / 2))],
      ['cut inside the upper-level links', (path, size) => truncateSync(path, size - 3)],
      ['with bytes appended', (path) => appendFileSync(path, Buffer.alloc(4096, 7))],
      ['read with other dimensions', () => undefined, 128],
    ];
    for (const [name, damage, dimensions] of cases) {
      it(name, async () => {
        const path = join(dir, `damaged-${name.replace(/\W+/gu, '-')}.hnsw`);
        (await store()).write(join(dir, 'whole.hnsw'));
        copyFileSync(join(dir, 'whole.hnsw'), path);
        damage(path, statSync(path).size);
        await expect(HnswVectorStore.read(path, dimensions ?? 256, new Map(chunks.map((c, i) => [c.id, i])))).rejects.toThrow(/corrupted|unsupported/u);
      });
    }
  });
});

