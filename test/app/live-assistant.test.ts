import { cpSync, mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { LiveAssistant } from '../../src/live-assistant.ts';

describe('LiveAssistant: articles dropped into the corpus folder', () => {
  let root: string;
  let live: LiveAssistant;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'crisisbot-live-'));
    cpSync('seeds', join(root, 'corpus'), { recursive: true });
    live = await LiveAssistant.create(loadConfig({ CORPUS_DIR: join(root, 'corpus'), DATA_DIR: join(root, 'data') }));
  });

  afterAll(() => {
    live.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers from a new article after a refresh, and forgets a removed one', async () => {
    const before = await live.ask('What did the Finnish president Sauli Niinistö say about Lapland reindeer herders?');
    expect(before.abstained).toBe(true);

    writeFileSync(
      join(root, 'corpus', 'extra_finland.md'),
      '# Finland watches the border\n\nThe Finnish president Sauli Niinistö said on Monday that Lapland reindeer herders near the border had reported no unusual military movement. He urged calm and dialogue.\n',
    );
    expect(await live.refresh()).toBe(true);
    const after = await live.ask('What did the Finnish president Sauli Niinistö say about Lapland reindeer herders?');
    expect(after.abstained).toBe(false);
    expect(after.citations[0]?.docId).toBe('extra_finland');
    expect((await live.sources()).map((s) => s.docId)).toContain('extra_finland');

    expect(await live.refresh()).toBe(false); // nothing changed: no re-index

    unlinkSync(join(root, 'corpus', 'extra_finland.md'));
    expect(await live.refresh()).toBe(true);
    expect((await live.sources()).map((s) => s.docId)).not.toContain('extra_finland');
    const gone = await live.search('Sauli Niinistö Lapland reindeer herders', 5);
    expect(gone.passages.every((p) => p.chunk.docId !== 'extra_finland')).toBe(true);
  });
});
