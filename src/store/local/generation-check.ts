/**
 * Published generation files are immutable. A process keeps what it read in memory, so a file
 * rewritten or damaged on disk afterwards does not change what it serves — but every later open
 * of that generation, the next ingest and /healthz must see the damage.
 *
 * A generation's files are hashed in full once (when written, and at an open that finds no record
 * of that); what they looked like then is recorded in `DATA_DIR/VERIFIED`: per file its size,
 * modification and change times (nanoseconds) and inode. A later open whose files still look like
 * that skips hashing them (2.8 GB at 100,000 articles) and re-hashes them in a background worker
 * instead: damage found there is reported like damage after open (/healthz, the next open and the
 * next ingest see it). The change time (ctime) cannot be set back by programs — any write, copy,
 * rename over or `touch` moves it — so a file changed through the file system is always hashed
 * again before it is served; only damage below the file system (a failing disk) is left to the
 * background check.
 */
import { readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexError } from '../../errors.ts';
import { damagedIndex, verifyFiles, verifyManifest } from './integrity.ts';

/** The record of the last generation verified in full, and its files' fingerprint then. */
export const VERIFIED = 'VERIFIED';

/** A fingerprint of a generation folder: it changes when any file is written, replaced, touched or removed. */
export async function signatureOf(dir: string): Promise<string> {
  const names = (await readdir(dir)).sort();
  const parts = await Promise.all(names.map(async (name) => {
    const info = await stat(join(dir, name), { bigint: true });
    return `${name}:${info.size}:${info.mtimeNs}:${info.ctimeNs}:${info.ino}`;
  }));
  return parts.join('|');
}

/** True when `DATA_DIR/VERIFIED` records this generation with exactly this fingerprint. */
export async function recordedAsVerified(dataDir: string, generation: string, signature: string): Promise<boolean> {
  const recorded = await readFile(join(dataDir, VERIFIED), 'utf8').catch(() => '');
  return recorded === `${generation}\n${signature}`;
}

/**
 * Records a generation as verified in full with its files as `signature` says (write + rename).
 * Best effort: a read-only DATA_DIR only means the next open hashes the files again.
 */
export async function recordVerified(dataDir: string, generation: string, signature: string): Promise<void> {
  const temp = join(dataDir, `${VERIFIED}.${process.pid}.tmp`);
  try {
    await writeFile(temp, `${generation}\n${signature}`);
    await rename(temp, join(dataDir, VERIFIED));
  } catch {
    // Not recorded: nothing is trusted that was not verified.
  }
}

/** Verifies a published generation against its manifest (the manifest's own checksum, then every file's). */
async function verifyGeneration(dataDir: string, dir: string, options: { background?: boolean } = {}): Promise<void> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw damagedIndex(dataDir, 'manifest.json is missing or unreadable', error);
  }
  verifyManifest(dataDir, raw);
  await verifyFiles(dataDir, dir, raw.checksums as Record<string, string> | undefined, options);
}

/**
 * How long after an open on the strength of the VERIFIED record the files are hashed in the
 * background. A one-question `crisisbot ask` is over by then and does not pay for it (a worker
 * thread and a pass over every file: ~0.15 s of CPU on the seeds, more at 10k, on the core the
 * first answer could use); a running bot has it checked a few seconds after its start.
 */
export const BACKGROUND_CHECK_DELAY_MS = 5_000;

export class GenerationCheck {
  /** The generation last verified, its files' fingerprint then, and what was damaged (undefined: whole). */
  private last: { generation: string; signature: string; damage: IndexError | undefined } | undefined;
  /** The background check scheduled last (resolved when it has ended). */
  private background: Promise<void> = Promise.resolve();

  constructor(private readonly dataDir: string) {}

  /** Records `generation` as verified whole, its files as `signature` says (call right after a verified read). */
  remember(generation: string, signature: string): void {
    this.last = { generation, signature, damage: undefined };
  }

  /**
   * Hashes the files of a generation opened on the strength of its VERIFIED record, in a worker
   * that does not keep the process alive, {@link BACKGROUND_CHECK_DELAY_MS} after the open; damage
   * found is kept as this generation's (see {@link damage}) and handed to `onDamage`.
   */
  verifyInBackground(generation: string, signature: string, onDamage: (damage: IndexError) => void): void {
    this.background = new Promise<void>((resolve) => {
      const check = (): void => {
        verifyGeneration(this.dataDir, join(this.dataDir, generation), { background: true })
          .then(
            () => undefined,
            (error: unknown) => {
              if (this.found(generation, signature, error as IndexError)) onDamage(error as IndexError);
            },
          )
          .finally(resolve);
      };
      setTimeout(check, BACKGROUND_CHECK_DELAY_MS).unref();
    });
  }

  /**
   * Resolves once the background check scheduled last has ended (damage found is reported by
   * then), at once when none was. Waiting does not keep the process alive: the check's timer and
   * worker do not.
   */
  settled(): Promise<void> {
    return this.background;
  }

  /**
   * Keeps `damage` as the generation's, found after it was opened (a background check, or a part
   * that failed to load after the open); false when that generation is no longer the one remembered.
   */
  found(generation: string, signature: string, damage: IndexError): boolean {
    if (this.last?.generation !== generation || this.last.signature !== signature) return false;
    this.last = { generation, signature, damage };
    return true;
  }

  /**
   * The INDEX_CORRUPT error when `generation`'s files no longer match its manifest; undefined when
   * they do. Re-hashes only when a file changed since last verified, or always with `full`.
   */
  async damage(generation: string, options: { full?: boolean } = {}): Promise<IndexError | undefined> {
    const dir = join(this.dataDir, generation);
    const signature = await signatureOf(dir).catch(() => undefined);
    const same = signature !== undefined && this.last?.generation === generation && this.last.signature === signature;
    if (same && (!options.full || this.last?.damage)) return this.last?.damage;
    const damage = await verifyGeneration(this.dataDir, dir).then(() => undefined, (error: unknown) => error as IndexError);
    this.last = signature === undefined ? undefined : { generation, signature, damage };
    if (signature !== undefined && !damage) await recordVerified(this.dataDir, generation, signature);
    return damage;
  }
}
