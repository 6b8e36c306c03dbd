/**
 * Opening an index reads no article: the corpus view (what claim checks, timelines and summaries
 * scan) is read on first use. On a shared store with a large archive, reading every article and
 * its chunks at every start (and every new generation) would not scale.
 */
import { describe, expect, it } from 'vitest';
import { buildAssistant, openIndex } from '../../src/app.ts';
import type { IndexSnapshot } from '../../src/ports.ts';
import { createLocalBackend } from '../../src/store/local/backend.ts';
import { useSeedAssistant } from '../support/seed-index.ts';

/** The snapshot, counting the articles and chunk lists read through it. */
function counting(snapshot: IndexSnapshot): { snapshot: IndexSnapshot; reads: () => number } {
  let reads = 0;
  const wrapped = Object.create(snapshot) as IndexSnapshot;
  wrapped.article = (docId) => { reads++; return snapshot.article(docId); };
  wrapped.chunksOf = (docId) => { reads++; return snapshot.chunksOf(docId); };
  return { snapshot: wrapped, reads: () => reads };
}

describe('the corpus view is read on first use', () => {
  const seeds = useSeedAssistant();

  it('opening an index reads no article; a summary and a claim check then read what they need and work', async () => {
    const backend = createLocalBackend(seeds.config.DATA_DIR);
    const { snapshot, reads } = counting(await openIndex(backend, seeds.assistant.embedder));
    const assistant = await buildAssistant(seeds.config, seeds.assistant.embedder, snapshot);
    expect(reads()).toBe(0);
    const answer = await assistant.ask('How many Russian troops are near the border?');
    expect(answer.citations.length).toBeGreaterThan(0);
    const summary = await assistant.summarize({});
    expect(summary.citations.length).toBeGreaterThan(0);
    expect(summary.citations.every((c) => c.chunkId.startsWith(c.docId))).toBe(true);
    const check = await assistant.check('Russia massed troops near the border');
    expect(check.statements.flatMap((statement) => statement.citations).length).toBeGreaterThan(0);
    expect((await assistant.timeline()).events.length).toBeGreaterThan(0);
    await backend.close();
  });
});
