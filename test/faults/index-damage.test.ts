/**
 * Damaged index files: bytes changed in the middle of each file of the live generation, in a way
 * that still parses (a letter for another letter, a digit for another digit, one bit of the
 * vectors). Serving must refuse with the fix; `crisisbot ingest` must notice and rebuild what is
 * damaged — that file alone when the others hold what it is derived from, else the whole index
 * from the corpus — ending with an index that serves the same results as before the damage.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySeeds, removeDir, tempDir } from '../support/seed-index.ts';
import { cli, dataDirEntries, expectNoSecrets } from './support.ts';

/** Per file, what `crisisbot ingest` does about it: rebuild only that file from the whole ones, or rebuild everything from the corpus. */
const FILES: Array<[string, 'repair' | 'rebuild']> = [
  ['articles.bin', 'repair'],
  ['chunks.bin', 'repair'],
  ['vectors.hnsw', 'repair'],
  ['lexical.bin', 'repair'],
  ['stats.json', 'repair'],
  ['vocabulary.json', 'repair'],
  ['files.json', 'rebuild'],
  ['manifest.json', 'rebuild'],
];

interface IngestJson {
  articles: number;
  embeddedChunks: number;
  chunks: number;
  repaired?: string[];
  rebuiltBecause?: string;
}

/** Changes one byte near the middle of a file, keeping its kind (letter, digit) so JSON still parses. */
function damage(path: string): void {
  const bytes = readFileSync(path);
  const isText = !path.endsWith('.hnsw');
  for (let offset = Math.floor(bytes.length / 2); offset < bytes.length; offset++) {
    const byte = bytes[offset] as number;
    if (!isText) {
      bytes[offset] = byte ^ 0x10;
      break;
    }
    if (byte >= 0x61 && byte <= 0x79) {
      bytes[offset] = byte + 1; // a → b
      break;
    }
    if (byte >= 0x31 && byte <= 0x38) {
      bytes[offset] = byte + 1; // 1 → 2
      break;
    }
  }
  writeFileSync(path, bytes);
}

describe('damaged index files', () => {
  let root: string;
  let corpus: string;
  let pristine: string;
  let expected: string;

  beforeAll(async () => {
    root = tempDir('crisisbot-faults-damage-');
    corpus = copySeeds(root);
    pristine = join(root, 'pristine');
    const first = await cli(['ingest'], { CORPUS_DIR: corpus, DATA_DIR: pristine });
    expect(first.code, first.stderr).toBe(0);
    const search = await cli(['search', '--json', '-k', '8', 'sanctions', 'against', 'Putin'], { CORPUS_DIR: corpus, DATA_DIR: pristine });
    expect(search.code, search.stderr).toBe(0);
    expected = search.stdout;
  }, 60_000);
  afterAll(() => removeDir(root));

  for (const [file, fix] of FILES) {
    it(`${file} changed in the middle: serving refuses with the fix, ingest ${fix === 'repair' ? 'rebuilds that file alone' : 'rebuilds the index'}, results are back`, async () => {
      const dataDir = join(root, `data-${file}`);
      cpSync(pristine, dataDir, { recursive: true });
      const env = { CORPUS_DIR: corpus, DATA_DIR: dataDir };
      damage(join(dataDir, dataDirEntries(dataDir).current ?? '', file));

      const refused = await cli(['search', '--json', '-k', '8', 'sanctions', 'against', 'Putin'], env);
      expect(refused.code, refused.stdout).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.trim()).toMatch(/^error: The index in .* is corrupt \(.*\): run `crisisbot ingest` to rebuild it\.$/u);

      const repaired = await cli(['ingest', '--json'], env);
      expect(repaired.code, repaired.stderr).toBe(0);
      const summary = JSON.parse(repaired.stdout) as IngestJson;
      expect(summary.articles).toBe(5);
      if (fix === 'repair') {
        expect(repaired.stderr).toMatch(/Repairing the index: The index in .* is corrupt/u);
        expect(summary.repaired).toEqual([file]);
        expect(summary.rebuiltBecause).toBeUndefined();
        // Nothing was re-read from the corpus; the vectors' repair re-embeds the stored chunks only.
        expect(summary.embeddedChunks).toBe(0);
      } else {
        expect(repaired.stderr).toMatch(/Rebuilding the index: The index in .* is corrupt/u);
        expect(summary.embeddedChunks).toBe(summary.chunks);
      }
      expectNoSecrets(repaired.stdout + repaired.stderr);

      const search = await cli(['search', '--json', '-k', '8', 'sanctions', 'against', 'Putin'], env);
      expect(search.code, search.stderr).toBe(0);
      expect(search.stdout).toBe(expected);
    }, 60_000);
  }
});
