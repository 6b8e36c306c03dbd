/**
 * A read-only and a full DATA_DIR, on a tiny tmpfs mounted for the test. Writing the index must
 * fail with one line naming the cause, leave the previous index whole (and serving), free what the
 * failed write used, and the next ingest once the disk is fixed must have every article.
 *
 * Mounting needs root (CI containers usually run as root; `mount` may still be refused without
 * CAP_SYS_ADMIN). When it is not allowed the cases are skipped, saying why, rather than faked
 * with chmod (root ignores permissions, and a permission error is not a read-only file system).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { statfsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../support/seed-index.ts';
import { cli, dataDirEntries, expectNoSecrets, syntheticCorpus, type Run } from './support.ts';

const ARTICLES = 50;

function tryMount(dir: string, size: string): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot mount a tmpfs here (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); run the fault suite as root to cover read-only and full disks`;
  }
}

function freeBytes(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
}

function errorLines(run: Run): string[] {
  return run.stderr.trim().split('\n').filter((line) => line.startsWith('error:'));
}

const root = tempDir('crisisbot-faults-disk-');
const mountPoint = join(root, 'mnt');
mkdirSync(mountPoint);
const skipReason = tryMount(mountPoint, '4m');
if (skipReason) console.warn(`skipping the disk faults: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('read-only and full disks (tmpfs)', () => {
  let corpus: string;
  let stock: string;
  const dataDir = join(mountPoint, 'data');

  beforeAll(() => {
    stock = join(root, 'stock');
    syntheticCorpus(stock, ARTICLES);
  });
  afterEach(() => {
    execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    rmSync(join(mountPoint, 'filler'), { force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterAll(() => {
    execFileSync('umount', [mountPoint]);
    removeDir(root);
  });

  /** An index of the first 40 articles, then the other 10 added to the corpus. */
  async function indexFortyThenAddTen(): Promise<Record<string, string>> {
    corpus = join(root, `corpus-${Date.now()}`);
    const names = readdirSync(stock).sort();
    for (const name of names.slice(0, 40)) cpSync(join(stock, name), join(corpus, name));
    const env = { CORPUS_DIR: corpus, DATA_DIR: dataDir };
    const first = await cli(['ingest', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    for (const name of names.slice(40)) cpSync(join(stock, name), join(corpus, name));
    return env;
  }

  async function expectRecovered(env: Record<string, string>): Promise<void> {
    const recovery = await cli(['ingest', '--json'], env);
    expect(recovery.code, recovery.stderr).toBe(0);
    expect((JSON.parse(recovery.stdout) as { articles: number }).articles).toBe(ARTICLES);
    const again = await cli(['ingest', '--json'], env);
    expect((JSON.parse(again.stdout) as { articles: number; added: string[] }).added).toEqual([]);
  }

  it('read-only: ingest says the file system is read-only, search still serves the previous index, nothing is lost', async () => {
    const env = await indexFortyThenAddTen();
    const before = dataDirEntries(dataDir);
    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    const run = await cli(['ingest'], env);
    expect(run.code, run.stderr).toBe(1);
    expect(errorLines(run)).toHaveLength(1);
    expect(errorLines(run)[0]).toMatch(/read-only.*previous index is unchanged/iu);
    expectNoSecrets(run.stdout + run.stderr);
    const search = await cli(['search', '--json', 'checkpoint', 'number'], env);
    expect(search.code, search.stderr).toBe(0);
    expect(search.stderr).toMatch(/read-only/iu);
    expect(dataDirEntries(dataDir)).toEqual(before);
    execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    await expectRecovered(env);
  });

  for (const leftKiB of [40, 300, 900]) {
    it(`full disk (${leftKiB} KiB left): ingest says the disk is full, frees what it wrote, search serves; once freed, all ${ARTICLES} articles`, async () => {
      const env = await indexFortyThenAddTen();
      const before = dataDirEntries(dataDir);
      writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(Math.max(0, freeBytes(mountPoint) - leftKiB * 1024)));
      const left = freeBytes(mountPoint);
      const run = await cli(['ingest'], env);
      expect(run.code, run.stderr).toBe(1);
      expect(errorLines(run)).toHaveLength(1);
      expect(errorLines(run)[0]).toMatch(/disk is full.*previous index is unchanged/iu);
      expect(dataDirEntries(dataDir)).toEqual(before);
      expect(freeBytes(mountPoint)).toBeGreaterThanOrEqual(left);
      const search = await cli(['search', '--json', 'checkpoint', 'number'], env);
      expect(search.code, search.stderr).toBe(0);
      rmSync(join(mountPoint, 'filler'));
      await expectRecovered(env);
    });
  }
});
