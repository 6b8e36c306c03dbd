/** A DATA_DIR that is a file, or lies under a file: one line naming it, exit 2 (a configuration mistake). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, SEEDS_DIR, tempDir } from '../support/seed-index.ts';
import { cli } from './support.ts';

describe('a DATA_DIR that cannot be a folder', () => {
  let root: string;
  let file: string;
  beforeAll(() => {
    root = tempDir('crisisbot-faults-datadir-');
    file = join(root, 'data');
    writeFileSync(file, 'a file where the index folder should be');
  });
  afterAll(() => removeDir(root));

  it('search with DATA_DIR a file says so', async () => {
    const run = await cli(['search', 'troops'], { CORPUS_DIR: SEEDS_DIR, DATA_DIR: file });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`error: DATA_DIR ${file} is a file, not a folder: point DATA_DIR (or --data) at a folder for the index.`);
  });

  it('ingest with DATA_DIR under a file names that file', async () => {
    const under = join(file, 'index', 'data');
    const run = await cli(['ingest'], { CORPUS_DIR: SEEDS_DIR, DATA_DIR: under });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`error: DATA_DIR ${under} is under ${file}, which is a file, not a folder: point DATA_DIR (or --data) at a folder for the index.`);
  });
});
