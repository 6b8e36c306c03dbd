/** The ingest summary says what the cleaning rules removed from the new files, by rule, on both preparation paths. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatIngestSummary } from '../../src/cli-format.ts';
import { LocalEmbedder } from '../../src/embed/local-embedder.ts';
import { DEFAULT_CHUNK_OPTIONS } from '../../src/ingest/chunk.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { MIN_PARALLEL_FILES } from '../../src/ingest/prepare-pool.ts';
import { LocalIndexRepository } from '../../src/store/local/index-repository.ts';
import { removeDir, SEEDS_DIR, tempDir, testConfig } from '../support/seed-index.ts';

const body = readFileSync(join(SEEDS_DIR, readdirSync(SEEDS_DIR).find((n) => n.startsWith('004')) ?? ''), 'utf8');

function writeCorpus(dir: string, count: number): void {
  for (let i = 0; i < count; i++) {
    writeFileSync(join(dir, `a${String(i).padStart(4, '0')}.txt`), `Leave a comment\n\nDispatch ${i} reports from checkpoint ${i * 7}.\n\n${body}\n\nSign up for our daily newsletter\n`);
  }
}

describe('ingest reports what cleaning removed', () => {
  let root: string;
  beforeEach(() => {
    root = tempDir('crisisbot-cleaning-report-');
  });
  afterEach(() => removeDir(root));

  for (const count of [3, MIN_PARALLEL_FILES]) {
    it(`${count} new files (${count >= MIN_PARALLEL_FILES ? 'worker threads' : 'inline'}): counts by rule, nothing on the next run`, async () => {
      writeCorpus(root, count);
      const repository = new LocalIndexRepository(join(root, 'data'));
      const options = { corpusDir: root, repository, embedder: new LocalEmbedder(), chunking: DEFAULT_CHUNK_OPTIONS };
      const summary = await ingest(options);
      expect(summary.articles).toBe(count);
      // Seed 004 itself carries site furniture (an agency credit, a subscribe button, an app promo…).
      expect(summary.cleaned?.['comment form']).toBe(count);
      expect(summary.cleaned?.['newsletter or subscription']).toBe(count * 3); // ours, and 004's 'I subscribe' and weekly-recap promo
      const text = formatIngestSummary(summary, testConfig(root, join(root, 'data')));
      expect(text).toMatch(new RegExp(`cleaning removed \\d+ lines: .*comment form ×${count}`, 'u'));
      expect((await ingest(options)).cleaned).toBeUndefined();
    }, 120_000);
  }
});
