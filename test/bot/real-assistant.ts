/** The real core (`createAssistant`) over the seed articles, with a temporary DATA_DIR (ingests on first use, offline). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAssistant } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Assistant } from '../../src/ports.ts';

/** The seed articles Russia's threat is reported in. */
export const THREAT_DOCS = ['000_ff6ca0cd65f3d795', '001_a0e49a0f49ae79fb'];
export const THREAT_QUESTION = 'What did Russia threaten to do if its demands were not met?';

export async function realAssistant(): Promise<{ assistant: Assistant; cleanup: () => void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crisisbot-real-'));
  const corpusDir = fileURLToPath(new URL('../../seeds', import.meta.url));
  const assistant = await createAssistant(loadConfig({ DATA_DIR: dataDir, CORPUS_DIR: corpusDir }));
  return { assistant, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}
