import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../../../src/embed/local-embedder.ts';
import { IndexError } from '../../../src/errors.ts';
import { DEFAULT_CHUNK_OPTIONS } from '../../../src/ingest/chunk.ts';
import { ingest } from '../../../src/ingest/pipeline.ts';
import { readIndex } from '../../../src/store/local/generation-files.ts';
import { LocalIndexRepository } from '../../../src/store/local/index-repository.ts';
import { removeStrays } from '../../../src/store/local/integrity.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import { copySeeds, removeDir, tempDir } from '../../support/seed-index.ts';

const embedder = new LocalEmbedder();
const identity = { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: DEFAULT_CHUNK_OPTIONS };

describe('local index integrity', () => {
  let root: string;
  let corpus: string;
  let dataDir: string;

  beforeEach(async () => {
    root = tempDir('crisisbot-integrity-');
    corpus = copySeeds(root);
    dataDir = join(root, 'data');
    await ingest({ corpusDir: corpus, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
  });
  afterEach(() => removeDir(root));

  const live = (): string => join(dataDir, readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim());

  it('refuses a generation whose articles.bin had one letter changed (it still decodes), naming the file and the fix', async () => {
    const path = join(live(), 'articles.bin');
    const bytes = readFileSync(path);
    bytes[bytes.indexOf('Moscow') + 3] = 'k'.charCodeAt(0);
    writeFileSync(path, bytes);
    const error = (await readIndex(dataDir, identity).catch((e: unknown) => e)) as IndexError;
    expect(error).toBeInstanceOf(IndexError);
    expect(error.code).toBe('INDEX_CORRUPT');
    expect(error.message).toBe(`The index in ${dataDir} is corrupt (articles.bin does not match its checksum): run \`crisisbot ingest\` to rebuild it.`);
  });

  it('refuses a manifest edited by hand (chunking changed), and a files.json edited by hand (a chunk count changed)', async () => {
    const path = join(live(), 'manifest.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/"targetChars": (\d+)/u, (_, n: string) => `"targetChars": ${Number(n) + 1}`));
    await expect(readIndex(dataDir, identity)).rejects.toThrow(/manifest\.json does not match its checksum/u);
    // The corpus files' records live in files.json, under its checksum.
    const records = join(live(), 'files.json');
    writeFileSync(records, readFileSync(records, 'utf8').replace(/"chunks":(\d+)/u, (_, n: string) => `"chunks":${Number(n) + 1}`));
    await expect(readIndex(dataDir, identity)).rejects.toThrow(/does not match its checksum/u);
  });

  it('records __proto__.txt in the manifest, and does not embed it again on the next ingest', async () => {
    writeFileSync(join(corpus, '__proto__.txt'), 'Diplomats met again in Geneva on Monday to discuss the troops massed near the Ukrainian border.');
    const first = await ingest({ corpusDir: corpus, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    expect(first.added).toEqual(['__proto__']);
    const files = JSON.parse(readFileSync(join(live(), 'files.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(files)).toContain('__proto__');
    const second = await ingest({ corpusDir: corpus, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    expect(second.added).toEqual([]);
    expect(second.embeddedChunks).toBe(0);
    expect(second.articles).toBe(6);
  });

  it('removes incomplete and stale generation folders and CURRENT temp files under the lock, keeping the live one and a recent one', async () => {
    const liveName = readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim();
    mkdirSync(join(dataDir, 'index-crashed'));
    writeFileSync(join(dataDir, 'index-crashed', 'vectors.hnsw'), 'partial');
    mkdirSync(join(dataDir, 'index-old'));
    writeFileSync(join(dataDir, 'index-old', 'manifest.json'), '{}');
    const longAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dataDir, 'index-old', 'manifest.json'), longAgo, longAgo);
    mkdirSync(join(dataDir, 'index-recent'));
    writeFileSync(join(dataDir, 'index-recent', 'manifest.json'), '{}');
    writeFileSync(join(dataDir, 'CURRENT.4242.tmp'), 'index-crashed');
    // Nothing changed in the corpus: the ingest publishes nothing, but still cleans up.
    const summary = await ingest({ corpusDir: corpus, repository: new LocalIndexRepository(dataDir), embedder, chunking: DEFAULT_CHUNK_OPTIONS });
    expect(summary.added).toEqual([]);
    expect(readdirSync(dataDir).filter((e) => e !== 'feedback.jsonl' && e !== 'VERIFIED').sort()).toEqual(['CURRENT', 'index-recent', liveName].sort());
    expect(await removeStrays(dataDir, liveName)).toEqual([]);
  });

  it('a second writer waits for the ingest lock, says so once, and goes on when the first finishes', async () => {
    const logs = captureLogger();
    const first = await new LocalIndexRepository(dataDir).begin(identity);
    let secondStarted = false;
    const second = new LocalIndexRepository(dataDir, logs.logger).begin(identity).then((tx) => {
      secondStarted = true;
      return tx;
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(secondStarted).toBe(false);
    expect(logs.lines().filter((line) => String(line.msg).startsWith('Waiting for another ingest')).length).toBe(1);
    await first.abort();
    await (await second).abort();
    expect(secondStarted).toBe(true);
    expect(existsSync(join(dataDir, 'ingest.lock'))).toBe(false);
  });

  it('takes over at once a lock left by a process that no longer exists (kill -9)', async () => {
    mkdirSync(join(dataDir, 'ingest.lock'));
    writeFileSync(join(dataDir, 'ingest.lock', 'owner.json'), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname() }));
    const logs = captureLogger();
    const tx = await new LocalIndexRepository(dataDir, logs.logger).begin(identity);
    await tx.abort();
    expect(logs.lines().some((line) => String(line.msg).startsWith('Waiting'))).toBe(false);
  });
});
