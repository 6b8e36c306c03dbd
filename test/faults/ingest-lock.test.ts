/**
 * The ingest lock under a long ingest (embeddings slowed down by the fake provider): a reader
 * (`crisisbot search`) answers at once from the live generation instead of waiting for the lock;
 * and an ingest whose lock is lost (taken over by another process) stops with a clear line,
 * publishing nothing, while the previous index keeps serving — the next ingest then completes.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingsResponse, startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../support/fake-openai.ts';
import { copySeeds, removeDir, tempDir } from '../support/seed-index.ts';
import { cli, dataDirEntries, startCli, syntheticCorpus, type RunningCli } from './support.ts';

const ADDED = 60;
/** Each embeddings batch of the slow ingest takes this long (96 chunks a batch: several batches). */
const BATCH_MS = 2_500;

describe('the ingest lock during a long ingest', () => {
  let fake: FakeOpenAI;
  let root: string;
  let corpus: string;
  let baseData: string;
  let env: (dataDir: string) => Record<string, string>;
  let slow = false;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    // Embedding requests with more than one input (an ingest batch, not a query) are slow while `slow` is set.
    fake.queueEmbeddings(...Array.from({ length: 1_000 }, () => (request: RecordedRequest) => {
      const batch = Array.isArray(request.body.input) && request.body.input.length > 1;
      return { ...embeddingsResponse(request), ...(slow && batch ? { delayMs: BATCH_MS } : {}) };
    }));
    root = tempDir('crisisbot-faults-lock-');
    corpus = copySeeds(root);
    env = (dataDir) => ({ CORPUS_DIR: corpus, DATA_DIR: dataDir, EMBEDDINGS: 'openai', OPENAI_BASE_URL: fake.baseURL, EMBEDDING_MODEL: 'fake-embedding', EMBEDDING_DIMENSIONS: '64', OPENAI_TIMEOUT_MS: '20000' });
    baseData = join(root, 'base-data');
    const base = await cli(['ingest', '--json'], env(baseData));
    expect(base.code, base.stderr).toBe(0);
    syntheticCorpus(corpus, ADDED);
    slow = true;
  }, 60_000);
  afterAll(async () => {
    await fake.close();
    removeDir(root);
  });

  /** A copy of the base index and a slow ingest of the added articles into it, once it holds the lock. */
  async function slowIngest(name: string): Promise<{ dataDir: string; base: string; running: RunningCli }> {
    const dataDir = join(root, name);
    cpSync(baseData, dataDir, { recursive: true });
    const base = dataDirEntries(dataDir).current ?? '';
    const embeddedBefore = fake.requestsTo('embeddings').length;
    const running = startCli(['ingest', '--json'], { ...env(dataDir), LOG_LEVEL: 'debug' });
    const deadline = Date.now() + 30_000;
    while (fake.requestsTo('embeddings').length === embeddedBefore) {
      if (Date.now() > deadline || running.child.exitCode !== null) throw new Error(`the ingest never embedded:\n${running.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { dataDir, base, running };
  }

  it('a search during the ingest answers at once from the live index, saying an ingest is under way', async () => {
    const { dataDir, base, running } = await slowIngest('data-reader');
    const started = Date.now();
    const search = await cli(['search', '--json', 'sanctions', 'against', 'Putin'], env(dataDir));
    const seconds = (Date.now() - started) / 1000;
    expect(search.code, search.stderr).toBe(0);
    expect(seconds, 'the search waited for the ingest').toBeLessThan(BATCH_MS / 1000 + 3);
    expect((JSON.parse(search.stdout) as { results: unknown[] }).results.length).toBeGreaterThan(0);
    expect(search.stderr).toMatch(/Another ingest of .* is under way\. Serving the current index/u);
    expect(running.child.exitCode, 'the ingest was already over: the test proves nothing').toBeNull();
    expect(dataDirEntries(dataDir).current).toBe(base);
    const done = await running.result;
    expect(done.code, done.stderr).toBe(0);
    expect((JSON.parse(done.stdout) as { articles: number }).articles).toBe(5 + ADDED);
  });

  it('an ingest whose lock is taken over stops with a clear line and publishes nothing; the previous index serves; the next ingest completes', async () => {
    const { dataDir, base, running } = await slowIngest('data-lost');
    // Another process takes the lock over (as after a stale takeover): a new lock folder in its place.
    rmSync(join(dataDir, 'ingest.lock'), { recursive: true, force: true });
    mkdirSync(join(dataDir, 'ingest.lock'));
    const lost = await running.result;
    expect(lost.code).toBe(1);
    expect(lost.stdout).toBe('');
    expect(lost.stderr).toMatch(/error: The ingest lock of .* was lost while this ingest ran .*This ingest stopped and published nothing: the previous index is unchanged and still serves\. Run `crisisbot ingest` again\./u);
    expect(lost.stderr).not.toMatch(/Something went wrong/u);
    expect(dataDirEntries(dataDir).current).toBe(base);
    expect(dataDirEntries(dataDir).generations).toEqual([base]);

    const search = await cli(['search', '--json', 'sanctions'], env(dataDir));
    expect(search.code, search.stderr).toBe(0);

    rmSync(join(dataDir, 'ingest.lock'), { recursive: true, force: true }); // the other process is done
    const next = await cli(['ingest', '--json'], env(dataDir));
    expect(next.code, next.stderr).toBe(0);
    expect((JSON.parse(next.stdout) as { articles: number }).articles).toBe(5 + ADDED);
  });
});
