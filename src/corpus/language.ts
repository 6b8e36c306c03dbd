/** Language identification (tinyld), restricted to the languages crisisbot speaks. */
import { detect } from 'tinyld';
import type { Lang } from '../types.ts';

/**
 * Detects French or English. Falls back to `fallback` when the library cannot tell
 * (empty text, names only).
 */
export function detectLanguage(text: string, fallback: Lang = 'en'): Lang {
  const sample = text.slice(0, 4000);
  if (!/\p{L}/u.test(sample)) return fallback;
  const found = detect(sample, { only: ['fr', 'en'] });
  return found === 'fr' || found === 'en' ? found : fallback;
}
