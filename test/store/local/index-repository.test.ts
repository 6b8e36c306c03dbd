/** The local repository shares an open generation: a start-up (ingest check, then the assistant) holds one copy of the index, not two. */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createEmbedder, ingestCorpus } from '../../../src/app.ts';
import { DEFAULT_CHUNK_OPTIONS } from '../../../src/ingest/chunk.ts';
import type { LocalIndexRepository } from '../../../src/store/local/index-repository.ts';
import { createLocalBackend } from '../../../src/store/local/backend.ts';
import { copySeeds, removeDir, tempDir, testConfig } from '../../support/seed-index.ts';

let root: string | undefined;
afterEach(() => removeDir(root));

it('opening the live generation again returns the same snapshot; a new publish opens the new one', async () => {
  root = tempDir();
  const corpus = copySeeds(root);
  const config = testConfig(corpus, join(root, 'data'));
  const embedder = await createEmbedder(config);
  const backend = createLocalBackend(config.DATA_DIR);
  await ingestCorpus(config, embedder, { backend });
  const repository = backend.index as LocalIndexRepository;
  const identity = { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: { ...DEFAULT_CHUNK_OPTIONS } };
  const first = await repository.open(identity);
  // What createAssistant does at every start: the ingest's check opens the index, then the assistant does.
  const summary = await ingestCorpus(config, embedder, { backend });
  expect(summary.added.length + summary.changed.length).toBe(0);
  const second = await repository.open(identity);
  expect(second).toBe(first);

  appendFileSync(join(corpus, '000_ff6ca0cd65f3d795.txt'), '\nA new paragraph about the talks in Geneva.\n');
  await ingestCorpus(config, embedder, { backend });
  const third = await repository.open(identity);
  expect(third).not.toBe(first);
  expect(third.generation).not.toBe(first.generation);
  await backend.close();
});
