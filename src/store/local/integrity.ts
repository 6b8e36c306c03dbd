/**
 * Integrity of the local index files: every file of a generation is listed in its manifest with a
 * SHA-256 checksum, and the manifest carries a checksum of itself (`integrity`), so a damaged
 * file — even one that still parses, like a letter changed in the middle of articles.json — is
 * found when the generation is opened, instead of being served. Also the clean-up of generation
 * folders that no live index uses (left by a crash or a failed write).
 */
import { createHash } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
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

/** SHA-256 of a file, hashed off the main thread (WebCrypto runs in the libuv pool). */
export async function fileChecksum(path: string): Promise<string> {
  // Streamed: reading whole files to hash them held the vectors file twice in memory at every open.
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What is wrong with each file a manifest lists that does not match its checksum, by file name. */
export async function damagedFiles(dir: string, checksums: Record<string, string>): Promise<Map<string, string>> {
  const results = await Promise.all(
    Object.entries(checksums).map(async ([name, expected]): Promise<[string, string | undefined]> => {
      try {
        return [name, (await fileChecksum(join(dir, name))) === expected ? undefined : `${name} does not match its checksum`];
      } catch {
        return [name, `${name} is missing or unreadable`];
      }
    }),
  );
  return new Map(results.filter((result): result is [string, string] => result[1] !== undefined));
}

/** Verifies every file a manifest lists; throws INDEX_CORRUPT naming the damaged or missing ones. */
export async function verifyFiles(dataDir: string, dir: string, checksums: Record<string, string> | undefined): Promise<void> {
  if (!checksums) return;
  const problems = [...(await damagedFiles(dir, checksums)).values()];
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
    const isTemp = /^CURRENT\.\d+\.tmp$/u.test(entry);
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
