/**
 * The corpus vocabulary is kept with the local index at ingest (the name check no longer reads
 * every article at the first question): it stays exactly what the articles say through added,
 * changed and removed articles, and a name only a removed article had becomes unknown.
 */
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createAssistant, createEmbedder, indexIdentity, ingestCorpus } from '../../../src/app.ts';
import type { IndexSnapshot } from '../../../src/ports.ts';
import { Vocabulary } from '../../../src/retrieve/vocabulary.ts';
import { createLocalBackend } from '../../../src/store/local/backend.ts';
import { copySeeds, removeDir, tempDir, testConfig } from '../../support/seed-index.ts';

let root: string | undefined;
afterEach(() => removeDir(root));

/** What the vocabulary would be if built from the article texts now. */
async function fromTexts(snapshot: IndexSnapshot): Promise<{ known: string[]; capitalised: string[] }> {
  const texts = await Promise.all((await snapshot.articles()).map(async (info) => (await snapshot.article(info.docId))?.text ?? ''));
  const vocabulary = new Vocabulary(texts) as unknown as { known: Set<string>; capitalised: Set<string> };
  return { known: [...vocabulary.known].sort(), capitalised: [...vocabulary.capitalised].sort() };
}

async function kept(snapshot: IndexSnapshot): Promise<{ known: string[]; capitalised: string[] }> {
  const words = await snapshot.vocabulary?.();
  if (!words) throw new Error('the local store kept no vocabulary');
  return { known: [...words.known].sort(), capitalised: [...words.capitalised].sort() };
}

it('keeps the vocabulary of the articles through added, changed and removed articles', async () => {
  root = tempDir();
  const corpus = copySeeds(root);
  const config = testConfig(corpus, join(root, 'data'));
  const embedder = await createEmbedder(config);
  const backend = createLocalBackend(config.DATA_DIR);
  const identity = indexIdentity(embedder);
  await ingestCorpus(config, embedder, { backend });
  let snapshot = await backend.index.open(identity);
  expect(await kept(snapshot)).toEqual(await fromTexts(snapshot));

  writeFileSync(join(corpus, 'zz-added.txt'), 'Talks in Reykjavik\n\nDiplomats from Quagadoria met in Reykjavik to discuss the gas pipeline.\n');
  appendFileSync(join(corpus, '000_ff6ca0cd65f3d795.txt'), '\nThe Zorblatt delegation arrived late.\n');
  await ingestCorpus(config, embedder, { backend });
  snapshot = await backend.index.open(identity);
  expect((await kept(snapshot)).capitalised).toEqual(expect.arrayContaining(['quagadoria', 'reykjavik', 'zorblatt']));
  expect(await kept(snapshot)).toEqual(await fromTexts(snapshot));

  rmSync(join(corpus, 'zz-added.txt'));
  await ingestCorpus(config, embedder, { backend });
  snapshot = await backend.index.open(identity);
  expect((await kept(snapshot)).known).not.toContain('quagadoria');
  expect(await kept(snapshot)).toEqual(await fromTexts(snapshot));
  await backend.close();

  // The name check reads it: a name only the removed article had is now unknown to the corpus.
  const assistant = await createAssistant(config, { refresh: false });
  expect((await assistant.search('What did Quagadoria say about Zorblatt?')).unknownNames).toEqual(['Quagadoria']);
  await assistant.close();
});
