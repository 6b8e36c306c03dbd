/**
 * The ingest lock held through a long ingest: its refreshes keep it (no false "lock lost" while
 * this process holds it, whatever it writes in the lock folder), a takeover by another process is
 * noticed within seconds, and a caller that will not wait is told at once that an ingest is under way.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { IngestLockError } from '../../../src/errors.ts';
import { acquireIngestLock } from '../../../src/store/local/ingest-lock.ts';
import { removeDir, tempDir } from '../../support/seed-index.ts';

let dataDir: string;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(() => {
  dataDir = tempDir('crisisbot-lock-');
});
afterEach(() => removeDir(dataDir));

it('is held through several refreshes without being reported lost', async () => {
  const lost: Error[] = [];
  const release = await acquireIngestLock(dataDir, { onCompromised: (error) => lost.push(error) });
  await sleep(5_000);
  expect(lost).toEqual([]);
  await release();
}, 15_000);

it('a takeover by another process is reported within seconds', async () => {
  const lost: Error[] = [];
  const release = await acquireIngestLock(dataDir, { onCompromised: (error) => lost.push(error) });
  rmSync(join(dataDir, 'ingest.lock'), { recursive: true });
  mkdirSync(join(dataDir, 'ingest.lock'));
  const deadline = Date.now() + 5_000;
  while (lost.length === 0 && Date.now() < deadline) await sleep(100);
  expect(lost.map((error) => (error as NodeJS.ErrnoException).code)).toEqual(['ECOMPROMISED']);
  await release();
  // The lock folder is the other process's now: releasing ours leaves it alone.
  expect(() => mkdirSync(join(dataDir, 'ingest.lock'))).toThrow(/EEXIST/u);
}, 15_000);

it('with wait: false, a lock held by a live process is refused at once with INGEST_BUSY', async () => {
  const release = await acquireIngestLock(dataDir);
  const started = Date.now();
  const error = await acquireIngestLock(dataDir, { wait: false }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(IngestLockError);
  expect((error as IngestLockError).code).toBe('INGEST_BUSY');
  expect(Date.now() - started).toBeLessThan(1_000);
  await release();
});
