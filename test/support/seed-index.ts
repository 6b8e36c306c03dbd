import { afterAll, beforeAll } from 'vitest';
/**
 * Shared helpers for the core test suite: temp folders, a copy of the seed corpus, the seeds
 * indexed once into a temp DATA_DIR, and a counting wrapper around the real local embedder.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAssistant, type CrisisAssistant } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { LocalEmbedder } from '../../src/embed/local-embedder.ts';
import type { Embedder, IndexSnapshot } from '../../src/ports.ts';
import type { ServedIndexData } from '../../src/store/local/generation-files.ts';
import type { LocalSnapshot } from '../../src/store/local/snapshot.ts';
import type { Article, Chunk } from '../../src/types.ts';

export const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const SEEDS_DIR = join(REPO_DIR, 'seeds');

/** The five seed articles by id (English 000/004, French 001/002/003). */
export const SEED_IDS = {
  letterEn: '000_ff6ca0cd65f3d795',
  letterFr: '001_a0e49a0f49ae79fb',
  bidenCallFr: '002_081f9dfd5872f2c8',
  writtenResponseFr: '003_67a659a71518a8bb',
  troopsEn: '004_2aa510eb97d77a39',
} as const;

/** A fresh temp folder; remove it with `removeDir`. */
export function tempDir(prefix = 'crisisbot-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Copies the seed corpus (articles and sources.json) into `dir/corpus` and returns that path. */
export function copySeeds(dir: string): string {
  const corpus = join(dir, 'corpus');
  cpSync(SEEDS_DIR, corpus, { recursive: true });
  return corpus;
}

/** The configuration for a corpus and data folder (everything else default). */
export function testConfig(corpusDir: string, dataDir: string, extra: Record<string, string> = {}): Config {
  return loadConfig({ CORPUS_DIR: corpusDir, DATA_DIR: dataDir, ...extra });
}

export interface SeedAssistant {
  root: string;
  dataDir: string;
  config: Config;
  assistant: CrisisAssistant;
  cleanup(): void;
}

/** Ingests a corpus folder (the real seeds by default) into a temp DATA_DIR and opens the assistant on it. */
export async function seedAssistant(extra: Record<string, string> = {}, corpusDir = SEEDS_DIR): Promise<SeedAssistant> {
  const root = tempDir('crisisbot-seeds-');
  const dataDir = join(root, 'data');
  const config = testConfig(corpusDir, dataDir, extra);
  const assistant = await createAssistant(config);
  return { root, dataDir, config, assistant, cleanup: () => removeDir(root) };
}

/**
 * Registers beforeAll/afterAll hooks that build the seeds index once for the enclosing suite and
 * clean it up; the returned object's fields are set once the hook has run.
 */
export function useSeedAssistant(extra: Record<string, string> = {}): SeedAssistant {
  return useCorpusAssistant(SEEDS_DIR, extra);
}

/** The same for a corpus folder of its own (invented articles under test/…/fixtures). */
export function useCorpusAssistant(corpusDir: string, extra: Record<string, string> = {}): SeedAssistant {
  const made = {} as SeedAssistant;
  beforeAll(async () => {
    Object.assign(made, await seedAssistant(extra, corpusDir));
  });
  afterAll(() => made.cleanup());
  return made;
}

/** The in-memory generation behind a local snapshot (the seeds suites run on the local backend). */
export function localData(snapshot: IndexSnapshot): ServedIndexData {
  const data = (snapshot as Partial<LocalSnapshot>).data;
  if (!data) throw new Error('not a local snapshot');
  return data;
}

/** The indexed article of a doc id (throws when absent, so tests fail loudly). */
export function articleOf(assistant: CrisisAssistant, docId: string): Article {
  const article = localData(assistant.snapshot).texts.article(docId);
  if (!article) throw new Error(`no article ${docId} in the index`);
  return article;
}

/** The indexed chunk of an id (throws when absent). */
export function chunkOf(assistant: CrisisAssistant, chunkId: string): Chunk {
  const chunk = localData(assistant.snapshot).texts.chunk(chunkId);
  if (!chunk) throw new Error(`no chunk ${chunkId} in the index`);
  return chunk;
}

/** A real LocalEmbedder that counts the texts it is asked to embed (our own port, not a library). */
export class CountingEmbedder implements Embedder {
  readonly inner: LocalEmbedder;
  readonly id: string;
  readonly dimensions: number;
  readonly maxBatchSize: number;
  readonly relevance: Embedder['relevance'];
  documentTexts: string[] = [];
  queryCalls = 0;

  constructor(inner = new LocalEmbedder()) {
    this.inner = inner;
    this.id = inner.id;
    this.dimensions = inner.dimensions;
    this.maxBatchSize = inner.maxBatchSize;
    this.relevance = inner.relevance;
  }

  /** The query-side IDF in retrieval needs the local features too. */
  features(text: string): Map<number, number> {
    return this.inner.features(text);
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    this.documentTexts.push(...texts);
    return this.inner.embedDocuments(texts);
  }

  embedQuery(text: string): Promise<number[]> {
    this.queryCalls++;
    return this.inner.embedQuery(text);
  }

  reset(): void {
    this.documentTexts = [];
    this.queryCalls = 0;
  }
}

/** Cosine of two dense vectors. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
