/**
 * Two `crisisbot ingest` at once on one DATA_DIR: the second waits for the first (the ingest
 * lock) and says so, both succeed, and the index ends whole with no stray generation.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../support/seed-index.ts';
import { dataDirEntries, startCli, syntheticCorpus } from './support.ts';

describe('two ingests at once', () => {
  let root: string;
  let corpus: string;

  beforeAll(() => {
    root = tempDir('crisisbot-faults-concurrent-');
    corpus = join(root, 'corpus');
    syntheticCorpus(corpus, 120);
  });
  afterAll(() => removeDir(root));

  it('the second waits for the first, both succeed, the index has every article and one generation', async () => {
    const dataDir = join(root, 'data');
    const env = { CORPUS_DIR: corpus, DATA_DIR: dataDir };
    const first = startCli(['ingest', '--json'], env);
    const second = startCli(['ingest', '--json'], env);
    const [a, b] = await Promise.all([first.result, second.result]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const summaries = [a, b].map((run) => JSON.parse(run.stdout) as { articles: number; added: string[] });
    for (const summary of summaries) expect(summary.articles).toBe(120);
    // One of them did the work; the other found it done (or did it while the first waited).
    expect(summaries.map((s) => s.added.length).sort((x, y) => x - y)).toEqual([0, 120]);
    expect(`${a.stderr}${b.stderr}`).toMatch(/waiting for another ingest/iu);
    const entries = dataDirEntries(dataDir);
    expect(entries.generations).toEqual([entries.current]);
    expect(existsSync(join(dataDir, entries.current ?? '', 'manifest.json'))).toBe(true);
  });
});
