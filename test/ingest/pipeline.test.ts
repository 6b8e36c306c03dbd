import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/app.ts';
import { CLEANING_RULES_VERSION } from '../../src/corpus/clean.ts';
import { chunkArticle, DEFAULT_CHUNK_OPTIONS } from '../../src/ingest/chunk.ts';
import { ingest, type IngestSummary } from '../../src/ingest/pipeline.ts';
import type { IndexRepository } from '../../src/ports.ts';
import { readIndex, type IndexData } from '../../src/store/local/generation-files.ts';
import { copySeeds, CountingEmbedder, removeDir, SEED_IDS, tempDir, testConfig } from '../support/seed-index.ts';
import { LocalIndexRepository } from '../../src/store/local/index-repository.ts';
import { resealGeneration } from '../support/reseal.ts';
import { decodeArticles, decodeChunks, encodeArticles, encodeChunks } from '../../src/store/local/stored-texts.ts';

/**
 * One corpus copy goes through a sequence of edits; each test is one step and relies on the
 * previous ones (vitest runs them in order).
 */
describe('incremental ingest', () => {
  const embedder = new CountingEmbedder();
  let root: string;
  let corpus: string;
  let dataDir: string;
  let first: IngestSummary;

  const run = (): Promise<IngestSummary> => {
    embedder.reset();
    return ingest({ corpusDir: corpus, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
  };
  const open = (): Promise<IndexData> => readIndex(dataDir, { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: DEFAULT_CHUNK_OPTIONS });
  const vectorsOf = (index: IndexData, docId: string): Map<string, number[] | undefined> =>
    new Map([...index.chunks.values()].filter((c) => c.docId === docId).map((c) => [c.id, index.vectors.vector(c.id)]));

  beforeAll(async () => {
    root = tempDir('crisisbot-ingest-');
    corpus = copySeeds(root);
    dataDir = join(root, 'data');
    first = await run();
  });
  afterAll(() => removeDir(root));

  it('first ingest embeds every chunk of every article once', async () => {
    expect(first.articles).toBe(5);
    expect(first.added.sort()).toEqual(Object.values(SEED_IDS).sort());
    expect(first.embeddedChunks).toBe(first.chunks);
    expect(embedder.documentTexts).toHaveLength(first.chunks);
    expect(first.skipped).toEqual([]);
    expect((await open()).chunks.size).toBe(first.chunks);
  });

  it('re-ingesting an unchanged corpus embeds nothing, keeps every chunk and does not rewrite the index', async () => {
    const before = await open();
    const generation = readFileSync(join(dataDir, 'CURRENT'), 'utf8');
    const again = await run();
    expect(readFileSync(join(dataDir, 'CURRENT'), 'utf8')).toBe(generation);
    expect(again.embeddedChunks).toBe(0);
    expect(embedder.documentTexts).toEqual([]);
    expect(again).toMatchObject({ added: [], changed: [], removed: [], unchanged: 5, chunks: first.chunks, articles: 5 });
    const after = await open();
    expect([...after.chunks.keys()].sort()).toEqual([...before.chunks.keys()].sort());
  });

  it('re-embeds only the chunks of a modified article; the others keep their vectors', async () => {
    const before = await open();
    const othersBefore = [SEED_IDS.letterEn, SEED_IDS.letterFr, SEED_IDS.writtenResponseFr, SEED_IDS.troopsEn].map((id) => vectorsOf(before, id));
    appendFileSync(join(corpus, `${SEED_IDS.bidenCallFr}.txt`), '\n\nLe Kremlin a ajouté que les discussions sur les lamas du Tibet reprendraient à Vladivostok en mars.\n');

    const summary = await run();
    expect(summary.changed).toEqual([SEED_IDS.bidenCallFr]);
    expect(summary.added).toEqual([]);
    expect(summary.unchanged).toBe(4);
    const after = await open();
    const changedChunks = [...after.chunks.values()].filter((c) => c.docId === SEED_IDS.bidenCallFr);
    expect(summary.embeddedChunks).toBe(changedChunks.length);
    expect(embedder.documentTexts.sort()).toEqual(changedChunks.map((c) => c.text).sort());
    expect(after.articles.get(SEED_IDS.bidenCallFr)?.text).toContain('lamas du Tibet');

    const othersAfter = [SEED_IDS.letterEn, SEED_IDS.letterFr, SEED_IDS.writtenResponseFr, SEED_IDS.troopsEn].map((id) => vectorsOf(after, id));
    expect(othersAfter).toEqual(othersBefore);
    expect(after.chunks.size).toBe(after.vectors.size);
    expect(after.lexical.size).toBe(after.chunks.size);
  });

  it('a changed sources.json refreshes titles without re-embedding anything', async () => {
    const path = join(corpus, 'sources.json');
    const sources = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, string>>;
    sources[SEED_IDS.troopsEn] = { ...sources[SEED_IDS.troopsEn], title: 'Biden sends a few troops to Eastern Europe' };
    writeFileSync(path, JSON.stringify(sources));
    const generation = readFileSync(join(dataDir, 'CURRENT'), 'utf8');
    const summary = await run();
    expect(readFileSync(join(dataDir, 'CURRENT'), 'utf8')).not.toBe(generation);
    expect(summary.embeddedChunks).toBe(0);
    const index = await open();
    expect(index.articles.get(SEED_IDS.troopsEn)?.title).toBe('Biden sends a few troops to Eastern Europe');
    for (const chunk of index.chunks.values()) if (chunk.docId === SEED_IDS.troopsEn) expect(chunk.title).toBe('Biden sends a few troops to Eastern Europe');
  });

  it('a binary file dropped into the corpus is skipped with a warning; the rest stays indexed', async () => {
    writeFileSync(join(corpus, 'photo_caption.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
    const summary = await run();
    expect(summary.skipped.map((s) => s.path)).toEqual(['photo_caption.txt']);
    expect(summary.skipped[0]?.reason).toMatch(/binary/u);
    expect(summary.articles).toBe(5);
    expect(summary.embeddedChunks).toBe(0);
    const index = await open();
    expect([...index.articles.keys()]).not.toContain('photo_caption');
    unlinkSync(join(corpus, 'photo_caption.txt'));
  });

  it('an article that turns into garbage leaves the index', async () => {
    const path = join(corpus, `${SEED_IDS.letterFr}.txt`);
    const original = readFileSync(path);
    writeFileSync(path, Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    const summary = await run();
    expect(summary.skipped.map((s) => s.path)).toEqual([`${SEED_IDS.letterFr}.txt`]);
    const index = await open();
    expect(index.articles.has(SEED_IDS.letterFr)).toBe(false);
    expect([...index.chunks.values()].some((c) => c.docId === SEED_IDS.letterFr)).toBe(false);
    expect(index.vectors.size).toBe(index.chunks.size);
    writeFileSync(path, original);
    const restored = await run();
    expect(restored.added).toEqual([SEED_IDS.letterFr]);
    expect((await open()).articles.has(SEED_IDS.letterFr)).toBe(true);
  });

  it('a deleted article leaves the index and search never returns it', async () => {
    const beforeSearch = await createAssistant(testConfig(corpus, dataDir));
    const question = 'Qui ont rencontré Dmitri Kozak et Andriy Jermak à Paris ?';
    expect((await beforeSearch.search(question, 5)).passages.map((p) => p.chunk.docId)).toContain(SEED_IDS.writtenResponseFr);

    unlinkSync(join(corpus, `${SEED_IDS.writtenResponseFr}.txt`));
    const summary = await run();
    expect(summary.removed).toEqual([SEED_IDS.writtenResponseFr]);
    expect(summary.embeddedChunks).toBe(0);
    expect(summary.articles).toBe(4);
    const index = await open();
    expect([...index.chunks.values()].some((c) => c.docId === SEED_IDS.writtenResponseFr)).toBe(false);
    expect(index.vectors.size).toBe(index.chunks.size);
    expect(index.lexical.size).toBe(index.chunks.size);
    expect(index.manifest.files[SEED_IDS.writtenResponseFr]).toBeUndefined();

    const assistant = await createAssistant(testConfig(corpus, dataDir), { refresh: false });
    for (const q of [question, 'Peskov sanctions destructrices', 'gaz Afrique du Nord Moyen-Orient', 'Kozak Jermak']) {
      const found = (await assistant.search(q, 50)).passages.map((p) => p.chunk.docId);
      expect(found, q).not.toContain(SEED_IDS.writtenResponseFr);
    }
    expect((await assistant.sources()).map((s) => s.docId)).not.toContain(SEED_IDS.writtenResponseFr);
  });

  it('--rebuild re-embeds everything', async () => {
    embedder.reset();
    const summary = await ingest({ corpusDir: corpus, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS, rebuild: true });
    expect(summary.rebuiltBecause).toBeDefined();
    expect(summary.embeddedChunks).toBe(summary.chunks);
    expect(embedder.documentTexts).toHaveLength(summary.chunks);
  });
});

describe('incremental ingest after the cleaning rules changed', () => {
  const embedder = new CountingEmbedder();
  let root: string;
  let corpus: string;
  let dataDir: string;

  beforeAll(async () => {
    root = tempDir('crisisbot-reclean-');
    corpus = copySeeds(root);
    dataDir = join(root, 'data');
    await ingest({ corpusDir: corpus, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
  });
  afterAll(() => removeDir(root));

  it('re-chunks an unchanged file whose cleaned text is no longer the indexed one', async () => {
    // Make the stored index look as if an older cleaner had kept a junk line at the top of 004:
    // a self-consistent index whose text and offsets differ from what cleaning gives today.
    const generation = join(dataDir, readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim());
    const junk = 'Old junk line.\n\n';
    const articles = decodeArticles(readFileSync(join(generation, 'articles.bin')));
    const { chunks: stored, labels } = decodeChunks(readFileSync(join(generation, 'chunks.bin')), articles);
    const troops = articles.get(SEED_IDS.troopsEn)!;
    troops.text = junk + troops.text;
    for (const chunk of stored.values()) {
      if (chunk.docId !== SEED_IDS.troopsEn) continue;
      chunk.start += junk.length;
      chunk.end += junk.length;
    }
    writeFileSync(join(generation, 'articles.bin'), encodeArticles([...articles.values()]));
    writeFileSync(join(generation, 'chunks.bin'), encodeChunks([...articles.keys()], stored.values(), (id) => labels.get(id)));
    // …and its manifest record names the older rules (what makes ingest clean the file again).
    const files = JSON.parse(readFileSync(join(generation, 'files.json'), 'utf8')) as Record<string, { cleaningVersion: number }>;
    files[SEED_IDS.troopsEn]!.cleaningVersion = CLEANING_RULES_VERSION - 1;
    writeFileSync(join(generation, 'files.json'), JSON.stringify(files));
    resealGeneration(generation);
    const identity = { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: DEFAULT_CHUNK_OPTIONS };
    const stale = await readIndex(dataDir, identity);
    expect(stale.articles.get(SEED_IDS.troopsEn)?.text.startsWith(junk)).toBe(true);

    embedder.reset();
    const summary = await ingest({ corpusDir: corpus, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    const index = await readIndex(dataDir, identity);
    const article = index.articles.get(SEED_IDS.troopsEn)!;
    expect(article.text.startsWith(junk)).toBe(false);
    const chunks = [...index.chunks.values()].filter((c) => c.docId === SEED_IDS.troopsEn).sort((a, b) => a.index - b.index);
    expect(chunks.map((c) => c.text)).toEqual(chunkArticle(article, DEFAULT_CHUNK_OPTIONS).map((c) => c.text));
    expect(summary.changed).toEqual([SEED_IDS.troopsEn]);
    expect(summary.embeddedChunks).toBe(chunks.length);
    expect(embedder.documentTexts.sort()).toEqual(chunks.map((c) => c.text).sort());
    expect(index.vectors.size).toBe(index.chunks.size);
  });
});

describe('a previously indexed file that now fails to parse', () => {
  const embedder = new CountingEmbedder();
  let root: string;
  let corpus: string;
  let dataDir: string;
  const identity = { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: DEFAULT_CHUNK_OPTIONS };

  beforeAll(async () => {
    root = tempDir('crisisbot-unparsable-');
    corpus = copySeeds(root);
    dataDir = join(root, 'data');
    await ingest({ corpusDir: corpus, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
  });
  afterAll(() => removeDir(root));

  it('is removed from the index (chunks, vectors, manifest) and reported as removed and skipped', async () => {
    // The file's bytes are what the index recorded, but today's rules cannot parse them (as after
    // a change of the cleaning rules): write garbage and make the manifest record match it.
    const path = join(corpus, `${SEED_IDS.letterFr}.txt`);
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    writeFileSync(path, garbage);
    const generation = join(dataDir, readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim());
    const files = JSON.parse(readFileSync(join(generation, 'files.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    files[SEED_IDS.letterFr] = { ...files[SEED_IDS.letterFr], hash: createHash('sha256').update(garbage).digest('hex'), cleaningVersion: CLEANING_RULES_VERSION - 1 };
    writeFileSync(join(generation, 'files.json'), JSON.stringify(files));
    resealGeneration(generation);

    const summary = await ingest({ corpusDir: corpus, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    expect(summary.removed).toEqual([SEED_IDS.letterFr]);
    expect(summary.skipped.map((s) => s.path)).toEqual([`${SEED_IDS.letterFr}.txt`]);
    expect(summary.articles).toBe(4);
    const index = await readIndex(dataDir, identity);
    expect(index.articles.has(SEED_IDS.letterFr)).toBe(false);
    expect([...index.chunks.values()].some((c) => c.docId === SEED_IDS.letterFr)).toBe(false);
    expect(index.manifest.files[SEED_IDS.letterFr]).toBeUndefined();
    expect(index.vectors.size).toBe(index.chunks.size);
    expect(index.lexical.size).toBe(index.chunks.size);
    expect(summary.chunks).toBe(index.chunks.size);
  });
});

describe('change detection by size and modification time', () => {
  const ROUND_TIME = 1_700_000_000;
  const embedder = new CountingEmbedder();
  let root: string;
  let corpus: string;
  let dataDir: string;
  const run = (): Promise<IngestSummary> => ingest({ corpusDir: corpus, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });

  beforeAll(async () => {
    root = tempDir('crisisbot-mtime-');
    corpus = copySeeds(root);
    dataDir = join(root, 'data');
    // Whole-second times, which utimes restores exactly.
    utimesSync(join(corpus, `${SEED_IDS.troopsEn}.txt`), ROUND_TIME, ROUND_TIME);
    await run();
  });
  afterAll(() => removeDir(root));

  it('records size, mtime, cleaning rules version and facts digest of every file', async () => {
    const index = await readIndex(dataDir, { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: DEFAULT_CHUNK_OPTIONS });
    const path = join(corpus, `${SEED_IDS.troopsEn}.txt`);
    const info = statSync(path);
    expect(index.manifest.files[SEED_IDS.troopsEn]).toMatchObject({ size: info.size, mtimeMs: info.mtimeMs, cleaningVersion: CLEANING_RULES_VERSION, factsHash: expect.any(String) });
  });

  it('does not read a file whose size and mtime are unchanged (same rules, same facts)', async () => {
    const path = join(corpus, `${SEED_IDS.troopsEn}.txt`);
    const original = readFileSync(path);
    // Same length, other bytes, mtime put back: only reading the file could notice.
    writeFileSync(path, Buffer.from(original.toString('latin1').replace(/Biden/u, 'Bidem'), 'latin1'));
    utimesSync(path, ROUND_TIME, ROUND_TIME);
    const generation = readFileSync(join(dataDir, 'CURRENT'), 'utf8');
    const quiet = await run();
    expect(quiet).toMatchObject({ added: [], changed: [], removed: [], unchanged: 5, embeddedChunks: 0 });
    expect(readFileSync(join(dataDir, 'CURRENT'), 'utf8')).toBe(generation);
    // A new mtime makes it read, hashed and re-indexed.
    utimesSync(path, ROUND_TIME, ROUND_TIME + 5);
    const noticed = await run();
    expect(noticed.changed).toEqual([SEED_IDS.troopsEn]);
  });

  it('a touched file with the same bytes is hashed again but does not rewrite the index', async () => {
    const path = join(corpus, `${SEED_IDS.letterEn}.txt`);
    const { atime, mtime } = statSync(path);
    utimesSync(path, atime, new Date(mtime.getTime() + 10_000));
    const generation = readFileSync(join(dataDir, 'CURRENT'), 'utf8');
    const summary = await run();
    expect(summary).toMatchObject({ added: [], changed: [], removed: [], unchanged: 5, embeddedChunks: 0 });
    expect(readFileSync(join(dataDir, 'CURRENT'), 'utf8')).toBe(generation);
  });
});

describe('planning while the live generation opens', () => {
  const embedder = new CountingEmbedder();
  let root: string;
  let corpus: string;
  let dataDir: string;

  beforeAll(async () => {
    root = tempDir('crisisbot-plan-early-');
    corpus = copySeeds(root);
    dataDir = join(root, 'data');
    await ingest({ corpusDir: corpus, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
  });
  afterAll(() => removeDir(root));

  it('reads the live file records and scans the corpus before the open has finished (the local store loads its vectors meanwhile)', async () => {
    appendFileSync(join(corpus, `${SEED_IDS.letterFr}.txt`), '\nLe Kremlin a répondu par écrit aux propositions américaines sur la sécurité en Europe.\n');
    const local = new LocalIndexRepository(dataDir);
    let recordsRead!: () => void;
    const read = new Promise<void>((resolve) => (recordsRead = resolve));
    // The open finishes only once the live generation's file records were read apart from it.
    const gated: IndexRepository = {
      capabilities: local.capabilities,
      currentGeneration: () => local.currentGeneration(),
      begin: (identity, options) => local.begin(identity, options),
      close: () => local.close(),
      files: async () => {
        const files = await local.files();
        recordsRead();
        return files;
      },
      open: async (identity, options) => {
        await read;
        return local.open(identity, options);
      },
    };
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the ingest waited for the open before reading the live file records')), 10_000)));
    try {
      const summary = await Promise.race([ingest({ corpusDir: corpus, repository: gated, embedder, chunking: DEFAULT_CHUNK_OPTIONS, onInvalidIndex: 'throw' }), waited]);
      expect(summary).toMatchObject({ added: [], changed: [SEED_IDS.letterFr], removed: [], unchanged: 4 });
    } finally {
      clearTimeout(timer);
    }
  });
});
