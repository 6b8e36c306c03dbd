/**
 * kill -9 during an ingest, at several moments, then recovery: the live index is always a
 * complete generation (the previous one or the new one), the next `crisisbot ingest` finishes the
 * work with nothing lost, and no incomplete generation folder is left behind.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../support/seed-index.ts';
import { cli, dataDirEntries, expectNoSecrets, startCli, syntheticCorpus } from './support.ts';

const BASE = 100;
const ADDED = 40;

/** The number of articles recorded by a generation (its files.json). */
function manifestFiles(dataDir: string, generation: string): number {
  const files = JSON.parse(readFileSync(join(dataDir, generation, 'files.json'), 'utf8')) as Record<string, unknown>;
  return Object.keys(files).length;
}

describe('kill -9 during an ingest, then recovery', () => {
  let root: string;
  let corpus: string;
  let baseData: string;
  let ingestMs = 0;

  beforeAll(async () => {
    root = tempDir('crisisbot-faults-crash-');
    corpus = join(root, 'corpus');
    const ids = syntheticCorpus(corpus, BASE + ADDED);
    // The base index: the first BASE articles only.
    const baseCorpus = join(root, 'base-corpus');
    for (const id of ids.slice(0, BASE)) cpSync(join(corpus, `${id}.txt`), join(baseCorpus, `${id}.txt`));
    baseData = join(root, 'base-data');
    const base = await cli(['ingest', '--json'], { CORPUS_DIR: baseCorpus, DATA_DIR: baseData });
    expect(base.code, base.stderr).toBe(0);
    // How long an incremental ingest of the added articles takes here, to place the kills.
    const timed = join(root, 'timed-data');
    cpSync(baseData, timed, { recursive: true });
    const started = Date.now();
    const full = await cli(['ingest', '--json'], { CORPUS_DIR: corpus, DATA_DIR: timed });
    ingestMs = Date.now() - started;
    expect(full.code, full.stderr).toBe(0);
    expect((JSON.parse(full.stdout) as { articles: number }).articles).toBe(BASE + ADDED);
  }, 120_000);
  afterAll(() => removeDir(root));

  for (const fraction of [0.05, 0.4, 0.7, 0.9, 1.0]) {
    it(`killed at ${Math.round(fraction * 100)}% of an incremental ingest: the live index stays complete and the next ingest recovers`, async () => {
      const dataDir = join(root, `data-${fraction}`);
      cpSync(baseData, dataDir, { recursive: true });
      const env = { CORPUS_DIR: corpus, DATA_DIR: dataDir };
      const running = startCli(['ingest', '--json'], env);
      await new Promise((resolve) => setTimeout(resolve, Math.round(fraction * ingestMs)));
      running.child.kill('SIGKILL');
      await running.result;

      const after = dataDirEntries(dataDir);
      expect(after.current).toBeDefined();
      const live = after.current ?? '';
      expect(existsSync(join(dataDir, live, 'manifest.json'))).toBe(true);
      expect([BASE, BASE + ADDED]).toContain(manifestFiles(dataDir, live));

      const recovery = await cli(['ingest', '--json'], env);
      expect(recovery.code, recovery.stderr).toBe(0);
      expect((JSON.parse(recovery.stdout) as { articles: number }).articles).toBe(BASE + ADDED);
      expectNoSecrets(recovery.stdout + recovery.stderr);
      const recovered = dataDirEntries(dataDir);
      expect(manifestFiles(dataDir, recovered.current ?? '')).toBe(BASE + ADDED);
      for (const generation of recovered.generations) expect(existsSync(join(dataDir, generation, 'manifest.json')), `${generation} is incomplete`).toBe(true);
      expect(recovered.generations.length).toBeLessThanOrEqual(2);

      const search = await cli(['search', '--json', 'checkpoint', 'number'], env);
      expect(search.code, search.stderr).toBe(0);
    }, 120_000);
  }
});
