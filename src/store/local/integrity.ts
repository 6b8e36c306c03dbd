/**
 * Integrity of the local index files: every file of a generation is listed in its manifest with a
 * SHA-256 checksum, and the manifest carries a checksum of itself (`integrity`), so a damaged
 * file — even one that still parses, like a letter changed in the middle of articles.json — is
 * found when the generation is opened, instead of being served. Also the clean-up of generation
 * folders that no live index uses (left by a crash or a failed write).
 */
import { createHash } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { IndexError } from '../../errors.ts';

/** SHA-256 of a file's content, hex. */
export function checksumOf(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The manifest's own checksum: over its JSON without the `integrity` field. */
function integrityOf(manifest: Record<string, unknown>): string {
  const { integrity: _ignored, ...rest } = manifest;
  return checksumOf(JSON.stringify(rest));
}

/** The manifest text to write: with the files' checksums and its own integrity checksum. */
export function sealManifest(manifest: object, checksums: Record<string, string>): string {
  const sealed: Record<string, unknown> = { ...manifest, checksums };
  sealed.integrity = integrityOf(sealed);
  return JSON.stringify(sealed, null, 2);
}

/** The refusal for a damaged generation: names the files and the command that repairs it. */
export function damagedIndex(dataDir: string, what: string, cause?: unknown): IndexError {
  return new IndexError('INDEX_CORRUPT', `The index in ${dataDir} is corrupt (${what}): run \`crisisbot ingest\` to rebuild it.`, cause === undefined ? undefined : { cause });
}

/**
 * Checks a parsed manifest's own checksum. Manifests written before checksums existed have
 * neither field and pass (their files cannot be verified until the next ingest rewrites them).
 */
export function verifyManifest(dataDir: string, raw: Record<string, unknown>): void {
  if (raw.integrity === undefined && raw.checksums === undefined) return;
  if (typeof raw.integrity !== 'string' || raw.integrity !== integrityOf(raw)) throw damagedIndex(dataDir, 'manifest.json does not match its checksum');
}

/**
 * The hashing worker's code (CommonJS, run with `eval`: it needs no file of its own in dist/). It
 * reads each file in 4 MiB slices into one buffer and hashes them, answering a hex digest per
 * path, or null when the file cannot be read.
 */
const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(1 << 22);
parentPort.postMessage(workerData.map((path) => {
  let fd;
  try {
    fd = openSync(path, 'r');
    const hash = createHash('sha256');
    for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read));
    return hash.digest('hex');
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}));
`;

/**
 * SHA-256 of files (hex; undefined for one that cannot be read), hashed in a worker thread: on the
 * main thread, hashing a 100,000-article index (2.8 GB) took 2 s of its open. `background`: the
 * worker does not keep the process alive (a check that may be cut short by the process ending).
 */
export function fileChecksums(paths: readonly string[], options: { background?: boolean } = {}): Promise<Array<string | undefined>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: paths });
    if (options.background) worker.unref();
    worker.once('message', (digests: Array<string | null>) => resolve(digests.map((digest) => digest ?? undefined)));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the hashing worker stopped (exit code ${code})`)));
  });
}

/** SHA-256 of a file, hex (hashed in a worker thread; streamed, so any size). */
export async function fileChecksum(path: string): Promise<string> {
  const [digest] = await fileChecksums([path]);
  if (digest === undefined) throw new Error(`cannot read ${path} to take its checksum`);
  return digest;
}

/** What is wrong with each file a manifest lists that does not match its checksum, by file name. */
export async function damagedFiles(dir: string, checksums: Record<string, string>, options: { background?: boolean } = {}): Promise<Map<string, string>> {
  const entries = Object.entries(checksums);
  const digests = await fileChecksums(entries.map(([name]) => join(dir, name)), options);
  const problems = new Map<string, string>();
  entries.forEach(([name, expected], i) => {
    const digest = digests[i];
    if (digest === undefined) problems.set(name, `${name} is missing or unreadable`);
    else if (digest !== expected) problems.set(name, `${name} does not match its checksum`);
  });
  return problems;
}

/** Verifies every file a manifest lists; throws INDEX_CORRUPT naming the damaged or missing ones. */
export async function verifyFiles(dataDir: string, dir: string, checksums: Record<string, string> | undefined, options: { background?: boolean } = {}): Promise<void> {
  if (!checksums) return;
  const problems = [...(await damagedFiles(dir, checksums, options)).values()];
  if (problems.length > 0) throw damagedIndex(dataDir, problems.join('; '));
}

/** Generation folders younger than this are kept even when not live: a reader may be loading one just replaced. */
const RECENT_MS = 60_000;

/**
 * Removes what no live index uses: generation folders left incomplete (no manifest: a crash or a
 * failed write), complete ones that are neither live nor recently replaced, and stale CURRENT
 * temp files. Run under the ingest lock, so no other writer is filling a folder.
 */
export async function removeStrays(dataDir: string, live: string | undefined, keep: readonly string[] = []): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dataDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (entry === live || keep.includes(entry)) continue;
    const isTemp = /^(?:CURRENT|VERIFIED)\.\d+\.tmp$/u.test(entry);
    if (!isTemp && !entry.startsWith('index-')) continue;
    if (!isTemp && (await isRecentComplete(join(dataDir, entry)))) continue;
    await rm(join(dataDir, entry), { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}

async function isRecentComplete(dir: string): Promise<boolean> {
  try {
    const manifest = await stat(join(dir, 'manifest.json'));
    return Date.now() - manifest.mtimeMs < RECENT_MS;
  } catch {
    return false;
  }
}
