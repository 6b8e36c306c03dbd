/**
 * Published generation files are immutable. A process keeps what it read in memory, so a file
 * rewritten or damaged on disk afterwards does not change what it serves — but every later open
 * of that generation, the next ingest and /healthz must see the damage. This remembers what the
 * files looked like (size, mtime, inode) when last verified: a check stats them (cheap) and
 * re-hashes against the manifest's checksums only when one changed.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexError } from '../../errors.ts';
import { damagedIndex, verifyFiles, verifyManifest } from './integrity.ts';

/** A cheap fingerprint of a generation folder: it changes when any file is rewritten, replaced or removed. */
async function signatureOf(dir: string): Promise<string> {
  const names = (await readdir(dir)).sort();
  const parts = await Promise.all(names.map(async (name) => {
    const info = await stat(join(dir, name));
    return `${name}:${info.size}:${info.mtimeMs}:${info.ino}`;
  }));
  return parts.join('|');
}

/** Verifies a published generation against its manifest (the manifest's own checksum, then every file's). */
async function verifyGeneration(dataDir: string, dir: string): Promise<void> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw damagedIndex(dataDir, 'manifest.json is missing or unreadable', error);
  }
  verifyManifest(dataDir, raw);
  await verifyFiles(dataDir, dir, raw.checksums as Record<string, string> | undefined);
}

export class GenerationCheck {
  /** The generation last verified, its files' fingerprint then, and what was damaged (undefined: whole). */
  private last: { generation: string; signature: string; damage: IndexError | undefined } | undefined;

  constructor(private readonly dataDir: string) {}

  /** Records `generation` as verified whole, as its files are now (call right after a verified read). */
  async remember(generation: string): Promise<void> {
    this.last = { generation, signature: await signatureOf(join(this.dataDir, generation)), damage: undefined };
  }

  /** The INDEX_CORRUPT error when `generation`'s files no longer match its manifest; undefined when they do. */
  async damage(generation: string): Promise<IndexError | undefined> {
    const dir = join(this.dataDir, generation);
    const signature = await signatureOf(dir).catch(() => undefined);
    if (signature !== undefined && this.last?.generation === generation && this.last.signature === signature) return this.last.damage;
    const damage = await verifyGeneration(this.dataDir, dir).then(() => undefined, (error: unknown) => error as IndexError);
    this.last = signature === undefined ? undefined : { generation, signature, damage };
    return damage;
  }
}
