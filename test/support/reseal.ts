/**
 * For tests that hand-edit an index generation to stage a state (an older cleaner's text, a
 * manifest record of older rules): recomputes the checksums of its files and re-seals its
 * manifest, so the generation reads as written that way rather than as damaged.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checksumOf, sealManifest } from '../../src/store/local/integrity.ts';

export function resealGeneration(generationDir: string): void {
  const { integrity: _integrity, checksums: _checksums, ...manifest } = JSON.parse(readFileSync(join(generationDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const checksums: Record<string, string> = {};
  for (const name of readdirSync(generationDir).filter((n) => n !== 'manifest.json').sort()) checksums[name] = checksumOf(readFileSync(join(generationDir, name)));
  writeFileSync(join(generationDir, 'manifest.json'), sealManifest(manifest, checksums));
}
