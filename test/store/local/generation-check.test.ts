/**
 * A generation damaged on disk after this process opened it: the snapshot already in use keeps
 * serving its memory copy, but opening it again refuses it (as a first open would), /healthz says
 * the index is damaged (503), and the next ingest in the same process notices and repairs it.
 * Files recorded as verified (DATA_DIR/VERIFIED) and unchanged since are hashed in the background.
 */
import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createLocalBackend } from '../../../src/store/local/backend.ts';
import { BACKGROUND_CHECK_DELAY_MS } from '../../../src/store/local/generation-check.ts';
import { LocalEmbedder } from '../../../src/embed/local-embedder.ts';
import { IndexError } from '../../../src/errors.ts';
import { DEFAULT_CHUNK_OPTIONS } from '../../../src/ingest/chunk.ts';
import { ingest } from '../../../src/ingest/pipeline.ts';
import { storeHealth } from '../../../src/ops/health.ts';
import { startHealthServer } from '../../../src/ops/health-server.ts';
import { createMetrics } from '../../../src/ops/metrics.ts';
import type { Logger } from '../../../src/logger.ts';
import type { Backend, IndexIdentity } from '../../../src/ports.ts';
import { removeDir, SEED_IDS, SEEDS_DIR, tempDir } from '../../support/seed-index.ts';

const embedder = new LocalEmbedder();
const identity: IndexIdentity = { embedderId: embedder.id, dimensions: embedder.dimensions, chunking: DEFAULT_CHUNK_OPTIONS };
let dataDir: string;
let backend: Backend;

const run = () => ingest({ corpusDir: SEEDS_DIR, repository: backend.index, embedder, chunking: DEFAULT_CHUNK_OPTIONS });
const liveFile = (name: string): string => join(dataDir, readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim(), name);

/** Rewrites a file of the live generation with one byte in its middle changed (a letter for a letter: JSON still parses). */
function damage(name: string): void {
  const path = liveFile(name);
  const bytes = readFileSync(path);
  let at = Math.floor(bytes.length / 2);
  if (name.endsWith('.json')) while (!/[a-y]/u.test(String.fromCharCode(bytes[at] ?? 0x61))) at++;
  bytes[at] = name.endsWith('.json') ? (bytes[at] ?? 0) + 1 : (bytes[at] ?? 0) ^ 0x10;
  writeFileSync(path, bytes);
}

beforeEach(async () => {
  dataDir = join(tempDir('crisisbot-check-'), 'data');
  backend = createLocalBackend(dataDir);
  await run();
});
afterEach(() => removeDir(join(dataDir, '..')));

it('a reopen after the files changed on disk is refused with the fix; the snapshot in use keeps its memory copy', async () => {
  const snapshot = await backend.index.open(identity);
  const before = (await snapshot.article(SEED_IDS.troopsEn))?.text;
  damage('articles.bin');
  const error = await backend.index.open(identity).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(IndexError);
  expect((error as IndexError).message).toMatch(/is corrupt \(articles\.bin does not match its checksum\): run `crisisbot ingest` to rebuild it\./u);
  expect((await snapshot.article(SEED_IDS.troopsEn))?.text).toBe(before);
});

it('an unchanged generation is shared on reopen without re-reading it', async () => {
  const first = await backend.index.open(identity);
  expect(await backend.index.open(identity)).toBe(first);
  expect(await backend.index.verify?.()).toBeUndefined();
});

it('the next ingest in the same process notices the damage and repairs it', async () => {
  await backend.index.open(identity);
  damage('articles.bin');
  const summary = await run();
  expect(summary.repaired).toEqual(['articles.bin']);
  expect(await backend.index.verify?.()).toBeUndefined();
  const reopened = await backend.index.open(identity);
  expect((await reopened.articles()).length).toBe(5);
});

it('/healthz reports the damaged file (503) until an ingest repairs it', async () => {
  await backend.index.open(identity);
  const store = storeHealth(backend, { DATA_DIR: dataDir });
  const server = await startHealthServer({ port: 0, host: '127.0.0.1', health: async () => ({ gateway: null, ...(await store()) }), metrics: createMetrics() });
  const scrape = async (): Promise<{ status: number; body: { status: string; index: { damaged?: string } } }> => {
    const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    return { status: response.status, body: (await response.json()) as { status: string; index: { damaged?: string } } };
  };
  try {
    expect((await scrape()).status).toBe(200);
    damage('lexical.bin');
    const damaged = await scrape();
    expect(damaged.status).toBe(503);
    expect(damaged.body.index.damaged).toMatch(/lexical\.bin does not match its checksum.*run `crisisbot ingest`/u);
    await run();
    const repaired = await scrape();
    expect(repaired.status).toBe(200);
    expect(repaired.body.index.damaged).toBeUndefined();
  } finally {
    await server.close();
  }
});

/** Makes VERIFIED vouch for the live generation's files as they are now: damage done below the file system, which no fingerprint sees. */
function vouchForFilesAsTheyAre(): void {
  const generation = readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim();
  const files = readdirSync(join(dataDir, generation)).sort();
  const signature = files.map((name) => {
    const info = statSync(join(dataDir, generation, name), { bigint: true });
    return `${name}:${info.size}:${info.mtimeNs}:${info.ctimeNs}:${info.ino}`;
  });
  writeFileSync(join(dataDir, 'VERIFIED'), `${generation}\n${signature.join('|')}`);
}

it('a publish records its generation as verified; a file changed since is hashed at open even with its modification time set back', async () => {
  expect(readFileSync(join(dataDir, 'VERIFIED'), 'utf8').split('\n')[0]).toBe(readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim());
  const path = liveFile('chunks.bin');
  const { atime, mtime } = statSync(path);
  damage('chunks.bin');
  utimesSync(path, atime, mtime);
  const fresh = createLocalBackend(dataDir);
  const error = await fresh.index.open(identity).then(() => undefined, (e: unknown) => e);
  expect((error as IndexError).message).toMatch(/chunks\.bin does not match its checksum/u);
});

it('a generation opened on the strength of its record is hashed again in the background, a few seconds after the open: damage found there is reported and refused', async () => {
  damage('vocabulary.json');
  vouchForFilesAsTheyAre();
  const logged: string[] = [];
  const logger = { error: (_fields: unknown, message: string) => logged.push(message), warn: () => undefined, info: () => undefined, debug: () => undefined } as unknown as Logger;
  const fresh = createLocalBackend(dataDir, logger);
  const opened = Date.now();
  const snapshot = await fresh.index.open(identity);
  expect((await snapshot.articles()).length).toBe(5);
  // Not at once: a one-question command is over before the hashing starts.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(logged).toEqual([]);
  await expect.poll(() => logged.join('\n'), { timeout: 20_000 }).toMatch(/vocabulary\.json does not match its checksum/u);
  expect(Date.now() - opened).toBeGreaterThanOrEqual(BACKGROUND_CHECK_DELAY_MS);
  expect(await fresh.index.verify?.()).toMatch(/vocabulary\.json does not match its checksum.*run `crisisbot ingest`/u);
  await expect(fresh.index.open(identity)).rejects.toThrow(/vocabulary\.json does not match its checksum/u);
});

it('settled() waits for the background check (damage is reported by then), also when asked before the open ended; at once when the open hashed the files itself', async () => {
  rmSync(join(dataDir, 'VERIFIED'));
  const hashing = createLocalBackend(dataDir);
  await hashing.index.open(identity);
  let started = Date.now();
  await hashing.index.settled?.();
  expect(Date.now() - started).toBeLessThan(BACKGROUND_CHECK_DELAY_MS / 2);

  damage('vocabulary.json');
  vouchForFilesAsTheyAre();
  const logged: string[] = [];
  const logger = { error: (_fields: unknown, message: string) => logged.push(message), warn: () => undefined, info: () => undefined, debug: () => undefined } as unknown as Logger;
  const trusting = createLocalBackend(dataDir, logger);
  started = Date.now();
  const opening = trusting.index.open(identity);
  const settled = trusting.index.settled?.();
  expect(settled).toBeInstanceOf(Promise);
  await opening;
  expect(logged).toEqual([]);
  await settled;
  expect(Date.now() - started).toBeGreaterThanOrEqual(BACKGROUND_CHECK_DELAY_MS);
  expect(logged.join('\n')).toMatch(/vocabulary\.json does not match its checksum/u);
});

it('two opens at once share one read: the second waits for the first instead of hashing every file before serving', async () => {
  // Damage only a hash can see, under a record that vouches for the files: a hashing open refuses it.
  damage('vocabulary.json');
  vouchForFilesAsTheyAre();
  const fresh = createLocalBackend(dataDir);
  const [first, second] = await Promise.all([fresh.index.open(identity), fresh.index.open(identity)]);
  expect(second).toBe(first);
});

it('an explicit ingest hashes every file even when the record vouches for them, and repairs the damage', async () => {
  damage('lexical.bin');
  vouchForFilesAsTheyAre();
  const summary = await ingest({ corpusDir: SEEDS_DIR, repository: createLocalBackend(dataDir).index, embedder, chunking: DEFAULT_CHUNK_OPTIONS });
  expect(summary.repaired).toEqual(['lexical.bin']);
});
