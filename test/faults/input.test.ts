/**
 * Corpus files that used to hang or stall an ingest: a FIFO named x.txt, a symlink to /dev/zero,
 * a 5 MiB single-word file and 5 MiB of one repeated sentence. The ingest ends, names each file
 * it skips and why, and indexes the rest.
 */
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySeeds, removeDir, tempDir } from '../support/seed-index.ts';
import { cli } from './support.ts';

describe('corpus files that cannot hang an ingest', () => {
  let root: string;
  let corpus: string;
  beforeAll(() => {
    root = tempDir('crisisbot-faults-input-');
    corpus = copySeeds(root);
    execFileSync('mkfifo', [join(corpus, 'x.txt')]);
    symlinkSync('/dev/zero', join(corpus, 'zero.txt'));
    writeFileSync(join(corpus, 'word.txt'), 'x'.repeat(5 * 1024 * 1024));
    writeFileSync(join(corpus, 'repeated.txt'), 'The troops stayed. '.repeat(270_000));
  });
  afterAll(() => removeDir(root));

  it('ingest ends, names the skipped files and indexes the seeds and the repeated text', async () => {
    const run = await cli(['ingest', '--json'], { CORPUS_DIR: corpus, DATA_DIR: join(root, 'data') }, 90_000);
    expect(run.signal, 'the ingest had to be killed').toBeNull();
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { articles: number; chunks: number; skipped: Array<{ path: string; reason: string }> };
    expect(Object.fromEntries(summary.skipped.map((s) => [s.path, s.reason]))).toEqual({
      'x.txt': 'not a regular file (a FIFO)',
      'zero.txt': 'not a regular file (a device)',
      'word.txt': 'no article text after cleaning (removed 1 line: run without spaces)',
    });
    expect(summary.articles).toBe(6);
  });
});
