/**
 * Language identification (tinyld), restricted to the languages crisisbot speaks.
 *
 * tinyld's model is loaded at the first detection, not at import: it decodes its n-gram tables
 * when loaded (~0.4 s of CPU on this project's 2-core machine), which commands that detect nothing
 * (an ingest with nothing new, `summary --doc`, the Discord bot before its first question) need
 * not pay. `require` (tinyld ships a CommonJS build) keeps detection synchronous.
 *
 * Its light model (68 KB, ~0.1 s to load) was measured as a cheaper first opinion and rejected: on
 * the 11,201 two-to-five-word phrases of the seed sentences it disagreed with this model 513 times
 * where it was "sure" (its best language scoring at least twice the other), e.g. "Western sanctions
 * against Russia" read as French.
 */
import { createRequire } from 'node:module';
import type * as Tinyld from 'tinyld';
import type { Lang } from '../types.ts';

const require = createRequire(import.meta.url);
let model: typeof Tinyld | undefined;
const tinyld = (): typeof Tinyld => (model ??= require('tinyld') as typeof Tinyld);

/**
 * Detects French or English. Falls back to `fallback` when the library cannot tell
 * (empty text, names only).
 */
export function detectLanguage(text: string, fallback: Lang = 'en'): Lang {
  const sample = text.slice(0, 4000);
  if (!/\p{L}/u.test(sample)) return fallback;
  const found = tinyld().detect(sample, { only: ['fr', 'en'] });
  return found === 'fr' || found === 'en' ? found : fallback;
}
