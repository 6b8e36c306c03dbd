/**
 * Generates a synthetic corpus of plain-text articles from the sentences of
 * the seed articles, for load tests and benchmarks.
 *
 * Usage: node --import tsx scripts/make-synthetic-corpus.ts --out DIR [--articles 10000] [--seed 42]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Sentences shorter than this many characters (after trimming) are dropped. */
const MIN_SENTENCE_CHARS = 20;

/** Options of {@link makeSyntheticCorpus}. */
export interface SyntheticCorpusOptions {
  /** Folder holding the seed articles (`*.txt`). */
  readonly seedsDir: string;
  /** Folder to write `syn_00000.txt`… into; created if missing. */
  readonly outDir: string;
  /** Number of articles to write. */
  readonly articles: number;
  /** PRNG seed; the same seed gives byte-identical output. */
  readonly seed: number;
}

/** mulberry32: a small 32-bit seeded PRNG returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits the seed texts into trimmed sentences, dropping short fragments. */
function loadSentences(seedsDir: string): string[] {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
  const files = readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort();
  const sentences: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(seedsDir, file), 'utf8');
    for (const { segment } of segmenter.segment(text)) {
      const s = segment.replace(/\s+/g, ' ').trim();
      if (s.length >= MIN_SENTENCE_CHARS) sentences.push(s);
    }
  }
  return sentences;
}

/**
 * Writes `articles` synthetic articles into `outDir`, each a title line made
 * from one seed sentence, a blank line, then 8–25 sampled sentences grouped
 * into paragraphs of 2–5 sentences separated by blank lines. Deterministic
 * for a given seed and seed folder.
 *
 * @returns the number of files written and their total size in bytes.
 * @throws Error when the seed folder yields no usable sentence.
 */
export function makeSyntheticCorpus(opts: SyntheticCorpusOptions): { files: number; bytes: number } {
  const sentences = loadSentences(opts.seedsDir);
  if (sentences.length === 0) throw new Error(`no usable sentences in ${opts.seedsDir}`);
  const rand = mulberry32(opts.seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (): string => sentences[Math.floor(rand() * sentences.length)] ?? '';
  mkdirSync(opts.outDir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < opts.articles; i++) {
    const title = pick().replace(/[.!?…]+$/u, '');
    const paragraphs: string[] = [];
    for (let left = int(8, 25); left > 0; ) {
      const n = Math.min(left, int(2, 5));
      paragraphs.push(Array.from({ length: n }, pick).join(' '));
      left -= n;
    }
    const text = `${title}\n\n${paragraphs.join('\n\n')}\n`;
    writeFileSync(join(opts.outDir, `syn_${String(i).padStart(5, '0')}.txt`), text);
    bytes += Buffer.byteLength(text);
  }
  return { files: opts.articles, bytes };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      articles: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '42' },
    },
  });
  const articles = Number(values.articles);
  const seed = Number(values.seed);
  if (values.out === undefined || !Number.isInteger(articles) || articles < 0 || !Number.isInteger(seed)) {
    console.error('usage: make-synthetic-corpus --out DIR [--articles N] [--seed S]');
    process.exit(2);
  }
  // Run from scripts/ (tsx) or from the build's dist/scripts/: the repository is the nearest folder up with seeds/.
  const here = resolve(fileURLToPath(import.meta.url), '..');
  const repoRoot = [resolve(here, '..'), resolve(here, '..', '..')].find((dir) => existsSync(join(dir, 'seeds'))) ?? resolve(here, '..');
  const started = performance.now();
  const { files, bytes } = makeSyntheticCorpus({ seedsDir: join(repoRoot, 'seeds'), outDir: values.out, articles, seed });
  const ms = performance.now() - started;
  console.log(`wrote ${files} files, ${bytes} bytes to ${values.out} in ${(ms / 1000).toFixed(2)} s (seed ${seed})`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
