import { cpSync, existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant } from '../../../src/app.ts';
import { LocalEmbedder } from '../../../src/embed/local-embedder.ts';
import { CrisisbotError, IndexError } from '../../../src/errors.ts';
import { DEFAULT_CHUNK_OPTIONS } from '../../../src/ingest/chunk.ts';
import { ingest } from '../../../src/ingest/pipeline.ts';
import type { IndexIdentity } from '../../../src/ports.ts';
import { indexExists, readIndex, writeIndex } from '../../../src/store/local/generation-files.ts';
import { copySeeds, removeDir, SEEDS_DIR, tempDir, testConfig } from '../../support/seed-index.ts';
import { LocalIndexRepository } from '../../../src/store/local/index-repository.ts';
import { checksumOf as sha256, sealManifest } from '../../../src/store/local/integrity.ts';
import { decodeArticles, decodeChunks, encodeChunks } from '../../../src/store/local/stored-texts.ts';
import type { Chunk } from '../../../src/types.ts';
import { resealGeneration } from '../../support/reseal.ts';

const embedder = new LocalEmbedder();
const identity: IndexIdentity = { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: DEFAULT_CHUNK_OPTIONS };

function generationDir(dataDir: string): string {
  return join(dataDir, readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim());
}

async function indexError(promise: Promise<unknown>): Promise<IndexError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IndexError) return error;
    throw new Error(`expected an IndexError, got ${String(error)}`);
  }
  throw new Error('expected an IndexError, but the index opened');
}

/** Rewrites a generation's chunks.bin through `change` (and its labels through `label`), then reseals its checksums. */
function rewriteChunks(generation: string, change: (chunk: Chunk) => Chunk, label?: (chunkId: string) => number): void {
  const articles = decodeArticles(readFileSync(join(generation, 'articles.bin')));
  const { chunks, labels } = decodeChunks(readFileSync(join(generation, 'chunks.bin')), articles);
  writeFileSync(join(generation, 'chunks.bin'), encodeChunks([...articles.keys()], [...chunks.values()].map(change), label ?? ((id) => labels.get(id))));
  resealGeneration(generation);
}

describe('index store', () => {
  let root: string;
  let built: string;
  let copies = 0;

  /** A fresh copy of the built seeds index to damage. */
  const copy = (): string => {
    const target = join(root, `copy-${copies++}`);
    cpSync(built, target, { recursive: true });
    return target;
  };

  beforeAll(async () => {
    root = tempDir('crisisbot-store-');
    built = join(root, 'built');
    await ingest({ corpusDir: SEEDS_DIR, repository: new LocalIndexRepository(built), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
  });
  afterAll(() => removeDir(root));

  it('reads back what ingest wrote: articles, chunks with exact offsets, and agreeing parts', async () => {
    const index = await readIndex(built, identity);
    expect(index.articles.size).toBe(5);
    expect(index.chunks.size).toBeGreaterThan(20);
    expect(index.vectors.size).toBe(index.chunks.size);
    expect(index.lexical.size).toBe(index.chunks.size);
    expect(index.stats.documents).toBe(index.chunks.size);
    for (const chunk of index.chunks.values()) {
      expect(index.articles.get(chunk.docId)?.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    }
    expect(index.manifest.embedder).toEqual({ id: embedder.id, dimensions: 1024 });
  });

  it('reports INDEX_MISSING for an empty data folder, with the command to run', async () => {
    const error = await indexError(readIndex(join(root, 'nothing-here'), identity));
    expect(error.code).toBe('INDEX_MISSING');
    expect(error.message).toMatch(/crisisbot ingest/u);
    expect(indexExists(join(root, 'nothing-here'))).toBe(false);
  });

  it('refuses an index built with other embedder dimensions: INDEX_MISMATCH, telling to re-ingest', async () => {
    const other = new LocalEmbedder({ dimensions: 512 });
    const error = await indexError(readIndex(built, { embedderId: other.id, dimensions: 512, chunking: DEFAULT_CHUNK_OPTIONS }));
    expect(error.code).toBe('INDEX_MISMATCH');
    expect(error.message).toMatch(/re-ingest/u);
    expect(error.message).toMatch(/1024/u);
    expect(error.message).toMatch(/512/u);
  });

  it('refuses an index built with other chunking settings: INDEX_MISMATCH', async () => {
    const error = await indexError(readIndex(built, { ...identity, chunking: { ...DEFAULT_CHUNK_OPTIONS, targetChars: DEFAULT_CHUNK_OPTIONS.targetChars + 100 } }));
    expect(error.code).toBe('INDEX_MISMATCH');
    expect(error.message).toMatch(/chunking/u);
    expect(error.message).toMatch(/re-ingest/u);
  });

  it('createAssistant on a mismatched index refuses it with the message instead of silently re-embedding', async () => {
    const dataDir = copy();
    const before = readFileSync(join(dataDir, 'CURRENT'), 'utf8');
    // Pretend the index was built by another embedder (e.g. EMBEDDINGS=openai before).
    const manifestPath = join(generationDir(dataDir), 'manifest.json');
    const { integrity: _, checksums, ...manifest } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { embedder: { id: string }; integrity: string; checksums: Record<string, string> };
    manifest.embedder.id = 'openai:text-embedding-3-small';
    writeFileSync(manifestPath, sealManifest(manifest, checksums));
    await expect(createAssistant(testConfig(SEEDS_DIR, dataDir))).rejects.toSatisfy(
      (error: unknown) => error instanceof IndexError && error.code === 'INDEX_MISMATCH' && /re-ingest/u.test(error.message),
    );
    expect(readFileSync(join(dataDir, 'CURRENT'), 'utf8')).toBe(before);
    // An explicit ingest rebuilds it, and says why.
    const summary = await ingest({ corpusDir: SEEDS_DIR, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    expect(summary.rebuiltBecause).toMatch(/embedder/u);
    expect(summary.embeddedChunks).toBe(summary.chunks);
    await expect(readIndex(dataDir, identity)).resolves.toBeDefined();
  });

  it('an index written in the previous format (MiniSearch JSON) is refused at start with the fix, and `crisisbot ingest` rebuilds it', async () => {
    const dataDir = copy();
    const generation = generationDir(dataDir);
    // What format 1 wrote: lexical.json beside a manifest saying format 1.
    const manifestPath = join(generation, 'manifest.json');
    const { integrity: _, checksums, ...manifest } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { format: number; integrity: string; checksums: Record<string, string> };
    const { 'lexical.bin': _bin, ...others } = checksums;
    rmSync(join(generation, 'lexical.bin'));
    writeFileSync(join(generation, 'lexical.json'), '{}');
    writeFileSync(manifestPath, sealManifest({ ...manifest, format: 1 }, { ...others, 'lexical.json': sha256('{}') }));
    const refused = await indexError(createAssistant(testConfig(SEEDS_DIR, dataDir)));
    expect(refused.code).toBe('INDEX_MISMATCH');
    expect(refused.message).toMatch(/index format 1 by another version of crisisbot/u);
    expect(refused.message).toMatch(/Run `crisisbot ingest` to rebuild it/u);
    const summary = await ingest({ corpusDir: SEEDS_DIR, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    expect(summary.rebuiltBecause).toMatch(/index format 1/u);
    const assistant = await createAssistant(testConfig(SEEDS_DIR, dataDir));
    expect((await assistant.search('sanctions Russia', 3)).passages).toHaveLength(3);
    expect(readdirSync(generationDir(dataDir))).toContain('lexical.bin');
    await assistant.close();
  });

  const corruptions: Array<[string, (generation: string) => void, RegExp?]> = [
    ['a truncated lexical.bin', (g) => truncateSync(join(g, 'lexical.bin'), 100)],
    ['a garbled lexical.bin', (g) => writeFileSync(join(g, 'lexical.bin'), '{"documentCount": "many", "garbage": [}')],
    ['a deleted vectors.hnsw', (g) => rmSync(join(g, 'vectors.hnsw'))],
    ['a truncated vectors.hnsw', (g) => truncateSync(join(g, 'vectors.hnsw'), 64)],
    ['a garbled manifest.json', (g) => writeFileSync(join(g, 'manifest.json'), '{ not json'), /manifest/u],
    ['a manifest of another format', (g) => writeFileSync(join(g, 'manifest.json'), JSON.stringify({ format: 99 })), /manifest/u],
    ['chunk offsets past the end of the article (checksums resealed)', (g) => rewriteChunks(g, (chunk) => (chunk.index === 0 ? { ...chunk, end: 999_999 } : chunk))],
    ['a deleted articles.bin', (g) => rmSync(join(g, 'articles.bin'))],
    ['chunk offsets whose vector labels disagree with the vectors (checksums resealed)', (g) => rewriteChunks(g, (chunk) => chunk, () => 0)],
  ];

  for (const [what, damage, extra] of corruptions) {
    it(`reports INDEX_CORRUPT for ${what}, telling how to rebuild`, async () => {
      const dataDir = copy();
      damage(generationDir(dataDir));
      const error = await indexError(readIndex(dataDir, identity));
      expect(error.code).toBe('INDEX_CORRUPT');
      expect(error).toBeInstanceOf(CrisisbotError);
      expect(error.message).toMatch(/corrupt/u);
      expect(error.message).toMatch(/crisisbot ingest/u);
      expect(error.message).not.toMatch(/\n/u);
      if (extra) expect(error.message).toMatch(extra);
    });
  }

  it('reports INDEX_CORRUPT when CURRENT names a generation that is gone', async () => {
    const dataDir = copy();
    rmSync(generationDir(dataDir), { recursive: true });
    expect((await indexError(readIndex(dataDir, identity))).code).toBe('INDEX_CORRUPT');
  });

  it('damaged articles are read again from their unchanged corpus files: nothing re-embedded, same index', async () => {
    const dataDir = copy();
    const before = await readIndex(dataDir, identity);
    truncateSync(join(generationDir(dataDir), 'articles.bin'), 10);
    const summary = await ingest({ corpusDir: SEEDS_DIR, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    expect(summary.repaired).toEqual(['articles.bin']);
    expect(summary.embeddedChunks).toBe(0);
    const after = await readIndex(dataDir, identity);
    expect([...after.articles.values()].sort((a, b) => (a.docId < b.docId ? -1 : 1))).toEqual([...before.articles.values()].sort((a, b) => (a.docId < b.docId ? -1 : 1)));
    expect([...after.chunks.values()]).toEqual([...before.chunks.values()]);
  });

  it('damaged articles whose corpus file changed since: the index is rebuilt from the corpus', async () => {
    const dataDir = copy();
    const corpus = copySeeds(join(root, `corpus-${copies}`));
    const file = readdirSync(corpus).find((name) => name.endsWith('.txt')) ?? '';
    writeFileSync(join(corpus, file), `${readFileSync(join(corpus, file), 'utf8')}\n\nA paragraph added since the last ingest, about talks in Geneva.\n`);
    truncateSync(join(generationDir(dataDir), 'articles.bin'), 10);
    const summary = await ingest({ corpusDir: corpus, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    expect(summary.repaired).toBeUndefined();
    expect(summary.rebuiltBecause).toMatch(/corrupt/u);
    expect(summary.embeddedChunks).toBe(summary.chunks);
    expect((await readIndex(dataDir, identity)).chunks.size).toBe(summary.chunks);
  });

  it('an explicit ingest rebuilds a truncated lexical file alone, from the stored chunks, with the same results', async () => {
    const dataDir = copy();
    const before = await readIndex(dataDir, identity);
    truncateSync(join(generationDir(dataDir), 'lexical.bin'), 10);
    const summary = await ingest({ corpusDir: SEEDS_DIR, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    expect(summary.repaired).toEqual(['lexical.bin']);
    expect(summary.rebuiltBecause).toBeUndefined();
    expect(summary.embeddedChunks).toBe(0);
    const after = await readIndex(dataDir, identity);
    expect(after.lexical.search('sanctions Putin Biden', 10)).toEqual(before.lexical.search('sanctions Putin Biden', 10));
  });

  it('keeps the previous generation live when a write fails midway, and cleans the half-written one up later', async () => {
    const dataDir = copy();
    const before = readFileSync(join(dataDir, 'CURRENT'), 'utf8');
    const index = await readIndex(dataDir, identity);
    const chunkCount = index.chunks.size;
    // Fail after the vectors are on disk but before the manifest: a crash mid-write.
    index.chunks.clear();
    index.lexical.toPostings = () => {
      throw new Error('disk full');
    };
    await expect(writeIndex(dataDir, index)).rejects.toThrow(/disk full/u);
    expect(readFileSync(join(dataDir, 'CURRENT'), 'utf8')).toBe(before);
    // The failed write removed what it wrote (space on a full disk); a crash would leave it for
    // the next ingest's clean-up under the lock (test/faults/crash.test.ts).
    const generations = readdirSync(dataDir).filter((e) => e.startsWith('index-'));
    expect(generations).toEqual([before.trim()]);
    const reopened = await readIndex(dataDir, identity);
    expect(reopened.chunks.size).toBe(chunkCount);

    // The next complete write points CURRENT at a generation that has its manifest and keeps the
    // one it replaced (a reader elsewhere may still be loading it).
    await writeIndex(dataDir, reopened);
    const current = generationDir(dataDir);
    expect(existsSync(join(current, 'manifest.json'))).toBe(true);
    expect(readdirSync(dataDir).filter((e) => e.startsWith('index-')).sort()).toEqual([current.split('/').pop(), before.trim()].sort());
    await writeIndex(dataDir, reopened);
    expect(readdirSync(dataDir).filter((e) => e.startsWith('index-'))).toHaveLength(2);
    expect(readdirSync(dataDir)).not.toContain(before.trim());
    expect(readdirSync(dataDir).some((e) => e.endsWith('.tmp'))).toBe(false);
    expect((await readIndex(dataDir, identity)).chunks.size).toBe(chunkCount);
  });
});
